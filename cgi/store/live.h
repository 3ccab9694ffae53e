/*
 * The live store: everything bantin-live.fcgi reads and writes while
 * serving -- presence, visits, total visits, article views (and the daily
 * views behind "Đọc nhiều"), poll votes with their one-vote-per-voter and
 * per-address rules, sessions and login-failure counts.  Pages never use
 * it.
 *
 * Two backends behind one interface (struct live_backend, below), chosen
 * by the live_store setting: SQLite (live_sqlite.c, the default: the same
 * file as the content) and Redis (live_redis.c, for more than one web
 * node).
 * What needs the content (is the article visible, is the poll open, is
 * the member active) is checked here, on the read-only content connection
 * (store/db.h), so both backends count the same things.
 *
 * Every function returns ST_OK, an answer, or a failure (base/status.h).
 * ST_DOWN means the store is unavailable: logged once per outage, and a
 * later request tries again (Redis: at most once a second).
 */
#ifndef BANTIN_LIVE_STORE_H
#define BANTIN_LIVE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/status.h"

enum {
	LIVE_SECRET_LEN = 32,
	LIVE_ADDRESS_LEN = 32, /* hex digits of a hashed address */
	SESSION_HASH_LEN = 32,
	PRESENCE_EVERY = 60, /* seconds between presence writes */
	/* a hit after this much silence is a visit */
	VISIT_GAP = 30 * 60,
	VIEW_EVERY = 24 * 60 * 60, /* one view per visitor per article */
	MOST_READ_DAYS = 7,
	/* New visitors (ids the store does not know) counted per address
	 * within NEW_VISITOR_WINDOW seconds; more are answered, not counted. */
	NEW_VISITORS_PER_ADDRESS = 30,
	NEW_VISITOR_WINDOW = 10 * 60,
	/* The store knows a visitor this long after its last hit. */
	VISITOR_MEMORY = 30 * 24 * 60 * 60,
	/* The login limits: this many failures within the window. */
	LOGIN_FAILURE_WINDOW = 15 * 60,
	LOGIN_FAILURES_PER_USERNAME = 5,
	LOGIN_FAILURES_PER_ADDRESS = 20,
};

/* Which backend the live_store setting names; NULL after an error (with
 * why in *error). */
const char *live_store_kind(const char *setting, const char **error);

/* Before and after every live request.  live_begin() connects when not
 * connected; a failure is ST_DOWN, logged once per outage. */
enum st live_begin(void);
void    live_end(int64_t now);
void    live_close(void);
/* The backend's upkeep as of now: what is past keeping is removed
 * (SQLite: live_end() runs it every minute in the worker holding the
 * maintenance lock; tests call it at a time of their choosing; Redis
 * expires keys by itself). */
void    live_upkeep(int64_t now);

/* The 32-byte key of the visitors' form tokens, shared by every worker
 * of every node (made once, kept by the backend). */
const unsigned char *live_secret(void);

/* The client's address hashed with today's key: the key is random, made
 * once a day and deleted the next, so no copy of the store turns a hash
 * back into an address after that day.  out: LIVE_ADDRESS_LEN hex + NUL. */
enum st live_address(const char *address, int64_t now, char *out);

/* A hit of visitor `vid` (32 hex digits) at unix time now: presence, a
 * visit after VISIT_GAP without a hit, and, for article > 0 visible at
 * now_iso, a view at most once per VIEW_EVERY per visitor.  member 0 is a
 * guest.  A visitor the store does not know (no hit within
 * VISITOR_MEMORY), whether its id was made by this request or came in a
 * cookie, is new: it counts only while its address has had fewer than
 * NEW_VISITORS_PER_ADDRESS new visitors in NEW_VISITOR_WINDOW (*counted
 * is false only for one over that bound). */
struct hit {
	const char *vid;
	int64_t     member;
	int64_t     article;
	int64_t     now;
	const char *now_iso;
	/* live_address() of the client */
	const char *address;
};
enum st live_hit(const struct hit *, bool *counted);

struct live_stats {
	int64_t guests;
	int64_t members;
	int64_t total_visits;
};
/* Online counts within the last window seconds, and total visits. */
enum st live_stats(int64_t now, int64_t window, struct live_stats *);

/* The live view count of a visible article; ST_NOT_FOUND when not
 * visible. */
enum st live_article_views(int64_t id, const char *now_iso, int64_t *views);

/* The `limit` most read visible articles but those of skip[0..nskip):
 * by views over the last MOST_READ_DAYS days, then by all-time views. */
enum st live_most_read(struct arena *, int64_t now, const char *now_iso,
    int limit, const int64_t *skip, size_t nskip, int64_t **ids, size_t *n);

/* One vote: the options a voter chose in a poll. */
struct vote {
	int64_t        poll;
	const int64_t *options; /* distinct ids */
	size_t         noptions;
	/* "v:<visitor id>" or "m:<member id>" */
	const char    *voter;
	const char    *address; /* live_address() */
	/* voters per address per poll per day */
	int64_t        address_cap;
	int64_t        now;
	const char    *now_iso;
};
/* Records a vote: ST_OK when counted, ST_DUPLICATE when this voter had
 * voted (nothing changes), ST_NOT_FOUND unknown poll (or not started),
 * ST_CLOSED poll not active, ST_BAD a wrong number of options or an option
 * of another poll, ST_LIMITED the address cap reached today. */
enum st live_vote(const struct vote *);

struct poll;
/* Fills the poll's voters and each option's votes (store/polls.h). */
enum st live_poll_counts(struct poll *);
enum st live_has_voted(int64_t poll, const char *voter, bool *);

/* A login attempt, counted as a failure until live_login() forgets it,
 * checked and recorded atomically so the limits hold across every worker
 * of every node: ST_LIMITED (nothing recorded, *retry_after the seconds
 * until the limit lifts) after LOGIN_FAILURES_PER_USERNAME failures for
 * the username or LOGIN_FAILURES_PER_ADDRESS for the address within
 * LOGIN_FAILURE_WINDOW seconds. */
enum st live_login_attempt(const char *key, const char *address, int64_t now,
    int64_t *retry_after);

/* A successful login: the new session, the end of the session the
 * browser came with (if any), the visitor now counted as the member, the
 * username's failures (this attempt's too) forgotten, and the password
 * hash replaced when it was made with weaker parameters (where the
 * content can be written: the SQLite backend). */
struct login {
	int64_t              member;
	const char          *key;
	const unsigned char *session;     /* SESSION_HASH_LEN bytes */
	const unsigned char *old_session; /* or NULL */
	const char          *vid;         /* or NULL */
	const char          *rehash;      /* or NULL */
};
enum st live_login(const struct login *, int64_t now);

/* The live session with this hash: of an active member (the content's
 * members table), used within `idle` seconds and started within
 * `lifetime` seconds; ST_NOT_FOUND otherwise. */
struct session {
	int64_t     member;
	const char *display_name;
	int64_t     last_seen;
};
enum st live_session(struct arena *, const unsigned char *hash, int64_t now,
    int64_t idle, int64_t lifetime, struct session *);
enum st live_session_touch(const unsigned char *hash, int64_t now);
/* Ends the session and counts the visitor (if any) as a guest again. */
enum st live_session_end(const unsigned char *hash, const char *vid);
/* Ends every session of a member (bantin-admin member disable, passwd). */
enum st live_member_logout(int64_t member);

/*
 * An account as bantin-admin last changed it (member disable, enable,
 * passwd), for web nodes whose snapshot of the content is older: a
 * disabled member cannot log in again there, nor an old password, while
 * the new snapshot travels.  Kept ACCOUNT_KEEP seconds (a snapshot ships
 * far sooner); the SQLite backend shares the content's file and keeps
 * nothing (ST_NOT_FOUND: the content's state is current).
 */
enum { ACCOUNT_KEEP = 7 * 24 * 60 * 60 };
struct account {
	bool        active;
	const char *password_hash;
};
enum st live_account(struct arena *, int64_t member, struct account *);
/* The member (from the content's members table) as it is now: with the
 * live store's account state, if it keeps one. */
struct member;
enum st live_member_current(struct arena *, struct member *);
enum st live_account_set(int64_t member, bool active,
    const char *password_hash);

/*
 * Moving a site between backends (bantin-admin live export, live import):
 * every figure that lasts, one record at a time.  What is transient is
 * not moved, and starts afresh: presence (who is online), visits in
 * progress (each visitor's last hit), the once-a-day view marks, failed
 * logins, the new-visitor counts and the day's address keys.
 */
enum live_kind {
	LIVE_TOTAL_VISITS, /* value */
	LIVE_VIEWS,        /* id: an article; value: all its views */
	LIVE_DAY_VIEWS,    /* id: an article; day; value: views */
	LIVE_VOTES,        /* id: a poll; option; value: votes */
	LIVE_VOTER,        /* id: a poll; voter; at: 0, unknown */
	LIVE_SESSION,      /* key: its hash; id: the member;
			    * created; at: its last use */
	LIVE_SECRET,       /* key: the form tokens' key */
	LIVE_KINDS
};

struct live_record {
	enum live_kind kind;
	int64_t        id;
	int64_t        option;
	int64_t        value;
	int64_t        created;
	int64_t        at;
	char           day[16]; /* YYYY-MM-DD */
	const char    *voter;   /* valid until the next one */
	unsigned char  key[LIVE_SECRET_LEN];
};

/* Where an export's records go. */
struct live_sink {
	enum st (*put)(void *arg, const struct live_record *);
	void *arg;
};

/* Where an import's records come from: next() gives ST_NOT_FOUND after
 * the last; rewind() starts again from the first (an import that must
 * start over does). */
struct live_source {
	enum st (*next)(void *arg, struct live_record *);
	enum st (*rewind)(void *arg);
	void *arg;
};

/* Every lasting figure of the store as of now, to the sink: the sessions
 * alive now, the daily views of the days still kept (MOST_READ_DAYS + 1),
 * the rest whole.  Consistent only while no live worker writes. */
enum st     live_export(int64_t now, const struct live_sink *);
/* Replaces every lasting figure of the store by the source's records,
 * all or nothing (one transaction, one MULTI/EXEC). */
enum st     live_import(int64_t now, const struct live_source *);
/* Whether the content still has what r names (its article, poll and
 * option, or member): the figures of what was deleted are not moved. */
enum st     live_names_content(const struct live_record *r, bool *has);
/* The live_store setting as it may be shown: "sqlite (FILE)", or the
 * Redis URL with its password replaced by "***". */
const char *live_store_shown(char *buf, size_t size);

/*
 * For the backends only (store/live_sqlite.c, store/live_redis.c): what
 * each implements; live.c calls it after checking what needs the
 * content.  Each operation is one atomic step on the backend: one
 * transaction (SQLite) or one script or command round trip (Redis), exact
 * with any number of workers.
 */
struct live_backend {
	const char *name;
	/* Connects; ST_DOWN after a failure, logged once per outage. */
	enum st (*open)(void);
	bool (*is_open)(void);
	/* The end of a request: a failed connection is dropped, and the
	 * backend's own upkeep runs (checkpoints, pruning). */
	void (*end)(int64_t now);
	void (*upkeep)(int64_t now);
	void (*close)(void);
	/* The shared secret, made by the first worker that asks. */
	enum st (*secret)(unsigned char out[LIVE_SECRET_LEN]);
	/* The address key of the UTC day of unix time now (made by the
	 * first worker that asks, forgotten when the day is over). */
	enum st (*address_key)(int64_t now, unsigned char out[LIVE_SECRET_LEN]);
	/* The hit, with article 0 when it is not a visible article; a
	 * visitor it does not know counts only under the per-address bound,
	 * decided in the same step. */
	enum st (*hit)(const struct hit *, bool *counted);
	enum st (*stats)(int64_t now, int64_t window, struct live_stats *);
	enum st (*views)(int64_t article, int64_t *views);
	/* Candidate ids, best first: by the days' views from `since` (a
	 * YYYY-MM-DD day) on, then by all-time views; at most `max`. */
	enum st (*most_read)(const char *since, size_t max, int64_t *ids,
	    size_t *n);
	/* The vote of a poll the caller found open, with valid options:
	 * ST_DUPLICATE or ST_LIMITED, else recorded. */
	enum st (*vote)(const struct vote *);
	/* Voters, and the votes of each of the n options. */
	enum st (*poll_counts)(int64_t poll, int64_t *voters,
	    const int64_t *options, int64_t *votes, size_t n);
	enum st (*has_voted)(int64_t poll, const char *voter, bool *);
	enum st (*login_attempt)(const char *key, const char *address,
	    int64_t now, int64_t *retry_after);
	enum st (*login)(const struct login *, int64_t now);
	/* The member and last use of a session within idle and lifetime. */
	enum st (*session)(const unsigned char *hash, int64_t now, int64_t idle,
	    int64_t lifetime, int64_t *member, int64_t *last_seen);
	enum st (*session_touch)(const unsigned char *hash, int64_t now);
	enum st (*session_end)(const unsigned char *hash, const char *vid);
	enum st (*member_logout)(int64_t member);
	enum st (*account)(struct arena *, int64_t member, struct account *);
	enum st (*account_set)(int64_t member, bool active,
	    const char *password_hash);
	/* live_export() and live_import(). */
	enum st (*export)(int64_t now, const struct live_sink *);
	enum st (*import)(int64_t now, const struct live_source *);
};

extern const struct live_backend live_sqlite;
extern const struct live_backend live_redis;

#endif
