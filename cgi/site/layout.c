#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "core/url.h"
#include "html/escape.h"
#include "html/template.h"
#include "site/site.h"
#include "store/db.h"
#include "text/text.h"

/* The decimal digits of n at out (room for 21 bytes), NUL-terminated;
 * their count.  snprintf() was a tenth of a render. */
static size_t
decimal(char *out, int64_t n)
{
	char     tmp[20];
	uint64_t u = n < 0 ? -(uint64_t)n : (uint64_t)n;
	size_t   i = 0, len = 0;

	do
		tmp[i++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (n < 0)
		out[len++] = '-';
	while (i > 0)
		out[len++] = tmp[--i];
	out[len] = '\0';
	return len;
}

/* A live fragment, included by the web server (nginx SSI, Apache
 * mod_include, the dev server) on every response, cached or not.  `from`
 * (or NULL) is the page to come back to after a vote or a login. */
static void
live_include(struct view *v, const char *name, const char *fragment,
    const char *from)
{
	struct buf b;

	buf_init(&b);
	buf_puts(&b, "<!--#include virtual=\"");
	buf_puts(&b, fragment);
	if (from != NULL) {
		buf_puts(&b, "?from=");
		html_url_part(&b, from, strlen(from));
	}
	buf_puts(&b, "\" -->");
	if (!buf_failed(&b))
		view_html(v, name, b.data, b.len);
	buf_free(&b);
}

void
page_live_include(struct view *v, const char *name, const char *fragment,
    const char *key, int64_t id)
{
	char target[128];

	snprintf(target, sizeof(target), "%s?%s=%lld", fragment, key,
	    (long long)id);
	live_include(v, name, target, NULL);
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
static uint64_t             template_generation;

/* The navigation's sections and their paths, read once per content
 * version (db_version(): the schema's triggers bump it when a section
 * changes). */
static struct {
	struct arena    arena;
	uint64_t        version;
	bool            read;
	struct section *list;
	const char    **paths;
	size_t          n;
} nav;

int
site_init(void)
{
	char dir[1100];

	/* The dev server runs both apps in one process. */
	if (templates != NULL)
		return 0;
	if (text_init() == -1)
		return -1;
	snprintf(dir, sizeof(dir), "%s/templates", config.www_dir);
	if ((templates = template_load(dir, config.templates_dir)) == NULL) {
		text_shutdown();
		return -1;
	}
	return 0;
}

void
site_shutdown(void)
{
	if (templates == NULL)
		return;
	db_close();
	arena_free(&nav.arena);
	nav.read = false;
	template_free(templates);
	templates = NULL;
	text_shutdown();
}

void
site_templates_refresh(void)
{
	bool changed = template_refresh(&templates);

	/* The pages name the static files by their bytes. */
	if (page_assets_refresh())
		changed = true;
	if (changed)
		template_generation++;
}

uint64_t
site_templates_generation(void)
{
	return template_generation;
}

int
site_template_render(const char *name, struct view *v, struct buf *out)
{
	return template_render(templates, name, v, out);
}

void
shown_add(struct shown *shown, int64_t id)
{
	if (shown->n < SHOWN_MAX && !shown_has(shown, id))
		shown->id[shown->n++] = id;
}

bool
shown_has(const struct shown *shown, int64_t id)
{
	for (size_t i = 0; i < shown->n; i++)
		if (shown->id[i] == id)
			return true;
	return false;
}

/* The agency's masthead: the settings, and today's date line. */
static void
masthead(struct request *req, struct view *v)
{
	char  day[64];
	char *mailto;

	view_text(v, "site_name", config.site_name);
	view_text(v, "tagline", config.tagline);
	if (text_format_day(day, sizeof(day), req->now) > 0)
		view_text(v, "date_line", day);
	view_text(v, "agency", config.agency);
	view_text(v, "licence", config.licence);
	view_text(v, "responsible", config.responsible);
	view_text(v, "address", config.address);
	view_text(v, "telephone", config.telephone);
	view_text(v, "email", config.email);
	if ((mailto = arena_alloc(req->arena, strlen(config.email) + 8)) !=
	    NULL) {
		sprintf(mailto, "mailto:%s", config.email);
		view_text(v, "email_url", mailto);
	}
}

/* The most-read box: a live include (the figures are live), told which
 * stories the page already shows so that it leaves them out. */
static void
most_read(struct view *v, const struct shown *shown)
{
	struct buf b;
	char       id[21];

	buf_init(&b);
	buf_puts(&b, "/live/most-read");
	for (size_t i = 0; i < shown->n; i++) {
		buf_puts(&b, i == 0 ? "?shown=" : "-");
		buf_append(&b, id, decimal(id, shown->id[i]));
	}
	if (!buf_failed(&b))
		live_include(v, "live_most_read", buf_cstr(&b), NULL);
	buf_free(&b);
}

struct view *
page_view(struct request *req, bool *failed, const char *path,
    const char *title, const char *current)
{
	static const struct shown none;

	return page_view_shown(req, failed, path, title, current, &none);
}

static enum st
nav_sections(void)
{
	enum st st;

	if (nav.read && nav.version == db_version())
		return ST_OK;
	arena_free(&nav.arena);
	nav.read = false;
	nav.version = db_version();
	if ((st = store_sections(&nav.arena, &nav.list, &nav.n)) != ST_OK)
		return st;
	if ((nav.paths = arena_alloc(&nav.arena,
	         (nav.n + 1) * sizeof(*nav.paths))) == NULL)
		return ST_NOMEM;
	for (size_t i = 0; i < nav.n; i++) {
		char *p = arena_alloc(&nav.arena, strlen(nav.list[i].slug) + 3);

		if (p == NULL)
			return ST_NOMEM;
		sprintf(p, "/%s/", nav.list[i].slug);
		nav.paths[i] = p;
	}
	nav.read = true;
	return ST_OK;
}

struct view *
page_view_shown(struct request *req, bool *failed, const char *path,
    const char *title, const char *current, const struct shown *shown)
{
	struct view *v, *item;
	char        *canonical;
	enum st      st;

	if ((v = view_new(req->arena, failed)) == NULL)
		return NULL;
	masthead(req, v);
	page_assets_view(v);
	/* Uncached parts, answered by the live handler (nginx SSI). */
	live_include(v, "live_widgets", "/live/widgets", NULL);
	live_include(v, "live_account", "/live/account", path);
	most_read(v, shown);
	page_login_url(v, path);
	view_text(v, "hit_url", "/live/hit");
	view_text(v, "title", title);
	if ((canonical = arena_alloc(req->arena,
	         strlen(config.base_url) + strlen(path) + 1)) != NULL) {
		sprintf(canonical, "%s%s", config.base_url, path);
		view_text(v, "canonical", canonical);
	}
	/* Without the store (down, busy) the page still renders, without
	 * these parts; a bug in their queries fails it, loudly. */
	st = db_is_open() ? nav_sections() : ST_DOWN;
	if (st == ST_BUG || st == ST_NOMEM)
		*failed = true;
	for (size_t i = 0; st == ST_OK && i < nav.n; i++) {
		item = view_append(v, "nav");
		view_text(item, "name", nav.list[i].name);
		view_text(item, "url", nav.paths[i]);
		view_bool(item, "current",
		    current != NULL && strcmp(current, nav.list[i].slug) == 0);
	}
	return v;
}

#define CSP(img) \
	"default-src 'self'; img-src 'self' " img " data:; " \
	"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; " \
	"form-action 'self'"

static void
page_headers(const struct request *req, struct response *resp, int status)
{
	response_header(resp, "Content-Type", "text/html; charset=utf-8");
	response_header(resp, "Cache-Control",
	    status >= 400 || req->private_page ? "no-store" :
	        req->cacheable                 ? "public, max-age=60" :
	                                         "no-cache");
	/* nginx's microcache ignores Cache-Control; this it obeys. */
	if (!req->cacheable)
		response_header(resp, "X-Accel-Expires", "0");
	response_header(resp, "X-Content-Type-Options", "nosniff");
	response_header(resp, "Referrer-Policy",
	    "strict-origin-when-cross-origin");
	/* An http site may show http pictures: not mixed content there. */
	response_header(resp, "Content-Security-Policy",
	    strncmp(config.base_url, "https:", 6) == 0 ? CSP("https:") :
	                                                 CSP("http: https:"));
}

int
page_render(struct request *req, struct response *resp, const char *name,
    struct view *v, bool failed, int status)
{
	if (v == NULL || failed)
		return req_fail(req, "cannot build the view of %s", name);
	if (template_render(templates, name, v, &resp->body) == -1)
		return req_fail(req, "cannot render template %s", name);
	resp->status = status;
	page_headers(req, resp, status);
	return 0;
}

int
page_redirect(struct request *req, struct response *resp, const char *path)
{
	char *url =
	    arena_alloc(req->arena, strlen(config.base_url) + strlen(path) + 1);

	if (url == NULL)
		return req_fail(req, "out of memory");
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
	size_t ns = strlen(section), nl = strlen(slug), at;
	char  *p = arena_alloc(req->arena, ns + nl + 32);

	if (p == NULL)
		return NULL;
	p[0] = '/';
	memcpy(p + 1, section, ns);
	p[ns + 1] = '/';
	memcpy(p + ns + 2, slug, nl);
	p[ns + nl + 2] = '-';
	at = ns + nl + 3;
	at += decimal(p + at, id);
	memcpy(p + at, ".htm", sizeof(".htm"));
	return p;
}

const char *
page_section_path(struct request *req, const char *section)
{
	size_t n = strlen(section);
	char  *p = arena_alloc(req->arena, n + 3);

	if (p != NULL) {
		p[0] = '/';
		memcpy(p + 1, section, n);
		memcpy(p + n + 1, "/", 2);
	}
	return p;
}

/* Appends "<url's first stem bytes>-<width><ext>" to b. */
static void
variant(struct buf *b, const char *url, size_t stem, long width,
    const char *ext)
{
	char num[21];

	buf_append(b, url, stem);
	buf_putc(b, '-');
	buf_append(b, num, decimal(num, width));
	buf_puts(b, ext);
}

/*
 * "picture" of item when its image_url is a picture of `bantin-admin
 * image add` (an images row): width and height, the WebP and JPEG srcset
 * of every width written, the smallest JPEG (cards) and the largest (src).
 * The files are <stem>-<w>.webp and .jpg for each width w of variants,
 * image_url being <stem>-<largest>.jpg.  Any other image_url stays a
 * plain <img>.
 */
static void
page_picture(struct view *item, const struct summary *s)
{
	enum { WIDTHS_MAX = 8 };
	struct view *pic;
	struct buf   webp, jpeg, small;
	const char  *p, *dash;
	char        *end, tail[32], num[21];
	long         w[WIDTHS_MAX];
	size_t       n = 0, stem;

	if (s->image_variants == NULL || s->image_url == NULL ||
	    (dash = strrchr(s->image_url, '-')) == NULL)
		return;
	for (p = s->image_variants; *p != '\0'; p = end + strspn(end, " ")) {
		if (n == WIDTHS_MAX || (w[n] = strtol(p, &end, 10)) <= 0 ||
		    (n > 0 && w[n] <= w[n - 1]))
			return;
		n++;
	}
	snprintf(tail, sizeof(tail), "-%ld.jpg", n > 0 ? w[n - 1] : 0L);
	if (n == 0 || strcmp(dash, tail) != 0)
		return;
	stem = (size_t)(dash - s->image_url);
	buf_init(&webp);
	buf_init(&jpeg);
	buf_init(&small);
	/* Appended, not printf'd: a page shows a dozen pictures or more. */
	for (size_t i = 0; i < n; i++) {
		if (i > 0) {
			buf_puts(&webp, ", ");
			buf_puts(&jpeg, ", ");
		}
		variant(&webp, s->image_url, stem, w[i], ".webp ");
		buf_append(&webp, num, decimal(num, w[i]));
		buf_putc(&webp, 'w');
		variant(&jpeg, s->image_url, stem, w[i], ".jpg ");
		buf_append(&jpeg, num, decimal(num, w[i]));
		buf_putc(&jpeg, 'w');
	}
	variant(&small, s->image_url, stem, w[0], ".jpg");
	if (!buf_failed(&webp) && !buf_failed(&jpeg) && !buf_failed(&small)) {
		pic = view_object(item, "picture");
		view_int(pic, "width", s->image_width);
		view_int(pic, "height", s->image_height);
		view_text(pic, "webp_srcset", buf_cstr(&webp));
		view_text(pic, "jpeg_srcset", buf_cstr(&jpeg));
		view_text(pic, "src", s->image_url);
		view_text(pic, "src_small", buf_cstr(&small));
	}
	buf_free(&webp);
	buf_free(&jpeg);
	buf_free(&small);
}

/*
 * The parts of a summary that cost a page the most (word-safe cutting,
 * dates and figures by ICU), made only if its template shows them: a
 * card shows the short lead and the date, a headline list neither.
 */
enum { LEAD_SHORT = 160 };

static const char *
lead_short(struct arena *a, const void *arg)
{
	const struct summary *s = arg;
	char                 *cut, *copy;

	if ((cut = text_truncate_words(s->lead, strlen(s->lead), LEAD_SHORT)) ==
	    NULL)
		return NULL;
	copy = arena_strdup(a, cut);
	free(cut);
	return copy;
}

/* The summary's publication time as text by `format`, in the arena. */
static const char *
published(struct arena *a, const struct summary *s,
    size_t (*format)(char *, size_t, int64_t))
{
	char    text[96];
	int64_t t;

	if (text_parse_utc(s->published_at, &t) != 0 ||
	    format(text, sizeof(text), t) == 0)
		return NULL;
	return arena_strdup(a, text);
}

static const char *
datetime(struct arena *a, const void *arg)
{
	return published(a, arg, text_format_datetime);
}

static const char *
date(struct arena *a, const void *arg)
{
	return published(a, arg, text_format_date);
}

void
page_summary(struct request *req, struct view *item, const struct summary *s)
{
	const char *caption;

	view_int(item, "id", s->id);
	view_text(item, "title", s->title);
	view_text(item, "url",
	    page_article_path(req, s->section_slug, s->slug, s->id));
	view_text(item, "lead", s->lead);
	view_lazy(item, "lead_short", lead_short, s);
	view_text(item, "image_url", s->image_url);
	/* The article's caption, else the picture's own.  One that only
	 * repeats the headline tells a reader nothing: then the picture has
	 * no caption and an empty alt. */
	caption = s->image_caption != NULL && *s->image_caption != '\0' ?
	    s->image_caption :
	    s->image_default_caption;
	if (caption != NULL && *caption != '\0' &&
	    strcmp(caption, s->title) != 0)
		view_text(item, "image_caption", caption);
	else
		caption = NULL;
	view_text(item, "image_credit", s->image_credit);
	view_bool(item, "figcaption",
	    caption != NULL ||
	        (s->image_credit != NULL && *s->image_credit != '\0'));
	page_picture(item, s);
	view_text(item, "section_name", s->section_name);
	view_text(item, "section_url", page_section_path(req, s->section_slug));
	view_text(item, "datetime_iso", s->published_at);
	view_lazy(item, "datetime", datetime, s);
	view_lazy(item, "date", date, s);
}

void
page_summaries(struct request *req, struct view *v, const char *name,
    const struct summaries *list)
{
	for (size_t i = 0; i < list->n; i++)
		page_summary(req, view_append(v, name), &list->items[i]);
}

void
page_pagination(struct view *v, const char *path, int64_t current,
    int64_t total)
{
	struct view *p;
	char         url[4096];
	const char  *sep = strchr(path, '?') != NULL ? "&" : "?";
	int64_t      from, to;

	if (total <= 1)
		return;
	view_bool(v, "paginated", true);
	/* Seven pages, the current one in the middle where it can be. */
	from = current - PAGES_AHEAD / 2 > 1 ? current - PAGES_AHEAD / 2 : 1;
	to = from + PAGES_AHEAD < total ? from + PAGES_AHEAD : total;
	if (to - PAGES_AHEAD >= 1 && to - from < PAGES_AHEAD)
		from = to - PAGES_AHEAD;
	for (int64_t i = from; i <= to; i++) {
		p = view_append(v, "pages");
		if (i == 1)
			snprintf(url, sizeof(url), "%s", path);
		else
			snprintf(url, sizeof(url), "%s%spage=%" PRId64, path,
			    sep, i);
		view_text(p, "url", url);
		view_int(p, "number", i);
		view_bool(p, "current", i == current);
	}
	if (current == 2)
		view_text(v, "prev_url", path);
	else if (current > 2) {
		snprintf(url, sizeof(url), "%s%spage=%" PRId64, path, sep,
		    current - 1);
		view_text(v, "prev_url", url);
	}
	if (current < total) {
		snprintf(url, sizeof(url), "%s%spage=%" PRId64, path, sep,
		    current + 1);
		view_text(v, "next_url", url);
	}
}
