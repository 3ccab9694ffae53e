/*
 * bantin-admin — the administrators' command: content (SQL scripts),
 * members, pictures, backups and the configuration.
 *
 *   bantin-admin create [SCRIPT...]   create the database from schema.sql,
 *                                     then apply each SCRIPT
 *   bantin-admin sql FILE             apply FILE as one transaction
 *   bantin-admin sql --dry-run FILE [--preview DIR]
 *                                     what FILE would change, and its
 *                                     pages (admin/preview.c)
 *   bantin-admin backup FILE          a checked copy of the running database
 *   bantin-admin snapshot OUT         the same, to be renamed over a web
 *                                     node's database
 *   bantin-admin check                integrity, version, WAL, counts
 *   bantin-admin restore FILE         put a backup in place
 *   bantin-admin migrate              move the database to this version
 *   bantin-admin member …             member accounts (admin/member.c)
 *   bantin-admin image add FILE …     put a picture on the site
 *                                     (admin/image.c)
 *   bantin-admin check-config         report every configuration problem
 *   bantin-admin live export|import FILE  the live figures, moved between
 *                                     SQLite and Redis (admin/live.c)
 *
 * The database path comes from the configuration (db, BANTIN_DB), like
 * every bantin program's.
 */
#include <stdio.h>
#include <string.h>

#include "admin/admin.h"
#include "base/config.h"
#include "base/log.h"
#include "text/text.h"

static const struct {
	const char *name;
	int (*run)(int, char **);
	const char *usage;
} commands[] = {
	{ "create", cmd_create,
	    "create [SCRIPT...]  create the database "
	    "from schema.sql (BANTIN_SCHEMA), then apply each SCRIPT" },
	{ "sql", cmd_sql,
	    "sql FILE            apply FILE as one transaction"
	    "\n  bantin-admin sql --dry-run FILE [--preview DIR]\n"
	    "                      what FILE would change, applied to a "
	    "private copy;\n                      with DIR, its pages "
	    "rendered there" },
	{ "member", cmd_member,
	    "member add USERNAME [--name NAME] [--email "
	    "ADDRESS] | passwd USERNAME | disable USERNAME | enable USERNAME "
	    "| list\n                      member accounts; passwords are read "
	    "from the terminal or stdin" },
	{ "image", cmd_image,
	    "image add FILE [--caption TEXT] [--credit "
	    "TEXT]\n                      put a picture on the site: "
	    "sizes for every screen, WebP and JPEG;\n                      "
	    "prints the URL for image_url" },
	{ "backup", cmd_backup,
	    "backup FILE [--force]   copy the running "
	    "database to FILE, checked" },
	{ "snapshot", cmd_snapshot,
	    "snapshot OUT [--force]  the same copy, "
	    "for web nodes: replacing OUT keeps\n                      its "
	    "owner and mode (docs/SCALING.md)" },
	{ "check", cmd_check,
	    "check               integrity, version, WAL "
	    "size and counts; exit 1 on a problem" },
	{ "restore", cmd_restore,
	    "restore FILE [--force]  replace the "
	    "database with the backup FILE" },
	{ "migrate", cmd_migrate,
	    "migrate             bring the database to "
	    "this program's schema version" },
	{ "live", cmd_live,
	    "live export FILE [--force] | import FILE "
	    "[--replace]\n                      the live figures of the "
	    "live_store, to FILE or from it:\n                      "
	    "moving a site between SQLite and Redis" },
	{ "check-config", cmd_check_config,
	    "check-config [--config PATH]  "
	    "report every problem of the configuration" },
};

static void
usage(FILE *f)
{
	fputs("usage: bantin-admin [--config PATH] COMMAND [ARGS]\n\n", f);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  bantin-admin %s\n", commands[i].usage);
	fputs("\nThe database is the setting db (BANTIN_DB).\n", f);
}

int
main(int argc, char **argv)
{
	int rc = 2, first;

	log_init();
	if ((first = config_options(argc, argv, usage, true, &rc)) == -1)
		return rc;
	if (first == argc) {
		usage(stderr);
		return 2;
	}
	argc -= first;
	argv += first;
	/* check-config loads the configuration itself, to report on it. */
	if (strcmp(argv[0], "check-config") != 0 && config_load() == -1)
		return 1;
	if (text_init() == -1)
		return 1;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[0], commands[i].name) == 0) {
			rc = commands[i].run(argc, argv);
			break;
		}
	if (rc == 2)
		usage(stderr);
	text_shutdown();
	return rc;
}
