/*
 * GET /live/healthz: 200 when this live worker can use both its stores:
 * the content (the file is where the configuration says and answers) and
 * the live store (SQLite or Redis: the statistics every sidebar shows
 * answer), 503 otherwise; JSON, never cached.  The begin hook never stops
 * a request, so an outage is answered here.
 */
#include "base/config.h"
#include "live/live.h"
#include "site/site.h"
#include "store/db.h"
#include "store/live.h"

int
live_health(struct request *req, struct response *resp)
{
	struct live_stats st;

	return health_respond(resp,
	    db_begin_request() == ST_OK && live_begin() == ST_OK &&
	        live_stats(req->now, config.online_window, &st) == ST_OK);
}
