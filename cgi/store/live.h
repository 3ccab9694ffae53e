/*
 * The live handler's read-write connection: visit statistics, article
 * views and votes.  The only code in bantin that writes during requests.
 *
 * Every hit or vote is one BEGIN IMMEDIATE transaction (store/sql.h:
 * bounded, jittered retries, then ST_BUSY, so a count is either committed
 * before the client hears 2xx, or the client hears 503).  WAL mode with
 * synchronous=NORMAL: a committed hit survives a crash of the process; a
 * power loss may lose the last second or so of hits, never the database.
 *
 * Checkpoints are taken in one place: the live process that holds the
 * maintenance lock (db-path + "-maint") checkpoints the WAL every quarter
 * second and prunes old rows once an hour; every other connection has
 * wal_autocheckpoint off.
 */
#ifndef BANTIN_LIVE_STORE_H
#define BANTIN_LIVE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "store/sql.h"

struct live_stats {
	int64_t	guests;
	int64_t	members;
	int64_t	total_visits;
};

/* ST_OK, or ST_DOWN when the database cannot be opened (logged once). */
enum st	live_db_begin(void);
/* The end of a request; the maintenance holder checkpoints and prunes. */
void	live_db_end(int64_t now);
void	live_db_close(void);
/* The connection, for the store's modules (members.h, polls.h). */
struct sql_conn *live_conn(void);
/* The 32-byte key shared by every live worker. */
const unsigned char *live_secret(void);

/* A hit of visitor `vid` (32 hex digits) at unix time now: presence at
 * most once a minute, a visit after 30 minutes without a hit, and, for
 * article > 0, a view at most once a day per visitor (only for an article
 * visible at now_iso).  member 0 is a guest. */
struct hit {
	const char	*vid;
	int64_t		 member;
	int64_t		 article;
	int64_t		 now;
	const char	*now_iso;
};
enum st	live_hit(const struct hit *);

/* Online counts within the last window seconds, and total visits. */
enum st	live_stats(int64_t now, int64_t window, struct live_stats *);

/* One vote: the options a voter chose in a poll. */
struct vote {
	int64_t		 poll;
	const int64_t	*options;	/* distinct ids */
	size_t		 noptions;
	const char	*voter;		/* "v:<visitor id>" or "m:<member id>" */
	const char	*ip_hash;
	int64_t		 address_cap;	/* voters per address per poll per day */
	int64_t		 now;
	const char	*now_iso;
};

/* Records a vote in one transaction: ST_OK when counted, ST_DUPLICATE
 * when this voter had voted (nothing changes), ST_NOT_FOUND unknown poll,
 * ST_CLOSED poll not active, ST_BAD a wrong number of options or an
 * option of another poll, ST_LIMITED the address cap reached. */
enum st	live_vote(const struct vote *);

/* The live view count of a visible article; ST_NOT_FOUND when not
 * visible. */
enum st	live_article_views(int64_t id, const char *now_iso, int64_t *views);

#endif
