/*
 * GET /healthz: 200 when this page worker reads the database (the same
 * check every page makes first: the file is there, opens read-only at the
 * expected schema version and answers a query), 503 otherwise.  The app's
 * begin hook lets this route through when the database is down, so that
 * the outage is answered here, in JSON, rather than by the HTML error page.
 */
#include "core/buf.h"
#include "pages/health.h"
#include "store/db.h"

int
health_respond(struct response *resp, bool up)
{
	resp->status = up ? 200 : 503;
	response_header(resp, "Content-Type", "application/json");
	response_header(resp, "Cache-Control", "no-store");
	/* nginx's microcache ignores Cache-Control; this it obeys. */
	response_header(resp, "X-Accel-Expires", "0");
	if (!up)
		response_header(resp, "Retry-After", "5");
	buf_printf(&resp->body, "{\"status\":\"%s\",\"schema\":%d}\n",
	    up ? "ok" : "unavailable", SCHEMA_VERSION);
	return 0;
}

int
page_health(struct request *req, struct response *resp)
{
	(void)req;
	return health_respond(resp, db_begin_request() == 0);
}
