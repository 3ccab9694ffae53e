/*
 * GET /live/hit[?article=N] — the counting pixel every page carries.
 * Inputs: the visitor and session cookies, the User-Agent, article
 * (optional).  Effects: for a GET, counts presence (as a member when the
 * session is live, which it keeps alive), visits and (for an article) a
 * view, unless the client is a bot, and issues the visitor cookie to a new
 * visitor; a HEAD counts nothing.
 * 200 with a 1×1 transparent GIF, never cached, also when the live
 * store is down (nothing counted, logged once per outage); 503 when it
 * stays busy (nothing counted: the client may retry).
 *
 * GET /live/stats.json — the statistics as plain integers.
 */
#include <string.h>

#include "base/config.h"
#include "live/live.h"
#include "live/render.h"
#include "store/live.h"

/* The smallest transparent GIF. */
static const unsigned char pixel[] = {
	0x47,
	0x49,
	0x46,
	0x38,
	0x39,
	0x61,
	0x01,
	0x00,
	0x01,
	0x00,
	0x80,
	0x00,
	0x00,
	0x00,
	0x00,
	0x00,
	0xff,
	0xff,
	0xff,
	0x21,
	0xf9,
	0x04,
	0x01,
	0x00,
	0x00,
	0x00,
	0x00,
	0x2c,
	0x00,
	0x00,
	0x00,
	0x00,
	0x01,
	0x00,
	0x01,
	0x00,
	0x00,
	0x02,
	0x02,
	0x44,
	0x01,
	0x00,
	0x3b,
};

int
live_hit_pixel(struct request *req, struct response *resp)
{
	struct member_state m;
	char                vid[VISITOR_ID_LEN + 1], client[64];
	char                address[LIVE_ADDRESS_LEN + 1];
	struct hit          h = {
		         .vid = vid,
		         .article = req->param[LK_ARTICLE].present ?
		             req->param[LK_ARTICLE].num :
		             0,
		         .now = req->now,
		         .now_iso = req->now_iso,
		         .address = address,
	};
	bool    counted;
	enum st st = ST_OK;

	/* A HEAD is a probe, not a reader. */
	if (req->method == METHOD_GET && !visitor_is_bot(req->in->user_agent)) {
		if (!visitor_ensure(req, resp, vid))
			return req_fail(req, "no randomness for a visitor id");
		/* Whether the visitor is new is the store's to say, cookie or
		 * not, in the hit's own step: the address goes with every hit
		 * (a keyed hash; the day's key is read once a day). */
		visitor_client_address(req->in, client, sizeof(client));
		st = live_address(client, req->now, address);
		/* Every page view fires this: it keeps a session alive. */
		if (st == ST_OK &&
		    (st = member_session(req, true, &m)) == ST_OK) {
			h.member = m.id;
			st = live_hit(&h, &counted);
		}
		/* The page is served whatever happens here: an unavailable
		 * store costs the count (logged once per outage), not the
		 * image; busy, the client may retry. */
		if (st == ST_BUSY)
			return 503;
		if (st_failed(st) && st != ST_DOWN)
			return http_status_of(st);
	}
	live_headers(resp, "image/gif");
	buf_append(&resp->body, pixel, sizeof(pixel));
	return 0;
}

int
live_stats_json(struct request *req, struct response *resp)
{
	struct live_stats st;
	enum st           s;

	if ((s = live_stats(req->now, config.online_window, &st)) != ST_OK)
		return http_status_of(s);
	live_headers(resp, "application/json");
	buf_printf(&resp->body,
	    "{\"guests\":%lld,\"members\":%lld,"
	    "\"online\":%lld,\"total_visits\":%lld,\"window_seconds\":%d}\n",
	    (long long)st.guests, (long long)st.members,
	    (long long)(st.guests + st.members), (long long)st.total_visits,
	    config.online_window);
	return 0;
}
