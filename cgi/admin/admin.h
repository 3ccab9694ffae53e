/*
 * bantin-admin: the administrators' command.  Each subcommand returns the
 * process exit status (0 success, 1 failure with a message on stderr, 2
 * usage).
 */
#ifndef BANTIN_ADMIN_H
#define BANTIN_ADMIN_H

#include <sqlite3.h>

/* Opens the database read-write with bantin's SQL functions registered and
 * foreign keys on; NULL after a message naming the file and the fix. */
sqlite3	*admin_open(const char *path, int flags);

/* Applies the SQL script `file` to db as one transaction: every statement
 * or none.  Errors name the file and line.  0 or 1. */
int	 admin_apply(sqlite3 *db, const char *file);

int	 cmd_create(int argc, char **argv);
int	 cmd_sql(int argc, char **argv);

#endif
