/*
 * Feeds and sitemaps: machine-readable pages, cached like the others.
 *
 * GET /rss.xml, /atom.xml                     the 20 newest articles
 * GET /<section>/rss.xml, /<section>/atom.xml the section's 20 newest
 * GET /tag/<slug>/rss.xml, /tag/<slug>/atom.xml  the tag's 20 newest
 * GET /sitemap.xml       every visible article (an index of
 *                        /sitemap/<n> pages past 50 000 URLs)
 * GET /sitemap/<n>       page n of an index
 * GET /sitemap-news.xml  Google News: the last 48 hours
 * GET /robots.txt        pointing to the sitemaps
 * Inputs: the path.  Effects: none (read-only).  200; 404 for an unknown
 * section, tag or sitemap page.  Every URL is absolute, from the
 * configured base URL.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/config.h"
#include "html/escape.h"
#include "pages/page.h"
#include "text/text.h"

enum {
	FEED_ITEMS = 20,
	SITEMAP_URLS = 50000,
	NEWS_HOURS = 48,
	NEWS_MAX = 1000,
};

enum feed_kind { FEED_RSS, FEED_ATOM };

static const char *
absolute(struct request *req, const char *path)
{
	char *url =
	    arena_alloc(req->arena, strlen(config.base_url) + strlen(path) + 1);

	if (url != NULL)
		sprintf(url, "%s%s", config.base_url, path);
	return url;
}

/* "Tue, 03 Nov 2020 07:30:00 +0000" (RFC 822, as RSS 2.0 wants). */
static void
rfc822(struct view *v, const char *name, const char *iso)
{
	char      text[40];
	int64_t   t;
	struct tm tm;

	if (text_parse_utc(iso, &t) != 0)
		return;
	gmtime_r(&(time_t){ (time_t)t }, &tm);
	/* The C locale, which bantin never changes: English names. */
	strftime(text, sizeof(text), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	view_text(v, name, text);
}

static int
render_xml(struct request *req, struct response *resp, const char *name,
    struct view *v, bool failed, const char *type)
{
	int rc = page_render(req, resp, name, v, failed, 200);

	if (rc == 0) {
		/* page_render said text/html; a feed is not. */
		buf_reset(&resp->headers);
		response_header(resp, "Content-Type", type);
		response_header(resp, "Cache-Control", "public, max-age=300");
		response_header(resp, "X-Content-Type-Options", "nosniff");
	}
	return rc;
}

static int
feed(struct request *req, struct response *resp, enum feed_kind kind,
    const char *title, const char *page_path, const char *feed_path,
    const struct summaries *items)
{
	struct view *v, *item;
	struct buf   html;
	bool         failed = false;
	int          rc;

	if ((v = view_new(req->arena, &failed)) == NULL)
		return req_fail(req, "out of memory");
	buf_init(&html);
	view_text(v, "site_name", config.site_name);
	view_text(v, "title", title);
	view_text(v, "link", absolute(req, page_path));
	view_text(v, "self", absolute(req, feed_path));
	view_text(v, "updated",
	    items->n > 0 ? items->items[0].published_at : req->now_iso);
	rfc822(v, "build_date",
	    items->n > 0 ? items->items[0].published_at : req->now_iso);
	for (size_t i = 0; i < items->n; i++) {
		const struct summary *s = &items->items[i];

		item = view_append(v, "items");
		view_text(item, "title", s->title);
		view_text(item, "link",
		    absolute(req,
		        page_article_path(req, s->section_slug, s->slug,
		            s->id)));
		view_text(item, "lead", s->lead);
		/* RSS readers take <description> as HTML: the lead is text. */
		buf_reset(&html);
		html_escape(&html, s->lead, strlen(s->lead));
		view_text(item, "description", buf_cstr(&html));
		view_text(item, "section", s->section_name);
		view_text(item, "published", s->published_at);
		rfc822(item, "pub_date", s->published_at);
	}
	failed |= buf_failed(&html);
	buf_free(&html);
	rc = kind == FEED_RSS ? render_xml(req, resp, "feed_rss", v, failed,
	                            "application/rss+xml; charset=utf-8") :
	                        render_xml(req, resp, "feed_atom", v, failed,
	                            "application/atom+xml; charset=utf-8");
	return rc;
}

static enum feed_kind
kind_of(const struct request *req)
{
	size_t n = strlen(req->path);

	return n >= 8 && strcmp(req->path + n - 8, "atom.xml") == 0 ?
	    FEED_ATOM :
	    FEED_RSS;
}

int
page_feed_site(struct request *req, struct response *resp)
{
	struct summaries items;
	enum feed_kind   k = kind_of(req);
	char             title[200];
	enum st          st;

	if ((st = store_latest(req->arena, req->now_iso, 0, FEED_ITEMS, 0,
	         &items)) != ST_OK)
		return http_status_of(st);
	snprintf(title, sizeof(title), "%s – Tin mới", config.site_name);
	return feed(req, resp, k, title, "/",
	    k == FEED_RSS ? "/rss.xml" : "/atom.xml", &items);
}

int
page_feed_section(struct request *req, struct response *resp)
{
	struct summaries items;
	struct section   s;
	char             title[300];
	enum st          st;

	if ((st = store_section(req->arena, req->args.slug[0], &s)) != ST_OK ||
	    (st = store_latest(req->arena, req->now_iso, s.id, FEED_ITEMS, 0,
	         &items)) != ST_OK)
		return http_status_of(st);
	snprintf(title, sizeof(title), "%s – %s", config.site_name, s.name);
	return feed(req, resp, kind_of(req), title,
	    page_section_path(req, s.slug), req->path, &items);
}

int
page_feed_tag(struct request *req, struct response *resp)
{
	struct summaries items;
	struct tag       t;
	char             title[300], path[100];
	enum st          st;

	if ((st = store_tag(req->arena, req->args.slug[0], &t)) != ST_OK ||
	    (st = store_tagged(req->arena, req->now_iso, t.id, FEED_ITEMS, 0,
	         &items)) != ST_OK)
		return http_status_of(st);
	snprintf(title, sizeof(title), "%s – Chủ đề: %s", config.site_name,
	    t.name);
	snprintf(path, sizeof(path), "/tag/%s", t.slug);
	return feed(req, resp, kind_of(req), title, path, req->path, &items);
}

/* One page of article URLs; page 0 also lists the home and sections. */
static int
sitemap_page(struct request *req, struct response *resp, int64_t page)
{
	struct locator *l;
	struct section *sections;
	struct view    *v, *u;
	size_t          n, nsec;
	bool            failed = false;
	enum st         st;

	if ((st = store_locators(req->arena, req->now_iso, SITEMAP_URLS,
	         page * SITEMAP_URLS, &l, &n)) != ST_OK)
		return http_status_of(st);
	if (page > 0 && n == 0)
		return 404;
	if ((v = view_new(req->arena, &failed)) == NULL)
		return req_fail(req, "out of memory");
	if (page == 0) {
		if ((st = store_sections(req->arena, &sections, &nsec)) !=
		    ST_OK)
			return http_status_of(st);
		view_text(view_append(v, "urls"), "loc", absolute(req, "/"));
		for (size_t i = 0; i < nsec; i++)
			view_text(view_append(v, "urls"), "loc",
			    absolute(req,
			        page_section_path(req, sections[i].slug)));
	}
	for (size_t i = 0; i < n; i++) {
		u = view_append(v, "urls");
		view_text(u, "loc",
		    absolute(req,
		        page_article_path(req, l[i].section_slug, l[i].slug,
		            l[i].id)));
		view_text(u, "lastmod", l[i].updated_at);
	}
	return render_xml(req, resp, "sitemap", v, failed,
	    "application/xml; charset=utf-8");
}

int
page_sitemap(struct request *req, struct response *resp)
{
	struct view *v;
	int64_t      count, pages;
	char         path[48];
	bool         failed = false;
	enum st      st;

	if ((st = store_count(req->now_iso, 0, 0, &count)) != ST_OK)
		return http_status_of(st);
	if (count <= SITEMAP_URLS - 100) /* room for the sections */
		return sitemap_page(req, resp, 0);
	if ((v = view_new(req->arena, &failed)) == NULL)
		return req_fail(req, "out of memory");
	pages = (count + SITEMAP_URLS - 1) / SITEMAP_URLS;
	for (int64_t i = 1; i <= pages; i++) {
		snprintf(path, sizeof(path), "/sitemap/%lld", (long long)i);
		view_text(view_append(v, "sitemaps"), "loc",
		    absolute(req, path));
	}
	return render_xml(req, resp, "sitemap_index", v, failed,
	    "application/xml; charset=utf-8");
}

int
page_sitemap_part(struct request *req, struct response *resp)
{
	return sitemap_page(req, resp, req->args.id - 1);
}

int
page_sitemap_news(struct request *req, struct response *resp)
{
	struct summaries items;
	struct view     *v, *item;
	char             since[24];
	struct tm        tm;
	bool             failed = false;
	enum st          st;

	gmtime_r(&(time_t){ (time_t)(req->now - NEWS_HOURS * 3600) }, &tm);
	strftime(since, sizeof(since), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if ((st = store_since(req->arena, req->now_iso, since, NEWS_MAX,
	         &items)) != ST_OK)
		return http_status_of(st);
	if ((v = view_new(req->arena, &failed)) == NULL)
		return req_fail(req, "out of memory");
	view_text(v, "site_name", config.site_name);
	for (size_t i = 0; i < items.n; i++) {
		const struct summary *s = &items.items[i];

		item = view_append(v, "items");
		view_text(item, "loc",
		    absolute(req,
		        page_article_path(req, s->section_slug, s->slug,
		            s->id)));
		view_text(item, "title", s->title);
		view_text(item, "published", s->published_at);
	}
	return render_xml(req, resp, "sitemap_news", v, failed,
	    "application/xml; charset=utf-8");
}

int
page_robots(struct request *req, struct response *resp)
{
	(void)req;
	response_header(resp, "Content-Type", "text/plain; charset=utf-8");
	response_header(resp, "Cache-Control", "public, max-age=3600");
	buf_printf(&resp->body,
	    "User-agent: *\nDisallow: /live/\n"
	    "Disallow: /dang-nhap\nDisallow: /dang-xuat\n"
	    "Disallow: /tim-kiem\n\nSitemap: %s/sitemap.xml\n"
	    "Sitemap: %s/sitemap-news.xml\n",
	    config.base_url, config.base_url);
	return 0;
}
