/*
 * bantin-admin migrate: moves the database from its user_version to this
 * program's SCHEMA_VERSION.  db/migrations/NNN-name.sql (beside the schema
 * file, see db/migrations/README) moves a database from version NNN - 1 to
 * NNN; every file needed is applied in one transaction, so the database
 * ends at the new version or stays exactly as it was.
 */
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin/admin.h"
#include "base/config.h"
#include "store/db.h"
#include "store/version.h"

/* The one file of `dir` named NNN-*.sql for NNN = version, into path. */
static int
find_migration(const char *dir, int version, char *path, size_t size)
{
	DIR           *d;
	struct dirent *e;
	char           prefix[16];
	size_t         len;
	int            found = 0;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr,
		    "bantin-admin: %s: %s (the migrations live in "
		    "db/migrations beside the schema, BANTIN_SCHEMA)\n",
		    dir, strerror(errno));
		return -1;
	}
	snprintf(prefix, sizeof(prefix), "%03d-", version);
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (strncmp(e->d_name, prefix, strlen(prefix)) != 0 ||
		    len < 9 || strcmp(e->d_name + len - 4, ".sql") != 0)
			continue;
		if (found++ == 0)
			snprintf(path, size, "%s/%s", dir, e->d_name);
	}
	closedir(d);
	if (found == 1)
		return 0;
	fprintf(stderr,
	    "bantin-admin: %s: %s migration to version %d "
	    "(%s*.sql)\n",
	    dir, found == 0 ? "no" : "more than one", version, prefix);
	return -1;
}

/* Every file from version from + 1 to SCHEMA_VERSION, in the open
 * transaction, each followed by its user_version. */
static int
apply_migrations(sqlite3 *db, const char *dir, int from)
{
	char path[1400], sql[48];
	int  statements;

	for (int v = from + 1; v <= SCHEMA_VERSION; v++) {
		if (find_migration(dir, v, path, sizeof(path)) == -1 ||
		    admin_run_script(db, path, ADMIN_MIGRATION, &statements) !=
		        0)
			return -1;
		/* A pragma takes no bound parameters; v is our own int. */
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v);
		if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
			fprintf(stderr, "bantin-admin: %s\n",
			    sqlite3_errmsg(db));
			return -1;
		}
		printf("%s: %d statement%s (version %d)\n", path, statements,
		    statements == 1 ? "" : "s", v);
	}
	return 0;
}

int
cmd_migrate(int argc, char **argv)
{
	sqlite3 *db;
	char     copy[1024], dir[1100];
	int      rc = 1, from;

	(void)argv;
	if (argc != 1)
		return 2;
	if (access(config.db_path, F_OK) == -1) {
		fprintf(stderr, "bantin-admin: %s: %s\n", config.db_path,
		    strerror(errno));
		return 1;
	}
	if ((db = admin_open(config.db_path, SQLITE_OPEN_READWRITE)) == NULL)
		return 1;
	if (store_read_version(db, &from) != SQLITE_OK || from <= 0 ||
	    from > SCHEMA_VERSION) {
		admin_check_version(db);
		goto out;
	}
	if (from == SCHEMA_VERSION) {
		printf("%s: already at version %d\n", config.db_path, from);
		rc = 0;
		goto out;
	}
	snprintf(copy, sizeof(copy), "%s", config.schema_path);
	snprintf(dir, sizeof(dir), "%s/db/migrations", dirname(copy));
	if (sqlite3_exec(db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL) !=
	        SQLITE_OK ||
	    sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	        SQLITE_OK) {
		fprintf(stderr,
		    "bantin-admin: %s: cannot start a transaction: "
		    "%s\n",
		    config.db_path, sqlite3_errmsg(db));
		goto out;
	}
	/* The migrations may rebuild tables (foreign keys are off meanwhile,
	 * as SQLite's ALTER procedure requires): the result must hold every
	 * key. */
	if (apply_migrations(db, dir, from) == -1 ||
	    admin_foreign_keys(db, "bantin-admin: after the migrations, ", 1) !=
	        0 ||
	    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		if (sqlite3_get_autocommit(db) == 0)
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		fprintf(stderr,
		    "bantin-admin: rolled back: %s is unchanged, "
		    "still at version %d\n",
		    config.db_path, from);
		goto out;
	}
	printf("migrated %s from version %d to %d\n", config.db_path, from,
	    SCHEMA_VERSION);
	rc = 0;
out:
	sqlite3_close(db);
	return rc;
}
