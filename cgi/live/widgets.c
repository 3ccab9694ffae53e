/*
 * GET /live/widgets?from=PATH — the sidebar fragment, in every page.
 * Inputs: from (the page, for the vote form to return to); the visitor
 * cookie.  Effects: none (read-only; counting is the pixel's job).
 * Shows the active polls (a form, or the results once this visitor, or the
 * logged-in member, has voted) and the visit statistics (guests and members online within the
 * window, their total, total visits).  200, or 503.
 *
 * GET /live/views?article=N — the article's live view count, as text.
 * 200; 400 without a valid article; 404 when N is not visible; 503.
 */
#include <string.h>

#include "base/config.h"
#include <stdio.h>

#include "live/live.h"
#include "site/site.h"
#include "store/polls.h"
#include "live/render.h"
#include "store/live.h"
#include "text/text.h"

static void
count(struct view *v, const char *name, int64_t n)
{
	char text[32];

	if (text_format_count(text, sizeof(text), n) > 0)
		view_text(v, name, text);
}

/* The active polls: the form for those this visitor has not voted in (with
 * the visitor's token), the results for the others. */
static enum st
polls(struct request *req, struct view *v)
{
	struct member_state m;
	struct poll	*p;
	struct view	*item;
	char		 vid[VISITOR_ID_LEN + 1], voter[VISITOR_ID_LEN + 3];
	char		 token[33] = "";
	size_t		 n;
	bool		 has_vid, voted;
	enum st		 st;

	if ((st = polls_active(live_conn(), req->arena, req->now_iso, &p,
	    &n)) != ST_OK)
		return st;
	has_vid = visitor_from_cookie(req->in->cookie, vid);
	if (has_vid) {
		if ((st = member_session(req, false, &m)) != ST_OK)
			return st;
		visitor_token(vid, token);
		member_voter(&m, vid, voter, sizeof(voter));
	}
	for (size_t i = 0; i < n; i++) {
		voted = false;
		if (has_vid && (st = poll_has_voted(live_conn(), p[i].id,
		    voter, &voted)) != ST_OK)
			return st;
		item = view_append(v, "polls");
		poll_fill_view(item, &p[i]);
		view_bool(item, "show_form", !voted);
	}
	view_text(v, "token", token);
	view_text(v, "from", req->param[LK_FROM].present ?
	    req->param[LK_FROM].str : "/");
	return ST_OK;
}

int
live_widgets(struct request *req, struct response *resp)
{
	struct live_stats	 st;
	struct view		*v;
	bool			 failed = false;
	enum st			 s;

	if ((s = live_stats(req->now, config.online_window, &st)) != ST_OK)
		return http_status_of(s);
	if ((v = view_new(req->arena, &failed)) == NULL)
		return req_fail(req, "no memory for the widgets");
	if ((s = polls(req, v)) != ST_OK)
		return http_status_of(s);
	count(v, "guests", st.guests);
	count(v, "members", st.members);
	count(v, "online", st.guests + st.members);
	count(v, "total_visits", st.total_visits);
	return live_render(resp, "live_widgets", v, failed);
}

int
live_views(struct request *req, struct response *resp)
{
	int64_t	 views;
	char	 text[32];
	enum st	 st;

	if (!req->param[LK_ARTICLE].present)
		return 400;
	if ((st = live_article_views(req->param[LK_ARTICLE].num,
	    req->now_iso, &views)) != ST_OK)
		return http_status_of(st);
	if (text_format_count(text, sizeof(text), views) == 0)
		return req_fail(req, "cannot format the count %lld",
		    (long long)views);
	live_headers(resp, "text/html; charset=utf-8");
	buf_puts(&resp->body, text);
	return 0;
}
