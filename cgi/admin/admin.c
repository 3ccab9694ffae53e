/*
 * bantin-admin — apply SQL scripts to the content database.
 *
 *   bantin-admin create [SCRIPT...]   create the database from schema.sql,
 *                                     then apply each SCRIPT
 *   bantin-admin sql FILE             apply FILE as one transaction
 *
 * The database path comes from BANTIN_DB, like every bantin program.
 */
#include <stdio.h>
#include <string.h>

#include "admin/admin.h"
#include "core/config.h"
#include "text/text.h"

static const struct {
	const char	*name;
	int		(*run)(int, char **);
	const char	*usage;
} commands[] = {
	{ "create", cmd_create, "create [SCRIPT...]  create the database "
	    "from schema.sql (BANTIN_SCHEMA), then apply each SCRIPT" },
	{ "sql", cmd_sql, "sql FILE            apply FILE as one transaction" },
};

static int
usage(void)
{
	fputs("usage: bantin-admin COMMAND [ARGS]\n\n", stderr);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(stderr, "  bantin-admin %s\n", commands[i].usage);
	fputs("\nThe database is BANTIN_DB (default var/bantin.db).\n", stderr);
	return 2;
}

int
main(int argc, char **argv)
{
	int rc = 2;

	if (argc < 2)
		return usage();
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage();
		return 0;
	}
	if (config_load() == -1 || text_init() == -1)
		return 1;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			rc = commands[i].run(argc - 1, argv + 1);
			break;
		}
	if (rc == 2)
		usage();
	text_shutdown();
	return rc;
}
