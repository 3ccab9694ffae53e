/*
 * GET /<section>/<slug>-<id>.htm  — one article.
 * GET /<slug>-<id>.htm, or any wrong section or slug with a valid id
 *                                 — 301 to the canonical URL.
 * Inputs: the id in the path.  Effects: none (read-only).
 * 200; 404 for an unknown, draft or not yet published id; 503 when the
 * store is down.
 */
#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "html/escape.h"
#include "pages/page.h"
#include "text/text.h"

enum { RELATED = 6, DESCRIPTION_CHARS = 160 };

/* Plain text: paragraphs split on blank lines, line breaks kept. */
static void
text_to_html(struct buf *out, const char *s)
{
	const char *line, *nl;
	bool        in_p = false;

	for (line = s; *line != '\0'; line = *nl ? nl + 1 : nl) {
		size_t n;

		nl = line + strcspn(line, "\n");
		n = (size_t)(nl - line);
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (strspn(line, " \t\r") >= n) {
			if (in_p)
				buf_puts(out, "</p>\n");
			in_p = false;
			continue;
		}
		buf_puts(out, in_p ? "<br>\n" : "<p>");
		in_p = true;
		html_escape(out, line, n);
	}
	if (in_p)
		buf_puts(out, "</p>\n");
}

/* The body as trusted HTML: escaped text, the admin's HTML as written, or
 * Markdown through cmark (which drops raw HTML by default). */
static void
body_html(struct view *v, const struct article *a)
{
	struct buf out;
	char      *md;

	if (strcmp(a->body_format, "html") == 0) {
		view_html(v, "body", a->body, strlen(a->body));
		return;
	}
	if (strcmp(a->body_format, "markdown") == 0) {
		if ((md = cmark_markdown_to_html(a->body, strlen(a->body),
		         CMARK_OPT_DEFAULT)) != NULL) {
			view_html(v, "body", md, strlen(md));
			free(md);
		}
		return;
	}
	buf_init(&out);
	text_to_html(&out, a->body);
	if (!buf_failed(&out))
		view_html(v, "body", out.data != NULL ? out.data : "", out.len);
	buf_free(&out);
}

/*
 * The live view count and the pixel that counts this view.  One SSI form
 * for nginx and Apache (which knows no block/stub): the stored count is
 * the error message that mod_include and the dev server print when the
 * include fails.
 */
static void
live_parts(struct view *v, struct view *art, const struct article *a)
{
	char       views[32], url[64];
	struct buf b;

	snprintf(url, sizeof(url), "/live/hit?article=%lld",
	    (long long)a->s.id);
	view_text(v, "hit_url", url);
	if (text_format_count(views, sizeof(views), a->view_count) == 0)
		return;
	buf_init(&b);
	buf_printf(&b,
	    "<!--#config errmsg=\"%s\" -->"
	    "<!--#include virtual=\"/live/views?article=%lld\" -->"
	    "<!--#config errmsg=\"\" -->",
	    views, (long long)a->s.id);
	if (!buf_failed(&b))
		view_html(art, "live_views", b.data, b.len);
	buf_free(&b);
}

static void
json_field(struct buf *b, const char *name, const char *value, bool comma)
{
	if (value == NULL)
		return;
	buf_puts(b, comma ? ",\"" : "\"");
	buf_puts(b, name);
	buf_puts(b, "\":\"");
	json_escape(b, value, strlen(value));
	buf_putc(b, '"');
}

/*
 * What makes a shared link look right: Open Graph, the Twitter card, and
 * schema.org NewsArticle as JSON-LD (built here, escaped for a <script>).
 */
static void
sharing(struct request *req, struct view *v, const struct article *a,
    const char *path, const char *description, const struct tag *tags,
    size_t ntags)
{
	struct view *og = view_object(v, "og_article"), *t;
	struct buf   b;
	char        *image = NULL;

	if (a->s.image_url != NULL &&
	    (image = arena_alloc(req->arena,
	         strlen(config.base_url) + strlen(a->s.image_url) + 1)) != NULL)
		sprintf(image, "%s%s",
		    a->s.image_url[0] == '/' ? config.base_url : "",
		    a->s.image_url);
	view_text(og, "og_image", image);
	view_text(og, "og_image_alt",
	    a->s.image_caption != NULL ? a->s.image_caption : a->s.title);
	view_text(og, "published_iso", a->s.published_at);
	view_text(og, "modified_iso", a->updated_at);
	view_text(og, "section_name", a->s.section_name);
	for (size_t i = 0; i < ntags; i++) {
		t = view_append(og, "og_tags");
		view_text(t, "name", tags[i].name);
	}
	buf_init(&b);
	buf_puts(&b,
	    "<script type=\"application/ld+json\">{\"@context\":"
	    "\"https://schema.org\",\"@type\":\"NewsArticle\"");
	json_field(&b, "headline", a->s.title, true);
	json_field(&b, "description", description, true);
	json_field(&b, "datePublished", a->s.published_at, true);
	json_field(&b, "dateModified", a->updated_at, true);
	json_field(&b, "articleSection", a->s.section_name, true);
	json_field(&b, "inLanguage", "vi", true);
	if (image != NULL) {
		buf_puts(&b, ",\"image\":[\"");
		json_escape(&b, image, strlen(image));
		buf_puts(&b, "\"]");
	}
	buf_puts(&b, ",\"mainEntityOfPage\":\"");
	json_escape(&b, config.base_url, strlen(config.base_url));
	json_escape(&b, path, strlen(path));
	buf_putc(&b, '"');
	if (a->author != NULL) {
		buf_puts(&b, ",\"author\":{\"@type\":\"Person\"");
		json_field(&b, "name", a->author, true);
		buf_putc(&b, '}');
	}
	buf_puts(&b, ",\"publisher\":{\"@type\":\"Organization\"");
	json_field(&b, "name", config.site_name, true);
	buf_puts(&b, "}}</script>");
	if (!buf_failed(&b))
		view_html(og, "json_ld", b.data, b.len);
	buf_free(&b);
}

/*
 * Each section's RELATED + 1 newest visible articles, kept while the
 * content version holds: an article's related stories are these less
 * itself, as the query with "id <> :id" answers.  Their query was 15 %
 * of a render, the same answer for nearly every article of a section.
 */
struct kept_section {
	int64_t          section;
	struct summaries list;
};

static struct {
	uint64_t             version;
	bool                 valid;
	struct arena         arena; /* the summaries' strings */
	struct kept_section *sections;
	size_t               n, cap;
} newest;

void
page_article_shutdown(void)
{
	arena_free(&newest.arena);
	free(newest.sections);
	memset(&newest, 0, sizeof(newest));
}

static enum st
section_newest(struct request *req, int64_t section,
    const struct summaries **out)
{
	uint64_t         version = pages_content_version(req);
	struct summaries list;
	enum st          st;

	if (!newest.valid || newest.version != version) {
		page_article_shutdown();
		newest.version = version;
		newest.valid = true;
	}
	for (size_t i = 0; i < newest.n; i++)
		if (newest.sections[i].section == section) {
			*out = &newest.sections[i].list;
			return ST_OK;
		}
	if (newest.n == newest.cap) {
		size_t               cap = newest.cap ? 2 * newest.cap : 16;
		struct kept_section *p =
		    realloc(newest.sections, cap * sizeof(*p));

		if (p == NULL)
			return ST_NOMEM;
		newest.sections = p;
		newest.cap = cap;
	}
	if ((st = store_related(&newest.arena, req->now_iso, section, 0,
	         RELATED + 1, &list)) != ST_OK)
		return st;
	newest.sections[newest.n] = (struct kept_section){ section, list };
	*out = &newest.sections[newest.n++].list;
	return ST_OK;
}

/* Up to RELATED of the section's newest, but the article itself; the
 * summaries' strings stay the cache's, unchanged until a later request. */
static enum st
related_to(struct request *req, const struct article *a, struct summaries *out)
{
	const struct summaries *near;
	enum st                 st;

	out->n = 0;
	if ((st = section_newest(req, a->section_id, &near)) != ST_OK)
		return st;
	if ((out->items = arena_alloc(req->arena,
	         RELATED * sizeof(*out->items))) == NULL)
		return ST_NOMEM;
	for (size_t i = 0; i < near->n && out->n < RELATED; i++)
		if (near->items[i].id != a->s.id)
			out->items[out->n++] = near->items[i];
	return ST_OK;
}

int
page_article(struct request *req, struct response *resp)
{
	struct article   a;
	struct summaries related;
	struct tag      *tags;
	struct shown     shown = { .n = 0 };
	struct view     *v, *art, *item;
	const char      *path;
	char             when[96], *desc;
	size_t           ntags;
	int64_t          t;
	bool             failed = false;
	enum st          st;

	if ((st = store_article(req->arena, req->now_iso, req->args.id, &a)) !=
	    ST_OK)
		return http_status_of(st);
	if ((path = page_article_path(req, a.s.section_slug, a.s.slug,
	         a.s.id)) == NULL)
		return req_fail(req, "out of memory");
	if (strcmp(req->path, path) != 0)
		return page_redirect(req, resp, path);
	if ((st = store_article_tags(req->arena, a.s.id, &tags, &ntags)) !=
	        ST_OK ||
	    (st = related_to(req, &a, &related)) != ST_OK)
		return http_status_of(st);

	shown_add(&shown, a.s.id);
	for (size_t i = 0; i < related.n; i++)
		shown_add(&shown, related.items[i].id);
	if ((v = page_view_shown(req, &failed, path, a.s.title,
	         a.s.section_slug, &shown)) == NULL)
		return req_fail(req, "out of memory");
	desc =
	    text_truncate_words(a.s.lead, strlen(a.s.lead), DESCRIPTION_CHARS);
	view_text(v, "description", desc);
	sharing(req, v, &a, path, desc, tags, ntags);
	free(desc);
	item = view_append(v, "breadcrumb");
	view_text(item, "name", a.s.section_name);
	view_text(item, "url", page_section_path(req, a.s.section_slug));

	art = view_object(v, "article");
	page_summary(req, art, &a.s);
	view_text(art, "author", a.author);
	view_text(art, "source", a.source);
	if (strcmp(a.updated_at, a.s.published_at) > 0 &&
	    text_parse_utc(a.updated_at, &t) == 0 &&
	    text_format_datetime(when, sizeof(when), t) > 0) {
		view_text(art, "updated", when);
		view_text(art, "updated_iso", a.updated_at);
	}
	body_html(art, &a);
	live_parts(v, art, &a);
	for (size_t i = 0; i < ntags; i++) {
		item = view_append(art, "tags");
		view_text(item, "name", tags[i].name);
		view_text(item, "slug", tags[i].slug);
	}
	page_summaries(req, v, "related", &related);
	return page_render(req, resp, "article", v, failed, 200);
}
