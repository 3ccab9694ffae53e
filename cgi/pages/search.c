/*
 * GET /tim-kiem?q=…&sort=moi-nhat&page=N — search.
 * Inputs: q (cut at a word past 200 characters), sort (`moi-nhat`: newest
 * first; anything else: relevance), page.  Effects: none (read-only).
 * The query is folded like the index and only its words reach FTS5, each
 * quoted (store/query.c): no user text is ever query syntax.  Relevance
 * weighs title over lead over body (BM25's term frequencies,
 * store/rank.c) with a mild recency boost; words typed with diacritics
 * rank exact matches first.
 * Only the newest SEARCH_CANDIDATES matches are ranked and counted.
 * 200 (an empty or wordless query gets the search form and a hint); 404
 * past the last page.  Not cached.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html/escape.h"
#include "pages/page.h"
#include "text/text.h"

enum {
	SNIPPET_SCAN = 4000, /* bytes of lead + body looked at */
	SNIPPET_WORDS = 36,
	WORDS_MAX = 1000,
};

static bool
is_term(const struct search_query *q, const char *word, size_t len)
{
	char *folded;
	bool  hit = false;

	if ((folded = text_fold(word, len)) == NULL)
		return false;
	for (size_t i = 0; i < q->nterms && !hit; i++)
		hit = strcmp(folded, q->terms[i]) == 0;
	free(folded);
	return hit;
}

/*
 * A window of the text around the first matched word, escaped, with the
 * matched words in <mark>: trusted HTML built from escaped pieces.
 */
static void
snippet(struct buf *out, const char *lead, const char *body, bool html,
    const struct search_query *q)
{
	struct {
		size_t start, len;
		bool   hit;
	} * w;
	struct buf text;
	size_t     nw = 0, first = 0, from, to, i, end;
	bool       found = false, in_tag = false;

	buf_init(&text);
	buf_puts(&text, lead);
	buf_putc(&text, '\n');
	/* HTML bodies: the tags are not text. */
	for (const char *s = body; *s != '\0' && text.len < SNIPPET_SCAN; s++) {
		if (html && (*s == '<' || (in_tag && *s == '>'))) {
			in_tag = *s == '<';
			buf_putc(&text, ' ');
		} else if (!in_tag)
			buf_putc(&text, *s);
	}
	/* Cut back to a character boundary. */
	while (text.len > 0 &&
	    ((unsigned char)text.data[text.len - 1] & 0xc0) == 0x80)
		text.len--;
	if (text.len > 0 && (unsigned char)text.data[text.len - 1] >= 0xc0)
		text.len--;
	buf_cstr(&text);
	if ((w = calloc(WORDS_MAX, sizeof(*w))) == NULL || buf_failed(&text))
		goto out;
	for (i = 0; i < text.len && nw < WORDS_MAX;) {
		if (!search_word_byte((unsigned char)text.data[i])) {
			i++;
			continue;
		}
		w[nw].start = i;
		while (i < text.len &&
		    search_word_byte((unsigned char)text.data[i]))
			i++;
		w[nw].len = i - w[nw].start;
		w[nw].hit = !found || nw < first + SNIPPET_WORDS ?
		    is_term(q, text.data + w[nw].start, w[nw].len) :
		    false;
		if (w[nw].hit && !found) {
			found = true;
			first = nw;
		}
		nw++;
	}
	if (nw == 0)
		goto out;
	from = first > SNIPPET_WORDS / 3 ? first - SNIPPET_WORDS / 3 : 0;
	to = from + SNIPPET_WORDS < nw ? from + SNIPPET_WORDS : nw;
	if (from > 0)
		buf_puts(out, "… ");
	for (i = from; i < to; i++) {
		if (w[i].hit)
			buf_puts(out, "<mark>");
		html_escape(out, text.data + w[i].start, w[i].len);
		if (w[i].hit)
			buf_puts(out, "</mark>");
		end = i + 1 < to ? w[i + 1].start : w[i].start + w[i].len;
		/* The text between words, as one space or as written. */
		if (i + 1 < to)
			html_escape(out, text.data + w[i].start + w[i].len,
			    end - w[i].start - w[i].len);
	}
	if (to < nw)
		buf_puts(out, " …");
out:
	free(w);
	buf_free(&text);
}

int
page_search(struct request *req, struct response *resp)
{
	const char *q = req->param[PK_Q].present ? req->param[PK_Q].str : "";
	bool        newest = req->param[PK_SORT].present &&
	    strcmp(req->param[PK_SORT].str, "moi-nhat") == 0;
	int64_t page =
	    req->param[PK_PAGE].present ? req->param[PK_PAGE].num : 1;
	int64_t             count = 0, pages;
	struct search_query query;
	struct found       *found;
	struct view        *v, *item;
	struct buf          path, snip;
	char                text[32];
	size_t              n;
	bool                failed = false;
	enum st             st;

	if ((v = page_view(req, &failed, "/tim-kiem",
	         *q != '\0' ? q : "Tìm kiếm", NULL)) == NULL)
		return req_fail(req, "out of memory");
	/* Result pages are for readers, not for search engines' indexes. */
	view_bool(v, "noindex", true);
	view_text(v, "query", q);
	view_bool(v, "newest", newest);
	if (!search_query_parse(req->arena, q, &query))
		return page_render(req, resp, "search", v, failed, 200);
	if ((st = store_search(req->arena, req->now_iso, query.match,
	         query.phrase, query.exact, newest, PAGE_SIZE,
	         (page - 1) * PAGE_SIZE, &found, &n, &count)) != ST_OK)
		return http_status_of(st);
	/* Past the last page there is no row to carry the count. */
	pages = count == 0 ? 1 : (count + PAGE_SIZE - 1) / PAGE_SIZE;
	if (n == 0 && page > 1)
		return 404;
	view_bool(v, "searched", true);
	if (text_format_count(text, sizeof(text), count) > 0)
		view_text(v, "count", text);
	view_bool(v, "capped", count >= SEARCH_CANDIDATES);
	buf_init(&snip);
	for (size_t i = 0; i < n; i++) {
		item = view_append(v, "results");
		page_summary(req, item, &found[i].s);
		buf_reset(&snip);
		snippet(&snip, found[i].s.lead, found[i].body,
		    strcmp(found[i].body_format, "html") == 0, &query);
		if (!buf_failed(&snip))
			view_html(item, "snippet",
			    snip.data != NULL ? snip.data : "", snip.len);
	}
	buf_free(&snip);
	/* Page links keep the query and the order. */
	buf_init(&path);
	buf_puts(&path, "/tim-kiem?q=");
	html_url_part(&path, q, strlen(q));
	if (newest)
		buf_puts(&path, "&sort=moi-nhat");
	if (!buf_failed(&path))
		page_pagination(v, arena_strdup(req->arena, buf_cstr(&path)),
		    page, pages);
	buf_free(&path);
	return page_render(req, resp, "search", v, failed, 200);
}
