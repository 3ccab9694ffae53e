/*
 * Who is visiting: the visitor cookie, the bot filter, CSRF tokens, the
 * client's address (live_address() hashes it) and whether a request came
 * from this site.
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

#include "base/config.h"
#include "base/log.h"
#include "live/live.h"
#include "core/http.h"
#include "store/live.h"

enum { BOTS_MAX = 256, BOT_PATTERN_MAX = 64 };

static struct {
	char   pattern[BOTS_MAX][BOT_PATTERN_MAX];
	size_t n;
} bots;

int
visitor_load_bots(const char *path)
{
	FILE  *f;
	char   line[256];
	int    lineno = 0;
	size_t len;

	bots.n = 0;
	if ((f = fopen(path, "r")) == NULL) {
		log_error("cannot read the bot list %s: %s "
		          "(set BANTIN_BOTS to the shipped deploy/bots.txt)",
		    path, strerror(errno));
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
			log_error("%s:%d: patterns are at "
			          "most %d bytes, at most %d of them",
			    path, lineno, BOT_PATTERN_MAX - 1, BOTS_MAX);
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

/* Copies the value of cookie `name` when it is exactly len lowercase hex
 * digits; false when the header has no such cookie. */
bool
cookie_hex(const char *cookie, const char *name, size_t len, char *out)
{
	size_t      n = strlen(name);
	const char *p, *end, *v;

	for (p = cookie; p != NULL && *p != '\0'; p = end) {
		while (*p == ' ' || *p == ';')
			p++;
		end = p + strcspn(p, ";");
		if (strncmp(p, name, n) != 0 || p[n] != '=')
			continue;
		v = p + n + 1;
		if ((size_t)(end - v) == len &&
		    strspn(v, "0123456789abcdef") >= len) {
			memcpy(out, v, len);
			out[len] = '\0';
			return true;
		}
	}
	return false;
}

bool
visitor_from_cookie(const char *cookie, char *out)
{
	return cookie_hex(cookie, "bantin_vid", VISITOR_ID_LEN, out);
}

void
hex_encode(const unsigned char *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

bool
visitor_ensure(const struct request *req, struct response *resp, char *vid)
{
	if (visitor_from_cookie(req->in->cookie, vid))
		return true;
	if (!visitor_new(vid))
		return false;
	visitor_set_cookie(resp, vid);
	return true;
}

bool
visitor_form_trusted(const struct request *req, char *vid)
{
	return !request_cross_site(req->in) &&
	    visitor_from_cookie(req->in->cookie, vid) &&
	    req->param[LK_TOKEN].present &&
	    visitor_token_ok(vid, req->param[LK_TOKEN].str);
}

void
visitor_set_cookie(struct response *resp, const char *vid)
{
	struct buf c;

	buf_init(&c);
	buf_printf(&c,
	    "bantin_vid=%s; Path=/; Max-Age=31536000; HttpOnly; "
	    "SameSite=Lax%s",
	    vid, config.https ? "; Secure" : "");
	if (!buf_failed(&c))
		response_header(resp, "Set-Cookie", buf_cstr(&c));
	buf_free(&c);
}

bool
visitor_new(char *out)
{
	unsigned char r[VISITOR_ID_LEN / 2];

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		return false;
	hex_encode(r, sizeof(r), out);
	return true;
}

void
visitor_token(const char *vid, char out[33])
{
	unsigned char mac[16];
	char          msg[64];

	snprintf(msg, sizeof(msg), "csrf:%s", vid);
	crypto_generichash(mac, sizeof(mac), (const unsigned char *)msg,
	    strlen(msg), live_secret(), 32);
	hex_encode(mac, sizeof(mac), out);
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
	const char *p = config.trusted_proxies;
	size_t      n = strlen(addr);

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

	return inet_pton(AF_INET, s, buf) == 1 ||
	    inet_pton(AF_INET6, s, buf) == 1;
}

void
visitor_client_address(const struct http_input *in, char *out, size_t size)
{
	char   list[512], *comma, *entry;
	size_t n;

	snprintf(out, size, "%s",
	    in->remote_addr != NULL ? in->remote_addr : "");
	if (*out == '\0' || !trusted_proxy(out) ||
	    in->x_forwarded_for == NULL ||
	    strlen(in->x_forwarded_for) >= sizeof(list))
		return;
	/* From the right: each proxy appended the address it saw. */
	snprintf(list, sizeof(list), "%s", in->x_forwarded_for);
	for (;;) {
		comma = strrchr(list, ',');
		entry = comma != NULL ? comma + 1 : list;
		entry += strspn(entry, " \t");
		n = strcspn(entry, " \t");
		entry[n] = '\0';
		if (!valid_address(entry))
			return;
		snprintf(out, size, "%s", entry);
		if (!trusted_proxy(entry) || comma == NULL)
			return;
		*comma = '\0';
	}
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

/* s starts with the base URL's origin, followed by '/' or its end. */
static bool
same_origin(const char *s, bool path_follows)
{
	size_t n = base_origin_len();

	if (strncmp(s, config.base_url, n) != 0)
		return false;
	return path_follows ? s[n] == '/' : s[n] == '\0';
}

bool
request_same_site(const struct http_input *in)
{
	/* Any sign of another site outweighs the others. */
	if (request_cross_site(in))
		return false;
	if (in->origin != NULL)
		return same_origin(in->origin, false);
	if (in->sec_fetch_site != NULL)
		return strcmp(in->sec_fetch_site, "same-origin") == 0;
	return in->referer != NULL && same_origin(in->referer, true);
}

bool
request_cross_site(const struct http_input *in)
{
	size_t n = base_origin_len();

	if (in->sec_fetch_site != NULL &&
	    strcmp(in->sec_fetch_site, "cross-site") == 0)
		return true;
	if (in->origin != NULL &&
	    (strlen(in->origin) != n ||
	        strncmp(in->origin, config.base_url, n) != 0))
		return true;
	return false;
}
