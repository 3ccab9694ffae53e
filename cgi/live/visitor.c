/*
 * Who is visiting: the visitor cookie, the bot filter, CSRF tokens, and
 * the hashed client address.
 *
 * Bots never count as online, as visits or as views.  The patterns are
 * case-insensitive substrings, one per line in BANTIN_BOTS (default
 * deploy/bots.txt), read at start-up; '#' starts a comment.
 */
#include <sys/random.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/config.h"
#include "live/live.h"
#include "store/live.h"

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
	if (ua == NULL || *ua == '\0')
		return true;
	/* The whole header: a bot name may come after any amount of text. */
	for (size_t i = 0; i < bots.n; i++)
		if (strcasestr(ua, bots.pattern[i]) != NULL)
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

static void
hex(const unsigned char *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

bool
visitor_new(char *out)
{
	unsigned char r[VISITOR_ID_LEN / 2];

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		return false;
	hex(r, sizeof(r), out);
	return true;
}

void
visitor_token(const char *vid, char out[33])
{
	unsigned char	mac[16];
	char		msg[64];

	snprintf(msg, sizeof(msg), "csrf:%s", vid);
	crypto_generichash(mac, sizeof(mac), (const unsigned char *)msg,
	    strlen(msg), live_secret(), 32);
	hex(mac, sizeof(mac), out);
}

bool
visitor_token_ok(const char *vid, const char *token)
{
	char want[33];

	if (token == NULL || strlen(token) != 32)
		return false;
	visitor_token(vid, want);
	return sodium_memcmp(want, token, 32) == 0;
}

/* addr is one of the configured trusted proxies. */
static bool
trusted_proxy(const char *addr)
{
	const char	*p = config.trusted_proxies;
	size_t		 n = strlen(addr);

	while (*p != '\0') {
		size_t len = strcspn(p, ", ");

		if (len == n && strncmp(p, addr, n) == 0)
			return true;
		p += len;
		p += strspn(p, ", ");
	}
	return false;
}

static bool
valid_address(const char *s)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

void
visitor_address_hash(const struct http_input *in, int64_t now, char out[33])
{
	const char	*addr = in->remote_addr != NULL ? in->remote_addr : "";
	char		 forwarded[64], day[32];
	unsigned char	 key[32], mac[16];

	if (*addr != '\0' && trusted_proxy(addr)) {
		/* The proxy's own view of the client: X-Real-IP, else the
		 * last X-Forwarded-For entry (the one the proxy added). */
		const char *xff = in->x_forwarded_for, *last;

		forwarded[0] = '\0';
		if (in->x_real_ip != NULL)
			snprintf(forwarded, sizeof(forwarded), "%s", in->x_real_ip);
		else if (xff != NULL) {
			last = strrchr(xff, ',');
			last = last != NULL ? last + 1 : xff;
			last += strspn(last, " ");
			snprintf(forwarded, sizeof(forwarded), "%s", last);
		}
		if (valid_address(forwarded))
			addr = forwarded;
	}
	snprintf(day, sizeof(day), "address:%lld", (long long)(now / 86400));
	crypto_generichash(key, sizeof(key), (const unsigned char *)day,
	    strlen(day), live_secret(), 32);
	crypto_generichash(mac, sizeof(mac), (const unsigned char *)addr,
	    strlen(addr), key, sizeof(key));
	hex(mac, sizeof(mac), out);
}

/* "scheme://host[:port]" of the base URL. */
static size_t
base_origin_len(void)
{
	const char *p = strstr(config.base_url, "://");

	if (p == NULL)
		return strlen(config.base_url);
	return (size_t)(p + 3 - config.base_url) + strcspn(p + 3, "/");
}

bool
request_cross_site(const struct http_input *in)
{
	size_t n = base_origin_len();

	if (in->sec_fetch_site != NULL &&
	    strcmp(in->sec_fetch_site, "cross-site") == 0)
		return true;
	if (in->origin != NULL && (strlen(in->origin) != n ||
	    strncmp(in->origin, config.base_url, n) != 0))
		return true;
	return false;
}
