/*
 * Query and form parsing (params_parse) as the core runs it: the input is
 * the query of a GET and the body of a form POST to a route that accepts
 * every declared parameter, through core_handle() with the page cache on.
 * The handler checks each value against its declaration; a page is what a
 * direct params_parse() of the same input gives, so a cached page served
 * for another request (a cache key that two inputs share) is caught too.
 */
#include <stdio.h>

#include "base/config.h"
#include "core/core.h"
#include "core/url.h"
#include "text/text.h"
#include "../stub_app.h"
#include "fuzz.h"

enum { ALL = (1u << PARAM__COUNT) - 1 };

static struct arena    arena;
static struct response resp;
static struct buf      uri, want;

static bool
all_hex(const char *s, size_t n)
{
	return strspn(s, "0123456789abcdef") == n;
}

/* Each value as its declaration allows, or abort(). */
static void
check_value(const struct param_spec *spec, const struct param_value *v)
{
	size_t n;

	switch (spec->type) {
	case PARAM_INT:
		FUZZ_CHECK(v->num >= spec->min && v->num <= spec->max);
		break;
	case PARAM_INT_LIST:
		FUZZ_CHECK(v->count >= 1 && v->count <= PARAM_LIST_MAX);
		for (size_t i = 0; i < v->count; i++)
			FUZZ_CHECK(v->list[i] >= spec->min &&
			    v->list[i] <= spec->max);
		break;
	case PARAM_HEX:
		FUZZ_CHECK(strlen(v->str) == spec->max_chars &&
		    all_hex(v->str, spec->max_chars));
		break;
	case PARAM_PATH:
		n = strlen(v->str);
		FUZZ_CHECK(n >= 1 && n <= spec->max_chars && v->str[0] == '/' &&
		    v->str[1] != '/' && strchr(v->str, '\\') == NULL);
		for (size_t i = 0; i < n; i++)
			FUZZ_CHECK((unsigned char)v->str[i] >= 0x20 &&
			    v->str[i] != 0x7f);
		break;
	case PARAM_TEXT:
	case PARAM_SECRET:
		FUZZ_CHECK(text_valid_utf8(v->str, strlen(v->str)));
		break;
	}
}

/* The parameters, unambiguously: each value's bytes in hex. */
static void
describe(struct buf *b, const struct request *req)
{
	const struct param_value *v;

	buf_reset(b);
	for (int k = 0; k < PARAM__COUNT; k++) {
		if (!(v = &req->param[k])->present)
			continue;
		check_value(&param_specs[k], v);
		buf_printf(b, "%s:%lld:", param_specs[k].name,
		    (long long)v->num);
		for (size_t i = 0; i < v->count; i++)
			buf_printf(b, "%lld,", (long long)v->list[i]);
		for (const char *s = v->str; s != NULL && *s != '\0'; s++)
			buf_printf(b, "%02x", (unsigned char)*s);
		buf_putc(b, ';');
	}
}

static int
echo(struct request *req, struct response *r)
{
	describe(&r->body, req);
	r->status = 200;
	return 0;
}

/* The content version never changes: inputs meet in the page cache. */
static const struct route routes[] = {
	{ METHOD_GET | METHOD_POST, "/p", echo, ALL, true },
};

static const struct app app = STUB_APP(routes);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	config.page_cache_bytes = 256 << 10;
	config.access_log = false;
	if (text_init() != 0 || core_init() != 0)
		abort();
	arena_init(&arena, 0);
	response_init(&resp);
	buf_init(&uri);
	buf_init(&want);
	return 0;
}

/* The page must be what parsing query[0..len) directly describes. */
static void
check_page(const char *query, size_t len)
{
	struct request req = {
		.arena = &arena, .specs = param_specs, .nspecs = PARAM__COUNT
	};
	const char *body;
	size_t      n;

	arena_reset(&arena);
	if (resp.status != 200 || params_parse(&req, query, len, ALL) != 0)
		return;
	describe(&want, &req);
	body = response_body(&resp, &n);
	FUZZ_CHECK(!buf_failed(&want) && n == want.len &&
	    (n == 0 || memcmp(body, want.data, n) == 0));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_input in = { .request_id = "fuzz" };
	const char       *q;

	buf_reset(&uri);
	buf_puts(&uri, "/p?");
	buf_append(&uri, data, strnlen((const char *)data, size));
	in.method = "GET";
	in.uri = buf_cstr(&uri);
	core_handle(&app, &in, &resp);
	q = in.uri + 3;
	if (strlen(in.uri) <= URI_MAX)
		check_page(q, strlen(q));

	in.method = "POST";
	in.uri = "/p";
	in.content_type = "application/x-www-form-urlencoded";
	in.body = (const char *)data;
	in.body_len = size;
	core_handle(&app, &in, &resp);
	check_page(in.body, in.body_len);
	return 0;
}
