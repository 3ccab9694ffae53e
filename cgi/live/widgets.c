/*
 * GET /live/widgets — the sidebar fragment, included in every page.
 * Inputs: none.  Effects: none (read-only; counting is the pixel's job).
 * Shows the visit statistics (guests and members online within the
 * window, their total, total visits) and the poll widget.  200, or 503.
 *
 * GET /live/views?article=N — the article's live view count, as text.
 * 200; 400 without a valid article; 404 when N is not visible; 503.
 */
#include <string.h>

#include "core/config.h"
#include "live/live.h"
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
