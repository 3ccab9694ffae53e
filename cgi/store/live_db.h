/*
 * Inside the store: what the live connection's modules (live.c, members.c)
 * share.  Handlers use store/live.h and store/members.h instead.
 */
#ifndef BANTIN_LIVE_DB_H
#define BANTIN_LIVE_DB_H

#include <sqlite3.h>

/* Steps a statement that returns no rows and resets it: an SQLite code. */
int	live_step(sqlite3_stmt *);

/* Runs body(ctx, &rc) inside BEGIN IMMEDIATE … COMMIT.  body returns -1
 * after an SQLite failure (with rc set), else its result, which is
 * committed and returned.  A busy database is retried a few times with
 * jitter, then answered 503; other failures as live_status() says. */
int	live_transaction(int (*body)(void *ctx, int *rc), void *ctx,
	    const char *what);

/* Logs a failed SQLite call and returns the HTTP status to answer: 503
 * when busy or when the file is gone or damaged (then closed, so the next
 * request reopens it), else 500. */
int	live_status(int rc, const char *what);

#endif
