#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "html/escape.h"

/* The entity of each character html_escape() replaces, else NULL. */
static const char *const entity[256] = {
	['&'] = "&amp;",
	['<'] = "&lt;",
	['>'] = "&gt;",
	['"'] = "&quot;",
	['\''] = "&#39;",
};

/*
 * Whether a byte of w is one html_escape() replaces: '"' (0x22), '&' and
 * '\'' (0x26 and 0x27, alike but for bit 0), '<' and '>' (0x3c and 0x3e,
 * alike but for bit 1).  (x - 1) & ~x has bit 7 of a byte set below the
 * lowest zero byte of x, and none if x has none.
 */
static inline bool
has_special(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL;
	uint64_t       q = w ^ ones * 0x22, a = (w | ones) ^ ones * 0x27;
	uint64_t       t = (w | ones * 2) ^ ones * 0x3e;

	return (((q - ones) & ~q) | ((a - ones) & ~a) | ((t - ones) & ~t)) &
	    ones * 0x80;
}

void
html_escape(struct buf *b, const char *s, size_t n)
{
	const char *run = s, *end = s + n, *stop;
	uint64_t    w;

	while (s < end) {
		/* Text is mostly free of them: eight bytes at a time. */
		if (end - s >= 8 && (memcpy(&w, s, 8), !has_special(w))) {
			s += 8;
			continue;
		}
		for (stop = end - s >= 8 ? s + 8 : end; s < stop; s++) {
			const char *ent = entity[(unsigned char)*s];

			if (ent == NULL)
				continue;
			buf_append(b, run, (size_t)(s - run));
			buf_puts(b, ent);
			run = s + 1;
		}
	}
	buf_append(b, run, (size_t)(end - run));
}

static bool
url_scheme_safe(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '/' || s[i] == '?' || s[i] == '#')
			return true; /* relative: no scheme */
		if (s[i] == ':')
			return (i == 4 && strncasecmp(s, "http", 4) == 0) ||
			    (i == 5 && strncasecmp(s, "https", 5) == 0) ||
			    (i == 6 && strncasecmp(s, "mailto", 6) == 0);
	}
	return true;
}

/* The bytes a URL keeps as they are, one bit each for ASCII: a whole URL
 * printable ASCII but quotes, angle brackets, backslash, backquote and
 * '&' (an entity); a piece the unreserved characters (RFC 3986). */
static const uint64_t url_keep[2][2] = {
	{ 0x03ff600000000000ULL, 0x47fffffe87fffffeULL }, /* piece */
	{ 0xafffff3a00000000ULL, 0x7ffffffeefffffffULL }, /* whole */
};

static inline bool
url_keeps(unsigned char c, bool whole)
{
	return c < 0x80 && (url_keep[whole][c >> 6] >> (c & 63) & 1);
}

/* Appends s[0..n), runs of kept bytes at once, the others as %XX (a
 * whole URL's '&' as &amp;). */
static void
url_bytes(struct buf *b, const char *s, size_t n, bool whole)
{
	static const char hex[] = "0123456789ABCDEF";
	const char       *run = s, *end = s + n;
	char              pct[3] = { '%' };

	for (; s < end; s++) {
		unsigned char c = (unsigned char)*s;

		if (url_keeps(c, whole))
			continue;
		buf_append(b, run, (size_t)(s - run));
		if (whole && c == '&')
			buf_puts(b, "&amp;");
		else {
			pct[1] = hex[c >> 4];
			pct[2] = hex[c & 15];
			buf_append(b, pct, 3);
		}
		run = s + 1;
	}
	buf_append(b, run, (size_t)(end - run));
}

void
html_url(struct buf *b, const char *s, size_t n)
{
	if (!url_scheme_safe(s, n)) {
		buf_putc(b, '#');
		return;
	}
	url_bytes(b, s, n, true);
}

void
html_url_part(struct buf *b, const char *s, size_t n)
{
	url_bytes(b, s, n, false);
}

void
json_escape(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const char       *run = s, *end = s + n;
	char              u[6] = { '\\', 'u', '0', '0' };

	for (; s < end; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c != '"' && c != '\\' && c != '<' &&
		    c != '>' && c != '&')
			continue;
		buf_append(b, run, (size_t)(s - run));
		if (c == '"' || c == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)c);
		} else {
			u[4] = hex[c >> 4];
			u[5] = hex[c & 15];
			buf_append(b, u, 6);
		}
		run = s + 1;
	}
	buf_append(b, run, (size_t)(end - run));
}
