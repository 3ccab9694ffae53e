/*
 * Process configuration, read once at start-up from the environment.
 * Every setting has a default that works from a source checkout.
 */
#ifndef BANTIN_CONFIG_H
#define BANTIN_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct config {
	char	db_path[1024];		/* BANTIN_DB */
	char	www_dir[1024];		/* BANTIN_WWW: templates/, css/, img/ */
	char	base_url[256];		/* BANTIN_BASE_URL, no trailing '/' */
	char	site_name[128];		/* BANTIN_SITE_NAME */
	char	bots_path[1024];	/* BANTIN_BOTS: bot User-Agent patterns */
	char	trusted_proxies[512];	/* BANTIN_TRUSTED_PROXIES: "ip,ip" */
	int	votes_per_address;	/* BANTIN_VOTES_PER_ADDRESS, per poll per day */
	int	port;			/* PORT (dev server) */
	int	online_window;		/* BANTIN_ONLINE_WINDOW, seconds */
	bool	https;			/* base_url starts with https:// */
	size_t	page_cache_bytes;	/* BANTIN_PAGE_CACHE_KB * 1024; 0 disables */
	bool	access_log;		/* BANTIN_ACCESS_LOG=0 turns it off */
};

extern struct config config;

/* Fills `config`; on a bad value prints what is wrong and how to fix it
 * to stderr and returns -1. */
int	config_load(void);

#endif
