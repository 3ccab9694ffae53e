/*
 * Cookie headers (cookie_hex, live/visitor.c): the visitor and session
 * cookies as the live handlers and the dev server read them.  A value
 * found is exactly the length asked, lowercase hex, and stands in the
 * header as "name=value" ending the pair.
 */
#include <stddef.h>

#include "live/live.h"
#include "fuzz.h"

static const struct {
	const char *name;
	size_t      len;
} cookies[] = {
	{ "bantin_vid", VISITOR_ID_LEN },
	{ "bantin_sid", 64 },
	{ "__Host-bantin_sid", 64 },
	{ "a", 1 },
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char  *header, *pair, out[65];
	size_t n;

	if ((header = fuzz_cstr(data, size)) == NULL)
		return 0;
	for (size_t i = 0; i < sizeof(cookies) / sizeof(cookies[0]); i++) {
		memset(out, 'X', sizeof(out));
		if (!cookie_hex(header, cookies[i].name, cookies[i].len, out))
			continue;
		n = strlen(cookies[i].name);
		FUZZ_CHECK(strlen(out) == cookies[i].len &&
		    strspn(out, "0123456789abcdef") == cookies[i].len);
		pair = header;
		while ((pair = strstr(pair, out)) != NULL &&
		    !(pair - header >= (ptrdiff_t)n + 1 && pair[-1] == '=' &&
		        memcmp(pair - n - 1, cookies[i].name, n) == 0 &&
		        (pair[cookies[i].len] == '\0' ||
		            pair[cookies[i].len] == ';')))
			pair++;
		FUZZ_CHECK(pair != NULL);
	}
	free(header);
	return 0;
}
