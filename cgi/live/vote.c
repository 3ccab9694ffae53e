/*
 * POST /live/vote — a reader votes in a poll.
 * Inputs (form): poll, option (repeated), token, from.  The visitor
 * cookie; Origin and Sec-Fetch-Site; the client address (hashed).
 * Effects: one vote per poll per voter (the UNIQUE rule in poll_voters;
 * the voter is the member when logged in, whichever browser, else the
 * visitor cookie),
 * at most BANTIN_VOTES_PER_ADDRESS voters per address per poll per day.
 * 303 back to `from` (default /) when the vote counted or had already been
 * cast, so the widget then shows the results; 403 from another site,
 * without the visitor cookie or with a wrong token; 400 bad options;
 * 404 unknown poll; 409 poll not active; 429 address cap; 503 busy.
 */
#include <stdio.h>
#include <string.h>

#include "base/config.h"
#include "core/url.h"
#include "live/live.h"
#include "live/render.h"
#include "store/live.h"

int
live_vote_post(struct request *req, struct response *resp)
{
	const struct param_value *opt = &req->param[LK_OPTION];
	struct member_state m;
	char		 vid[VISITOR_ID_LEN + 1], voter[VISITOR_ID_LEN + 3];
	char		 ip_hash[33], scope[32], anchor[40];
	int64_t		 options[PARAM_LIST_MAX];
	size_t		 n = 0;
	struct vote	 v;
	enum st		 st;

	if (!visitor_form_trusted(req, vid))
		return 403;
	if (!req->param[LK_POLL].present)
		return 400;
	/* Each option once: a repeated id is a malformed form. */
	for (size_t i = 0; i < opt->count; i++) {
		for (size_t j = 0; j < n; j++)
			if (options[j] == opt->list[i])
				return 400;
		options[n++] = opt->list[i];
	}
	if ((st = member_session(req, false, &m)) != ST_OK)
		return http_status_of(st);
	member_voter(&m, vid, voter, sizeof(voter));
	snprintf(scope, sizeof(scope), "address:%lld", (long long)(req->now / 86400));
	visitor_address_hash(req->in, scope, ip_hash);
	v = (struct vote){
		.poll = req->param[LK_POLL].num,
		.options = options,
		.noptions = n,
		.voter = voter,
		.ip_hash = ip_hash,
		.address_cap = config.votes_per_address,
		.now = req->now,
		.now_iso = req->now_iso,
	};
	/* A second vote changes nothing, and shows the results too. */
	if ((st = live_vote(&v)) != ST_OK && st != ST_DUPLICATE)
		return http_status_of(st);
	snprintf(anchor, sizeof(anchor), "#binh-chon-%lld", (long long)v.poll);
	if (live_see_other(resp, req->param[LK_FROM].present ?
	    req->param[LK_FROM].str : "/", anchor) != 0)
		return req_fail(req, "no memory for the redirect");
	buf_puts(&resp->body, "Đã ghi nhận bình chọn.\n");
	return 0;
}
