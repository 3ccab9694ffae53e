/*
 * The in-process page cache: whole responses of cacheable routes, keyed by
 * path and validated parameters, bounded in bytes and evicted least
 * recently used.  The core empties it whenever the app's content version
 * changes, so it never serves a page older than the content.
 */
#ifndef BANTIN_CACHE_H
#define BANTIN_CACHE_H

#include <stddef.h>

struct cached_page {
	int         status;
	const char *headers;
	size_t      headers_len;
	const char *body;
	size_t      body_len;
};

void                      cache_init(size_t max_bytes);
void                      cache_flush(void);
void                      cache_free(void);
/* The entry stays valid until the next cache_put or cache_flush. */
const struct cached_page *cache_get(const char *key, size_t key_len);
void cache_put(const char *key, size_t key_len, const struct cached_page *);

#endif
