/*
 * A reader's search text as FTS5 queries.  The text is folded like the
 * index (ICU: case, diacritics, đ → d) and only its words reach FTS5, each
 * quoted: no user text is ever query syntax.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "store/store.h"
#include "text/text.h"

bool
search_word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

bool
search_query_parse(struct arena *a, const char *q, struct search_query *out)
{
	struct buf m, e, ph;
	char      *folded, *p, *w;
	bool       accented = false;
	size_t     n;

	memset(out, 0, sizeof(*out));
	if ((folded = text_fold(q, strlen(q))) == NULL)
		return false;
	buf_init(&m);
	buf_init(&ph);
	buf_puts(&m, "{ft_title ft_lead ft_body} :");
	buf_puts(&ph, "{ft_title ft_lead ft_body} : \"");
	for (w = strtok_r(folded, " ", &p);
	     w != NULL && out->nterms < SEARCH_TERMS_MAX;
	     w = strtok_r(NULL, " ", &p)) {
		out->terms[out->nterms++] = arena_strdup(a, w);
		buf_printf(&m, " \"%s\"", w); /* folded: [a-z0-9] only */
		buf_printf(&ph, "%s%s", out->nterms > 1 ? " " : "", w);
	}
	buf_putc(&ph, '"');
	free(folded);
	buf_init(&e);
	buf_puts(&e, "{ex_title ex_lead ex_body} :");
	for (const char *s = q; *s != '\0'; s += n) {
		for (n = 0; search_word_byte((unsigned char)s[n]); n++)
			accented |= (unsigned char)s[n] >= 0x80;
		if (n == 0) {
			n = 1;
			continue;
		}
		/* Word bytes hold no quote, so quoting is all the escaping. */
		buf_printf(&e, " \"%.*s\"", (int)n, s);
	}
	if (out->nterms > 0 && !buf_failed(&m) && !buf_failed(&ph)) {
		out->match = arena_strdup(a, buf_cstr(&m));
		/* One word is its own phrase: no second scan for it. */
		if (out->nterms > 1)
			out->phrase = arena_strdup(a, buf_cstr(&ph));
	}
	if (accented && !buf_failed(&e))
		out->exact = arena_strdup(a, buf_cstr(&e));
	buf_free(&m);
	buf_free(&ph);
	buf_free(&e);
	return out->match != NULL;
}
