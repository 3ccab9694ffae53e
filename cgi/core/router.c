#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/router.h"

enum { SLUG_MAX = 80, ID_DIGITS_MAX = 18 };

static bool
is_slug(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > SLUG_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		        (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

/* s[0..n) is all digits (at most 18) and a number > 0. */
static bool
number(const char *s, size_t n, int64_t *id)
{
	char      num[ID_DIGITS_MAX + 1];
	long long v;

	if (n == 0 || n > ID_DIGITS_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	memcpy(num, s, n);
	num[n] = '\0';
	errno = 0;
	v = strtoll(num, NULL, 10);
	if (errno != 0 || v <= 0)
		return false;
	*id = v;
	return true;
}

/* "<anything>-<id>.htm" or "<id>.htm" → id > 0. */
static bool
article_id(const char *s, size_t n, int64_t *id)
{
	size_t digits = 0;

	if (n < 5 || memcmp(s + n - 4, ".htm", 4) != 0)
		return false;
	n -= 4;
	while (digits < n && s[n - 1 - digits] >= '0' &&
	    s[n - 1 - digits] <= '9')
		digits++;
	if (digits < n && s[n - 1 - digits] != '-')
		return false;
	return number(s + n - digits, digits, id);
}

static bool
match(const char *pat, const char *path, struct arena *a,
    struct route_args *args)
{
	const char *pe, *se;
	size_t      pn, sn, nslug = 0;

	memset(args, 0, sizeof(*args));
	if (*pat++ != '/' || *path++ != '/')
		return false;
	for (;;) {
		pe = strchr(pat, '/');
		se = strchr(path, '/');
		pn = pe != NULL ? (size_t)(pe - pat) : strlen(pat);
		sn = se != NULL ? (size_t)(se - path) : strlen(path);
		if ((pe == NULL) != (se == NULL))
			return false;
		if (pn == 6 && memcmp(pat, "{slug}", 6) == 0) {
			if (!is_slug(path, sn) || nslug == 2)
				return false;
			if ((args->slug[nslug++] =
			            arena_strndup(a, path, sn)) == NULL)
				return false;
		} else if (pn == 4 && memcmp(pat, "{id}", 4) == 0) {
			if (!number(path, sn, &args->id))
				return false;
			args->has_id = true;
		} else if (pn == 9 && memcmp(pat, "{article}", 9) == 0) {
			if (!article_id(path, sn, &args->id))
				return false;
			args->has_id = true;
		} else if (pn != sn || memcmp(pat, path, pn) != 0)
			return false;
		if (pe == NULL)
			return true;
		pat = pe + 1;
		path = se + 1;
	}
}

enum route_result
router_match(const struct app *t, const char *path, enum method m,
    struct arena *a, const struct route **found, struct route_args *args,
    unsigned *allowed)
{
	enum route_result res = ROUTE_NOT_FOUND;
	unsigned          methods;
	size_t            i;

	*allowed = 0;
	for (i = 0; i < t->nroutes; i++) {
		if (!match(t->routes[i].pattern, path, a, args))
			continue;
		methods = t->routes[i].methods;
		if (methods & METHOD_GET)
			methods |= METHOD_HEAD;
		if (methods & m) {
			*found = &t->routes[i];
			return ROUTE_FOUND;
		}
		*allowed |= methods;
		res = ROUTE_BAD_METHOD;
	}
	return res;
}
