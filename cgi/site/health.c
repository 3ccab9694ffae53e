/* The answer of /healthz and /live/healthz, for load balancers. */
#include "base/buf.h"
#include "site/site.h"
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
