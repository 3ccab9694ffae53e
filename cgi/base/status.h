/*
 * What a lower layer (the store) tells a handler: one typed status instead
 * of HTTP codes, SQLite codes and -1 mixed.  The core maps it to HTTP in
 * one place (http_status_of(), core/http.h).  Answers are outcomes a
 * handler shows the reader; failures mean the request could not be served
 * and were logged where they happened.
 */
#ifndef BANTIN_STATUS_H
#define BANTIN_STATUS_H

#include <stdbool.h>

enum st {
	ST_OK,
	/* Answers. */
	ST_NOT_FOUND, /* no such row, or not visible now */
	ST_BAD,       /* the request asks for something invalid */
	ST_CLOSED,    /* it exists but is not open now (a poll) */
	ST_DUPLICATE, /* already done (a second vote): nothing changed */
	ST_LIMITED,   /* a rate limit was reached */
	/* Failures, logged where they happened. */
	ST_BUSY,  /* the store stayed busy: try again shortly */
	ST_DOWN,  /* the store is unavailable */
	ST_NOMEM, /* out of memory */
	ST_BUG,   /* a programming error, logged with its reason */
};

/* The status is a failure (the request could not be served), not an
 * answer. */
static inline bool
st_failed(enum st st)
{
	return st >= ST_BUSY;
}

/* "not found", "busy", …: for log lines. */
const char *st_name(enum st);

#endif
