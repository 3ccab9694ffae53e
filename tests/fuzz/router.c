/*
 * The router (router_match) with the route tables of both programs.  The
 * first byte picks the program and the method, the rest is the path, as
 * the core hands it over: decoded and url_path_safe().  A route found
 * takes the method; what it captured is a slug of [a-z0-9-] and an id
 * above zero; a path refused for its method names the methods it takes.
 */
#include "core/router.h"
#include "core/url.h"
#include "live/live.h"
#include "pages/page.h"
#include "fuzz.h"

static struct arena arena;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	arena_init(&arena, 0);
	return 0;
}

static bool
slug_ok(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n <= 80 &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum method methods[] = { METHOD_GET, METHOD_HEAD,
		METHOD_POST, METHOD_OTHER };
	const struct app        *app;
	const struct route      *found = NULL;
	struct route_args        args;
	enum method              m;
	unsigned                 allowed, takes;
	char                    *path;

	if (size < 1)
		return 0;
	app = data[0] & 1 ? &live_app : &pages_app;
	m = methods[(data[0] >> 1) & 3];
	arena_reset(&arena);
	path =
	    url_decode(&arena, (const char *)data + 1, size - 1, false, NULL);
	if (path == NULL || !url_path_safe(path))
		return 0;
	switch (router_match(app, path, m, &arena, &found, &args, &allowed)) {
	case ROUTE_FOUND:
		takes = found->methods;
		if (takes & METHOD_GET)
			takes |= METHOD_HEAD;
		FUZZ_CHECK(takes & m);
		for (int i = 0; i < 2 && args.slug[i] != NULL; i++)
			FUZZ_CHECK(slug_ok(args.slug[i]));
		FUZZ_CHECK(!args.has_id || args.id > 0);
		break;
	case ROUTE_BAD_METHOD:
		FUZZ_CHECK(allowed != 0 && !(allowed & m));
		break;
	case ROUTE_NOT_FOUND:
		FUZZ_CHECK(allowed == 0);
		break;
	}
	return 0;
}
