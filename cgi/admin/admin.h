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

/* Opens the database read-write with bantin's SQL functions registered and
 * foreign keys on; NULL after a message naming the file and the fix. */
sqlite3	*admin_open(const char *path, int flags);

/* Applies the SQL script `file` to db as one transaction: every statement
 * or none.  Errors name the file and line.  0 or 1. */
int	 admin_apply(sqlite3 *db, const char *file);

/* Runs the statements of the SQL script `file` on db inside the caller's
 * transaction (a BEGIN or COMMIT in it is refused).  Errors name the file
 * and line.  0, with the count in *statements, or 1. */
int	 admin_run_script(sqlite3 *db, const char *file, int *statements);

/* 0 when db has this program's schema version, else 1 after the message. */
int	 admin_check_version(sqlite3 *db);

/* Whether a running portal has the database at path open: a live worker
 * holding the maintenance lock, or any process holding SQLite's read lock
 * on the WAL index.  Says which in why.  Call it before this process opens
 * the database. */
bool	 admin_in_use(const char *path, char *why, size_t size);

/* PRAGMA integrity_check: the number of problems, each printed with name. */
int	 admin_integrity(sqlite3 *db, const char *name);
/* PRAGMA foreign_key_check: the number of child rows whose parent is
 * missing (an error counts one), the first `shown` printed after `say`. */
int	 admin_foreign_keys(sqlite3 *db, const char *say, int shown);

int	 cmd_create(int argc, char **argv);
int	 cmd_sql(int argc, char **argv);
int	 cmd_member(int argc, char **argv);
int	 cmd_backup(int argc, char **argv);
int	 cmd_check(int argc, char **argv);
int	 cmd_restore(int argc, char **argv);
int	 cmd_migrate(int argc, char **argv);
int	 cmd_check_config(int argc, char **argv);
int	 cmd_image(int argc, char **argv);

#endif
