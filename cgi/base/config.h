/*
 * Process configuration, read once at start-up: built-in defaults, then
 * the configuration file, then the environment, each overriding the one
 * before.  One table (config_settings[], in config.c) describes every
 * setting; loading, `bantin-admin check-config` and docs/CONFIG.md are all
 * made from it.  Every default works from a source checkout; `make
 * install` compiles in the installed paths instead.
 */
#ifndef BANTIN_CONFIG_H
#define BANTIN_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define BANTIN_VERSION "0.1.0"

struct config {
	char   db_path[1024]; /* db, BANTIN_DB */
	/* www, BANTIN_WWW: templates/, css/, img/ */
	char   www_dir[1024];
	/* images, BANTIN_IMAGES: served at /img/ */
	char   images_dir[1024];
	/* base_url, BANTIN_BASE_URL, no trailing '/' */
	char   base_url[256];
	char   site_name[128]; /* site_name, BANTIN_SITE_NAME */
	/* The agency's masthead: header and footer of every page. */
	char   tagline[128];        /* tagline, BANTIN_TAGLINE */
	char   agency[256];         /* agency, BANTIN_AGENCY */
	char   licence[512];        /* licence, BANTIN_LICENCE */
	char   responsible[256];    /* responsible, BANTIN_RESPONSIBLE */
	char   address[512];        /* address, BANTIN_ADDRESS */
	char   telephone[64];       /* telephone, BANTIN_TELEPHONE */
	char   email[256];          /* email, BANTIN_EMAIL */
	char   templates_dir[1024]; /* templates, BANTIN_TEMPLATES: the
				     * operator's, before www/templates/ */
	/* bots, BANTIN_BOTS: bot User-Agent patterns */
	char   bots_path[1024];
	/* trusted_proxies, BANTIN_TRUSTED_PROXIES: "ip,ip" */
	char   trusted_proxies[512];
	/* schema, BANTIN_SCHEMA (bantin-admin create) */
	char   schema_path[1024];
	/* live_store, BANTIN_LIVE_STORE: sqlite or a redis URL */
	char   live_store[512];
	char   config_path[1024]; /* the file read, "" when none */
	/* BANTIN_VOTES_PER_ADDRESS, per poll per day */
	int    votes_per_address;
	int    port;             /* PORT (dev server) */
	int    online_window;    /* BANTIN_ONLINE_WINDOW, seconds */
	int    session_idle;     /* BANTIN_SESSION_IDLE, seconds */
	int    session_lifetime; /* BANTIN_SESSION_LIFETIME, seconds */
	bool   https;            /* base_url starts with https:// */
	/* BANTIN_PAGE_CACHE_KB * 1024; 0 disables */
	size_t page_cache_bytes;
	bool   access_log; /* BANTIN_ACCESS_LOG=0 turns it off */
};

extern struct config config;

enum config_kind {
	CONFIG_TEXT, /* a string of at most size - 1 bytes */
	/* a whole number from min to max, into an int */
	CONFIG_INT,
	CONFIG_BOOL, /* 0 or 1, into a bool */
	/* a number of KiB, stored as bytes in a size_t */
	CONFIG_KB,
};

/* What a text value must be: in words, and as a check that returns NULL
 * when the value is fine, else why not.  A value that may hold a secret
 * is shown in messages through `shown`, which masks it. */
struct config_rule {
	const char *accepts; /* "an http:// or https:// URL" */
	const char *(*check)(const char *);
	const char *(*shown)(const char *, char *, size_t);
};

struct config_setting {
	const char               *key; /* in the file: "base_url" */
	const char               *env; /* "BANTIN_BASE_URL" */
	enum config_kind          kind;
	size_t                    offset; /* of the field in struct config */
	size_t                    size;   /* CONFIG_TEXT: the field's size */
	const char               *def; /* the default as text; NULL: derived */
	long long                 min, max; /* numbers */
	const struct config_rule *rule;     /* a text value's; NULL: any text */
	const char               *doc; /* one sentence for docs/CONFIG.md */
};

extern const struct config_setting config_settings[];
extern const size_t                config_nsettings;

/* Where each setting's value came from, after config_load(). */
struct config_origin {
	int  line; /* > 0: that line of config.config_path */
	bool env;  /* the environment */
};
extern struct config_origin config_origins[];

/* A Redis server, from a live_store URL: redis:///path/to/redis.sock
 * (optionally ?db=N&password=…), or redis://[:password@]host[:port][/db]. */
struct redis_address {
	char socket[256]; /* "" for TCP */
	char host[256];
	int  port;
	int  db;
	char password[128]; /* "" for none */
};

/* Parses a live_store value naming Redis; NULL when it does, else why
 * not. */
const char *config_redis_url(const char *, struct redis_address *);
/* A live_store value fit for a log: its password, if any, as ***. */
const char *config_redis_shown(const char *, char *, size_t);

/* Takes the options every program has: --config PATH (or --config=PATH),
 * -h/--help (usage(stdout), then where settings come from) and --version.
 * Returns the index of the first argument left, or -1 when the program
 * should exit with *status: 0 after --help or --version, 2 after a bad
 * option or (operands false) any operand, with usage(stderr). */
int config_options(int argc, char **argv, void (*usage)(FILE *), bool operands,
    int *status);

/* Names the configuration file, as --config does. */
void config_use_file(const char *path);

/* Fills `config`: defaults, then the file (--config, else BANTIN_CONFIG,
 * else the installed default if it exists), then the environment.  Prints
 * every problem to stderr, each naming its file and line or its variable,
 * not only the first; returns 0, or -1 when there was any. */
int config_load(void);

#endif
