/*
 * POST /live/vote — a reader votes in a poll.
 * Inputs (form): poll, option (repeated), and for a logged-in member the
 * token of their form.  The visitor cookie (issued here when missing, so
 * a reader's first vote counts); Origin, Sec-Fetch-Site and Referer; the
 * client address (hashed with the day's key).
 *
 * A guest's form is the same for every guest (no per-visitor token, so
 * pages and the sidebar can be cached): the vote is refused unless the
 * request shows it came from this site (OWASP's Origin / Sec-Fetch-Site /
 * Referer check; the cookies are SameSite=Lax as well).  A member's form
 * also carries their token.
 *
 * Effects: one vote per poll per voter (the member when logged in,
 * whichever browser, else the visitor), at most BANTIN_VOTES_PER_ADDRESS
 * voters per address per poll per day.  303 to the poll's results page
 * when the vote counted or had already been cast; 403 from another site
 * or with a wrong token; 400 bad options; 404 unknown poll; 409 poll not
 * active; 429 address cap; 503 unavailable (with Retry-After).
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
	struct member_state       m;
	char                      vid[VISITOR_ID_LEN + 1];
	char                      voter[VISITOR_ID_LEN + 3];
	char                      address[LIVE_ADDRESS_LEN + 1], client[64];
	char                      results[64];
	int64_t                   options[PARAM_LIST_MAX];
	size_t                    n = 0;
	struct vote               v;
	enum st                   st;

	if (!request_same_site(req->in))
		return 403;
	if ((st = member_session(req, false, &m)) != ST_OK)
		return http_status_of(st);
	/* A member's form carries their token, made for this browser. */
	if (m.id > 0 && !visitor_form_trusted(req, vid))
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
	if (!visitor_ensure(req, resp, vid))
		return req_fail(req, "no randomness for a visitor id");
	member_voter(&m, vid, voter, sizeof(voter));
	visitor_client_address(req->in, client, sizeof(client));
	if ((st = live_address(client, req->now, address)) != ST_OK)
		return http_status_of(st);
	v = (struct vote){
		.poll = req->param[LK_POLL].num,
		.options = options,
		.noptions = n,
		.voter = voter,
		.address = address,
		.address_cap = config.votes_per_address,
		.now = req->now,
		.now_iso = req->now_iso,
	};
	/* A second vote changes nothing, and shows the results too. */
	if ((st = live_vote(&v)) != ST_OK && st != ST_DUPLICATE)
		return http_status_of(st);
	snprintf(results, sizeof(results), "/binh-chon/%lld",
	    (long long)v.poll);
	if (live_see_other(resp, results, NULL) != 0)
		return req_fail(req, "no memory for the redirect");
	buf_puts(&resp->body, "Đã ghi nhận bình chọn.\n");
	return 0;
}
