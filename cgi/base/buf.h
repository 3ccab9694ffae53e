/*
 * Growable byte buffers.  A failed allocation makes the buffer sticky-failed:
 * later appends are no-ops and buf_failed() reports it once, at the end, so
 * callers check one flag instead of every append.
 */
#ifndef BANTIN_BUF_H
#define BANTIN_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct buf {
	char  *data;
	size_t len;
	size_t cap;
	bool   failed;
};

void buf_init(struct buf *);
void buf_free(struct buf *);
/* Keeps the memory for reuse by the next request. */
void buf_reset(struct buf *);
void buf_append(struct buf *, const void *, size_t);
void buf_puts(struct buf *, const char *);
void buf_putc(struct buf *, char);
void buf_printf(struct buf *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
/* NUL-terminates without counting the NUL in len. */
const char *buf_cstr(struct buf *);
static inline bool
buf_failed(const struct buf *b)
{
	return b->failed;
}

#endif
