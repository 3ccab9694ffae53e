#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include <unicode/ustring.h>

#include "base/config.h"

/*
 * `make install` compiles this file with the installed paths: BANTIN_DATADIR
 * (www/, schema.sql, deploy/bots.txt beneath it), BANTIN_STATEDIR (the
 * database) and BANTIN_SYSCONFDIR (bantin.conf).  Without them the defaults
 * are relative to a source checkout and there is no default file.
 */
#ifdef BANTIN_DATADIR
#define DATA(p) BANTIN_DATADIR "/" p
#else
#define DATA(p) p
#endif
#ifdef BANTIN_STATEDIR
#define DB_DEFAULT BANTIN_STATEDIR "/bantin.db"
#else
#define DB_DEFAULT "var/bantin.db"
#endif

enum {
	LINE_MAX_BYTES = 4096,
	FILE_MAX_LINES = 10000,
};

struct config config;

static const char *file_option; /* --config PATH */

static const char *
check_url(const char *v)
{
	if (strncmp(v, "http://", 7) != 0 && strncmp(v, "https://", 8) != 0)
		return "must start with http:// or https:// "
		       "(e.g. https://tin.example.vn)";
	if (strpbrk(v, " \"'<>\\") != NULL)
		return "must not contain a space, quote, '<', '>' or backslash";
	return NULL;
}

/* A decimal number from min to max at *s, advancing *s past it. */
static bool
parse_number(const char **s, long min, long max, int *out)
{
	char *end;
	long  n;

	if (**s < '0' || **s > '9')
		return false;
	errno = 0;
	n = strtol(*s, &end, 10);
	if (errno != 0 || n < min || n > max)
		return false;
	*out = (int)n;
	*s = end;
	return true;
}

/* Copies s[0..n) into out[size]; false when it does not fit. */
static bool
copy_part(char *out, size_t size, const char *s, size_t n)
{
	if (n >= size)
		return false;
	memcpy(out, s, n);
	out[n] = '\0';
	return true;
}

const char *
config_redis_url(const char *v, struct redis_address *r)
{
	const char *p, *at, *end;
	size_t      n;

	memset(r, 0, sizeof(*r));
	r->port = 6379;
	if (strncmp(v, "redis://", 8) != 0)
		return "is not a redis:// URL";
	p = v + 8;
	if (*p == '/') {
		/* redis:///run/redis/redis.sock?db=0&password=… */
		n = strcspn(p, "?");
		if (!copy_part(r->socket, sizeof(r->socket), p, n))
			return "names a socket path that is too long";
		for (p += n; *p != '\0';) {
			p++;
			if (strncmp(p, "db=", 3) == 0) {
				p += 3;
				if (!parse_number(&p, 0, 15, &r->db))
					return "has a db that is not 0 to 15";
			} else if (strncmp(p, "password=", 9) == 0) {
				p += 9;
				n = strcspn(p, "&");
				if (!copy_part(r->password, sizeof(r->password),
				        p, n))
					return "has a password that is too "
					       "long";
				p += n;
			} else
				return "has a parameter other than db= or "
				       "password=";
			if (*p != '\0' && *p != '&')
				return "has a malformed query";
		}
		return NULL;
	}
	/* redis://[:password@]host[:port][/db] */
	if ((at = strchr(p, '@')) != NULL) {
		if (*p != ':' ||
		    !copy_part(r->password, sizeof(r->password), p + 1,
		        (size_t)(at - p - 1)))
			return "has a malformed or too long :password@";
		p = at + 1;
	}
	n = strcspn(p, ":/");
	if (n == 0 || !copy_part(r->host, sizeof(r->host), p, n))
		return "names no host (redis://127.0.0.1:6379/0, or a socket: "
		       "redis:///run/redis/redis.sock)";
	p += n;
	if (*p == ':' && (p++, !parse_number(&p, 1, 65535, &r->port)))
		return "has a port that is not 1 to 65535";
	if (*p == '/' && p[1] != '\0' &&
	    (p++, !parse_number(&p, 0, 15, &r->db)))
		return "has a db that is not 0 to 15";
	end = p;
	if (*end == '/')
		end++;
	if (*end != '\0')
		return "has something after the host, port and db";
	return NULL;
}

const char *
config_redis_shown(const char *v, char *buf, size_t size)
{
	const char *at, *pw;
	size_t      n;

	if (strncmp(v, "redis://:", 9) == 0 && (at = strchr(v, '@')) != NULL)
		snprintf(buf, size, "redis://:***%s", at);
	else if ((pw = strstr(v, "password=")) != NULL) {
		n = strcspn(pw, "&");
		snprintf(buf, size, "%.*spassword=***%s", (int)(pw - v), v,
		    pw + n);
	} else
		snprintf(buf, size, "%s", v);
	return buf;
}

static const char *
check_live_store(const char *v)
{
	struct redis_address r;

	if (strcmp(v, "sqlite") == 0)
		return NULL;
	return config_redis_url(v, &r) == NULL ?
	    NULL :
	    "is neither sqlite nor a Redis URL (redis:///run/redis/redis.sock "
	    "or redis://127.0.0.1:6379/0)";
}
static bool
is_control(char c)
{
	return (unsigned char)c < 0x20 || c == 0x7f;
}

/* ICU decides. */
static bool
is_utf8(const char *v)
{
	UErrorCode st = U_ZERO_ERROR;

	u_strFromUTF8(NULL, 0, NULL, v, -1, &st);
	return st == U_BUFFER_OVERFLOW_ERROR || U_SUCCESS(st);
}

/* Words shown on every page: UTF-8, no control characters. */
static const char *
check_text(const char *v)
{
	for (const char *p = v; *p != '\0'; p++)
		if (is_control(*p))
			return "must not contain a control character";
	return is_utf8(v) ? NULL : "is not valid UTF-8";
}

/* Digits, spaces and + ( ) . -, with at least six digits. */
static const char *
check_telephone(const char *v)
{
	size_t digits = 0;

	for (const char *p = v; *p != '\0'; p++)
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (strchr(" +().-", *p) == NULL)
			return "may hold only digits, spaces and + ( ) . - "
			       "(e.g. (024) 3823 0000)";
	return digits >= 6 ? NULL : "has fewer than six digits";
}

/* local@domain.tld, as a mailto: link needs it: no spaces, quotes or
 * brackets, one '@', a dotted domain of letters, digits and hyphens. */
static const char *
check_email(const char *v)
{
	static const char why[] = "is not an e-mail address "
	                          "(e.g. toasoan@example.vn)";
	const char       *at = strchr(v, '@'), *p;

	if (at == NULL || at == v || strchr(at + 1, '@') != NULL ||
	    strchr(at + 1, '.') == NULL || at[1] == '.' ||
	    v[strlen(v) - 1] == '.')
		return why;
	for (p = v; p < at; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    strchr("\"(),:;<>[\\]", *p) != NULL)
			return why;
	for (p = at + 1; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		        (*p >= '0' && *p <= '9') || *p == '-' || *p == '.'))
			return why;
	return NULL;
}

static const struct config_rule url_rule = {
	.accepts = "an http:// or https:// URL",
	.check = check_url,
};
static const struct config_rule text_rule = {
	.accepts = "UTF-8 text",
	.check = check_text,
};
static const struct config_rule telephone_rule = {
	.accepts = "digits, spaces and + ( ) . -",
	.check = check_telephone,
};
static const struct config_rule live_store_rule = {
	.accepts = "sqlite, or a redis:// URL",
	.check = check_live_store,
	.shown = config_redis_shown,
};
static const struct config_rule email_rule = {
	.accepts = "an e-mail address",
	.check = check_email,
};

#define TEXT(field) \
	CONFIG_TEXT, offsetof(struct config, field), \
	    sizeof(((struct config *)0)->field)
#define NUMBER(kind, field) kind, offsetof(struct config, field), 0

const struct config_setting config_settings[] = {
	{ "db", "BANTIN_DB", TEXT(db_path), DB_DEFAULT, 0, 0, NULL,
	    "The SQLite database. The page workers only read it; the live "
	    "workers and bantin-admin also write it and the WAL files beside "
	    "it." },
	{ "www", "BANTIN_WWW", TEXT(www_dir), DATA("www"), 0, 0, NULL,
	    "The folder holding templates/, css/ and img/." },
	{ "templates", "BANTIN_TEMPLATES", TEXT(templates_dir), "", 0, 0, NULL,
	    "The operator's folder of templates (e.g. /etc/bantin/templates), "
	    "read before www/templates/: a file there replaces the shipped one "
	    "of the same name, and make install never writes there. Empty: "
	    "none." },
	{ "images", "BANTIN_IMAGES", TEXT(images_dir), NULL, 0, 0, NULL,
	    "The image folder, which the web server serves at /img/: "
	    "`bantin-admin image add` writes pictures there. Default: "
	    "WWW/img." },
	{ "base_url", "BANTIN_BASE_URL", TEXT(base_url), NULL, 0, 0, &url_rule,
	    "The public address, for redirects, canonical links and feeds; "
	    "never the request's Host header. HTTPS follows from it: with "
	    "https:// the cookies are marked Secure and the session cookie is "
	    "__Host-bantin_sid. Default: http://127.0.0.1:PORT." },
	{ "site_name", "BANTIN_SITE_NAME", TEXT(site_name), "Bản tin", 0, 0,
	    &text_rule, "The site's name in the header, titles and feeds." },
	{ "tagline", "BANTIN_TAGLINE", TEXT(tagline), "Cổng thông tin điện tử",
	    0, 0, &text_rule, "The line under the site's name in the header." },
	{ "agency", "BANTIN_AGENCY", TEXT(agency),
	    "Ban biên tập Bản tin (trang trình diễn)", 0, 0, &text_rule,
	    "The agency that owns the site (cơ quan chủ quản), in the "
	    "footer." },
	{ "licence", "BANTIN_LICENCE", TEXT(licence),
	    "Giấy phép mẫu số 00/GP-TTĐT, chỉ dùng để trình diễn phần mềm "
	    "bantin",
	    0, 0, &text_rule,
	    "The licence line of the footer, as the licence reads: number, "
	    "issuer, date." },
	{ "responsible", "BANTIN_RESPONSIBLE", TEXT(responsible),
	    "Nguyễn Văn Mẫu", 0, 0, &text_rule,
	    "The person responsible for the content (chịu trách nhiệm nội "
	    "dung), in the footer." },
	{ "address", "BANTIN_ADDRESS", TEXT(address),
	    "Số 1 phố Mẫu, quận Hoàn Kiếm, Hà Nội", 0, 0, &text_rule,
	    "The agency's postal address, in the footer." },
	{ "telephone", "BANTIN_TELEPHONE", TEXT(telephone), "(024) 3000 0000",
	    0, 0, &telephone_rule,
	    "The agency's telephone number, in the footer." },
	{ "email", "BANTIN_EMAIL", TEXT(email), "toasoan@example.vn", 0, 0,
	    &email_rule,
	    "The newsroom's e-mail address, linked from the footer." },
	{ "port", "PORT", NUMBER(CONFIG_INT, port), "8080", 1, 65535, NULL,
	    "The development server's port (bantin-dev listens on 127.0.0.1 "
	    "only)." },
	{ "page_cache_kb", "BANTIN_PAGE_CACHE_KB",
	    NUMBER(CONFIG_KB, page_cache_bytes), "4096", 0, 1 << 20, NULL,
	    "Each page process's cache of rendered pages, in KiB; 0 turns it "
	    "off." },
	{ "access_log", "BANTIN_ACCESS_LOG", NUMBER(CONFIG_BOOL, access_log),
	    "1", 0, 1, NULL,
	    "1 writes one line per request to standard error; 0 turns it "
	    "off." },
	{ "schema", "BANTIN_SCHEMA", TEXT(schema_path), DATA("schema.sql"), 0,
	    0, NULL, "The schema `bantin-admin create` applies." },
	{ "online_window", "BANTIN_ONLINE_WINDOW",
	    NUMBER(CONFIG_INT, online_window), "900", 60, 86400, NULL,
	    "Seconds since a visitor's last hit during which they count as "
	    "online." },
	{ "bots", "BANTIN_BOTS", TEXT(bots_path), DATA("deploy/bots.txt"), 0, 0,
	    NULL,
	    "The bot User-Agent patterns, one a line; bots never count as "
	    "online, visits or views." },
	{ "trusted_proxies", "BANTIN_TRUSTED_PROXIES", TEXT(trusted_proxies),
	    "", 0, 0, NULL,
	    "Addresses, comma-separated, of proxies whose X-Forwarded-For is "
	    "believed (the reader is its rightmost address that is not one of "
	    "them); X-Real-IP never is; empty: none. Leave it empty behind a "
	    "single nginx or Apache, which pass the reader's own address; list "
	    "only a proxy in front of them." },
	{ "votes_per_address", "BANTIN_VOTES_PER_ADDRESS",
	    NUMBER(CONFIG_INT, votes_per_address), "20", 1, 1000000, NULL,
	    "Voters per address per poll per day." },
	{ "session_idle", "BANTIN_SESSION_IDLE",
	    NUMBER(CONFIG_INT, session_idle), "1800", 60, 30 * 86400, NULL,
	    "Seconds without a request after which a member's session ends." },
	{ "live_store", "BANTIN_LIVE_STORE", TEXT(live_store), "sqlite", 0, 0,
	    &live_store_rule,
	    "Where the live figures (visits, views, votes, sessions, failed "
	    "logins) are kept: sqlite (the database file itself, for one "
	    "machine) or a Redis server shared by every web node: "
	    "redis:///run/redis/redis.sock (a private socket) or "
	    "redis://:PASSWORD@10.0.0.5:6379/0. See docs/SCALING.md." },
	{ "session_lifetime", "BANTIN_SESSION_LIFETIME",
	    NUMBER(CONFIG_INT, session_lifetime), "2592000", 300, 366 * 86400,
	    NULL,
	    "Seconds after login after which a member's session ends, however "
	    "active." },
};

const size_t config_nsettings =
    sizeof(config_settings) / sizeof(config_settings[0]);

struct config_origin
    config_origins[sizeof(config_settings) / sizeof(config_settings[0])];

/* Stores v into the setting's field; on a bad value prints where, the
 * setting's name, the value and what it accepts, and returns -1. */
static int
set_value(const struct config_setting *s, const char *v, const char *where,
    const char *name)
{
	char       *field = (char *)&config + s->offset, *end;
	const char *why = NULL;
	long long   n = 0;

	if (s->kind == CONFIG_TEXT) {
		if (strlen(v) >= s->size) {
			fprintf(stderr, "%s: %s is longer than %zu bytes\n",
			    where, name, s->size - 1);
			return -1;
		}
		if (s->rule != NULL && (why = s->rule->check(v)) != NULL) {
			char masked[1024]; /* the longest text setting */
			bool utf8;

			if (s->rule->shown != NULL)
				v = s->rule->shown(v, masked, sizeof(masked));
			utf8 = is_utf8(v);

			fprintf(stderr, "%s: %s \"", where, name);
			/* Control characters and bytes that are not UTF-8
			 * are shown, not sent to the terminal. */
			for (const char *p = v; *p != '\0'; p++)
				if (is_control(*p) ||
				    (!utf8 && (unsigned char)*p >= 0x80))
					fprintf(stderr, "\\x%02x",
					    (unsigned char)*p);
				else
					fputc(*p, stderr);
			fprintf(stderr, "\" %s\n", why);
			return -1;
		}
		strcpy(field, v);
		return 0;
	}
	errno = 0;
	n = strtoll(v, &end, 10);
	if (*v == '\0' || errno != 0 || *end != '\0' || n < s->min ||
	    n > s->max) {
		fprintf(stderr,
		    "%s: %s \"%s\" is not a whole number from %lld "
		    "to %lld\n",
		    where, name, v, s->min, s->max);
		return -1;
	}
	switch (s->kind) {
	case CONFIG_INT:
		*(int *)(void *)field = (int)n;
		break;
	case CONFIG_BOOL:
		*(bool *)(void *)field = n != 0;
		break;
	case CONFIG_KB:
		*(size_t *)(void *)field = (size_t)n * 1024;
		break;
	case CONFIG_TEXT:
		break;
	}
	return 0;
}

static size_t
edit_distance(const char *a, const char *b)
{
	size_t row[64], la = strlen(a), lb = strlen(b), diag, up;

	if (la >= 64 || lb >= 64)
		return 64;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			up = row[j];
			row[j] = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < row[j])
				row[j] = up + 1;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			diag = up;
		}
	}
	return row[lb];
}

static const struct config_setting *
find_setting(const char *key, const char **guess)
{
	size_t best = 3, d;

	*guess = NULL;
	for (size_t i = 0; i < config_nsettings; i++) {
		if (strcmp(key, config_settings[i].key) == 0)
			return &config_settings[i];
		if ((d = edit_distance(key, config_settings[i].key)) < best) {
			best = d;
			*guess = config_settings[i].key;
		}
	}
	return NULL;
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s &&
	    (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

/* One "key = value" line; 0, or -1 after a message naming the line. */
static int
parse_line(char *line, const char *where, int lineno)
{
	const struct config_setting *s;
	const char                  *guess;
	char                        *eq, *key, *value;
	size_t                       i;

	if ((eq = strchr(line, '=')) == NULL) {
		fprintf(stderr,
		    "%s: expected \"setting = value\", found no "
		    "'='\n",
		    where);
		return -1;
	}
	*eq = '\0';
	key = trim(line);
	value = trim(eq + 1);
	if ((s = find_setting(key, &guess)) == NULL) {
		fprintf(stderr, "%s: unknown setting \"%s\"", where, key);
		if (guess != NULL)
			fprintf(stderr, " (did you mean \"%s\"?)", guess);
		fputc('\n', stderr);
		return -1;
	}
	i = (size_t)(s - config_settings);
	if (config_origins[i].line > 0) {
		fprintf(stderr, "%s: %s is set twice (first on line %d)\n",
		    where, key, config_origins[i].line);
		return -1;
	}
	/* Even a bad value counts as set: a second line is a duplicate. */
	config_origins[i].line = lineno;
	/* Comments take whole lines: a '#' after a value would silently
	 * become part of a name or path. */
	if (strstr(value, " #") != NULL || strstr(value, "\t#") != NULL) {
		fprintf(stderr,
		    "%s: %s: a comment must be on a line of its "
		    "own\n",
		    where, key);
		return -1;
	}
	if (*value == '\0' && s->kind == CONFIG_TEXT &&
	    (s->def == NULL || *s->def != '\0')) {
		fprintf(stderr, "%s: %s needs a value\n", where, key);
		return -1;
	}
	return set_value(s, value, where, s->key);
}

/* Reads `path`; a missing file is fine only when `optional`.  Returns how
 * many problems it printed. */
static int
read_file(const char *path, bool optional)
{
	FILE   *f;
	char   *line = NULL, where[1100];
	size_t  cap = 0;
	ssize_t len;
	int     lineno = 0, problems = 0;

	if ((f = fopen(path, "r")) == NULL) {
		if (optional && errno == ENOENT)
			return 0;
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return 1;
	}
	if (strlen(path) >= sizeof(config.config_path)) {
		fprintf(stderr, "%s: the path is longer than %zu bytes\n", path,
		    sizeof(config.config_path) - 1);
		fclose(f);
		return 1;
	}
	strcpy(config.config_path, path);
	while ((len = getline(&line, &cap, f)) != -1) {
		/* Before trim(), which shortens the line. */
		bool  nul = memchr(line, '\0', (size_t)len) != NULL;
		char *s = trim(line);

		if (++lineno > FILE_MAX_LINES) {
			fprintf(stderr, "%s: more than %d lines\n", path,
			    FILE_MAX_LINES);
			problems++;
			break;
		}
		snprintf(where, sizeof(where), "%s:%d", path, lineno);
		if (len > LINE_MAX_BYTES) {
			fprintf(stderr, "%s: line longer than %d bytes\n",
			    where, LINE_MAX_BYTES);
			problems++;
		} else if (nul) {
			fprintf(stderr, "%s: NUL byte in the line\n", where);
			problems++;
		} else if (*s != '\0' && *s != '#' &&
		    parse_line(s, where, lineno) == -1)
			problems++;
	}
	if (ferror(f)) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		problems++;
	}
	free(line);
	fclose(f);
	return problems;
}

void
config_use_file(const char *path)
{
	file_option = path;
}

int
config_load(void)
{
	const char *path, *v;
	char        url[64];
	int         problems = 0;
	size_t      n;

	memset(config_origins, 0, sizeof(config_origins));
	config.config_path[0] = '\0';
	config.base_url[0] = '\0';
	config.images_dir[0] = '\0';
	for (size_t i = 0; i < config_nsettings; i++)
		if (config_settings[i].def != NULL &&
		    set_value(&config_settings[i], config_settings[i].def,
		        "bantin: default", config_settings[i].key) == -1)
			problems++;

	path = file_option;
	if (path == NULL && (v = getenv("BANTIN_CONFIG")) != NULL && *v != '\0')
		path = v;
	if (path != NULL)
		problems += read_file(path, false);
#ifdef BANTIN_SYSCONFDIR
	else
		problems += read_file(BANTIN_SYSCONFDIR "/bantin.conf", true);
#endif

	for (size_t i = 0; i < config_nsettings; i++) {
		const struct config_setting *s = &config_settings[i];

		if ((v = getenv(s->env)) == NULL || *v == '\0')
			continue;
		if (set_value(s, v, "bantin: environment", s->env) == -1)
			problems++;
		else
			config_origins[i].env = true;
	}

	/* The derived values. */
	if (config.images_dir[0] == '\0') {
		if (strlen(config.www_dir) + 4 >= sizeof(config.images_dir)) {
			fprintf(stderr,
			    "bantin: www is too long to hold img/: "
			    "set images\n");
			problems++;
		} else
			sprintf(config.images_dir, "%s/img", config.www_dir);
	}
	if (config.base_url[0] == '\0') {
		snprintf(url, sizeof(url), "http://127.0.0.1:%d", config.port);
		strcpy(config.base_url, url);
	}
	n = strlen(config.base_url);
	while (n > 0 && config.base_url[n - 1] == '/')
		config.base_url[--n] = '\0';
	config.https = strncmp(config.base_url, "https://", 8) == 0;
	return problems == 0 ? 0 : -1;
}

int
config_options(int argc, char **argv, void (*usage)(FILE *), bool operands,
    int *status)
{
	const char *name = argc > 0 ? argv[0] : "bantin", *slash;
	int         i;

	if ((slash = strrchr(name, '/')) != NULL)
		name = slash + 1;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			printf(
			    "\nSettings come from built-in defaults, then "
			    "the file given by --config PATH\nor BANTIN_CONFIG "
			    "(default: %s),\nthen the BANTIN_* environment "
			    "variables.  `bantin-admin check-config`\nchecks "
			    "them; docs/CONFIG.md lists them.\n",
#ifdef BANTIN_SYSCONFDIR
			    BANTIN_SYSCONFDIR "/bantin.conf, if it exists"
#else
			    "none"
#endif
			);
			*status = 0;
			return -1;
		}
		if (strcmp(a, "--version") == 0) {
			printf("%s %s\n", name, BANTIN_VERSION);
			*status = 0;
			return -1;
		}
		if (strcmp(a, "--config") == 0 && i + 1 < argc)
			config_use_file(argv[++i]);
		else if (strncmp(a, "--config=", 9) == 0)
			config_use_file(a + 9);
		else if (a[0] == '-' && a[1] != '\0')
			goto bad;
		else
			break;
	}
	if (i < argc && !operands)
		goto bad;
	return i;
bad:
	fprintf(stderr, "%s: unexpected argument \"%s\"\n", name,
	    i < argc ? argv[i] : "");
	usage(stderr);
	*status = 2;
	return -1;
}
