/*
 * The page program: its keys, its routes, and the hooks around every
 * request.
 */
#include <stdio.h>
#include <string.h>

#include "pages/page.h"
#include "store/db.h"
#include "text/text.h"

static const struct param_spec keys[] = {
	[PK_PAGE] = { "page", PARAM_INT, 1, 100000, 0, true },
	/* Longer queries are cut (at a word) rather than refused. */
	[PK_Q] = { "q", PARAM_TEXT, 0, 0, 200, false },
	[PK_SORT] = { "sort", PARAM_TEXT, 0, 0, 16, true },
};

/* Cached pages are stale when the next scheduled article goes live, and
 * at midnight in Hà Nội (the masthead's date line). */
static struct {
	uint64_t db_version;
	char     next[24]; /* "" when nothing is scheduled */
	int64_t  day_ends; /* unix seconds; 0: not known yet */
	uint64_t passed;   /* how many times either came due */
} schedule;

/*
 * GET /healthz: 200 when this page worker reads the database (the same
 * check every page makes first: the file is there, opens read-only at the
 * expected schema version and answers a query), 503 otherwise.  The begin
 * hook lets this route through when the database is down, so that the
 * outage is answered here, in JSON, rather than by the HTML error page.
 */
static int
page_health(struct request *req, struct response *resp)
{
	(void)req;
	return health_respond(resp, db_begin_request() == ST_OK);
}

/* GET /tag/{slug}/: 301 to the tag's page, /tag/{slug}, as /{section}
 * is sent to /{section}/; 404 for an unknown tag. */
static int
page_tag_slash(struct request *req, struct response *resp)
{
	struct tag t;
	char      *path;
	enum st    st;

	if ((st = store_tag(req->arena, req->args.slug[0], &t)) != ST_OK)
		return http_status_of(st);
	if ((path = arena_alloc(req->arena, strlen(t.slug) + 6)) == NULL)
		return req_fail(req, "no memory for a redirect");
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
	{ METHOD_GET, "/tag/{slug}", page_tag, PARAM_BIT(PK_PAGE), true },
	{ METHOD_GET, "/tag/{slug}/", page_tag_slash, 0, true },
	{ METHOD_GET, "/binh-chon/", page_polls, PARAM_BIT(PK_PAGE), false },
	{ METHOD_GET, "/tim-kiem", page_search,
	    PARAM_BIT(PK_Q) | PARAM_BIT(PK_SORT) | PARAM_BIT(PK_PAGE), false },
	{ METHOD_GET, "/binh-chon/{id}", page_poll, 0, false },
	{ METHOD_GET, "/{slug}/rss.xml", page_feed_section, 0, true },
	{ METHOD_GET, "/{slug}/atom.xml", page_feed_section, 0, true },
	{ METHOD_GET, "/{slug}/", page_section, PARAM_BIT(PK_PAGE), true },
	{ METHOD_GET, "/{slug}", page_section_slash, 0, true },
	{ METHOD_GET, "/{slug}/{article}", page_article, 0, true },
	{ METHOD_GET, "/{article}", page_article, 0, true },
};

/* The browser holds a session cookie (bantin_sid, or __Host-bantin_sid
 * under https): a member's, whose pages the web server fills with the
 * member's name. */
static bool
pages_personal(const struct request *req)
{
	const char *cookie = req->in->cookie, *p;

	for (p = cookie; p != NULL && (p = strstr(p, "bantin_sid=")) != NULL;
	     p++) {
		const char *name =
		    p - cookie >= 7 && strncmp(p - 7, "__Host-", 7) == 0 ?
		    p - 7 :
		    p;

		if (name == cookie || name[-1] == ' ' || name[-1] == ';')
			return true;
	}
	return false;
}

static int
pages_begin(struct request *req)
{
	site_templates_refresh();
	/* /healthz reports an outage itself, in JSON. */
	if (strcmp(req->path, "/healthz") == 0)
		return 0;
	return http_status_of(db_begin_reading());
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
	if (st_failed(store_next_scheduled(req->now_iso, schedule.next)))
		memcpy(schedule.next, req->now_iso, sizeof(schedule.next));
}

uint64_t
pages_content_version(struct request *req)
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
	if (req->now >= schedule.day_ends) {
		schedule.passed++;
		/* Out of ICU's range: look again in a minute. */
		if ((schedule.day_ends = text_next_day(req->now)) == -1)
			schedule.day_ends = req->now + 60;
	}
	return v ^ site_templates_generation() << 52 ^ schedule.passed << 32;
}

const struct app pages_app = {
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
	.params = keys,
	.nparams = sizeof(keys) / sizeof(keys[0]),
	.begin = pages_begin,
	.end = pages_end,
	.content_version = pages_content_version,
	.error = page_error,
	.personal = pages_personal,
};

int
pages_init(void)
{
	return site_init();
}

void
pages_shutdown(void)
{
	page_article_shutdown();
	site_shutdown();
}
