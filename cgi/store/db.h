/*
 * The read-only content connection: the page program's, and the live
 * program's beside its live store (what is visible, the members).
 *
 * Opened lazily and reopened by itself: each request first calls
 * db_begin_request(), which (re)opens the file when it is not open, has been
 * replaced or has failed, so a missing or corrupt database is a 503 until it
 * is fixed and then simply works again.  Statements (store/sql.h) are
 * prepared once per connection and reset after every use, so no read
 * snapshot outlives a request.
 */
#ifndef BANTIN_DB_H
#define BANTIN_DB_H

#include <stdbool.h>
#include <stdint.h>

#include "base/status.h"
#include "store/sql.h"
#include "store/version.h"

/* ST_OK when the database is usable for this request, ST_DOWN when it is
 * not (logged once per outage, with the reason and the fix). */
enum st          db_begin_request(void);
/* The same, and the request's reads in one transaction (one snapshot);
 * for the page program. */
enum st          db_begin_reading(void);
/* The end of every request: no statement may still be running; a
 * transaction db_begin_reading() began ends. */
void             db_end_request(void);
/* The connection, for the store's queries (store.h, polls.h,
 * members.h). */
struct sql_conn *db_conn(void);
bool             db_is_open(void);
/* Changes whenever the content may have changed: the schema's triggers
 * bumped content_version, or the file was reopened. */
uint64_t         db_version(void);
void             db_close(void);

#endif
