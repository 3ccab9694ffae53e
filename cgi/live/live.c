/*
 * The live app: its routes, and the hooks around every live request.
 *
 * GET /live/widgets         the sidebar fragment: visit statistics, polls
 * GET /live/views?article=N the live view count of article N (fragment)
 * GET /live/hit[?article=N] the counting pixel every page carries
 * GET /live/stats.json      the same figures for machines
 * POST /live/vote           a vote
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "core/log.h"
#include "core/url.h"
#include "live/live.h"
#include "live/render.h"
#include "pages/page.h"
#include "store/db.h"
#include "store/live.h"

static const struct route routes[] = {
	{ METHOD_GET, "/live/widgets", live_widgets, PARAM_BIT(PARAM_FROM), false },
	{ METHOD_POST, "/live/vote", live_vote_post, PARAM_BIT(PARAM_POLL) |
	    PARAM_BIT(PARAM_OPTION) | PARAM_BIT(PARAM_TOKEN) | PARAM_BIT(PARAM_FROM), false },
	{ METHOD_GET, "/live/views", live_views, PARAM_BIT(PARAM_ARTICLE), false },
	{ METHOD_GET, "/live/hit", live_hit_pixel, PARAM_BIT(PARAM_ARTICLE), false },
	{ METHOD_GET, "/live/stats.json", live_stats_json, 0, false },
	{ METHOD_GET, "/live/healthz", live_health, 0, false },
	{ METHOD_GET, "/live/account", live_account_box, PARAM_BIT(PARAM_FROM), false },
	{ METHOD_GET, "/dang-nhap", live_login_form, PARAM_BIT(PARAM_NEXT), false },
	{ METHOD_POST, "/dang-nhap", live_login_post, PARAM_BIT(PARAM_USERNAME) |
	    PARAM_BIT(PARAM_PASSWORD) | PARAM_BIT(PARAM_TOKEN) |
	    PARAM_BIT(PARAM_NEXT), false },
	{ METHOD_GET, "/dang-xuat", live_logout_form, PARAM_BIT(PARAM_NEXT), false },
	{ METHOD_POST, "/dang-xuat", live_logout_post, PARAM_BIT(PARAM_TOKEN) |
	    PARAM_BIT(PARAM_NEXT), false },
};

static int
live_begin(struct request *req)
{
	page_templates_refresh();
	/* /live/healthz reports an outage itself, in JSON. */
	if (strcmp(req->path, "/live/healthz") == 0)
		return 0;
	return live_db_begin();
}

static void
live_end(struct request *req)
{
	live_db_end(req->now);
	db_end_request();	/* the account pages' navigation */
}

static uint64_t
live_version(struct request *req)
{
	(void)req;
	return 0;	/* nothing live is cacheable */
}

static const struct {
	int		 status;
	const char	*message;
} vote_errors[] = {
	{ 400, "Phiếu bình chọn không hợp lệ: hãy chọn đúng số phương án cho phép." },
	{ 403, "Phiên bình chọn đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang rồi bình chọn lại." },
	{ 404, "Không tìm thấy cuộc bình chọn này." },
	{ 409, "Cuộc bình chọn này đã kết thúc hoặc chưa bắt đầu." },
	{ 413, "Dữ liệu gửi lên quá lớn." },
	{ 429, "Địa chỉ mạng của bạn đã gửi quá nhiều phiếu cho cuộc bình chọn này hôm nay." },
	{ 503, "Hệ thống đang bận. Vui lòng thử lại sau giây lát." },
};

/* Fragments are embedded in pages, so their errors are a short note; a
 * vote (a form the reader submitted) gets a small page saying why; the
 * account pages get the site's error pages. */
static void
live_error(struct request *req, struct response *resp, int status)
{
	const char	*message = "Đã có lỗi xảy ra. Vui lòng thử lại.";
	struct view	*v;
	bool		 failed = false;

	if (req->in->uri == NULL || strncmp(req->in->uri, "/live/", 6) != 0) {
		page_error(req, resp, status);
		return;
	}
	resp->status = status;
	if (status == 503)
		response_header(resp, "Retry-After", "2");
	if (req->method != METHOD_POST) {
		live_headers(resp, "text/html; charset=utf-8");
		buf_puts(&resp->body, "<p class=\"box-note\">Thông tin tạm "
		    "thời không khả dụng.</p>\n");
		return;
	}
	for (size_t i = 0; i < sizeof(vote_errors) / sizeof(vote_errors[0]); i++)
		if (vote_errors[i].status == status)
			message = vote_errors[i].message;
	v = view_new(req->arena, &failed);
	view_text(v, "site_name", config.site_name);
	view_text(v, "message", message);
	view_text(v, "back", req->param[PARAM_FROM].present ?
	    req->param[PARAM_FROM].str : "/");
	if (live_render(resp, "vote_error", v, failed) != 0) {
		live_headers(resp, "text/plain; charset=utf-8");
		buf_puts(&resp->body, message);
	}
	resp->status = status;
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
live_see_other(struct response *resp, const char *path, const char *fragment)
{
	struct buf	url;
	int		rc = 500;

	buf_init(&url);
	buf_puts(&url, config.base_url);
	url_encode_path(&url, path, true);
	if (fragment != NULL)
		buf_puts(&url, fragment);
	if (!buf_failed(&url)) {
		resp->status = 303;
		response_header(resp, "Location", buf_cstr(&url));
		live_headers(resp, "text/plain; charset=utf-8");
		rc = 0;
	}
	buf_free(&url);
	return rc;
}

int
live_render(struct response *resp, const char *name, struct view *v, bool failed)
{
	if (v == NULL || failed || page_template_render(name, v, &resp->body) == -1)
		return 500;
	resp->status = 200;
	live_headers(resp, "text/html; charset=utf-8");
	return 0;
}

int
live_init(void)
{
	if (sodium_init() < 0) {
		log_error("libsodium failed to start");
		return -1;
	}
	if (pages_init() == -1)
		return -1;
	if (visitor_load_bots(config.bots_path) == -1) {
		pages_shutdown();
		return -1;
	}
	return 0;
}

void
live_shutdown(void)
{
	live_db_close();
	visitor_free_bots();
	pages_shutdown();
}
