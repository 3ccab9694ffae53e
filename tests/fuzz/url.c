/*
 * Percent-decoding and path safety (core/url.c): what the core does to
 * every request target before routing.  Checks that a decoded string is
 * valid UTF-8 without NUL, that url_path_safe() agrees with a plain
 * reading of its rule, and that a safe path survives url_encode_path()
 * and decoding again unchanged.
 */
#include "core/url.h"
#include "text/text.h"
#include "fuzz.h"

static struct arena arena;
static struct buf   enc;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	arena_init(&arena, 0);
	buf_init(&enc);
	return 0;
}

/* The rule of url_path_safe(), read differently: a leading '/', no
 * "." or ".." segment, no backslash, no '?' or '#' (decoded from %3F or
 * %23, they would change what the path means to the next server), no
 * control character. */
static bool
plainly_safe(const char *p)
{
	size_t n = strlen(p);

	if (p[0] != '/' || strstr(p, "/./") != NULL ||
	    strstr(p, "/../") != NULL || strcmp(p, "/.") == 0 ||
	    strcmp(p, "/..") == 0 || (n >= 2 && strcmp(p + n - 2, "/.") == 0) ||
	    (n >= 3 && strcmp(p + n - 3, "/..") == 0) ||
	    strpbrk(p, "\\?#") != NULL)
		return false;
	for (; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *src = (const char *)data;
	char       *path, *again;
	size_t      n, m;

	arena_reset(&arena);
	for (int plus = 0; plus < 2; plus++) {
		if ((path = url_decode(&arena, src, size, plus, &n)) == NULL)
			continue;
		FUZZ_CHECK(n <= size && strlen(path) == n);
		FUZZ_CHECK(text_valid_utf8(path, n));
		FUZZ_CHECK(url_path_safe(path) == plainly_safe(path));
		if (plus || !url_path_safe(path))
			continue;
		buf_reset(&enc);
		url_encode_path(&enc, path, false);
		FUZZ_CHECK(!buf_failed(&enc));
		for (size_t i = 0; i < enc.len; i++)
			FUZZ_CHECK(enc.data[i] > 0x20 && enc.data[i] < 0x7f &&
			    strchr("\"#<>?\\^`{|}", enc.data[i]) == NULL);
		again = url_decode(&arena, enc.data, enc.len, false, &m);
		FUZZ_CHECK(again != NULL && m == n &&
		    memcmp(again, path, n) == 0);
	}
	return 0;
}
