#include <assert.h>

#include "base/log.h"
#include "store/version.h"

/* Raw calls, not store/sql.h: a statement without parameters, run on bare
 * handles too (bantin-admin's backup, restore, migrate and check read the
 * version of files they open without a struct sql_conn). */
int
store_read_version(sqlite3 *db, int *version)
{
	sqlite3_stmt *s;
	int           rc;

	if ((rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s,
	         NULL)) != SQLITE_OK)
		return rc;
	rc = sqlite3_step(s);
	assert(rc != SQLITE_OK); /* a step is a row, done or an error */
	if (rc == SQLITE_ROW) {
		*version = sqlite3_column_int(s, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	return rc;
}

int
store_check_version(sqlite3 *db, bool *logged)
{
	const char *path = sqlite3_db_filename(db, "main");
	int         rc, v;

	/* The version last reported: a process with two connections to one
	 * file (the live program) says it once. */
	static int reported = SCHEMA_VERSION;

	/* Reading user_version also proves the file is a database. */
	if ((rc = store_read_version(db, &v)) != SQLITE_OK)
		return rc;
	if (v == SCHEMA_VERSION) {
		reported = SCHEMA_VERSION;
		return SQLITE_OK;
	}
	if (!*logged && v != reported) {
		reported = v;
		if (v <= 0)
			log_error(
			    "database %s has no bantin schema "
			    "(user_version %d): create it with `bantin-admin "
			    "create`, or restore a backup",
			    path, v);
		else if (v < SCHEMA_VERSION)
			log_error("database %s has schema version %d, older "
			          "than this program's %d: back it up and run "
			          "`bantin-admin migrate`",
			    path, v, SCHEMA_VERSION);
		else
			log_error(
			    "database %s has schema version %d, newer "
			    "than this program's %d: it was written by a newer "
			    "bantin; install that version (or restore a backup "
			    "of version %d)",
			    path, v, SCHEMA_VERSION, SCHEMA_VERSION);
	}
	*logged = true;
	return SQLITE_ERROR;
}
