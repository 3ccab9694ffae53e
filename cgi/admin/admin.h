/*
 * bantin-admin: the administrators' command.  Each subcommand returns the
 * process exit status (0 success, 1 failure with a message on stderr, 2
 * usage).
 */
#ifndef BANTIN_ADMIN_H
#define BANTIN_ADMIN_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "store/sql.h"

/* Opens the database with bantin's SQL functions registered, foreign keys
 * on and SQLite's defensive mode; NULL after a message naming the file
 * and the fix. */
sqlite3 *admin_open(const char *path, int flags);

/* Applies the SQL script `file` to db as one transaction: every statement
 * or none.  Errors name the file and line.  Says "N statements applied",
 * then " to " and `onto` unless it is NULL.  0 or 1. */
int admin_apply(sqlite3 *db, const char *file, const char *onto);

/* bantin-admin sql --dry-run FILE [--preview DIR] (admin/preview.c):
 * FILE applied to a private copy of the database, the change reported
 * and, with a DIR, its pages rendered there.  0 or 1. */
int admin_dry_run(const char *file, const char *dir);

/* What a script may change: content (ADMIN_SCRIPT, what `sql` and
 * `create` apply) or the schema too (ADMIN_MIGRATION, db/migrations). */
enum admin_script { ADMIN_SCRIPT, ADMIN_MIGRATION };

/* Runs the statements of the SQL script `file` on db inside the caller's
 * transaction.  Refused before they run: transaction control, ATTACH,
 * DETACH, every PRAGMA given a value but defer_foreign_keys, and, unless
 * `kind` is ADMIN_MIGRATION, DROP, ALTER TABLE and CREATE TRIGGER.
 * Errors name the file and line.  0, with the count in *statements, or
 * 1. */
int admin_run_script(sqlite3 *db, const char *file, enum admin_script kind,
    int *statements);

/* An empty file of mode 0600 beside `path`, named path.tag-XXXXXX: its
 * name in tmp, or -1 after a message (tmp is then "").  Everything the
 * admin tool writes holds the members' and sessions' hashes. */
int admin_temp_file(const char *path, const char *tag, char *tmp, size_t size);

/* Copies src into the new, empty file tmp (admin_temp_file) with SQLite's
 * backup API, one snapshot of src, in journal mode `mode`; with
 * forget_addresses, without the address key and hashes (a copy that
 * leaves the live database).  Checks it and syncs it, so it is complete
 * and ready to be renamed.  0 or -1 after a message. */
int admin_copy(sqlite3 *src, const char *tmp, const char *mode,
    bool forget_addresses);

/* Arguments FILE and an optional flag (--force, --replace), in either
 * order, after argv[0]: 0, or -1 (usage). */
int admin_file_and_flag(int argc, char **argv, const char *flag,
    const char **file, bool *set);

/* fsync of the file path, or of its folder (after a rename): 0 or -1. */
int admin_sync(const char *path, bool folder);

/* Renames the complete, synced file tmp to path and syncs the folder:
 * 0, or -1 after a message. */
int admin_rename_into_place(const char *tmp, const char *path);

/* Where the statement at sql begins, past blanks and comments: the line
 * an error in it is reported at. */
const char *statement_start(const char *sql);

/* 0 when db has this program's schema version, else 1 after the message. */
int admin_check_version(sqlite3 *db);

/* The configuration's database opened read-write on the closed c
 * (admin_open), for the store's statements (store/sql.h), and checked to
 * be of this program's schema version: 0, or 1 after the message (c is
 * then closed).  sql_conn_close() closes it. */
int admin_connect(struct sql_conn *c);

/* Whether a running portal has the database at path open: a live worker
 * holding the maintenance lock, or any process holding SQLite's read lock
 * on the WAL index.  Says which in why.  Call it before this process opens
 * the database. */
bool admin_in_use(const char *path, char *why, size_t size);

/* PRAGMA integrity_check: the number of problems, each printed with name. */
int admin_integrity(sqlite3 *db, const char *name);
/* PRAGMA foreign_key_check: the number of child rows whose parent is
 * missing (an error counts one), the first `shown` printed after `say`. */
int admin_foreign_keys(sqlite3 *db, const char *say, int shown);

int cmd_create(int argc, char **argv);
int cmd_sql(int argc, char **argv);
int cmd_member(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_snapshot(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_check_config(int argc, char **argv);
int cmd_image(int argc, char **argv);
int cmd_live(int argc, char **argv);

#endif
