/*
 * The dev server's include expansion (front/ssi.c) over any page body.
 * Byte 0 says whether the reader is a member and which includes answer;
 * the rest is the body, not NUL-terminated, so a read past its end is
 * caught.  A body with no directive is left alone; otherwise each include
 * asked for is a path that stood in the body between quotes, and the
 * expansion is never larger than the body, what the includes gave and an
 * errmsg (a piece of the body) for each include.
 */
#include "front/ssi.h"
#include "fuzz.h"

static struct buf  out;
static const char *body;
static size_t      body_len, given;
static unsigned    answers; /* bit i: the i-th include answers */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	buf_init(&out);
	return 0;
}

static bool
include(void *arg, const char *uri, size_t len, struct buf *to)
{
	unsigned *n = arg;
	bool      ok = answers >> (*n % 8) & 1;

	FUZZ_CHECK(uri >= body && uri + len < body + body_len &&
	    uri[len] == '"' && memchr(uri, '"', len) == NULL);
	(*n)++;
	if (ok) {
		buf_puts(to, "[fragment]");
		given += 10;
	}
	return ok;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned n = 0;

	if (size < 1)
		return 0;
	answers = data[0];
	body = (const char *)data + 1;
	body_len = size - 1;
	given = 0;
	buf_reset(&out);
	if (!ssi_expand(&out, body, body_len, data[0] & 1, include, &n)) {
		FUZZ_CHECK(memmem(body, body_len, "<!--#", 5) == NULL);
		return 0;
	}
	FUZZ_CHECK(!buf_failed(&out) && out.len <= body_len * (1 + n) + given);
	return 0;
}
