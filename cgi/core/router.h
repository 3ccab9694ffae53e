/*
 * The router is data: each program hands the core a table of routes.
 *
 * Patterns are matched segment by segment against the decoded path:
 *   literal      matches itself
 *   {slug}       a slug: 1..80 of [a-z0-9-]
 *   {id}         a number > 0 (at most 18 digits)
 *   {article}    "<anything>-<id>.htm" or "<id>.htm"; the id is
 *                authoritative
 * A pattern ending in '/' only matches a path ending in '/'.
 */
#ifndef BANTIN_ROUTER_H
#define BANTIN_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/http.h"

/* Returns 0 when the response is complete, or an HTTP status >= 400 for
 * the core to answer with its error page. */
typedef int (*handler_fn)(struct request *, struct response *);

struct route {
	unsigned    methods; /* METHOD_GET also allows HEAD */
	const char *pattern;
	handler_fn  handler;
	/* PARAM_BIT mask of the app's keys it takes */
	unsigned    params;
	/* the same bytes for every reader until the content changes */
	bool        cacheable;
};

/* A program: its routes and the hooks the core calls around them. */
struct app {
	const struct route      *routes;
	size_t                   nroutes;
	/* Its query and form keys; a route's params mask indexes these. */
	const struct param_spec *params;
	size_t                   nparams;
	/* Before a routed request: 0, or an HTTP status (503: store down). */
	int (*begin)(struct request *);
	/* After every request that begin() accepted. */
	void (*end)(struct request *);
	/* Identifies the content cacheable pages were built from; the page
	 * cache is emptied whenever it changes.  Called after begin(). */
	uint64_t (*content_version)(struct request *);
	/* Fills resp with the error page for status (>= 400). */
	void (*error)(struct request *, struct response *, int status);
	/* Or NULL: the request comes from a logged-in browser, whose pages
	 * carry personal parts once the web server expands them, so no
	 * cache (the browser's included) may keep them. */
	bool (*personal)(const struct request *);
};

enum route_result {
	ROUTE_FOUND,
	ROUTE_NOT_FOUND,
	ROUTE_BAD_METHOD, /* the path exists, not for this method */
};

/* On ROUTE_BAD_METHOD, *allowed is the mask of the methods the path takes. */
enum route_result router_match(const struct app *, const char *path,
    enum method, struct arena *, const struct route **, struct route_args *,
    unsigned *allowed);

#endif
