/*
 * The store's statement discipline, the same for every connection.  A
 * statement is declared next to the code that runs it, with its binds and
 * its reader:
 *
 *	static struct sql_def article_sql = { .sql =
 *	    "SELECT … WHERE id = :id", };
 *	struct sql q;
 *
 *	sql_begin(&q, conn, &article_sql, "reading an article");
 *	sql_int(&q, ":id", id);
 *	while (sql_row(&q))
 *		… sql_col_int(&q, 0), sql_col_text(&q, arena, 1) …
 *	return sql_end(&q);
 *
 * It is prepared on its connection the first time it runs there and kept
 * until the connection closes.  Binding a name the statement does not
 * have, a failed bind, or stepping with a parameter left unbound is a bug:
 * logged with the statement, and the run ends in ST_BUG.  After the first
 * failure every call does nothing.  sql_end() resets the statement and
 * clears its bindings, so nothing points at request memory afterwards, and
 * returns the run's status.
 */
#ifndef BANTIN_SQL_H
#define BANTIN_SQL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/status.h"

enum { SQL_SLOTS = 128 }; /* statements a program may declare */

/* A connection and the statements prepared on it. */
struct sql_conn {
	sqlite3      *h; /* NULL: closed */
	sqlite3_stmt *stmt[SQL_SLOTS];
	int           depth; /* inside sql_transaction() */
	/* the file failed: the owner reopens it */
	bool          broken;
	bool          down; /* an outage was logged (once) */
};

/* A statement's text, and its slot in every connection's stmt[]. */
struct sql_def {
	const char *sql;
	int         slot; /* 0 until the first use */
};

/* One run of a statement. */
struct sql {
	struct sql_conn *c;
	sqlite3_stmt    *s;
	/* "reading an article", for log lines */
	const char      *what;
	uint64_t         bound; /* bit i - 1: parameter i is bound */
	bool             stepped;
	enum st          st;
};

/* Opens path with SQLite's flags, the busy timeout and extended codes;
 * the SQLite result code (c->h is NULL after a failure). */
int  sql_conn_open(struct sql_conn *, const char *path, int flags, int busy_ms);
void sql_conn_close(struct sql_conn *);
/* The end of a request: a statement still running is a bug (logged) and
 * is reset, so no read snapshot outlives the request. */
void sql_conn_idle(struct sql_conn *);

void        sql_begin(struct sql *, struct sql_conn *, struct sql_def *,
           const char *what);
/* A NULL text binds SQL NULL. */
void        sql_text(struct sql *, const char *name, const char *);
void        sql_int(struct sql *, const char *name, int64_t);
void        sql_blob(struct sql *, const char *name, const void *, size_t);
/* Steps: true at a row, false at the end or after a failure. */
bool        sql_row(struct sql *);
int64_t     sql_col_int(struct sql *, int col);
/* The column copied into the arena; NULL stays NULL (no memory: ST_NOMEM). */
const char *sql_col_text(struct sql *, struct arena *, int col);
/* The column's bytes, valid until the next step; *len its length. */
const void *sql_col_blob(struct sql *, int col, size_t *len);
enum st     sql_end(struct sql *);
/* Room for item n of a list of items of `size` bytes in the arena, *cap
 * of them allocated: the list, moved when it grew, or NULL (ST_NOMEM). */
void *sql_grow(struct sql *, struct arena *, void *items, size_t n, size_t *cap,
    size_t size);
/* Runs a statement that returns no rows, to its end. */
enum st sql_run(struct sql *);
/* Rows the last INSERT, UPDATE or DELETE of the connection changed. */
int     sql_changes(const struct sql_conn *);

/* A failed SQLite call on c as a status: busy (logged outside a
 * transaction), down (the file is gone or damaged: c is marked broken and
 * the outage logged once), out of memory, or a bug (logged). */
enum st sql_failure(struct sql_conn *, int rc, const char *what);

/* Runs body inside BEGIN IMMEDIATE … COMMIT.  An answer (not
 * st_failed()) is committed and returned; a failure rolls back.  A busy
 * database is retried a few times with jittered, doubling sleeps, then
 * answered ST_BUSY, logged with `what`. */
enum st sql_transaction(struct sql_conn *,
    enum st (*body)(struct sql_conn *, void *ctx), void *ctx, const char *what);

#endif
