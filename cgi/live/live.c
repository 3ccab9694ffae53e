/*
 * The live app: its routes, and the hooks around every live request.
 *
 * GET /live/widgets            the sidebar fragment: polls, visit statistics
 * GET /live/most-read[?shown=] this week's most read articles (fragment)
 * GET /live/poll?poll=N        a poll's results (fragment)
 * GET /live/views?article=N    the live view count of article N (fragment)
 * GET /live/hit[?article=N]    the counting pixel every page carries
 * GET /live/stats.json         the same figures for machines
 * GET /live/healthz            whether both stores answer
 * POST /live/vote              a vote
 * GET /live/account?from=PATH  the header's account box (fragment)
 * GET, POST /dang-nhap, /dang-xuat  logging in and out (account.c)
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/config.h"
#include "base/log.h"
#include "core/url.h"
#include "live/live.h"
#include "live/render.h"
#include "site/site.h"
#include "store/db.h"
#include "store/live.h"
#include "store/password.h"

static const struct param_spec keys[] = {
	[LK_ARTICLE] = { "article", PARAM_INT, 1, INT64_C(999999999999999999),
	    0, true },
	[LK_POLL] = { "poll", PARAM_INT, 1, INT64_C(999999999999999999), 0,
	    true },
	[LK_OPTION] = { "option", PARAM_INT_LIST, 1,
	    INT64_C(999999999999999999), 0, true },
	[LK_TOKEN] = { "token", PARAM_HEX, 0, 0, 32, false },
	[LK_FROM] = { "from", PARAM_PATH, 0, 0, 2048, false },
	[LK_NEXT] = { "next", PARAM_PATH, 0, 0, 2048, false },
	[LK_USERNAME] = { "username", PARAM_TEXT, 0, 0, 64, false },
	[LK_PASSWORD] = { "password", PARAM_SECRET, 0, 0, PASSWORD_MAX_BYTES,
	    false },
	[LK_SHOWN] = { "shown", PARAM_TEXT, 0, 0, 20 * SHOWN_MAX, true },
};

static const struct route routes[] = {
	{ METHOD_GET, "/live/widgets", live_widgets, 0, false },
	{ METHOD_GET, "/live/most-read", live_most_read_box,
	    PARAM_BIT(LK_SHOWN), false },
	{ METHOD_GET, "/live/poll", live_poll_figures, PARAM_BIT(LK_POLL),
	    false },
	{ METHOD_POST, "/live/vote", live_vote_post,
	    PARAM_BIT(LK_POLL) | PARAM_BIT(LK_OPTION) | PARAM_BIT(LK_TOKEN),
	    false },
	{ METHOD_GET, "/live/views", live_views, PARAM_BIT(LK_ARTICLE), false },
	{ METHOD_GET, "/live/hit", live_hit_pixel, PARAM_BIT(LK_ARTICLE),
	    false },
	{ METHOD_GET, "/live/stats.json", live_stats_json, 0, false },
	{ METHOD_GET, "/live/healthz", live_health, 0, false },
	{ METHOD_GET, "/live/account", live_account_box, PARAM_BIT(LK_FROM),
	    false },
	{ METHOD_GET, "/dang-nhap", live_login_form, PARAM_BIT(LK_NEXT),
	    false },
	{ METHOD_POST, "/dang-nhap", live_login_post,
	    PARAM_BIT(LK_USERNAME) | PARAM_BIT(LK_PASSWORD) |
	        PARAM_BIT(LK_TOKEN) | PARAM_BIT(LK_NEXT),
	    false },
	{ METHOD_GET, "/dang-xuat", live_logout_form, PARAM_BIT(LK_NEXT),
	    false },
	{ METHOD_POST, "/dang-xuat", live_logout_post,
	    PARAM_BIT(LK_TOKEN) | PARAM_BIT(LK_NEXT), false },
};

/* Neither store being down stops a request here: each handler answers
 * what it can (the pixel still answers, a fragment its fallback, a vote
 * or a login 503 with Retry-After). */
static int
app_begin(struct request *req)
{
	(void)req;
	site_templates_refresh();
	(void)db_begin_request();
	(void)live_begin();
	return 0;
}

static void
app_end(struct request *req)
{
	live_end(req->now);
	db_end_request();
}

static uint64_t
live_version(struct request *req)
{
	(void)req;
	return 0; /* nothing live is cacheable */
}

static const struct {
	int         status;
	const char *message;
} vote_errors[] = {
	{ 400,
	    "Phiếu bình chọn không hợp lệ: hãy chọn đúng số phương án "
	    "cho phép." },
	{ 403,
	    "Phiên bình chọn đã hết hạn hoặc không hợp lệ. Vui lòng tải "
	    "lại trang rồi bình chọn lại." },
	{ 404, "Không tìm thấy cuộc bình chọn này." },
	{ 409, "Cuộc bình chọn này đã kết thúc hoặc chưa bắt đầu." },
	{ 413, "Dữ liệu gửi lên quá lớn." },
	{ 429,
	    "Địa chỉ mạng của bạn đã gửi quá nhiều phiếu cho cuộc bình "
	    "chọn này hôm nay." },
	{ 503, "Hệ thống đang bận. Vui lòng thử lại sau giây lát." },
};

/* Fragments are embedded in pages, so their errors are a short note; a
 * vote (a form the reader submitted) gets a small page saying why; the
 * account pages get the site's error pages. */
static void
live_error(struct request *req, struct response *resp, int status)
{
	const char *message = "Đã có lỗi xảy ra. Vui lòng thử lại.";
	char        back[48];
	struct view *v;
	bool         failed = false;

	if (req->in->uri == NULL || strncmp(req->in->uri, "/live/", 6) != 0) {
		page_error(req, resp, status);
		return;
	}
	resp->status = status;
	if (status == 503)
		response_header(resp, "Retry-After", "2");
	if (req->method != METHOD_POST) {
		live_headers(resp, "text/html; charset=utf-8");
		buf_puts(&resp->body,
		    "<p class=\"box-note\">Thông tin tạm "
		    "thời không khả dụng.</p>\n");
		return;
	}
	for (size_t i = 0; i < sizeof(vote_errors) / sizeof(vote_errors[0]);
	     i++)
		if (vote_errors[i].status == status)
			message = vote_errors[i].message;
	v = view_new(req->arena, &failed);
	view_text(v, "site_name", config.site_name);
	view_text(v, "message", message);
	if (req->param[LK_POLL].present) {
		snprintf(back, sizeof(back), "/binh-chon/%lld",
		    (long long)req->param[LK_POLL].num);
		view_text(v, "back", back);
	} else
		view_text(v, "back", "/");
	if (live_render(resp, "vote_error", v, failed) != 0) {
		live_headers(resp, "text/plain; charset=utf-8");
		buf_puts(&resp->body, message);
	}
	resp->status = status;
}

const struct app live_app = {
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
	.params = keys,
	.nparams = sizeof(keys) / sizeof(keys[0]),
	.begin = app_begin,
	.end = app_end,
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

void
live_shared(struct response *resp, int seconds)
{
	char value[16];

	snprintf(value, sizeof(value), "%d", seconds);
	response_header(resp, "X-Accel-Expires", value);
}

int
live_see_other(struct response *resp, const char *path, const char *fragment)
{
	struct buf url;
	int        rc = 500;

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
live_render(struct response *resp, const char *name, struct view *v,
    bool failed)
{
	if (v == NULL || failed ||
	    site_template_render(name, v, &resp->body) == -1) {
		log_error("500: cannot render template %s", name);
		return 500;
	}
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
	if (site_init() == -1)
		return -1;
	if (visitor_load_bots(config.bots_path) == -1) {
		site_shutdown();
		return -1;
	}
	return 0;
}

void
live_shutdown(void)
{
	live_close();
	visitor_free_bots();
	site_shutdown();
}
