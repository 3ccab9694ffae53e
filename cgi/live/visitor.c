/*
 * Who is visiting: the visitor cookie and the bot filter.
 *
 * Bots never count as online, as visits or as views.  The patterns are
 * case-insensitive substrings, one per line in BANTIN_BOTS (default
 * deploy/bots.txt), read at start-up; '#' starts a comment.
 */
#include <sys/random.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "live/live.h"

enum { BOTS_MAX = 256, BOT_PATTERN_MAX = 64 };

static struct {
	char	pattern[BOTS_MAX][BOT_PATTERN_MAX];
	size_t	n;
} bots;

int
visitor_load_bots(const char *path)
{
	FILE	*f;
	char	 line[256];
	int	 lineno = 0;
	size_t	 len;

	bots.n = 0;
	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "bantin-live: cannot read the bot list %s: %s "
		    "(set BANTIN_BOTS to the shipped deploy/bots.txt)\n", path,
		    strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		line[strcspn(line, "#\r\n")] = '\0';
		len = strlen(line);
		while (len > 0 && isspace((unsigned char)line[len - 1]))
			line[--len] = '\0';
		if (len == 0)
			continue;
		if (len >= BOT_PATTERN_MAX || bots.n == BOTS_MAX) {
			fprintf(stderr, "bantin-live: %s:%d: patterns are at "
			    "most %d bytes, at most %d of them\n", path, lineno,
			    BOT_PATTERN_MAX - 1, BOTS_MAX);
			fclose(f);
			return -1;
		}
		for (size_t i = 0; i < len; i++)
			line[i] = (char)tolower((unsigned char)line[i]);
		memcpy(bots.pattern[bots.n++], line, len + 1);
	}
	fclose(f);
	return 0;
}

void
visitor_free_bots(void)
{
	bots.n = 0;
}

bool
visitor_is_bot(const char *ua)
{
	char	lower[512];
	size_t	i;

	if (ua == NULL || *ua == '\0')
		return true;
	for (i = 0; ua[i] != '\0' && i < sizeof(lower) - 1; i++)
		lower[i] = (char)tolower((unsigned char)ua[i]);
	lower[i] = '\0';
	for (i = 0; i < bots.n; i++)
		if (strstr(lower, bots.pattern[i]) != NULL)
			return true;
	return false;
}

static bool
is_visitor_id(const char *s, size_t n)
{
	if (n != VISITOR_ID_LEN)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

bool
visitor_from_cookie(const char *cookie, char *out)
{
	static const char name[] = "bantin_vid=";
	const char	*p, *end;

	for (p = cookie; p != NULL && *p != '\0'; p = end) {
		while (*p == ' ' || *p == ';')
			p++;
		end = p + strcspn(p, ";");
		if (strncmp(p, name, sizeof(name) - 1) == 0 &&
		    is_visitor_id(p + sizeof(name) - 1,
		    (size_t)(end - p) - (sizeof(name) - 1))) {
			memcpy(out, p + sizeof(name) - 1, VISITOR_ID_LEN);
			out[VISITOR_ID_LEN] = '\0';
			return true;
		}
	}
	return false;
}

bool
visitor_new(char *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char	  r[VISITOR_ID_LEN / 2];

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		return false;
	for (size_t i = 0; i < sizeof(r); i++) {
		out[2 * i] = hex[r[i] >> 4];
		out[2 * i + 1] = hex[r[i] & 15];
	}
	out[VISITOR_ID_LEN] = '\0';
	return true;
}
