/*
 * Per-request arena: everything a handler allocates for one request (view
 * tree, decoded parameters) comes from here and is released in one call at
 * the end of the request, so handlers never free piecemeal.
 */
#ifndef BANTIN_ARENA_H
#define BANTIN_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t              total; /* bytes handed out, for the limit */
	size_t              limit; /* 0: unlimited */
};

void  arena_init(struct arena *, size_t limit);
/* Frees all but the first block, which is kept for the next request. */
void  arena_reset(struct arena *);
void  arena_free(struct arena *);
/* NULL when out of memory or over the limit. */
void *arena_alloc(struct arena *, size_t);
void *arena_zalloc(struct arena *, size_t);
char *arena_strndup(struct arena *, const char *, size_t);
char *arena_strdup(struct arena *, const char *);

#endif
