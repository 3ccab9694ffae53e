/*
 * Small helpers every statement user in the store shares: binding by
 * parameter name (a missing name binds nothing) and copying a text column
 * into the request arena.
 */
#ifndef BANTIN_SQL_H
#define BANTIN_SQL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"

void		 sql_bind_text(sqlite3_stmt *, const char *name, const char *);
void		 sql_bind_int(sqlite3_stmt *, const char *name, int64_t);
/* The column copied into the arena; NULL stays NULL, and a failed copy
 * sets *nomem. */
const char	*sql_column(struct arena *, sqlite3_stmt *, int, bool *nomem);

/* bantin_slug() and bantin_fold(), which the schema's triggers call: a
 * connection that writes articles, categories or tags needs them (ICU,
 * through text/).  The SQLite result code. */
int		 sql_register_functions(sqlite3 *);

/* bantin_rank(), the search ranking (store/rank.c), on a connection that
 * searches.  The SQLite result code. */
int		 sql_register_rank(sqlite3 *);

#endif
