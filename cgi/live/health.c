/*
 * GET /live/healthz: 200 when this live worker can use the database (the
 * file is where the configuration says, opens read-write and answers the
 * statistics query every sidebar runs), 503 otherwise; JSON, never cached.
 * Like /healthz, it is let through the begin hook so that an outage is
 * answered here.  An open connection outlives its file being removed, so
 * the path is checked too: writes to a removed file would be lost.
 */
#include <unistd.h>

#include "base/config.h"
#include "live/live.h"
#include "site/site.h"
#include "store/live.h"

int
live_health(struct request *req, struct response *resp)
{
	struct live_stats st;

	return health_respond(resp, access(config.db_path, F_OK) == 0 &&
	    live_db_begin() == ST_OK &&
	    live_stats(req->now, config.online_window, &st) == ST_OK);
}
