#include <string.h>

#include "front/ssi.h"

/* The directive d[0..n) (its text before "-->") starts with word: its
 * name, or its name and the start of its argument. */
static bool
starts(const char *d, size_t n, const char *word)
{
	size_t len = strlen(word);

	return n >= len && memcmp(d, word, len) == 0;
}

bool
ssi_expand(struct buf *out, const char *body, size_t len, bool member,
    ssi_include_fn include, void *arg)
{
	static const char directive[] = "<!--#";
	static const char errmsg[] = "config errmsg=\"";
	static const char virtual[] = "include virtual=\"";
	static const char if_member[] = "if expr=\"$bantin_member\"";
	const char       *end = body + len, *p, *d, *close, *q, *err = "";
	size_t            n, err_len = 0;
	bool              skip = false; /* in the branch not taken */

	if (memmem(body, len, directive, sizeof(directive) - 1) == NULL)
		return false;
	buf_reset(out);
	for (p = body; (d = memmem(p, (size_t)(end - p), directive,
	                    sizeof(directive) - 1)) != NULL;
	     p = close + 3) {
		if (!skip)
			buf_append(out, p, (size_t)(d - p));
		if ((close = memmem(d, (size_t)(end - d), "-->", 3)) == NULL) {
			p = d;
			break;
		}
		d += sizeof(directive) - 1;
		n = (size_t)(close - d);
		if (starts(d, n, if_member)) {
			skip = !member;
			continue;
		}
		if (starts(d, n, "else ")) {
			skip = !skip;
			continue;
		}
		if (starts(d, n, "endif ")) {
			skip = false;
			continue;
		}
		if (skip)
			continue;
		if (starts(d, n, errmsg) &&
		    (q = memchr(d + sizeof(errmsg) - 1, '"',
		         n - (sizeof(errmsg) - 1))) != NULL) {
			err = d + sizeof(errmsg) - 1;
			err_len = (size_t)(q - err);
			continue;
		}
		if (!starts(d, n, virtual) ||
		    (q = memchr(d + sizeof(virtual) - 1, '"',
		         n - (sizeof(virtual) - 1))) == NULL)
			continue;
		if (!include(arg, d + sizeof(virtual) - 1,
		        (size_t)(q - d) - (sizeof(virtual) - 1), out))
			buf_append(out, err, err_len);
	}
	buf_append(out, p, (size_t)(end - p));
	return true;
}
