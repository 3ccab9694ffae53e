/*
 * The request/response core: the one entry point every front end calls.
 *
 *   core_init()      once per process, after config_load(); 0 or -1
 *   core_handle()    once per request, for the program (app) it belongs to;
 *                    always fills a complete response
 *   core_shutdown()  frees everything core_init() and requests allocated
 *
 * core_handle() never fails: bad input becomes a 4xx page, an unavailable
 * database a 503 with Retry-After, a bug a 500, each with one log line.
 */
#ifndef BANTIN_CORE_H
#define BANTIN_CORE_H

#include "core/http.h"
#include "core/router.h"

int  core_init(void);
void core_handle(const struct app *, const struct http_input *,
    struct response *);
void core_shutdown(void);

/* Writes one request log line to stderr (when access_log is on); query
 * values are shown only for keys the app declares `logged` (app may be
 * NULL: a static file). */
void core_log_request(const struct app *, const struct http_input *,
    const struct response *, long micros);

#endif
