/*
 * The hooks of an app with no store, for the tests and fuzzers that drive
 * core_handle() with routes of their own: every request begins, the
 * content never changes (so the page cache is never emptied), and an
 * error page is its status alone.
 */
#ifndef BANTIN_STUB_APP_H
#define BANTIN_STUB_APP_H

#include "core/router.h"

/* Keys of every kind, as the programs declare theirs. */
enum stub_key {
	PARAM_PAGE,
	PARAM_OPTION,
	PARAM_TOKEN,
	PARAM_FROM,
	PARAM_Q,
	PARAM_SORT,
	PARAM_PASSWORD,
	PARAM__COUNT
};

static const struct param_spec param_specs[PARAM__COUNT] = {
	[PARAM_PAGE] = { "page", PARAM_INT, 1, 100000, 0, true },
	[PARAM_OPTION] = { "option", PARAM_INT_LIST, 1,
	    INT64_C(999999999999999999), 0, true },
	[PARAM_TOKEN] = { "token", PARAM_HEX, 0, 0, 32, false },
	[PARAM_FROM] = { "from", PARAM_PATH, 0, 0, 2048, false },
	[PARAM_Q] = { "q", PARAM_TEXT, 0, 0, 200, false },
	[PARAM_SORT] = { "sort", PARAM_TEXT, 0, 0, 16, true },
	[PARAM_PASSWORD] = { "password", PARAM_SECRET, 0, 0, 1024, false },
};

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
#define STUB_APP(r) \
	{ \
		.routes = (r), .nroutes = sizeof(r) / sizeof((r)[0]), \
		.params = param_specs, .nparams = PARAM__COUNT, \
		.begin = stub_begin, .end = stub_end, \
		.content_version = stub_version, .error = stub_error, \
	}

#endif
