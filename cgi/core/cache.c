#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/cache.h"

enum { BUCKETS = 1024 };

struct entry {
	struct cached_page page;
	struct entry      *bucket_next;
	struct entry      *newer, *older; /* LRU list */
	size_t             size;
	size_t             key_len;
	char               key[]; /* then headers, then body */
};

static struct {
	struct entry *bucket[BUCKETS];
	struct entry *newest, *oldest;
	size_t        bytes, max_bytes;
} cache;

/* FNV-1a: a few lines, and good enough to spread short paths. */
static size_t
bucket_of(const char *key, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)key[i]) * 16777619u;
	return h % BUCKETS;
}

void
cache_init(size_t max_bytes)
{
	cache_free();
	cache.max_bytes = max_bytes;
}

static void
unlink_lru(struct entry *e)
{
	/* Only the ends of the list lack a neighbour. */
	assert((e->newer == NULL) == (e == cache.newest));
	assert((e->older == NULL) == (e == cache.oldest));
	if (e->newer != NULL)
		e->newer->older = e->older;
	else
		cache.newest = e->older;
	if (e->older != NULL)
		e->older->newer = e->newer;
	else
		cache.oldest = e->newer;
	e->newer = e->older = NULL;
}

static void
push_newest(struct entry *e)
{
	e->older = cache.newest;
	if (cache.newest != NULL)
		cache.newest->newer = e;
	cache.newest = e;
	if (cache.oldest == NULL)
		cache.oldest = e;
}

static void
evict(struct entry *e)
{
	struct entry **p = &cache.bucket[bucket_of(e->key, e->key_len)];

	while (*p != e) {
		assert(*p != NULL); /* every entry is in its bucket */
		p = &(*p)->bucket_next;
	}
	*p = e->bucket_next;
	unlink_lru(e);
	cache.bytes -= e->size;
	free(e);
}

void
cache_flush(void)
{
	while (cache.oldest != NULL)
		evict(cache.oldest);
}

void
cache_free(void)
{
	cache_flush();
	cache.max_bytes = 0;
}

const struct cached_page *
cache_get(const char *key, size_t len)
{
	struct entry *e;

	for (e = cache.bucket[bucket_of(key, len)]; e != NULL;
	     e = e->bucket_next)
		if (e->key_len == len && memcmp(e->key, key, len) == 0) {
			unlink_lru(e);
			push_newest(e);
			return &e->page;
		}
	return NULL;
}

void
cache_put(const char *key, size_t len, const struct cached_page *page)
{
	struct entry *e;
	size_t size = sizeof(*e) + len + page->headers_len + page->body_len;
	size_t b = bucket_of(key, len);
	char  *p;

	if (size > cache.max_bytes / 4)
		return; /* one huge page must not empty the cache */
	for (e = cache.bucket[b]; e != NULL; e = e->bucket_next)
		if (e->key_len == len && memcmp(e->key, key, len) == 0) {
			evict(e);
			break;
		}
	while (cache.oldest != NULL && cache.bytes + size > cache.max_bytes)
		evict(cache.oldest);
	if ((e = malloc(size)) == NULL)
		return;
	e->size = size;
	e->key_len = len;
	memcpy(e->key, key, len);
	p = e->key + len;
	e->page = *page;
	e->page.headers = p;
	e->page.body = p + page->headers_len;
	/* An empty part may be NULL, which memcpy() must never get. */
	if (page->headers_len > 0)
		memcpy(p, page->headers, page->headers_len);
	if (page->body_len > 0)
		memcpy(p + page->headers_len, page->body, page->body_len);
	e->bucket_next = cache.bucket[b];
	cache.bucket[b] = e;
	e->newer = e->older = NULL;
	push_newest(e);
	cache.bytes += size;
}
