/*
 * One request, from raw input to a complete response:
 *
 *   parameters' size (431) → body size (413) → length (414) → path
 *   decode and safety (400) → method and route (404/405) → query and form
 *   parameters (400) → app begin (503) → page cache → handler → error page
 *
 * Everything a request allocates comes from one arena that is reset at the
 * start of the next request; no request data outlives core_handle() except
 * what the page cache copies.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/cache.h"
#include "base/config.h"
#include "core/core.h"
#include "base/log.h"
#include "core/router.h"
#include "core/url.h"

enum { ARENA_LIMIT = 64 << 20 };

static struct {
	struct arena arena;
	uint64_t     cache_version;
	struct buf   key;
	struct buf   log_line;
} core;

int
core_init(void)
{
	arena_init(&core.arena, ARENA_LIMIT);
	buf_init(&core.key);
	cache_init(config.page_cache_bytes);
	return 0;
}

void
core_shutdown(void)
{
	cache_free();
	arena_free(&core.arena);
	buf_free(&core.key);
	buf_free(&core.log_line);
}

static enum method
parse_method(const char *m)
{
	if (m == NULL)
		return METHOD_OTHER;
	if (strcmp(m, "GET") == 0)
		return METHOD_GET;
	if (strcmp(m, "HEAD") == 0)
		return METHOD_HEAD;
	if (strcmp(m, "POST") == 0)
		return METHOD_POST;
	return METHOD_OTHER;
}

/* The cache key: the path, then every accepted parameter as validated.
 * A string goes after its length, so that no value (a query may hold a
 * newline) can pass for the parameters after it. */
static void
cache_key(const struct request *req, const struct route *r)
{
	const struct param_value *v;

	buf_reset(&core.key);
	buf_puts(&core.key, req->path);
	for (size_t k = 0; k < req->nspecs; k++) {
		v = &req->param[k];
		if (!(r->params & PARAM_BIT(k)) || !v->present)
			continue;
		buf_printf(&core.key, "\n%s=", req->specs[k].name);
		switch (req->specs[k].type) {
		case PARAM_INT:
			buf_printf(&core.key, "%lld", (long long)v->num);
			break;
		case PARAM_INT_LIST:
			for (size_t i = 0; i < v->count; i++)
				buf_printf(&core.key, "%lld,",
				    (long long)v->list[i]);
			break;
		default:
			buf_printf(&core.key, "%zu:%s", strlen(v->str), v->str);
			break;
		}
	}
}

static bool
serve_cached(struct response *resp)
{
	const struct cached_page *p = cache_get(core.key.data, core.key.len);

	if (p == NULL)
		return false;
	resp->status = p->status;
	buf_append(&resp->headers, p->headers, p->headers_len);
	resp->body_ref = p->body;
	resp->body_ref_len = p->body_len;
	return true;
}

static void
store_cached(const struct response *resp)
{
	struct cached_page p = {
		.status = resp->status,
		.headers = resp->headers.data,
		.headers_len = resp->headers.len,
	};

	if (resp->headers.failed || resp->body.failed || core.key.failed)
		return;
	p.body = response_body(resp, &p.body_len);
	cache_put(core.key.data, core.key.len, &p);
}

/* A POST body: an HTML form, decoded by the same declarations as a query. */
static int
parse_form(struct request *req, const struct route *route)
{
	const char *type = req->in->content_type;
	size_t      n = strlen("application/x-www-form-urlencoded");

	if (req->in->body_len == 0)
		return 0;
	if (type == NULL ||
	    strncasecmp(type, "application/x-www-form-urlencoded", n) != 0 ||
	    (type[n] != '\0' && type[n] != ';'))
		return 400;
	return params_parse(req, req->in->body, req->in->body_len,
	    route->params);
}

/* Returns 0 when resp is complete, else the status of the error page. */
static int
dispatch(const struct app *app, struct request *req, struct response *resp,
    bool *began)
{
	const struct route *route;
	const char         *uri = req->in->uri, *q;
	size_t              len;
	uint64_t            version;
	unsigned            allowed;
	int                 rc;

	if (req->in->head_too_large)
		return 431;
	if (uri == NULL || uri[0] != '/')
		return 400;
	if (req->in->body_too_large)
		return 413;
	if ((len = strlen(uri)) > URI_MAX)
		return 414;
	q = memchr(uri, '?', len);
	if ((req->path = url_decode(req->arena, uri,
	         (size_t)((q != NULL ? q : uri + len) - uri), false, NULL)) ==
	        NULL ||
	    !url_path_safe(req->path))
		return 400;
	if (req->method == METHOD_OTHER) {
		response_header(resp, "Allow", "GET, HEAD, POST");
		return 405;
	}
	switch (router_match(app, req->path, req->method, req->arena, &route,
	    &req->args, &allowed)) {
	case ROUTE_NOT_FOUND:
		return 404;
	case ROUTE_BAD_METHOD:
		response_header(resp, "Allow",
		    (allowed & METHOD_GET) ?
		        ((allowed & METHOD_POST) ? "GET, HEAD, POST" :
		                                   "GET, HEAD") :
		        "POST");
		return 405;
	case ROUTE_FOUND:
		break;
	}
	if (q != NULL &&
	    (rc = params_parse(req, q + 1, len - (size_t)(q + 1 - uri),
	         route->params)) != 0)
		return rc;
	if (req->method == METHOD_POST && (rc = parse_form(req, route)) != 0)
		return rc;
	req->cacheable = route->cacheable;
	if ((rc = app->begin(req)) != 0)
		return rc;
	*began = true;
	if (!route->cacheable || config.page_cache_bytes == 0 ||
	    req->method == METHOD_POST)
		return route->handler(req, resp);
	version = app->content_version(req);
	if (version != core.cache_version) {
		cache_flush();
		core.cache_version = version;
	}
	cache_key(req, route);
	if (serve_cached(resp))
		return 0;
	if ((rc = route->handler(req, resp)) == 0 &&
	    (resp->status == 200 || resp->status == 301))
		store_cached(resp);
	return rc;
}

void
core_handle(const struct app *app, const struct http_input *in,
    struct response *resp)
{
	struct request  req;
	struct timespec t0, t1;
	struct tm       tm;
	const char     *id;
	bool            began = false;
	int             status;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	id = log_begin(in->request_id);
	arena_reset(&core.arena);
	response_reset(resp);
	memset(&req, 0, sizeof(req));
	req.in = in;
	req.arena = &core.arena;
	assert(app->nparams <= PARAMS_MAX);
	req.specs = app->params;
	req.nspecs = app->nparams;
	req.method = parse_method(in->method);
	req.now = time(NULL);
	gmtime_r(&(time_t){ (time_t)req.now }, &tm);
	strftime(req.now_iso, sizeof(req.now_iso), "%Y-%m-%dT%H:%M:%SZ", &tm);

	if ((status = dispatch(app, &req, resp, &began)) != 0 ||
	    resp->headers.failed || resp->body.failed) {
		if (status == 0)
			status = req_fail(&req,
			    "the response's buffer "
			    "failed (out of memory)");
		/* Keep Allow (405); drop whatever a failed handler wrote. */
		if (status != 405)
			buf_reset(&resp->headers);
		buf_reset(&resp->body);
		resp->body_ref = NULL;
		resp->status = status;
		app->error(&req, resp, status);
		began = true;
	}
	if (began)
		app->end(&req);
	/* Also on a page from the cache: its headers are everyone's. */
	if (app->personal != NULL && app->personal(&req))
		response_header_replace(resp, "Cache-Control",
		    "private, no-store");
	resp->head_only = req.method == METHOD_HEAD;
	/* After the page cache: the id is this request's alone. */
	response_header(resp, "X-Request-Id", id);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	core_log_request(app, in, resp,
	    (t1.tv_sec - t0.tv_sec) * 1000000L +
	        (t1.tv_nsec - t0.tv_nsec) / 1000);
	log_end();
}

/* Appends s[0..n) with control characters, quotes and backslashes
 * escaped, so a request cannot forge log lines. */
static void
log_text(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || c == '"' || c == '\\')
			buf_printf(b, "\\x%02x", c);
		else
			buf_putc(b, (char)c);
	}
}

static void
log_field(struct buf *b, const char *s, size_t max)
{
	size_t n;

	if (s == NULL) {
		buf_putc(b, '-');
		return;
	}
	n = strnlen(s, max);
	log_text(b, s, n);
	if (s[n] != '\0')
		buf_puts(b, "…");
}

/*
 * The request target, with the value of every query parameter the app
 * does not declare `logged` written as "*": a query may carry a token, and
 * a reader's search words are theirs.  (nginx's own access log keeps the
 * whole target.)
 */
static void
log_target(struct buf *b, const struct app *app, const char *uri, size_t max)
{
	const char *end, *q, *s, *e, *eq;
	size_t      name_len, k, n = app != NULL ? app->nparams : 0;

	if (uri == NULL) {
		buf_putc(b, '-');
		return;
	}
	end = uri + strnlen(uri, max);
	q = memchr(uri, '?', (size_t)(end - uri));
	log_text(b, uri, (size_t)((q != NULL ? q : end) - uri));
	for (s = q; s != NULL && s < end; s = e) {
		buf_putc(b, *s++); /* '?' or '&' */
		if ((e = memchr(s, '&', (size_t)(end - s))) == NULL)
			e = end;
		eq = memchr(s, '=', (size_t)(e - s));
		name_len = (size_t)((eq != NULL ? eq : e) - s);
		log_text(b, s, name_len);
		if (eq == NULL)
			continue;
		for (k = 0; k < n; k++)
			if (app->params[k].logged &&
			    strlen(app->params[k].name) == name_len &&
			    memcmp(app->params[k].name, s, name_len) == 0)
				break;
		buf_putc(b, '=');
		if (k < n)
			log_text(b, eq + 1, (size_t)(e - eq - 1));
		else
			buf_putc(b, '*');
	}
	if (*end != '\0')
		buf_puts(b, "…");
}

void
core_log_request(const struct app *app, const struct http_input *in,
    const struct response *resp, long micros)
{
	struct buf *line = &core.log_line;
	size_t      len;

	if (!config.access_log)
		return;
	response_body(resp, &len);
	buf_reset(line);
	log_field(line, in->remote_addr, 64);
	buf_putc(line, ' ');
	log_field(line, in->method, 16);
	buf_puts(line, " \"");
	log_target(line, app, in->uri, 512);
	buf_printf(line, "\" %d %zu %ld.%03ldms", resp->status, len,
	    micros / 1000, micros % 1000);
	if (!line->failed)
		log_access("%s", buf_cstr(line));
}
