/*
 * The live handler's read-write connection: visit statistics and article
 * views.  The only code in bantin that writes during requests.
 *
 * Every increment is one statement inside one BEGIN IMMEDIATE transaction;
 * a busy database is retried a bounded number of times with jitter, then
 * reported as 503 so the client retries: a count is either committed before
 * the client hears 2xx, or the client hears 503.  WAL mode with
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
#include <stdint.h>

struct live_stats {
	int64_t	guests;
	int64_t	members;
	int64_t	total_visits;
};

/* 0, or 503 when the database cannot be opened (logged once). */
int	live_db_begin(void);
/* Resets statements; the maintenance holder checkpoints and prunes. */
void	live_db_end(int64_t now);
void	live_db_close(void);

/* Counts a hit of visitor `vid` (32 hex digits) at unix time now:
 * presence at most once a minute, a visit after 30 minutes without a hit,
 * and, for article_id > 0, a view at most once a day per visitor (only for
 * an article visible at now_iso).  member_id 0 is a guest.
 * Returns 0, 503 (busy, retry) or 500. */
int	live_hit(const char *vid, int64_t member_id, int64_t article_id,
	    int64_t now, const char *now_iso);

/* Online counts within the last window seconds, and total visits. */
int	live_stats(int64_t now, int64_t window, struct live_stats *);

/* One vote: the options a voter chose in a poll. */
struct vote {
	int64_t		 poll;
	const int64_t	*options;	/* distinct ids */
	size_t		 noptions;
	const char	*voter;		/* "v:<visitor id>" or "m:<member id>" */
	const char	*ip_hash;
	int64_t		 address_cap;	/* voters per address per poll per day */
};

enum { LIVE_ALREADY_VOTED = 1 };

/* Records a vote in one transaction: 0 when counted, LIVE_ALREADY_VOTED
 * when this voter had voted (nothing changes), 404 unknown poll, 409 poll
 * not active, 400 a wrong number of options or an option of another poll,
 * 429 the address cap reached, 503 busy. */
int	live_vote(const struct vote *, int64_t now, const char *now_iso);

/* The poll statements of the live connection (store/polls.h), and the
 * 32-byte key shared by every live worker. */
struct poll_stmts *live_polls(void);
const unsigned char *live_secret(void);

/* The live view count of a visible article; 404 when not visible. */
int	live_article_views(int64_t id, const char *now_iso, int64_t *views);

#endif
