/*
 * The request core's pure parts: percent-decoding, path safety, query
 * parameters with their bounds, and the route table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/router.h"
#include "core/url.h"
#include "pages/page.h"

static struct arena arena;

static int
setup(void **state)
{
	(void)state;
	arena_init(&arena, 1 << 20);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_free(&arena);
	return 0;
}

static void
test_decode(void **state)
{
	size_t n;
	char  *s;

	(void)state;
	s = url_decode(&arena, "/a%20b+c", 8, false, &n);
	assert_string_equal(s, "/a b+c");
	assert_int_equal(n, 6);
	assert_string_equal(url_decode(&arena, "a+b%2B", 6, true, NULL),
	    "a b+");
	assert_string_equal(url_decode(&arena, "Qu%E1%BB%91c", 12, false, NULL),
	    "Quốc");
	/* malformed escapes, NUL, invalid UTF-8 */
	assert_null(url_decode(&arena, "%", 1, false, NULL));
	assert_null(url_decode(&arena, "%2", 2, false, NULL));
	assert_null(url_decode(&arena, "%zz", 3, false, NULL));
	assert_null(url_decode(&arena, "a%00b", 5, false, NULL));
	assert_null(url_decode(&arena, "%C3%28", 6, false, NULL));
	assert_null(url_decode(&arena, "%C0%AF", 6, false, NULL));
	assert_null(url_decode(&arena, "%ED%A0%80", 9, false, NULL));
	assert_null(url_decode(&arena, "\xff", 1, false, NULL));
}

static void
test_path_safe(void **state)
{
	(void)state;
	assert_true(url_path_safe("/"));
	assert_true(url_path_safe("/thoi-su/bai-viet-1.htm"));
	assert_true(url_path_safe("/a/..b/c."));
	assert_false(url_path_safe("/.."));
	assert_false(url_path_safe("/../etc/passwd"));
	assert_false(url_path_safe("/a/./b"));
	assert_false(url_path_safe("/a/.."));
	assert_false(url_path_safe("/a\\b"));
	assert_false(url_path_safe("/a\nb"));
	assert_false(url_path_safe("relative"));
	/* An encoded '?' or '#' (%3F, %23): the web server routed the path
	 * before it, so it must not end the path here. */
	assert_false(url_path_safe("/live/vote?"));
	assert_false(url_path_safe("/live/vote?x=1"));
	assert_false(url_path_safe("/thoi-su#x"));
}

static void
check_location(const char *path, const char *want)
{
	struct buf b;

	buf_init(&b);
	url_encode_path(&b, path, true);
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
}

static void
test_encode_path(void **state)
{
	struct buf b;

	(void)state;
	check_location("/thoi-su/", "/thoi-su/");
	check_location("/tim-kiem?q=a&sort=new", "/tim-kiem?q=a&sort=new");
	check_location("/tìm kiếm", "/t%C3%ACm%20ki%E1%BA%BFm");
	check_location("/a%b#c\"<>", "/a%25b%23c%22%3C%3E");
	check_location("/x\r\nSet-Cookie: y", "/x%0D%0ASet-Cookie:%20y");
	buf_init(&b);
	url_encode_path(&b, "/a?b", false); /* a path alone: '?' too */
	assert_string_equal(buf_cstr(&b), "/a%3Fb");
	buf_free(&b);
}

static struct request *
new_request(void)
{
	struct request *req = arena_zalloc(&arena, sizeof(*req));

	req->arena = &arena;
	req->specs = pages_app.params;
	req->nspecs = pages_app.nparams;
	return req;
}

static void
test_params_page(void **state)
{
	static const struct {
		const char *q;
		int         status;
		int64_t     page;
	} cases[] = {
		{ "page=1", 0, 1 },
		{ "page=100000", 0, 100000 },
		{ "page=2&page=7", 0, 2 }, /* first wins */
		/* unknown keys ignored */
		{ "utm_source=x&page=3", 0, 3 },
		{ "page=0", 400, 0 },
		{ "page=-1", 400, 0 },
		{ "page=abc", 400, 0 },
		{ "page=", 400, 0 },
		{ "page=+5", 400, 0 },
		{ "page=%205", 400, 0 },
		{ "page=0x10", 400, 0 },
		{ "page=100001", 400, 0 },
		{ "page=99999999999999999999", 400, 0 },
		{ "page=9223372036854775808", 400, 0 },
		/* invalid UTF-8 anywhere */
		{ "x=%C3%28&page=2", 400, 0 },
		{ "x=%zz", 400, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct request *req = new_request();
		int rc = params_parse(req, cases[i].q, strlen(cases[i].q),
		    PARAM_BIT(PK_PAGE));

		if (rc != cases[i].status)
			fail_msg("%s: status %d, want %d", cases[i].q, rc,
			    cases[i].status);
		if (rc == 0) {
			assert_true(req->param[PK_PAGE].present);
			assert_int_equal(req->param[PK_PAGE].num,
			    cases[i].page);
		}
	}
}

static void
test_params_bounds(void **state)
{
	struct request *req = new_request();
	char            q[8192];
	size_t          n = 0;

	(void)state;
	/* Not accepted by the route: a bad page is not looked at. */
	assert_int_equal(params_parse(req, "page=abc", 8, 0), 0);
	assert_false(req->param[PK_PAGE].present);
	/* More than QUERY_PARAMS_MAX pairs. */
	for (int i = 0; i <= QUERY_PARAMS_MAX; i++)
		n += (size_t)snprintf(q + n, sizeof(q) - n, "a%d=1&", i);
	assert_int_equal(params_parse(new_request(), q, n, 0), 400);
	/* Empty pairs are skipped, not counted. */
	assert_int_equal(params_parse(new_request(), "&&&", 3, 0), 0);
}

/* A handler that answers n, so that a test sees which route matched. */
#define HANDLER(name, n) \
	static int name(struct request *r, struct response *s) \
	{ \
		(void)r; \
		(void)s; \
		return n; \
	}
HANDLER(h_home, 1)
HANDLER(h_section, 2)
HANDLER(h_article, 3)
HANDLER(h_tag, 4)
HANDLER(h_post, 5)

static const struct route routes[] = {
	{ METHOD_GET, "/", h_home, 0, true },
	{ METHOD_GET, "/tag/{slug}", h_tag, 0, true },
	{ METHOD_POST, "/vote", h_post, 0, false },
	{ METHOD_GET, "/{slug}/", h_section, 0, true },
	{ METHOD_GET, "/{slug}/{article}", h_article, 0, true },
};
static const struct app app = { .routes = routes, .nroutes = 5 };

static int
route(const char *path, enum method m, struct route_args *args)
{
	const struct route *r = NULL;
	unsigned            allowed;

	switch (router_match(&app, path, m, &arena, &r, args, &allowed)) {
	case ROUTE_FOUND:
		return r->handler(NULL, NULL);
	case ROUTE_BAD_METHOD:
		return 405;
	case ROUTE_NOT_FOUND:
		return 404;
	}
	return -1;
}

static void
test_router(void **state)
{
	struct route_args a;

	(void)state;
	assert_int_equal(route("/", METHOD_GET, &a), 1);
	assert_int_equal(route("/", METHOD_HEAD, &a), 1);
	assert_int_equal(route("/", METHOD_POST, &a), 405);
	assert_int_equal(route("/vote", METHOD_POST, &a), 5);
	/* a POST-only path */
	assert_int_equal(route("/vote", METHOD_GET, &a), 405);
	assert_int_equal(route("/thoi-su/", METHOD_GET, &a), 2);
	assert_string_equal(a.slug[0], "thoi-su");
	assert_int_equal(route("/tag/an-ninh-mang", METHOD_GET, &a), 4);
	assert_string_equal(a.slug[0], "an-ninh-mang");

	assert_int_equal(route("/quoc-phong/bo-quoc-phong-1.htm", METHOD_GET,
	                     &a),
	    3);
	assert_true(a.has_id);
	assert_int_equal(a.id, 1);
	assert_string_equal(a.slug[0], "quoc-phong");
	assert_int_equal(route("/x/123.htm", METHOD_GET, &a), 3);
	assert_int_equal(a.id, 123);
	assert_int_equal(route("/x/Sai Slug-42.htm", METHOD_GET, &a), 3);
	assert_int_equal(a.id, 42);

	/* not routes */
	assert_int_equal(route("/Thoi-Su/", METHOD_GET, &a), 404);
	assert_int_equal(route("/thoi-su", METHOD_GET, &a), 404);
	assert_int_equal(route("/thoi-su//", METHOD_GET, &a), 404);
	assert_int_equal(route("/x/slug-0.htm", METHOD_GET, &a), 404);
	assert_int_equal(route("/x/slug-.htm", METHOD_GET, &a), 404);
	assert_int_equal(route("/x/slug12.htm", METHOD_GET, &a), 404);
	assert_int_equal(route("/x/slug-12.html", METHOD_GET, &a), 404);
	assert_int_equal(route("/x/slug-1234567890123456789.htm", METHOD_GET,
	                     &a),
	    404);
	assert_int_equal(route("/x/slug-1.htm/", METHOD_GET, &a), 404);
	/* the section "tag" */
	assert_int_equal(route("/tag/", METHOD_GET, &a), 2);
	assert_int_equal(route("/tag/a/b", METHOD_GET, &a), 404);
	{
		char long_slug[100];

		memset(long_slug, 'a', sizeof(long_slug));
		long_slug[0] = '/';
		memcpy(long_slug + 82, "/", 2);
		assert_int_equal(route(long_slug, METHOD_GET, &a), 404);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_path_safe),
		cmocka_unit_test(test_encode_path),
		cmocka_unit_test(test_params_page),
		cmocka_unit_test(test_params_bounds),
		cmocka_unit_test(test_router),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
