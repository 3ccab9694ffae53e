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

#include "core/config.h"
#include <stdio.h>

#include "live/live.h"
#include "pages/page.h"
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
static int
polls(struct request *req, struct view *v)
{
	struct member_state m;
	struct poll	*p;
	struct view	*item;
	char		 vid[VISITOR_ID_LEN + 1], voter[VISITOR_ID_LEN + 3];
	char		 token[33] = "";
	size_t		 n;
	bool		 has_vid, voted;
	int		 rc;

	if ((rc = polls_active(live_polls(), req->arena, req->now_iso, &p, &n)) != 0)
		return rc;
	has_vid = visitor_from_cookie(req->in->cookie, vid);
	if (has_vid) {
		if ((rc = member_session(req, false, &m)) != 0)
			return rc;
		visitor_token(vid, token);
		member_voter(&m, vid, voter, sizeof(voter));
	}
	for (size_t i = 0; i < n; i++) {
		voted = false;
		if (has_vid && (rc = poll_has_voted(live_polls(), p[i].id,
		    voter, &voted)) != 0)
			return rc;
		item = view_append(v, "polls");
		poll_fill_view(item, &p[i]);
		view_bool(item, "show_form", !voted);
	}
	view_text(v, "token", token);
	view_text(v, "from", req->param[PARAM_FROM].present ?
	    req->param[PARAM_FROM].str : "/");
	return 0;
}

int
live_widgets(struct request *req, struct response *resp)
{
	struct live_stats	 st;
	struct view		*v;
	bool			 failed = false;
	int			 rc;

	if ((rc = live_stats(req->now, config.online_window, &st)) != 0)
		return rc;
	if ((v = view_new(req->arena, &failed)) == NULL)
		return 500;
	if ((rc = polls(req, v)) != 0)
		return rc;
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
	int	 rc;

	if (!req->param[PARAM_ARTICLE].present)
		return 400;
	if ((rc = live_article_views(req->param[PARAM_ARTICLE].num,
	    req->now_iso, &views)) != 0)
		return rc;
	if (text_format_count(text, sizeof(text), views) == 0)
		return 500;
	live_headers(resp, "text/html; charset=utf-8");
	buf_puts(&resp->body, text);
	return 0;
}
