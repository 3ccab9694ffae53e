/*
 * The page cache as core_handle() uses it: the key holds every accepted
 * parameter as validated, so two requests share a cached page only when
 * the handler would have made the same page for both.  A small app of its
 * own, with no database (tests/stub_app.h), stands in for the page
 * program.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/config.h"
#include "core/core.h"
#include "text/text.h"
#include "../stub_app.h"

static int renders;

/* The options and the page as the handler saw them. */
static int
echo(struct request *req, struct response *resp)
{
	const struct param_value *o = &req->param[PARAM_OPTION];

	renders++;
	resp->status = 200;
	buf_puts(&resp->body, "options");
	for (size_t i = 0; i < o->count; i++)
		buf_printf(&resp->body, " %lld", (long long)o->list[i]);
	if (req->param[PARAM_PAGE].present)
		buf_printf(&resp->body, " page %lld",
		    (long long)req->param[PARAM_PAGE].num);
	if (req->param[PARAM_Q].present)
		buf_printf(&resp->body, " q [%s]", req->param[PARAM_Q].str);
	if (req->param[PARAM_SORT].present)
		buf_printf(&resp->body, " sort [%s]",
		    req->param[PARAM_SORT].str);
	return 0;
}

/* A page of nothing: no header, no body. */
static int
empty(struct request *req, struct response *resp)
{
	(void)req;
	renders++;
	resp->status = 200;
	return 0;
}

static const struct route routes[] = {
	{ METHOD_GET, "/e", empty, 0, true },
	{ METHOD_GET, "/c", echo,
	    PARAM_BIT(PARAM_OPTION) | PARAM_BIT(PARAM_PAGE) |
	        PARAM_BIT(PARAM_Q) | PARAM_BIT(PARAM_SORT),
	    true },
};

static const struct app app = STUB_APP(routes);

static struct response resp;

static const char *
get(const char *uri)
{
	static char       body[256];
	struct http_input in = { .method = "GET", .uri = uri };
	const char       *b;
	size_t            len;

	core_handle(&app, &in, &resp);
	assert_int_equal(resp.status, 200);
	b = response_body(&resp, &len);
	assert_true(len < sizeof(body));
	memcpy(body, b, len);
	body[len] = '\0';
	return body;
}

static void
test_int_list_in_key(void **state)
{
	(void)state;
	renders = 0;
	assert_string_equal(get("/c?option=1&option=2"), "options 1 2");
	assert_string_equal(get("/c?option=1&option=3"), "options 1 3");
	assert_string_equal(get("/c?option=1"), "options 1");
	assert_string_equal(get("/c?option=12"), "options 12");
	assert_string_equal(get("/c?option=1&page=2"), "options 1 page 2");
	assert_string_equal(get("/c"), "options");
	assert_int_equal(renders, 6);
	/* The same options again: the cached page, not a new render. */
	assert_string_equal(get("/c?option=1&option=2"), "options 1 2");
	assert_string_equal(get("/c?option=1&page=2&utm_source=x"),
	    "options 1 page 2");
	assert_int_equal(renders, 6);
}

/* A text value holding what looks like the next parameter is still
 * that one value. */
static void
test_text_cannot_pass_for_another(void **state)
{
	(void)state;
	renders = 0;
	assert_string_equal(get("/c?q=a%0Asort%3Dz"), "options q [a\nsort=z]");
	assert_string_equal(get("/c?q=a&sort=z"), "options q [a] sort [z]");
	assert_int_equal(renders, 2);
}

/* Under UBSan (make SAN=1 unit): a page with no headers and no body
 * was copied into the cache with memcpy() from NULL. */
static void
test_empty_page(void **state)
{
	(void)state;
	renders = 0;
	assert_string_equal(get("/e"), "");
	assert_string_equal(get("/e"), "");
	assert_int_equal(renders, 1);
}

static int
setup(void **state)
{
	(void)state;
	config.page_cache_bytes = 1 << 20;
	config.access_log = false;
	response_init(&resp);
	return text_init() == 0 ? core_init() : -1;
}

static int
teardown(void **state)
{
	(void)state;
	response_free(&resp);
	core_shutdown();
	text_shutdown();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_int_list_in_key),
		cmocka_unit_test(test_text_cannot_pass_for_another),
		cmocka_unit_test(test_empty_page),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
