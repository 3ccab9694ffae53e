/*
 * The schema version a program was built for (SCHEMA_VERSION)
 * against the database's PRAGMA user_version.  Every program refuses a
 * database of another version: an older one needs `bantin-admin migrate`,
 * a newer one a newer bantin.
 */
#ifndef BANTIN_VERSION_H
#define BANTIN_VERSION_H

#include <sqlite3.h>
#include <stdbool.h>

enum { SCHEMA_VERSION = 5 };

/* The user_version of db's main database into *version; the SQLite result
 * code. */
int store_read_version(sqlite3 *db, int *version);

/* SQLITE_OK when db's user_version is SCHEMA_VERSION.  Otherwise
 * SQLITE_ERROR, after an error line (base/log.h) naming the file, both
 * versions and the fix, written only when *logged is false (it is then
 * set: the callers' once-per-outage flag).  A failure to read the version
 * is returned as its SQLite code, not logged. */
int store_check_version(sqlite3 *db, bool *logged);

#endif
