/*
 * The hooks of an app with no store, for the tests and fuzzers that drive
 * core_handle() with routes of their own: every request begins, the
 * content never changes (so the page cache is never emptied), and an
 * error page is its status alone.
 */
#ifndef BANTIN_STUB_APP_H
#define BANTIN_STUB_APP_H

#include "core/router.h"

static int
stub_begin(struct request *req)
{
	(void)req;
	return 0;
}

static void
stub_end(struct request *req)
{
	(void)req;
}

static uint64_t
stub_version(struct request *req)
{
	(void)req;
	return 1;
}

static void
stub_error(struct request *req, struct response *resp, int status)
{
	(void)req;
	(void)resp;
	(void)status;
}

/* A struct app initializer for the array of routes r. */
#define STUB_APP(r) {							\
	.routes = (r),							\
	.nroutes = sizeof(r) / sizeof((r)[0]),				\
	.begin = stub_begin,						\
	.end = stub_end,						\
	.content_version = stub_version,				\
	.error = stub_error,						\
}

#endif
