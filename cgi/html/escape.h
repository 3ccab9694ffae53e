/*
 * Output escaping, one function per context.  Only the ASCII specials are
 * touched, so UTF-8 text passes through unchanged.
 */
#ifndef BANTIN_ESCAPE_H
#define BANTIN_ESCAPE_H

#include <stddef.h>

#include "base/buf.h"

/* Text and quoted attribute values: & < > " ' become entities. */
void html_escape(struct buf *, const char *, size_t);

/* A whole URL in href/src/action: refuses schemes other than http, https
 * and mailto (writes "#" instead), percent-encodes what may not stand in a
 * URL, then escapes for the attribute. */
void html_url(struct buf *, const char *, size_t);

/* A piece of a URL after its start (a path segment, a query value):
 * everything but unreserved characters is percent-encoded. */
void html_url_part(struct buf *, const char *, size_t);

/* A JSON string body (no quotes) safe inside <script>: quotes, backslash,
 * control characters and < > & as \u escapes. */
void json_escape(struct buf *, const char *, size_t);

#endif
