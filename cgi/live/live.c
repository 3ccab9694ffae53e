/*
 * The live app: its routes, and the hooks around every live request.
 *
 * GET /live/widgets         the sidebar fragment: visit statistics, polls
 * GET /live/views?article=N the live view count of article N (fragment)
 * GET /live/hit[?article=N] the counting pixel every page carries
 * GET /live/stats.json      the same figures for machines
 */
#include <stdio.h>

#include "core/config.h"
#include "html/template.h"
#include "live/live.h"
#include "live/render.h"
#include "store/live.h"
#include "text/text.h"

static struct template_set *templates;

static const struct route routes[] = {
	{ METHOD_GET, "/live/widgets", live_widgets, 0, false },
	{ METHOD_GET, "/live/views", live_views, PARAM_BIT(PARAM_ARTICLE), false },
	{ METHOD_GET, "/live/hit", live_hit_pixel, PARAM_BIT(PARAM_ARTICLE), false },
	{ METHOD_GET, "/live/stats.json", live_stats_json, 0, false },
};

static int
live_begin(struct request *req)
{
	(void)req;
	template_refresh(&templates);
	return live_db_begin();
}

static void
live_end(struct request *req)
{
	live_db_end(req->now);
}

static uint64_t
live_version(struct request *req)
{
	(void)req;
	return 0;	/* nothing live is cacheable */
}

/* Fragments are embedded in pages: an error is a short note, not a page. */
static void
live_error(struct request *req, struct response *resp, int status)
{
	(void)req;
	resp->status = status;
	live_headers(resp, "text/html; charset=utf-8");
	if (status == 503)
		response_header(resp, "Retry-After", "2");
	buf_puts(&resp->body, "<p class=\"box-note\">Thống kê tạm thời "
	    "không khả dụng.</p>\n");
}

const struct app live_app = {
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
	.begin = live_begin,
	.end = live_end,
	.content_version = live_version,
	.error = live_error,
};

void
live_headers(struct response *resp, const char *type)
{
	response_header(resp, "Content-Type", type);
	response_header(resp, "Cache-Control", "no-store");
	response_header(resp, "X-Content-Type-Options", "nosniff");
}

int
live_render(struct response *resp, const char *name, struct view *v, bool failed)
{
	if (v == NULL || failed ||
	    template_render(templates, name, v, &resp->body) == -1)
		return 500;
	resp->status = 200;
	live_headers(resp, "text/html; charset=utf-8");
	return 0;
}

int
live_init(void)
{
	char dir[1100];

	if (text_init() == -1)
		return -1;
	if (visitor_load_bots(config.bots_path) == -1)
		goto fail;
	snprintf(dir, sizeof(dir), "%s/templates", config.www_dir);
	if ((templates = template_load(dir)) == NULL)
		goto fail;
	return 0;
fail:
	visitor_free_bots();
	text_shutdown();
	return -1;
}

void
live_shutdown(void)
{
	live_db_close();
	template_free(templates);
	templates = NULL;
	visitor_free_bots();
	text_shutdown();
}
