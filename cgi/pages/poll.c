/*
 * Polls in pages: the results page of one poll and the archive of closed
 * polls.
 *
 * GET /binh-chon/<id>       a poll's question and results.  200; 404 (no
 *                           such poll, or one that starts later).
 * GET /binh-chon/?page=N    closed polls, latest first, 10 a page.  200;
 *                           404 past the last page.
 * Inputs: the id, page.  Effects: none (read-only).  The figures are live
 * (an include of /live/poll?poll=N); not cached: whether a poll is open
 * moves with the clock.
 */
#include <stdio.h>

#include "pages/page.h"
#include "store/polls.h"
#include "text/text.h"

enum { ARCHIVE_PAGE = 10 };

/* The poll's question and options, and its figures as a live include. */
static void
poll_view(struct view *v, const struct poll *p)
{
	poll_fill_view(v, p);
	page_live_include(v, "results", "/live/poll", "poll", p->id);
}

int
page_poll(struct request *req, struct response *resp)
{
	struct poll  p;
	struct view *v, *crumb;
	char         path[48];
	bool         failed = false;
	enum st      st;

	if ((st = poll_get(req->arena, req->now_iso, req->args.id, &p)) !=
	    ST_OK)
		return http_status_of(st);
	snprintf(path, sizeof(path), "/binh-chon/%lld", (long long)p.id);
	if ((v = page_view(req, &failed, path, p.question, NULL)) == NULL)
		return req_fail(req, "no memory for the page view");
	crumb = view_append(v, "breadcrumb");
	view_text(crumb, "name", "Bình chọn");
	view_text(crumb, "url", "/binh-chon/");
	poll_view(view_object(v, "poll"), &p);
	return page_render(req, resp, "poll", v, failed, 200);
}

int
page_polls(struct request *req, struct response *resp)
{
	struct poll *polls;
	struct view *v, *crumb;
	int64_t      count, page, pages;
	size_t       n;
	bool         failed = false;
	enum st      st;

	page = req->param[PK_PAGE].present ? req->param[PK_PAGE].num : 1;
	if ((st = polls_count_closed(req->now_iso, &count)) != ST_OK)
		return http_status_of(st);
	pages = count == 0 ? 1 : (count + ARCHIVE_PAGE - 1) / ARCHIVE_PAGE;
	if (page > pages)
		return 404;
	if ((st = polls_closed(req->arena, req->now_iso, ARCHIVE_PAGE,
	         (page - 1) * ARCHIVE_PAGE, &polls, &n)) != ST_OK)
		return http_status_of(st);
	if ((v = page_view(req, &failed, "/binh-chon/", "Kết quả bình chọn",
	         NULL)) == NULL)
		return req_fail(req, "no memory for the page view");
	crumb = view_append(v, "breadcrumb");
	view_text(crumb, "name", "Bình chọn");
	view_text(crumb, "url", "/binh-chon/");
	for (size_t i = 0; i < n; i++)
		poll_view(view_append(v, "polls"), &polls[i]);
	page_pagination(v, "/binh-chon/", page, pages);
	return page_render(req, resp, "polls", v, failed, 200);
}
