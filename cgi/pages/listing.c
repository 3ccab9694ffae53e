/*
 * Paginated lists: a section and a tag.
 *
 * GET /<section>/?page=N  — the section's articles, newest first, 20 a page.
 * GET /<section>          — 301 to /<section>/ when the section exists.
 * GET /tag/<slug>?page=N  — the tag's articles, newest first, 20 a page.
 * Inputs: page (1..100000, default 1).  Effects: none (read-only).
 * 200; 404 for an unknown section or tag or a page past the last; 400 for
 * a malformed page (answered by the core); 503 when the store is down.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "pages/page.h"
#include "text/text.h"

enum { DESCRIPTION_CHARS = 160 };

struct listing {
	const char      *path; /* canonical path of page 1 */
	const char      *title;
	const char      *nav;          /* the navigation entry to mark */
	const char      *heading_kind; /* "section" or "tag" */
	const char      *kind_name; /* the same for readers: "chuyên mục" */
	const char      *feed_rss, *feed_atom;
	int64_t          count;
	struct summaries items;
};

static const char *
feed_path(struct request *req, const char *path, const char *file)
{
	char *p = arena_alloc(req->arena, strlen(path) + strlen(file) + 1);

	if (p != NULL)
		sprintf(p, "%s%s", path, file);
	return p;
}

static int64_t
page_number(const struct request *req)
{
	return req->param[PK_PAGE].present ? req->param[PK_PAGE].num : 1;
}

static int64_t
page_count(int64_t articles)
{
	return articles == 0 ? 1 : (articles + PAGE_SIZE - 1) / PAGE_SIZE;
}

/* The articles to count for page `page`: its pagination shows no page
 * further on (and a page past the last is a 404 either way), so counting
 * a section of 15 000 to show page 1 would change nothing. */
static int64_t
count_limit(int64_t page)
{
	return (page + PAGES_AHEAD) * PAGE_SIZE;
}

/* "Tin tức chuyên mục Thời sự – Bản tin, trang 2: <the first title>",
 * cut at a word: what a search engine shows under the link. */
static void
describe(struct view *v, const struct listing *l, int64_t page)
{
	struct buf b;
	char      *d;

	buf_init(&b);
	buf_printf(&b, "Tin tức %s %s – %s", l->kind_name, l->title,
	    config.site_name);
	if (page > 1)
		buf_printf(&b, ", trang %lld", (long long)page);
	if (l->items.n > 0)
		buf_printf(&b, ": %s", l->items.items[0].title);
	if (!buf_failed(&b) &&
	    (d = text_truncate_words(b.data, b.len, DESCRIPTION_CHARS)) !=
	        NULL) {
		view_text(v, "description", d);
		free(d);
	}
	buf_free(&b);
}

static int
render_listing(struct request *req, struct response *resp, struct listing *l)
{
	struct view *v, *crumb;
	int64_t      page = page_number(req), pages = page_count(l->count);
	char         title[200];
	bool         failed = false;

	if (page > 1)
		snprintf(title, sizeof(title), "%s – Trang %lld", l->title,
		    (long long)page);
	else
		snprintf(title, sizeof(title), "%s", l->title);
	if ((v = page_view(req, &failed, l->path, title, l->nav)) == NULL)
		return req_fail(req, "out of memory");
	view_text(v, "heading", l->title);
	describe(v, l, page);
	view_text(v, "feed_title", l->title);
	view_text(v, "feed_rss", l->feed_rss);
	view_text(v, "feed_atom", l->feed_atom);
	view_bool(v, l->heading_kind, true);
	crumb = view_append(v, "breadcrumb");
	view_text(crumb, "name", l->title);
	view_text(crumb, "url", l->path);
	page_summaries(req, v, "articles", &l->items);
	view_bool(v, "empty", l->items.n == 0);
	view_int(v, "page", page);
	page_pagination(v, l->path, page, pages);
	return page_render(req, resp, "listing", v, failed, 200);
}

int
page_section(struct request *req, struct response *resp)
{
	struct section s;
	struct listing l = { .heading_kind = "section",
		.kind_name = "chuyên mục" };
	int64_t        page = page_number(req);
	enum st        st;

	if ((st = store_section(req->arena, req->args.slug[0], &s)) != ST_OK ||
	    (st = store_count(req->now_iso, s.id, count_limit(page),
	         &l.count)) != ST_OK)
		return http_status_of(st);
	if (page > page_count(l.count))
		return 404;
	if ((st = store_latest(req->arena, req->now_iso, s.id, PAGE_SIZE,
	         (page - 1) * PAGE_SIZE, &l.items)) != ST_OK)
		return http_status_of(st);
	l.path = page_section_path(req, s.slug);
	l.title = s.name;
	l.feed_rss = feed_path(req, l.path, "rss.xml");
	l.feed_atom = feed_path(req, l.path, "atom.xml");
	l.nav = s.slug;
	return render_listing(req, resp, &l);
}

int
page_section_slash(struct request *req, struct response *resp)
{
	struct section s;
	enum st        st;

	if ((st = store_section(req->arena, req->args.slug[0], &s)) != ST_OK)
		return http_status_of(st);
	return page_redirect(req, resp, page_section_path(req, s.slug));
}

int
page_tag(struct request *req, struct response *resp)
{
	struct tag     t;
	struct listing l = { .heading_kind = "tag", .kind_name = "chủ đề" };
	int64_t        page = page_number(req);
	char          *path;
	enum st        st;

	if ((st = store_tag(req->arena, req->args.slug[0], &t)) != ST_OK ||
	    (st = store_count_tagged(req->now_iso, t.id, count_limit(page),
	         &l.count)) != ST_OK)
		return http_status_of(st);
	if (page > page_count(l.count))
		return 404;
	if ((st = store_tagged(req->arena, req->now_iso, t.id, PAGE_SIZE,
	         (page - 1) * PAGE_SIZE, &l.items)) != ST_OK)
		return http_status_of(st);
	if ((path = arena_alloc(req->arena, strlen(t.slug) + 6)) == NULL)
		return req_fail(req, "out of memory");
	sprintf(path, "/tag/%s", t.slug);
	l.path = path;
	l.title = t.name;
	l.feed_rss = feed_path(req, path, "/rss.xml");
	l.feed_atom = feed_path(req, path, "/atom.xml");
	return render_listing(req, resp, &l);
}
