/*
 * Inside the store: what a live backend implements (store/live.h calls
 * these after checking what needs the content).  Each operation is one
 * atomic step on the backend: one transaction (SQLite) or one script or
 * MULTI/EXEC round trip (Redis), exact with any number of workers.
 */
#ifndef BANTIN_LIVE_BACKEND_H
#define BANTIN_LIVE_BACKEND_H

#include "store/live.h"

struct live_backend {
	const char	*name;
	/* Connects; ST_DOWN after a failure, logged once per outage. */
	enum st	(*open)(void);
	bool	(*is_open)(void);
	/* The end of a request: a failed connection is dropped, and the
	 * backend's own upkeep runs (checkpoints, pruning). */
	void	(*end)(int64_t now);
	void	(*upkeep)(int64_t now);
	void	(*close)(void);
	/* The shared secret, made by the first worker that asks. */
	enum st	(*secret)(unsigned char out[LIVE_SECRET_LEN]);
	/* Day `day`'s address key (made by the first worker that asks,
	 * forgotten the next day). */
	enum st	(*address_key)(int64_t day, unsigned char out[LIVE_SECRET_LEN]);
	/* The hit, with article 0 when it is not a visible article; a fresh
	 * visitor counts only under the per-address bound. */
	enum st	(*hit)(const struct hit *, bool *counted);
	enum st	(*stats)(int64_t now, int64_t window, struct live_stats *);
	enum st	(*views)(int64_t article, int64_t *views);
	/* Candidate ids, best first: by the days' views from `since` (a
	 * YYYY-MM-DD day) on, then by all-time views; at most `max`. */
	enum st	(*most_read)(const char *since, size_t max, int64_t *ids,
		    size_t *n);
	/* The vote of a poll the caller found open, with valid options:
	 * ST_DUPLICATE or ST_LIMITED, else recorded. */
	enum st	(*vote)(const struct vote *);
	/* Voters, and the votes of each of the n options. */
	enum st	(*poll_counts)(int64_t poll, int64_t *voters,
		    const int64_t *options, int64_t *votes, size_t n);
	enum st	(*has_voted)(int64_t poll, const char *voter, bool *);
	enum st	(*login_attempt)(const char *key, const char *address,
		    int64_t now, int64_t *retry_after);
	enum st	(*login)(const struct login *, int64_t now);
	/* The member and last use of a session within idle and lifetime. */
	enum st	(*session)(const unsigned char *hash, int64_t now,
		    int64_t idle, int64_t lifetime, int64_t *member,
		    int64_t *last_seen);
	enum st	(*session_touch)(const unsigned char *hash, int64_t now);
	enum st	(*session_end)(const unsigned char *hash, const char *vid);
	enum st	(*member_logout)(int64_t member);
};

extern const struct live_backend live_sqlite;
extern const struct live_backend live_redis;

#endif
