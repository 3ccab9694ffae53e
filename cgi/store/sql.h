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

#endif
