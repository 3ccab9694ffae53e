/*
 * The live fragments every page includes (nginx SSI, Apache mod_include,
 * the dev server).  Effects: none (read-only; counting is the pixel's job).
 *
 * GET /live/widgets — the sidebar: the active polls and the visit
 * statistics (guests and members online within the window, their total,
 * total visits).  A guest's is the same bytes for every guest (the vote
 * form carries no per-visitor token: votes are checked by Origin, see
 * vote.c), so the web server may keep it for a second; a logged-in
 * member's shows the results of the polls they voted in, and the member's
 * form token.  200; 503.
 *
 * GET /live/views?article=N — the article's live view count, as text.
 * 200; 400 without a valid article; 404 when N is not visible; 503.
 *
 * GET /live/most-read[?shown=1-5-9] — "Đọc nhiều": this week's most read
 * articles but those the page shows already (no story twice on a page).
 * The same for everyone.  200; 503.
 *
 * GET /live/poll?poll=N — a poll's results (the figures of its page and
 * the archive).  200; 400; 404 (no such poll, or not started); 503.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "live/live.h"
#include "live/render.h"
#include "site/site.h"
#include "store/live.h"
#include "store/polls.h"
#include "store/store.h"
#include "text/text.h"

enum { MOST_READ = 8 };

static void
count(struct view *v, const char *name, int64_t n)
{
	char text[32];

	if (text_format_count(text, sizeof(text), n) > 0)
		view_text(v, name, text);
}

/* The active polls: a member sees the results of those they voted in,
 * and the form (with their token) for the others; a guest the form. */
static enum st
polls(struct request *req, struct view *v, const struct member_state *m)
{
	struct poll *p;
	struct view *item;
	char         vid[VISITOR_ID_LEN + 1], voter[VISITOR_ID_LEN + 3];
	char         token[33];
	size_t       n;
	bool         voted;
	enum st      st;

	if ((st = polls_active(req->arena, req->now_iso, &p, &n)) != ST_OK)
		return st;
	if (m->id > 0 && visitor_from_cookie(req->in->cookie, vid)) {
		visitor_token(vid, token);
		view_text(v, "token", token);
		member_voter(m, vid, voter, sizeof(voter));
	} else
		voter[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		voted = false;
		if (voter[0] != '\0' &&
		    (st = live_has_voted(p[i].id, voter, &voted)) != ST_OK)
			return st;
		if (voted && (st = live_poll_counts(&p[i])) != ST_OK)
			return st;
		item = view_append(v, "polls");
		poll_fill_view(item, &p[i]);
		view_bool(item, "show_form", !voted);
	}
	return ST_OK;
}

int
live_widgets(struct request *req, struct response *resp)
{
	struct member_state m;
	struct live_stats   st;
	struct view        *v;
	bool                failed = false;
	enum st             s;

	if ((s = member_session(req, false, &m)) != ST_OK ||
	    (s = live_stats(req->now, config.online_window, &st)) != ST_OK)
		return http_status_of(s);
	if ((v = view_new(req->arena, &failed)) == NULL)
		return req_fail(req, "no memory for the widgets");
	if ((s = polls(req, v, &m)) != ST_OK)
		return http_status_of(s);
	count(v, "guests", st.guests);
	count(v, "members", st.members);
	count(v, "online", st.guests + st.members);
	count(v, "total_visits", st.total_visits);
	if (live_render(resp, "live_widgets", v, failed) != 0)
		return req_fail(req, "cannot render the widgets");
	/* The guests' bytes are everyone's: the web server may keep them. */
	if (m.id == 0)
		live_shared(resp, 1);
	return 0;
}

int
live_views(struct request *req, struct response *resp)
{
	int64_t views;
	char    text[32];
	enum st st;

	if (!req->param[LK_ARTICLE].present)
		return 400;
	if ((st = live_article_views(req->param[LK_ARTICLE].num, req->now_iso,
	         &views)) != ST_OK)
		return http_status_of(st);
	if (text_format_count(text, sizeof(text), views) == 0)
		return req_fail(req, "cannot format the count %lld",
		    (long long)views);
	live_headers(resp, "text/html; charset=utf-8");
	buf_puts(&resp->body, text);
	return 0;
}

/* The ids of "1-5-9" into out[SHOWN_MAX]; what is not such a list, or
 * past SHOWN_MAX, is left out. */
static size_t
shown_ids(const char *s, int64_t out[SHOWN_MAX])
{
	size_t n = 0;
	char  *end;

	while (s != NULL && *s >= '1' && *s <= '9' && n < SHOWN_MAX) {
		out[n++] = strtoll(s, &end, 10);
		s = *end == '-' ? end + 1 : NULL;
	}
	return n;
}

int
live_most_read_box(struct request *req, struct response *resp)
{
	struct summaries list;
	struct view     *v;
	int64_t         *ids, skip[SHOWN_MAX];
	size_t           n, nskip;
	bool             failed = false;
	enum st          st;

	nskip =
	    shown_ids(req->param[LK_SHOWN].present ? req->param[LK_SHOWN].str :
	                                             NULL,
	        skip);
	if ((st = live_most_read(req->arena, req->now, req->now_iso, MOST_READ,
	         skip, nskip, &ids, &n)) != ST_OK ||
	    (st = store_summaries(req->arena, req->now_iso, ids, n, &list)) !=
	        ST_OK)
		return http_status_of(st);
	if ((v = view_new(req->arena, &failed)) == NULL)
		return req_fail(req, "no memory for the most-read box");
	page_summaries(req, v, "most_read", &list);
	if (live_render(resp, "most_read", v, failed) != 0)
		return req_fail(req, "cannot render the most-read box");
	live_shared(resp, 60);
	return 0;
}

int
live_poll_figures(struct request *req, struct response *resp)
{
	struct poll  p;
	struct view *v;
	bool         failed = false;
	enum st      st;

	if (!req->param[LK_POLL].present)
		return 400;
	if ((st = poll_get(req->arena, req->now_iso, req->param[LK_POLL].num,
	         &p)) != ST_OK ||
	    (st = live_poll_counts(&p)) != ST_OK)
		return http_status_of(st);
	if ((v = view_new(req->arena, &failed)) == NULL)
		return req_fail(req, "no memory for the poll figures");
	poll_fill_view(v, &p);
	if (live_render(resp, "poll_results", v, failed) != 0)
		return req_fail(req, "cannot render the poll figures");
	live_shared(resp, 1);
	return 0;
}
