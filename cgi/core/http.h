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

#include "core/arena.h"
#include "core/buf.h"

enum {
	URI_MAX = 8192,		/* longer request targets get 414 */
	BODY_MAX = 64 * 1024,	/* larger request bodies get 413 */
	QUERY_PARAMS_MAX = 64,	/* more parameters than this get 400 */
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
	const char	*method;
	const char	*uri;		/* raw request target, "/a/b?x=1" */
	const char	*remote_addr;
	const char	*user_agent;
	const char	*cookie;
	const char	*if_none_match;
	const char	*origin;
	const char	*sec_fetch_site;
	const char	*x_forwarded_for;	/* trusted from trusted proxies only */
	const char	*x_real_ip;
	const char	*content_type;
	const char	*request_id;	/* the server's (nginx $request_id) */
	const char	*body;		/* POST body, at most BODY_MAX bytes */
	size_t		 body_len;
	bool		 body_too_large;	/* the body passed BODY_MAX: 413 */
};

/* Validated query parameters, declared once in params.c. */
enum param_key {
	PARAM_PAGE,
	PARAM_ARTICLE,
	PARAM_POLL,
	PARAM_OPTION,		/* repeated: the chosen poll options */
	PARAM_TOKEN,
	PARAM_FROM,		/* a local path to return to */
	PARAM_Q,		/* a search query */
	PARAM_SORT,
	PARAM_NEXT,		/* a local path to go to after logging in or out */
	PARAM_USERNAME,
	PARAM_PASSWORD,
	PARAM__COUNT
};

#define PARAM_BIT(k) (1u << (k))

enum { PARAM_LIST_MAX = 20 };

struct param_value {
	bool		 present;
	int64_t		 num;		/* PARAM_INT */
	const char	*str;		/* PARAM_TEXT (NFC), PARAM_HEX, PARAM_PATH */
	int64_t		 list[PARAM_LIST_MAX];	/* PARAM_INT_LIST */
	size_t		 count;
};

/* Values captured by the route pattern. */
struct route_args {
	const char	*slug[2];	/* {slug} segments in order, [a-z0-9-] */
	int64_t		 id;		/* {article}: the id from "<slug>-<id>.htm" */
	bool		 has_id;
};

struct request {
	enum method		 method;
	const char		*path;		/* decoded, valid UTF-8 */
	struct param_value	 param[PARAM__COUNT];
	struct route_args	 args;
	int64_t			 now;		/* unix seconds */
	char			 now_iso[24];	/* now as YYYY-MM-DDTHH:MM:SSZ */
	const struct http_input	*in;
	struct arena		*arena;
	bool			 cacheable;	/* the route's: same bytes for everyone */
	bool			 private_page;	/* never stored anywhere (no-store) */
};

struct response {
	int		 status;
	struct buf	 headers;	/* "Name: value\r\n" lines */
	struct buf	 body;		/* owned body, unless body_ref is set */
	const char	*body_ref;	/* borrowed body (page cache), or NULL */
	size_t		 body_ref_len;
	bool		 head_only;	/* HEAD: headers as for GET, no body */
};

void	 response_init(struct response *);
void	 response_reset(struct response *);
void	 response_free(struct response *);
/* Refuses (and logs) names or values with control characters. */
void	 response_header(struct response *, const char *name, const char *value);
const char *response_body(const struct response *, size_t *len);
const char *http_reason(int status);

#endif
