/*
 * The request/response core's types.  Front ends (FastCGI, CGI, the
 * libmicrohttpd dev server, tests) fill a struct http_input from their own
 * representation and write out a struct response; handlers only ever see a
 * struct request whose path and parameters are already decoded and
 * validated.  Nothing here knows any server library.
 */
#ifndef BANTIN_HTTP_H
#define BANTIN_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/status.h"

enum {
	URI_MAX = 8192,        /* longer request targets get 414 */
	BODY_MAX = 64 * 1024,  /* larger request bodies get 413 */
	QUERY_PARAMS_MAX = 64, /* more parameters than this get 400 */
};

enum method {
	METHOD_GET = 1 << 0,
	METHOD_HEAD = 1 << 1,
	METHOD_POST = 1 << 2,
	METHOD_OTHER = 1 << 3,
};

/* What a front end hands the core.  Strings are NUL-terminated; any may be
 * NULL when the server did not send it. */
struct http_input {
	const char *method;
	const char *uri; /* raw request target, "/a/b?x=1" */
	const char *remote_addr;
	const char *user_agent;
	const char *cookie;
	const char *if_none_match;
	const char *origin;
	const char *sec_fetch_site;
	const char *referer;
	/* trusted from trusted proxies only */
	const char *x_forwarded_for;
	const char *content_type;
	const char *request_id; /* the server's (nginx $request_id) */
	const char *body;       /* POST body, at most BODY_MAX bytes */
	size_t      body_len;
	/* the body passed BODY_MAX: 413 */
	bool        body_too_large;
	/* the parameters passed FCGI_PARAMS_MAX: 431 */
	bool        head_too_large;
};

/*
 * Query and form parameters: each program declares its own, once, in a
 * table of struct param_spec it hands the core (struct app, router.h), as
 * kcgi's apps hand keys[] to khttp_parse().  A handler reads
 * req->param[k] for its app's key k, validated and typed.
 */
enum param_type {
	PARAM_INT,
	PARAM_INT_LIST, /* the key repeated, each value a PARAM_INT */
	PARAM_TEXT,
	/* lowercase hex digits, exactly max_chars of them */
	PARAM_HEX,
	/* a local path: one leading '/', never "//" or "/\"; anything
	 * else is dropped (as if absent) */
	PARAM_PATH,
	PARAM_SECRET, /* kept whole (NFC): longer than max_chars
		       * bytes is 400, never cut */
};

struct param_spec {
	const char     *name;
	enum param_type type;
	int64_t         min, max;  /* PARAM_INT bounds */
	size_t          max_chars; /* PARAM_TEXT: longer input is cut */
	bool            logged;    /* its value may appear in the log */
};

#define PARAM_BIT(k) (1u << (k))

enum {
	PARAMS_MAX = 16,     /* keys a program may declare */
	PARAM_LIST_MAX = 20, /* values of one PARAM_INT_LIST */
};

struct param_value {
	bool        present;
	int64_t     num; /* PARAM_INT */
	/* PARAM_TEXT (NFC), PARAM_SECRET (NFC), PARAM_HEX, PARAM_PATH */
	const char *str;
	int64_t     list[PARAM_LIST_MAX]; /* PARAM_INT_LIST */
	size_t      count;
};

/* Values captured by the route pattern. */
struct route_args {
	/* {slug} segments in order, [a-z0-9-] */
	const char *slug[2];
	/* {id}, or the id at the end of {article} */
	int64_t     id;
	bool        has_id;
};

struct request {
	enum method              method;
	const char              *path;  /* decoded, valid UTF-8 */
	const struct param_spec *specs; /* the app's keys */
	size_t                   nspecs;
	struct param_value       param[PARAMS_MAX];
	struct route_args        args;
	int64_t                  now;         /* unix seconds */
	char                     now_iso[24]; /* YYYY-MM-DDTHH:MM:SSZ */
	const struct http_input *in;
	struct arena            *arena;
	/* the route's: the same bytes for everyone */
	bool                     cacheable;
	/* never stored anywhere (no-store) */
	bool                     private_page;
};

struct response {
	int         status;
	struct buf  headers; /* "Name: value\r\n" lines */
	struct buf  body;    /* owned body, unless body_ref is set */
	/* borrowed body (the page cache's), or NULL */
	const char *body_ref;
	size_t      body_ref_len;
	bool        head_only; /* HEAD: headers as for GET, no body */
};

void response_init(struct response *);
void response_reset(struct response *);
void response_free(struct response *);
/* Refuses (and logs) names or values with control characters. */
void response_header(struct response *, const char *name, const char *value);
/* Removes every header `name` (any case), then adds name: value. */
void response_header_replace(struct response *, const char *name,
    const char *value);
const char *response_body(const struct response *, size_t *len);
const char *http_reason(int status);

/* The HTTP status a handler answers for a store status: 0 for ST_OK (the
 * handler goes on), else the error page's status.  The one place the
 * store's outcomes become HTTP. */
int http_status_of(enum st);
/* A bug or an impossible state in a handler: logs why (with the path)
 * and returns 500. */
int req_fail(const struct request *, const char *why, ...)
    __attribute__((format(printf, 2, 3)));

#endif
