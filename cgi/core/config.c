#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"

struct config config;

static int
set_string(char *dst, size_t size, const char *env, const char *fallback)
{
	const char *v = getenv(env);

	if (v == NULL || *v == '\0')
		v = fallback;
	if (strlen(v) >= size) {
		fprintf(stderr, "bantin: %s is longer than %zu bytes; "
		    "shorten it\n", env, size - 1);
		return -1;
	}
	strcpy(dst, v);
	return 0;
}

static int
set_number(long long *dst, const char *env, long long fallback,
    long long min, long long max)
{
	const char	*v = getenv(env);
	char		*end;
	long long	 n;

	*dst = fallback;
	if (v == NULL || *v == '\0')
		return 0;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno != 0 || *end != '\0' || n < min || n > max) {
		fprintf(stderr, "bantin: %s=\"%s\" is not a whole number "
		    "from %lld to %lld; fix or unset it\n", env, v, min, max);
		return -1;
	}
	*dst = n;
	return 0;
}

int
config_load(void)
{
	long long	 port, cache_kb, log, window, votes;
	char		 url[64];
	size_t		 n;

	if (set_number(&port, "PORT", 8080, 1, 65535) == -1 ||
	    set_number(&cache_kb, "BANTIN_PAGE_CACHE_KB", 4096, 0, 1 << 20) == -1 ||
	    set_number(&log, "BANTIN_ACCESS_LOG", 1, 0, 1) == -1 ||
	    set_number(&window, "BANTIN_ONLINE_WINDOW", 900, 60, 86400) == -1 ||
	    set_number(&votes, "BANTIN_VOTES_PER_ADDRESS", 20, 1, 1000000) == -1)
		return -1;
	config.votes_per_address = (int)votes;
	config.online_window = (int)window;
	config.port = (int)port;
	config.page_cache_bytes = (size_t)cache_kb * 1024;
	config.access_log = log != 0;
	snprintf(url, sizeof(url), "http://127.0.0.1:%d", config.port);
	if (set_string(config.db_path, sizeof(config.db_path), "BANTIN_DB",
	    "var/bantin.db") == -1 ||
	    set_string(config.www_dir, sizeof(config.www_dir), "BANTIN_WWW",
	    "www") == -1 ||
	    set_string(config.base_url, sizeof(config.base_url),
	    "BANTIN_BASE_URL", url) == -1 ||
	    set_string(config.site_name, sizeof(config.site_name),
	    "BANTIN_SITE_NAME", "Bản tin") == -1 ||
	    set_string(config.bots_path, sizeof(config.bots_path),
	    "BANTIN_BOTS", "deploy/bots.txt") == -1 ||
	    set_string(config.trusted_proxies, sizeof(config.trusted_proxies),
	    "BANTIN_TRUSTED_PROXIES", "") == -1)
		return -1;
	n = strlen(config.base_url);
	while (n > 0 && config.base_url[n - 1] == '/')
		config.base_url[--n] = '\0';
	if (strncmp(config.base_url, "http://", 7) != 0 &&
	    strncmp(config.base_url, "https://", 8) != 0) {
		fprintf(stderr, "bantin: BANTIN_BASE_URL=\"%s\" must start "
		    "with http:// or https:// (e.g. https://tin.example.vn)\n",
		    config.base_url);
		return -1;
	}
	config.https = strncmp(config.base_url, "https://", 8) == 0;
	if (strpbrk(config.base_url, " \"'<>\\") != NULL) {
		fprintf(stderr, "bantin: BANTIN_BASE_URL contains a space, "
		    "quote, '<', '>' or backslash\n");
		return -1;
	}
	return 0;
}
