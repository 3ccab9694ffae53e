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

void
html_escape(struct buf *b, const char *s, size_t n)
{
	const char *run = s, *end = s + n;

	for (; s < end; s++) {
		const char *ent = entity[(unsigned char)*s];

		if (ent == NULL)
			continue;
		buf_append(b, run, (size_t)(s - run));
		buf_puts(b, ent);
		run = s + 1;
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
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c < 0x20 || c == '<' || c == '>' || c == '&')
			buf_printf(b, "\\u%04x", c);
		else
			buf_putc(b, (char)c);
	}
}
