/*
 * Error pages, in the site's layout: every status >= 400 the core or a
 * handler answers.  The store is used only for the navigation, and only when
 * it answers; a template failure falls back to a plain page.
 */
#include <stdio.h>
#include <string.h>

#include "site/site.h"
#include "store/db.h"

struct error_text {
	int         status;
	const char *title;
	const char *message;
};

static const struct error_text errors[] = {
	{ 400, "Yêu cầu không hợp lệ",
	    "Địa chỉ hoặc tham số của yêu cầu không đúng định dạng." },
	{ 403, "Không được phép",
	    "Bạn không có quyền thực hiện thao tác này." },
	{ 404, "Không tìm thấy trang",
	    "Trang bạn tìm không tồn tại hoặc đã được gỡ bỏ." },
	{ 405, "Phương thức không được hỗ trợ",
	    "Trang này không hỗ trợ phương thức yêu cầu đã gửi." },
	{ 413, "Yêu cầu quá lớn",
	    "Dữ liệu gửi lên vượt quá giới hạn cho phép." },
	{ 414, "Địa chỉ quá dài", "Địa chỉ trang dài quá 8 KiB." },
	{ 429, "Quá nhiều yêu cầu", "Vui lòng thử lại sau ít phút." },
	{ 431, "Tiêu đề yêu cầu quá lớn",
	    "Tiêu đề (cookie) của yêu cầu vượt quá giới hạn cho phép." },
	{ 503, "Hệ thống tạm thời gián đoạn",
	    "Dữ liệu đang tạm thời không truy cập được. "
	    "Vui lòng thử lại sau giây lát." },
	{ 500, "Lỗi hệ thống", "Đã có lỗi xảy ra. Chúng tôi đang khắc phục." },
};

void
page_error(struct request *req, struct response *resp, int status)
{
	const struct error_text *e =
	    &errors[sizeof(errors) / sizeof(errors[0]) - 1];
	struct view *v;
	bool         failed = false;

	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		if (errors[i].status == status)
			e = &errors[i];
	/* The navigation needs the store; an error page must not need it. */
	if (status != 503)
		(void)db_begin_request();
	/* As if at "/": a page that does not exist is no place to come
	 * back to after a login or a vote, and live includes that named
	 * the path (nginx keeps fragments per URL) would multiply with
	 * every unique missing path. */
	v = page_view(req, &failed, "/", e->title, NULL);
	view_text(v, "heading", e->title);
	view_text(v, "message", e->message);
	view_int(v, "status", status);
	view_bool(v, "not_found", status == 404);
	buf_reset(&resp->body);
	if (page_render(req, resp, "error", v, failed, status) != 0) {
		buf_reset(&resp->body);
		response_header(resp, "Content-Type",
		    "text/plain; charset=utf-8");
		response_header(resp, "Cache-Control", "no-store");
		buf_printf(&resp->body, "%d %s\n", status, e->title);
	}
	resp->status = status;
	if (status == 503)
		response_header(resp, "Retry-After", "5");
}
