/*
 * The FastCGI protocol of a responder, without sockets: the records a
 * connection received parsed into requests, and a response made into
 * records.  Written here rather than taken from libfcgi, whose accept
 * loop serves one connection at a time and so cannot serve connections
 * nginx keeps (fastcgi_keep_conn): docs/PERFORMANCE.md, "The floor
 * under a page".  One request at a time per connection (no multiplexing,
 * as nginx and Apache send them).
 */
#ifndef BANTIN_FASTCGI_H
#define BANTIN_FASTCGI_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

enum {
	FCGI_PARAMS_MAX = 128 * 1024, /* larger parameters get 431 */
	FCGI_RECORD_MAX = 8 + 65535 + 255,
};

enum fcgi_event {
	FCGI_MORE,    /* nothing to do until more bytes arrive */
	FCGI_REQUEST, /* a request is whole: answer it */
	FCGI_BROKEN,  /* not FastCGI as a web server speaks it: close */
};

struct fcgi_conn {
	struct buf  in;     /* received, not parsed yet */
	struct buf  params; /* the request's name-value pairs, as sent */
	struct buf  env;    /* decoded: "NAME\0VALUE\0"... */
	struct buf  body;   /* its FCGI_STDIN, at most BODY_MAX bytes */
	struct buf  reply;  /* records to send now: refusals, management */
	unsigned    id;     /* the request in progress, 0 for none */
	bool        keep; /* FCGI_KEEP_CONN: the server keeps the connection */
	bool        params_done;
	bool        params_too_large;
	bool        body_too_large;
	const char *error; /* why FCGI_BROKEN */
};

void fcgi_conn_init(struct fcgi_conn *);
void fcgi_conn_free(struct fcgi_conn *);

/* Parses the records in c->in (appended by the caller) up to the end of
 * the next whole request; records to send first go to c->reply. */
enum fcgi_event fcgi_parse(struct fcgi_conn *);

/* The whole request's parameter `name`, or NULL. */
const char *fcgi_param(const struct fcgi_conn *, const char *name);

/* Whether the connection holds part of a request or of a record. */
bool fcgi_busy(const struct fcgi_conn *);

/* Forgets the answered request, ready for the next on the connection. */
void fcgi_request_done(struct fcgi_conn *);

/* Appends to out the records of request id's answer: head and body as
 * FCGI_STDOUT, its end, FCGI_END_REQUEST. */
void fcgi_response(struct buf *out, unsigned id, const char *head,
    size_t head_len, const char *body, size_t body_len);

#endif
