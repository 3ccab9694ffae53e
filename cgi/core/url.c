#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/url.h"
#include "text/text.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *
url_decode(struct arena *a, const char *src, size_t len, bool plus_is_space,
    size_t *out_len)
{
	char  *out, *p;
	size_t i;
	int    hi, lo;

	if ((out = arena_alloc(a, len + 1)) == NULL)
		return NULL;
	for (p = out, i = 0; i < len; i++) {
		if (src[i] == '%') {
			if (len - i < 3 || (hi = hexval(src[i + 1])) < 0 ||
			    (lo = hexval(src[i + 2])) < 0)
				return NULL;
			*p++ = (char)(hi << 4 | lo);
			i += 2;
		} else if (src[i] == '+' && plus_is_space)
			*p++ = ' ';
		else
			*p++ = src[i];
	}
	*p = '\0';
	/* text_valid_utf8 also rejects NUL, so %00 never reaches a handler. */
	if (!text_valid_utf8(out, (size_t)(p - out)))
		return NULL;
	if (out_len != NULL)
		*out_len = (size_t)(p - out);
	return out;
}

bool
url_path_safe(const char *path)
{
	const char *seg, *end;

	if (path[0] != '/')
		return false;
	for (seg = path + 1;; seg = end + 1) {
		end = strchr(seg, '/');
		if (end == NULL)
			end = seg + strlen(seg);
		if ((end - seg == 1 && seg[0] == '.') ||
		    (end - seg == 2 && seg[0] == '.' && seg[1] == '.'))
			return false;
		if (*end == '\0')
			break;
	}
	for (; *path != '\0'; path++)
		if (*path == '\\' || *path == '?' || *path == '#' ||
		    (unsigned char)*path < 0x20 || *path == 0x7f)
			return false;
	return true;
}

void
url_encode_path(struct buf *b, const char *path, bool with_query)
{
	static const char    hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)path; *p != '\0'; p++) {
		if (*p <= 0x20 || *p >= 0x7f ||
		    strchr("\"#%<>\\^`{|}", *p) != NULL ||
		    (*p == '?' && !with_query)) {
			buf_putc(b, '%');
			buf_putc(b, hex[*p >> 4]);
			buf_putc(b, hex[*p & 15]);
		} else
			buf_putc(b, (char)*p);
	}
}

static int
parse_int(const struct param_spec *spec, const char *value, size_t len,
    int64_t *out)
{
	char     *end;
	long long n;

	/* Digits only: strtoll alone would take " 7", "+7" or "0x7". */
	if (len == 0 || len > 19 || strspn(value, "0123456789") != len)
		return 400;
	errno = 0;
	n = strtoll(value, &end, 10);
	if (errno != 0 || *end != '\0' || n < spec->min || n > spec->max)
		return 400;
	*out = n;
	return 0;
}

static bool
local_path(const char *s, size_t len, size_t max)
{
	if (len == 0 || len > max || s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f || s[i] == '\\')
			return false;
	return true;
}

static int
param_set(struct request *req, const struct param_spec *spec,
    struct param_value *v, const char *value, size_t len)
{
	char *nfc;
	int   rc;

	switch (spec->type) {
	case PARAM_INT:
		if (v->present)
			return 0; /* the first occurrence wins */
		if ((rc = parse_int(spec, value, len, &v->num)) != 0)
			return rc;
		break;
	case PARAM_INT_LIST:
		if (v->count == PARAM_LIST_MAX)
			return 400;
		if ((rc = parse_int(spec, value, len, &v->list[v->count])) != 0)
			return rc;
		v->count++;
		break;
	case PARAM_HEX:
		if (v->present)
			return 0;
		if (len != spec->max_chars ||
		    strspn(value, "0123456789abcdef") != len)
			return 400;
		v->str = value;
		break;
	case PARAM_PATH:
		if (v->present || !local_path(value, len, spec->max_chars))
			return 0; /* a bad path is ignored: no error */
		v->str = value;
		break;
	case PARAM_SECRET:
	case PARAM_TEXT:
		if (v->present)
			return 0;
		/* A secret is kept whole or refused; text is cut at a word. */
		if (spec->type == PARAM_SECRET)
			nfc = len > spec->max_chars ?
			    NULL :
			    text_nfc(value, len, NULL);
		else
			nfc = text_truncate_words(value, len, spec->max_chars);
		if (nfc == NULL)
			return 400;
		v->str = arena_strdup(req->arena, nfc);
		free(nfc);
		if (v->str == NULL)
			return req_fail(req, "out of memory");
		break;
	}
	v->present = true;
	return 0;
}

int
params_parse(struct request *req, const char *query, size_t len,
    unsigned accepted)
{
	const char *pair, *end, *eq;
	char       *key, *value;
	size_t      keylen, vlen, npairs = 0;
	int         k, rc;

	for (pair = query; pair < query + len; pair = end + 1) {
		if ((end = memchr(pair, '&', (size_t)(query + len - pair))) ==
		    NULL)
			end = query + len;
		if (end == pair)
			continue;
		if (++npairs > QUERY_PARAMS_MAX)
			return 400;
		eq = memchr(pair, '=', (size_t)(end - pair));
		keylen = (size_t)((eq != NULL ? eq : end) - pair);
		if ((key = url_decode(req->arena, pair, keylen, true, NULL)) ==
		    NULL)
			return 400;
		value = eq == NULL ? arena_strdup(req->arena, "") :
		                     url_decode(req->arena, eq + 1,
		                         (size_t)(end - eq - 1), true, &vlen);
		if (value == NULL)
			return 400;
		if (eq == NULL)
			vlen = 0;
		for (k = 0; k < (int)req->nspecs; k++) {
			if (!(accepted & PARAM_BIT(k)) ||
			    strcmp(key, req->specs[k].name) != 0)
				continue;
			if ((rc = param_set(req, &req->specs[k], &req->param[k],
			         value, vlen)) != 0)
				return rc;
			break;
		}
	}
	return 0;
}
