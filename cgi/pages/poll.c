/*
 * Polls in pages: the results page of one poll and the archive of closed
 * polls, plus the view of a poll that the live widget shares.
 *
 * GET /binh-chon/<id>       a poll's question and results.  200; 404.
 * GET /binh-chon/?page=N    closed polls, latest first, 10 a page.  200;
 *                           404 past the last page.
 * Inputs: the id, page.  Effects: none (read-only).  Not cached: the
 * figures move with every vote.
 */
#include <stdio.h>

#include "pages/page.h"
#include "store/db.h"
#include "store/polls.h"
#include "text/text.h"

enum { ARCHIVE_PAGE = 10 };

void
poll_fill_view(struct view *v, const struct poll *p)
{
	struct view	*o;
	char		 text[32];
	int64_t		 pct;

	view_int(v, "id", p->id);
	view_text(v, "question", p->question);
	view_int(v, "multiple", p->multiple);
	view_bool(v, "many", p->multiple > 1);
	view_text(v, "input_type", p->multiple > 1 ? "checkbox" : "radio");
	view_bool(v, "active", p->active);
	if (text_format_count(text, sizeof(text), p->votes) > 0)
		view_text(v, "votes_total", text);
	if (text_format_count(text, sizeof(text), p->voters) > 0)
		view_text(v, "voters_total", text);
	for (size_t i = 0; i < p->noptions; i++) {
		o = view_append(v, "options");
		view_int(o, "id", p->options[i].id);
		view_text(o, "label", p->options[i].label);
		pct = p->votes > 0 ?
		    (p->options[i].votes * 100 + p->votes / 2) / p->votes : 0;
		view_int(o, "percent", pct);
		if (text_format_count(text, sizeof(text), p->options[i].votes) > 0)
			view_text(o, "votes", text);
	}
}

int
page_poll(struct request *req, struct response *resp)
{
	struct poll	 p;
	struct view	*v, *crumb;
	char		 path[48];
	bool		 failed = false;
	int		 rc;

	if ((rc = poll_get(db_polls(), req->arena, req->now_iso,
	    req->args.id, &p)) != 0)
		return rc;
	snprintf(path, sizeof(path), "/binh-chon/%lld", (long long)p.id);
	if ((v = page_view(req, &failed, path, p.question, NULL)) == NULL)
		return 500;
	crumb = view_append(v, "breadcrumb");
	view_text(crumb, "name", "Bình chọn");
	view_text(crumb, "url", "/binh-chon/");
	poll_fill_view(view_object(v, "poll"), &p);
	return page_render(req, resp, "poll", v, failed, 200);
}

int
page_polls(struct request *req, struct response *resp)
{
	struct poll	*polls;
	struct view	*v, *crumb;
	int64_t		 count, page, pages;
	size_t		 n;
	bool		 failed = false;
	int		 rc;

	page = req->param[PARAM_PAGE].present ? req->param[PARAM_PAGE].num : 1;
	if ((rc = polls_count_closed(db_polls(), req->now_iso, &count)) != 0)
		return rc;
	pages = count == 0 ? 1 : (count + ARCHIVE_PAGE - 1) / ARCHIVE_PAGE;
	if (page > pages)
		return 404;
	if ((rc = polls_closed(db_polls(), req->arena, req->now_iso,
	    ARCHIVE_PAGE, (page - 1) * ARCHIVE_PAGE, &polls, &n)) != 0)
		return rc;
	if ((v = page_view(req, &failed, "/binh-chon/", "Kết quả bình chọn",
	    NULL)) == NULL)
		return 500;
	crumb = view_append(v, "breadcrumb");
	view_text(crumb, "name", "Bình chọn");
	view_text(crumb, "url", "/binh-chon/");
	for (size_t i = 0; i < n; i++)
		poll_fill_view(view_append(v, "polls"), &polls[i]);
	page_pagination(v, "/binh-chon/", page, pages);
	return page_render(req, resp, "polls", v, failed, 200);
}
