#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/url.h"
#include "html/escape.h"
#include "html/template.h"
#include "pages/health.h"
#include "pages/page.h"
#include "store/db.h"
#include "text/text.h"

enum { MOST_READ = 8 };

/* A live fragment (the sidebar, the header's account box), told which page
 * to return to after a vote or a login. */
static void
live_include(struct view *v, const char *name, const char *fragment,
    const char *path)
{
	struct buf b;

	buf_init(&b);
	buf_printf(&b, "<!--#include virtual=\"%s?from=", fragment);
	html_url_part(&b, path, strlen(path));
	buf_puts(&b, "\" -->");
	if (!buf_failed(&b))
		view_html(v, name, b.data, b.len);
	buf_free(&b);
}

void
page_login_url(struct view *v, const char *path)
{
	struct buf b;

	buf_init(&b);
	buf_puts(&b, "/dang-nhap?next=");
	/* From the account pages themselves, come back home afterwards. */
	if (strcmp(path, "/dang-nhap") == 0 || strcmp(path, "/dang-xuat") == 0)
		path = "/";
	html_url_part(&b, path, strlen(path));
	if (!buf_failed(&b))
		view_text(v, "login_url", buf_cstr(&b));
	buf_free(&b);
}

static struct template_set *templates;
static uint64_t template_generation;

/* When the next scheduled article goes live, cached pages are stale. */
static struct {
	uint64_t	db_version;
	char		next[24];	/* "" when nothing is scheduled */
	uint64_t	passed;		/* how many times a schedule came due */
} schedule;

/* GET /tag/{slug}/: 301 to the tag's page, /tag/{slug}, as /{section}
 * is sent to /{section}/; 404 for an unknown tag. */
static int
page_tag_slash(struct request *req, struct response *resp)
{
	struct tag	 t;
	char		*path;
	int		 rc;

	if ((rc = store_tag(req->arena, req->args.slug[0], &t)) != 0)
		return rc;
	if ((path = arena_alloc(req->arena, strlen(t.slug) + 6)) == NULL)
		return 500;
	sprintf(path, "/tag/%s", t.slug);
	return page_redirect(req, resp, path);
}

static const struct route routes[] = {
	{ METHOD_GET, "/", page_home, 0, true },
	{ METHOD_GET, "/rss.xml", page_feed_site, 0, true },
	{ METHOD_GET, "/atom.xml", page_feed_site, 0, true },
	{ METHOD_GET, "/sitemap.xml", page_sitemap, 0, true },
	{ METHOD_GET, "/sitemap/{id}", page_sitemap_part, 0, true },
	/* Its window moves with the clock, not with the content. */
	{ METHOD_GET, "/sitemap-news.xml", page_sitemap_news, 0, false },
	{ METHOD_GET, "/robots.txt", page_robots, 0, true },
	{ METHOD_GET, "/healthz", page_health, 0, false },
	{ METHOD_GET, "/tag/{slug}/rss.xml", page_feed_tag, 0, true },
	{ METHOD_GET, "/tag/{slug}/atom.xml", page_feed_tag, 0, true },
	{ METHOD_GET, "/tag/{slug}", page_tag, PARAM_BIT(PARAM_PAGE), true },
	{ METHOD_GET, "/tag/{slug}/", page_tag_slash, 0, true },
	{ METHOD_GET, "/binh-chon/", page_polls, PARAM_BIT(PARAM_PAGE), false },
	{ METHOD_GET, "/tim-kiem", page_search, PARAM_BIT(PARAM_Q) |
	    PARAM_BIT(PARAM_SORT) | PARAM_BIT(PARAM_PAGE), false },
	{ METHOD_GET, "/binh-chon/{id}", page_poll, 0, false },
	{ METHOD_GET, "/{slug}/rss.xml", page_feed_section, 0, true },
	{ METHOD_GET, "/{slug}/atom.xml", page_feed_section, 0, true },
	{ METHOD_GET, "/{slug}/", page_section, PARAM_BIT(PARAM_PAGE), true },
	{ METHOD_GET, "/{slug}", page_section_slash, 0, true },
	{ METHOD_GET, "/{slug}/{article}", page_article, 0, true },
	{ METHOD_GET, "/{article}", page_article, 0, true },
};

void
page_templates_refresh(void)
{
	if (template_refresh(&templates))
		template_generation++;
}

int
page_template_render(const char *name, struct view *v, struct buf *out)
{
	return template_render(templates, name, v, out);
}

static int
pages_begin(struct request *req)
{
	page_templates_refresh();
	/* /healthz reports an outage itself, in JSON. */
	if (strcmp(req->path, "/healthz") == 0)
		return 0;
	return db_begin_request() == 0 ? 0 : 503;
}

static void
pages_end(struct request *req)
{
	(void)req;
	db_end_request();
}

static void
find_next_scheduled(struct request *req)
{
	/* On a failure, "now" makes the next request look again. */
	if (store_next_scheduled(req->now_iso, schedule.next) > 404)
		memcpy(schedule.next, req->now_iso, sizeof(schedule.next));
}

static uint64_t
pages_version(struct request *req)
{
	uint64_t v = db_version();

	if (v != schedule.db_version) {
		schedule.db_version = v;
		find_next_scheduled(req);
	} else if (schedule.next[0] != '\0' &&
	    strcmp(req->now_iso, schedule.next) >= 0) {
		schedule.passed++;
		find_next_scheduled(req);
	}
	return v ^ template_generation << 52 ^ schedule.passed << 32;
}

const struct app pages_app = {
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
	.begin = pages_begin,
	.end = pages_end,
	.content_version = pages_version,
	.error = page_error,
};

int
pages_init(void)
{
	char dir[1100];

	if (templates != NULL)
		return 0;	/* the dev server runs both apps in one process */
	if (text_init() == -1)
		return -1;
	snprintf(dir, sizeof(dir), "%s/templates", config.www_dir);
	if ((templates = template_load(dir)) == NULL) {
		text_shutdown();
		return -1;
	}
	return 0;
}

void
pages_shutdown(void)
{
	db_close();
	template_free(templates);
	templates = NULL;
	text_shutdown();
}

struct view *
page_view(struct request *req, bool *failed, const char *path,
    const char *title, const char *current)
{
	struct view	*v, *item;
	struct section	*sections;
	struct summaries most_read;
	size_t		 n;
	char		*canonical;

	if ((v = view_new(req->arena, failed)) == NULL)
		return NULL;
	view_text(v, "site_name", config.site_name);
	/* Uncached parts, answered by the live handler (nginx SSI). */
	live_include(v, "live_widgets", "/live/widgets", path);
	live_include(v, "live_account", "/live/account", path);
	page_login_url(v, path);
	view_text(v, "hit_url", "/live/hit");
	view_text(v, "title", title);
	if ((canonical = arena_alloc(req->arena, strlen(config.base_url) +
	    strlen(path) + 1)) != NULL) {
		sprintf(canonical, "%s%s", config.base_url, path);
		view_text(v, "canonical", canonical);
	}
	/* Without sections (store down) the page still renders. */
	if (!db_is_open() || store_sections(req->arena, &sections, &n) != 0)
		n = 0;
	for (size_t i = 0; i < n; i++) {
		item = view_append(v, "nav");
		view_text(item, "name", sections[i].name);
		view_text(item, "url", page_section_path(req, sections[i].slug));
		view_bool(item, "current", current != NULL &&
		    strcmp(current, sections[i].slug) == 0);
	}
	if (db_is_open() && store_most_read(req->arena, req->now_iso,
	    MOST_READ, &most_read) == 0)
		page_summaries(req, v, "most_read", &most_read);
	return v;
}

static void
page_headers(const struct request *req, struct response *resp, int status)
{
	response_header(resp, "Content-Type", "text/html; charset=utf-8");
	response_header(resp, "Cache-Control",
	    status >= 400 || req->private_page ? "no-store" :
	    req->cacheable ? "public, max-age=60" : "no-cache");
	/* nginx's microcache ignores Cache-Control; this it obeys. */
	if (!req->cacheable)
		response_header(resp, "X-Accel-Expires", "0");
	response_header(resp, "X-Content-Type-Options", "nosniff");
	response_header(resp, "Referrer-Policy", "strict-origin-when-cross-origin");
	response_header(resp, "Content-Security-Policy", "default-src 'self'; "
	    "img-src 'self' https: data:; object-src 'none'; base-uri 'none'; "
	    "frame-ancestors 'none'; form-action 'self'");
}

int
page_render(struct request *req, struct response *resp, const char *name,
    struct view *v, bool failed, int status)
{
	if (v == NULL || failed ||
	    template_render(templates, name, v, &resp->body) == -1)
		return 500;
	resp->status = status;
	page_headers(req, resp, status);
	return 0;
}

int
page_redirect(struct request *req, struct response *resp, const char *path)
{
	char *url = arena_alloc(req->arena, strlen(config.base_url) + strlen(path) + 1);

	if (url == NULL)
		return 500;
	sprintf(url, "%s%s", config.base_url, path);
	resp->status = 301;
	response_header(resp, "Location", url);
	response_header(resp, "Content-Type", "text/html; charset=utf-8");
	response_header(resp, "Cache-Control", "public, max-age=3600");
	buf_puts(&resp->body, "<!DOCTYPE html><title>301</title><a href=\"");
	html_escape(&resp->body, url, strlen(url));
	buf_puts(&resp->body, "\">Moved</a>\n");
	return 0;
}

const char *
page_article_path(struct request *req, const char *section, const char *slug,
    int64_t id)
{
	size_t	 n = strlen(section) + strlen(slug) + 32;
	char	*p = arena_alloc(req->arena, n);

	if (p != NULL)
		snprintf(p, n, "/%s/%s-%" PRId64 ".htm", section, slug, id);
	return p;
}

const char *
page_section_path(struct request *req, const char *section)
{
	size_t	 n = strlen(section) + 3;
	char	*p = arena_alloc(req->arena, n);

	if (p != NULL)
		snprintf(p, n, "/%s/", section);
	return p;
}

void
page_summary(struct request *req, struct view *item, const struct summary *s)
{
	char	 text[96], *lead;
	int64_t	 t;

	view_int(item, "id", s->id);
	view_text(item, "title", s->title);
	view_text(item, "url", page_article_path(req, s->section_slug, s->slug, s->id));
	view_text(item, "lead", s->lead);
	if ((lead = text_truncate_words(s->lead, strlen(s->lead), 160)) != NULL) {
		view_text(item, "lead_short", lead);
		free(lead);
	}
	view_text(item, "image_url", s->image_url);
	view_text(item, "image_caption", s->image_caption != NULL ?
	    s->image_caption : s->title);
	view_text(item, "section_name", s->section_name);
	view_text(item, "section_url", page_section_path(req, s->section_slug));
	view_text(item, "datetime_iso", s->published_at);
	if (text_parse_utc(s->published_at, &t) == 0) {
		if (text_format_datetime(text, sizeof(text), t) > 0)
			view_text(item, "datetime", text);
		if (text_format_date(text, sizeof(text), t) > 0)
			view_text(item, "date", text);
	}
	if (text_format_count(text, sizeof(text), s->view_count) > 0)
		view_text(item, "views", text);
}

void
page_summaries(struct request *req, struct view *v, const char *name,
    const struct summaries *list)
{
	for (size_t i = 0; i < list->n; i++)
		page_summary(req, view_append(v, name), &list->items[i]);
}

void
page_pagination(struct view *v, const char *path, int64_t current, int64_t total)
{
	struct view	*p;
	char		 url[4096];
	const char	*sep = strchr(path, '?') != NULL ? "&" : "?";
	int64_t		 from, to;

	if (total <= 1)
		return;
	view_bool(v, "paginated", true);
	from = current - 3 > 1 ? current - 3 : 1;
	to = from + 6 < total ? from + 6 : total;
	if (to - 6 >= 1 && to - from < 6)
		from = to - 6;
	for (int64_t i = from; i <= to; i++) {
		p = view_append(v, "pages");
		if (i == 1)
			snprintf(url, sizeof(url), "%s", path);
		else
			snprintf(url, sizeof(url), "%s%spage=%" PRId64, path, sep, i);
		view_text(p, "url", url);
		view_int(p, "number", i);
		view_bool(p, "current", i == current);
	}
	if (current == 2)
		view_text(v, "prev_url", path);
	else if (current > 2) {
		snprintf(url, sizeof(url), "%s%spage=%" PRId64, path, sep, current - 1);
		view_text(v, "prev_url", url);
	}
	if (current < total) {
		snprintf(url, sizeof(url), "%s%spage=%" PRId64, path, sep, current + 1);
		view_text(v, "next_url", url);
	}
}
