/*
 * Request-target parsing: percent-decoding with UTF-8 validation, path
 * safety, and the query string into declared, validated parameters.
 */
#ifndef BANTIN_URL_H
#define BANTIN_URL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "core/http.h"

/* Percent-decodes src[0..len) into the arena ('+' is a space when
 * plus_is_space).  NULL on a malformed %xx, a NUL byte, invalid UTF-8, or
 * no memory. */
char *url_decode(struct arena *, const char *src, size_t len,
    bool plus_is_space, size_t *out_len);

/* A decoded path is safe when it starts with '/', has no "." or ".."
 * segment, no backslash, no control character and no '?' or '#': those
 * were encoded (%3F, %23), and a web server in front matched its
 * locations (nginx's limit_req on /live/vote) on the path without them. */
bool url_path_safe(const char *path);

/* Appends a decoded path as it may stand in a URL (a Location header, a
 * request target): controls, space, '%', '#', non-ASCII and the other
 * characters a URL may not hold are percent-encoded, and '?' too unless
 * the path carries its query (with_query). */
void url_encode_path(struct buf *, const char *path, bool with_query);

/* Decodes every pair of query[0..len) (a query string or a form body) and
 * validates the keys of req->specs in `accepted` (a PARAM_BIT mask) into
 * req->param; unknown keys are ignored (campaign tags and the like).
 * Returns 0, or 400 for malformed input. */
int params_parse(struct request *, const char *query, size_t len,
    unsigned accepted);

#endif
