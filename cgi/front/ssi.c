#include <string.h>

#include "front/ssi.h"

bool
ssi_expand(struct buf *out, const char *body, size_t len, bool member,
    ssi_include_fn include, void *arg)
{
	static const char directive[] = "<!--#";
	static const char errmsg[] = "config errmsg=\"";
	static const char virtual[] = "include virtual=\"";
	static const char if_member[] = "if expr=\"$bantin_member\"";
	const char	*end = body + len, *p, *d, *close, *q, *err = "";
	size_t		 err_len = 0;
	bool		 skip = false;	/* in the branch not taken */

	if (memmem(body, len, directive, sizeof(directive) - 1) == NULL)
		return false;
	buf_reset(out);
	for (p = body; (d = memmem(p, (size_t)(end - p), directive,
	    sizeof(directive) - 1)) != NULL; p = close + 3) {
		if (!skip)
			buf_append(out, p, (size_t)(d - p));
		if ((close = memmem(d, (size_t)(end - d), "-->", 3)) == NULL) {
			p = d;
			break;
		}
		d += sizeof(directive) - 1;
		if (strncmp(d, if_member, sizeof(if_member) - 1) == 0) {
			skip = !member;
			continue;
		}
		if (strncmp(d, "else ", 5) == 0) {
			skip = !skip;
			continue;
		}
		if (strncmp(d, "endif ", 6) == 0) {
			skip = false;
			continue;
		}
		if (skip)
			continue;
		if (strncmp(d, errmsg, sizeof(errmsg) - 1) == 0 &&
		    (q = memchr(d + sizeof(errmsg) - 1, '"',
		    (size_t)(close - d) - (sizeof(errmsg) - 1))) != NULL) {
			err = d + sizeof(errmsg) - 1;
			err_len = (size_t)(q - err);
			continue;
		}
		if (strncmp(d, virtual, sizeof(virtual) - 1) != 0 ||
		    (q = memchr(d + sizeof(virtual) - 1, '"',
		    (size_t)(close - d) - (sizeof(virtual) - 1))) == NULL)
			continue;
		if (!include(arg, d + sizeof(virtual) - 1,
		    (size_t)(q - d) - (sizeof(virtual) - 1), out))
			buf_append(out, err, err_len);
	}
	buf_append(out, p, (size_t)(end - p));
	return true;
}
