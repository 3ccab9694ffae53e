/*
 * The SQL functions bantin defines on its connections.
 */
#ifndef BANTIN_FUNCTIONS_H
#define BANTIN_FUNCTIONS_H

#include <sqlite3.h>

/* bantin_slug(), bantin_fold() and bantin_casefold(), which the schema's
 * triggers call: a connection that writes articles, categories, tags or
 * members needs them (ICU, through text/).  The SQLite result code. */
int sql_register_functions(sqlite3 *);

/* bantin_rank(), the search ranking (store/rank.c), on a connection that
 * searches.  The SQLite result code. */
int sql_register_rank(sqlite3 *);

#endif
