/*
 * The dev server's include expansion (front/ssi.c): includes answered or
 * not (the errmsg then), the member branch, bodies without directives,
 * and directives cut off at the end of the body.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "front/ssi.h"

/* Under ASan (make SAN=1 unit), string functions are checked over the
 * whole length they may read, not only up to the first difference. */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "strict_string_checks=1";
}

/* "/live/…" answers "[path]"; anything else has no answer. */
static bool
include(void *arg, const char *uri, size_t len, struct buf *out)
{
	int *calls = arg;

	(*calls)++;
	if (len < 6 || memcmp(uri, "/live/", 6) != 0)
		return false;
	buf_printf(out, "[%.*s]", (int)len, uri);
	return true;
}

/* The expansion of body for a member or a guest, or NULL when there was
 * nothing to expand.  The body is copied to memory of exactly its size,
 * so a read past it is caught. */
static const char *
expand(const char *body, bool member)
{
	static struct buf out;
	size_t            len = strlen(body);
	char             *copy;
	int               calls = 0;
	bool              expanded;

	assert_non_null(copy = malloc(len + 1));
	memcpy(copy, body, len);
	expanded = ssi_expand(&out, copy, len, member, include, &calls);
	free(copy);
	assert_false(buf_failed(&out));
	return expanded ? buf_cstr(&out) : NULL;
}

static void
test_includes(void **state)
{
	(void)state;
	assert_null(expand("<p>no directive</p>", false));
	assert_string_equal(expand("a<!--#include virtual=\"/live/w?from=/\" "
	                           "-->b",
	                        false),
	    "a[/live/w?from=/]b");
	assert_string_equal(
	    expand(
	        "<!--#config errmsg=\"1.234\" -->"
	        "<!--#include virtual=\"/other\" -->|"
	        "<!--#config errmsg=\"\" --><!--#include virtual=\"/x\" -->|",
	        false),
	    "1.234||");
	/* Unknown directives vanish; an unclosed one stays as text. */
	assert_string_equal(expand("x<!--#echo var=\"a\" -->y<!--#include",
	                        false),
	    "xy<!--#include");
}

static void
test_member_branch(void **state)
{
	static const char page[] = "<!--#if expr=\"$bantin_member\" -->M"
	                           "<!--#else -->G<!--#endif -->.";

	(void)state;
	assert_string_equal(expand(page, true), "M.");
	assert_string_equal(expand(page, false), "G.");
}

/* A directive's name is read only up to its "-->", never past the end
 * of the body (the fuzzer's first find: strncmp() over the body). */
static void
test_short_directives(void **state)
{
	static const char *const bodies[] = {
		"<!--#-->",
		"<!--#e-->",
		"<!--#include-->",
		"<!--#include virtual=\"-->",
		"<!--#config errmsg=\"-->",
		"<!--#if-->",
		"<!--#else-->",
		"<!--#endif-->",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++)
		assert_string_equal(expand(bodies[i], false), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_includes),
		cmocka_unit_test(test_member_branch),
		cmocka_unit_test(test_short_directives),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
