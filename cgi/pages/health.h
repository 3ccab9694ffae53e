/*
 * /healthz and /live/healthz: whether a worker's database answers, for
 * load balancers and monitors.
 */
#ifndef BANTIN_HEALTH_H
#define BANTIN_HEALTH_H

#include <stdbool.h>

#include "core/http.h"

/* Fills resp: 200 {"status":"ok","schema":N} when up, else 503
 * {"status":"unavailable","schema":N} with Retry-After; JSON, never
 * cached (nginx's microcache included).  Returns 0. */
int	health_respond(struct response *, bool up);

int	page_health(struct request *, struct response *);

#endif
