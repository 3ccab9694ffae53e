/*
 * The SQLite live backend: the live tables of the database file itself,
 * on the live workers' read-write connection.  The default, for one
 * machine.
 *
 * Every write is one BEGIN IMMEDIATE transaction (sql_transaction():
 * bounded, jittered retries, then ST_BUSY), entered only when a read shows
 * something to write -- most hits write nothing.  WAL with
 * synchronous=NORMAL: a committed hit survives a crash of any process; a
 * power loss may lose the last second or so of hits, never the database.
 *
 * Checkpoints are taken in one place: the live process that holds the
 * maintenance lock (db-path + "-maint") checkpoints the WAL every quarter
 * second and prunes old rows once a minute; every other connection has
 * wal_autocheckpoint off.
 */
#include <sys/file.h>
#include <sys/random.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/config.h"
#include "base/log.h"
#include "store/live.h"
#include "store/sql.h"
#include "store/version.h"

enum {
	BUSY_TIMEOUT_MS = 250, /* per attempt */
	KEEP_DAILY_VIEWS = (MOST_READ_DAYS + 1) * 24 * 60 * 60,
	/* rows per prune statement: writes stay short */
	PRUNE_BATCH = 2000,
	PRUNE_EVERY = 60,
	WAL_RESTART = 1000, /* frames (pages): about 4 MiB */
	CHECKPOINT_MS = 250,
	TRUNCATE_WAIT_MS = 20, /* first wait for readers; doubles on failure */
	TRUNCATE_WAIT_MAX_MS = 640,
	DAY = 24 * 60 * 60,
};

static struct {
	struct sql_conn c;
	int             maint_fd;        /* the maintenance lock, when held */
	int64_t         last_checkpoint; /* ms, CLOCK_MONOTONIC */
	int64_t         last_prune;
	int             truncate_wait; /* ms */
} lite = { .maint_fd = -1, .truncate_wait = TRUNCATE_WAIT_MS };

static void
lite_close(void)
{
	sql_conn_close(&lite.c);
	if (lite.maint_fd != -1) {
		close(lite.maint_fd);
		lite.maint_fd = -1;
	}
}

static bool
lite_is_open(void)
{
	return lite.c.h != NULL && !lite.c.broken;
}

static enum st
lite_open(void)
{
	static const char setup[] =
	    "PRAGMA journal_mode = WAL;"
	    /* NORMAL: durable across process crashes; a power loss can roll
	     * back the last commits (see docs/ARCHITECTURE.md). */
	    "PRAGMA synchronous = NORMAL;"
	    "PRAGMA wal_autocheckpoint = 0;"
	    "PRAGMA foreign_keys = ON;"
	    "PRAGMA journal_size_limit = 4194304;";
	char *err = NULL;
	bool  was_down = lite.c.down;
	int   rc;

	lite_close();
	rc = sql_conn_open(&lite.c, config.db_path, SQLITE_OPEN_READWRITE,
	    BUSY_TIMEOUT_MS);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(lite.c.h, setup, NULL, NULL, &err);
	if (rc == SQLITE_OK)
		rc = store_check_version(lite.c.h, &lite.c.down);
	if (rc != SQLITE_OK) {
		if (!lite.c.down)
			log_error(
			    "cannot use database %s: "
			    "%s (create it with `bantin-admin create`; the "
			    "live handler needs write access to the file and "
			    "its folder)",
			    config.db_path,
			    err != NULL          ? err :
			        lite.c.h != NULL ? sqlite3_errmsg(lite.c.h) :
			                           sqlite3_errstr(rc));
		lite.c.down = true;
		sqlite3_free(err);
		lite_close();
		return ST_DOWN;
	}
	if (was_down)
		log_notice("database %s is available again", config.db_path);
	lite.c.down = false;
	return ST_OK;
}

/* A key kept in site_secrets under `name`: made by the first worker that
 * asks, read by every other. */
static enum st
keep_key(const char *name, unsigned char out[LIVE_SECRET_LEN])
{
	static struct sql_def add = {
		.sql = "INSERT INTO site_secrets (name, value) VALUES (:name, "
		       ":value) ON CONFLICT DO NOTHING",
	};
	static struct sql_def get = {
		.sql = "SELECT value FROM site_secrets WHERE name = :name",
	};
	unsigned char fresh[LIVE_SECRET_LEN];
	const void   *v;
	size_t        len = 0;
	struct sql    q;

	sql_begin(&q, &lite.c, &get, "reading a key");
	sql_text(&q, ":name", name);
	if (sql_row(&q) && (v = sql_col_blob(&q, 0, &len)) != NULL &&
	    len >= LIVE_SECRET_LEN) {
		memcpy(out, v, LIVE_SECRET_LEN);
		return sql_end(&q);
	}
	if (sql_end(&q) != ST_OK)
		return q.st;
	if (getrandom(fresh, sizeof(fresh), 0) != (ssize_t)sizeof(fresh)) {
		log_error("no randomness for a key");
		return ST_DOWN;
	}
	sql_begin(&q, &lite.c, &add, "storing a key");
	sql_text(&q, ":name", name);
	sql_blob(&q, ":value", fresh, sizeof(fresh));
	if (sql_run(&q) != ST_OK)
		return q.st;
	/* Another worker may have stored its own first: read the winner. */
	sql_begin(&q, &lite.c, &get, "reading a key");
	sql_text(&q, ":name", name);
	if (sql_row(&q) && (v = sql_col_blob(&q, 0, &len)) != NULL &&
	    len >= LIVE_SECRET_LEN)
		memcpy(out, v, LIVE_SECRET_LEN);
	else if (q.st == ST_OK) {
		log_error("database %s: the key %s is damaged (restore a "
		          "backup)",
		    config.db_path, name);
		q.st = ST_DOWN;
	}
	return sql_end(&q);
}

static enum st
lite_secret(unsigned char out[LIVE_SECRET_LEN])
{
	return keep_key("live", out);
}

static enum st
lite_address_key(int64_t now, unsigned char out[LIVE_SECRET_LEN])
{
	char name[32];

	/* Pruned the next day (prune()), with every hash made from it. */
	snprintf(name, sizeof(name), "address:%lld", (long long)(now / DAY));
	return keep_key(name, out);
}

/* What a hit must write, decided without the write lock. */
struct plan {
	const struct hit *hit;
	/* seen within VISITOR_MEMORY: not a new visitor */
	bool              known;
	/* presence, and maybe a visit */
	bool              presence;
	bool              view;
	bool              counted;
};

static enum st
plan_hit(struct plan *p)
{
	static struct sql_def presence = {
		.sql = "SELECT last_seen, coalesce(member_id, 0) FROM visitors "
		       "WHERE id = :vid",
	};
	static struct sql_def last_view = {
		.sql = "SELECT viewed_at FROM article_views "
		       "WHERE visitor = :vid AND article_id = :article",
	};
	const struct hit *h = p->hit;
	struct sql        q;

	sql_begin(&q, &lite.c, &presence, "reading presence");
	sql_text(&q, ":vid", h->vid);
	p->known = sql_row(&q) && h->now - sql_col_int(&q, 0) < VISITOR_MEMORY;
	/* Logging in or out shows at once in the counts. */
	p->presence = !p->known ||
	    h->now - sql_col_int(&q, 0) >= PRESENCE_EVERY ||
	    sql_col_int(&q, 1) != h->member;
	if (sql_end(&q) != ST_OK)
		return q.st;
	p->view = false;
	if (h->article <= 0)
		return ST_OK;
	sql_begin(&q, &lite.c, &last_view, "reading a view");
	sql_text(&q, ":vid", h->vid);
	sql_int(&q, ":article", h->article);
	p->view = !sql_row(&q) || h->now - sql_col_int(&q, 0) >= VIEW_EVERY;
	return sql_end(&q);
}

/* A new visitor counts while its address had fewer than the bound in
 * this window: *ok says whether it does (then it is recorded). */
static enum st
new_visitor(struct sql_conn *c, const struct hit *h, bool *ok)
{
	static struct sql_def count = {
		.sql = "INSERT INTO new_visitors (address, window, n) "
		       "VALUES (:address, :window, 1) "
		       "ON CONFLICT (address, window) DO UPDATE SET n = n + 1 "
		       "WHERE n < :limit",
	};
	struct sql q;

	sql_begin(&q, c, &count, "counting a new visitor");
	sql_text(&q, ":address", h->address);
	sql_int(&q, ":window", h->now / NEW_VISITOR_WINDOW);
	sql_int(&q, ":limit", NEW_VISITORS_PER_ADDRESS);
	if (sql_run(&q) != ST_OK)
		return q.st;
	*ok = sql_changes(c) == 1;
	return ST_OK;
}

/* Presence, and a visit after VISIT_GAP without a hit. */
static enum st
write_presence(struct sql_conn *c, const struct hit *h)
{
	static struct sql_def visit = {
		.sql = "UPDATE site_counters SET value = value + 1 "
		       "WHERE name = 'total_visits' AND NOT EXISTS ("
		       "SELECT 1 FROM visitors WHERE id = :vid "
		       "AND last_seen > :now - :gap)",
	};
	static struct sql_def presence = {
		.sql =
		    "INSERT INTO visitors (id, member_id, first_seen, "
		    "last_seen) VALUES (:vid, nullif(:member, 0), :now, :now) "
		    "ON CONFLICT (id) DO UPDATE "
		    "SET last_seen = excluded.last_seen, "
		    "member_id = excluded.member_id "
		    "WHERE last_seen <= excluded.last_seen - :every "
		    "OR member_id IS NOT excluded.member_id",
	};
	struct sql q;

	sql_begin(&q, c, &visit, "counting a visit");
	sql_text(&q, ":vid", h->vid);
	sql_int(&q, ":now", h->now);
	sql_int(&q, ":gap", VISIT_GAP);
	if (sql_run(&q) != ST_OK)
		return q.st;
	sql_begin(&q, c, &presence, "recording presence");
	sql_text(&q, ":vid", h->vid);
	sql_int(&q, ":member", h->member);
	sql_int(&q, ":now", h->now);
	sql_int(&q, ":every", PRESENCE_EVERY);
	return sql_run(&q);
}

/* A view, at most one per visitor per article per VIEW_EVERY. */
static enum st
write_view(struct sql_conn *c, const struct hit *h)
{
	static struct sql_def view = {
		.sql = "INSERT INTO article_views (visitor, article_id, "
		       "viewed_at) VALUES (:vid, :article, :now) "
		       "ON CONFLICT (visitor, article_id) DO UPDATE "
		       "SET viewed_at = excluded.viewed_at "
		       "WHERE viewed_at <= excluded.viewed_at - :every",
	};
	static struct sql_def count = {
		.sql = "UPDATE articles SET view_count = view_count + 1 "
		       "WHERE id = :article",
	};
	static struct sql_def day = {
		.sql =
		    "INSERT INTO article_daily_views (article_id, day, views) "
		    "VALUES (:article, substr(:now_iso, 1, 10), 1) "
		    "ON CONFLICT (article_id, day) "
		    "DO UPDATE SET views = views + 1",
	};
	struct sql q;

	sql_begin(&q, c, &view, "recording a view");
	sql_text(&q, ":vid", h->vid);
	sql_int(&q, ":article", h->article);
	sql_int(&q, ":now", h->now);
	sql_int(&q, ":every", VIEW_EVERY);
	/* Only the insert or refresh that just happened counts. */
	if (sql_run(&q) != ST_OK || sql_changes(c) != 1)
		return q.st;
	sql_begin(&q, c, &count, "counting a view");
	sql_int(&q, ":article", h->article);
	if (sql_run(&q) != ST_OK)
		return q.st;
	sql_begin(&q, c, &day, "counting a daily view");
	sql_int(&q, ":article", h->article);
	sql_text(&q, ":now_iso", h->now_iso);
	return sql_run(&q);
}

static enum st
hit_body(struct sql_conn *c, void *ctx)
{
	struct plan *p = ctx;
	enum st      st;

	p->counted = true;
	/* Planned unknown: decided again under the write lock, so that two
	 * first hits of one visitor are one new visitor. */
	if (!p->known && (st = plan_hit(p)) != ST_OK)
		return st;
	if (!p->known &&
	    ((st = new_visitor(c, p->hit, &p->counted)) != ST_OK ||
	        !p->counted))
		return st;
	if (p->presence && (st = write_presence(c, p->hit)) != ST_OK)
		return st;
	return p->view ? write_view(c, p->hit) : ST_OK;
}

static enum st
lite_hit(const struct hit *h, bool *counted)
{
	struct plan p = { .hit = h };
	enum st     st;

	/* Most hits change nothing: decide without taking the write lock.
	 * A race only means two transactions, and each is idempotent. */
	*counted = true;
	if ((st = plan_hit(&p)) != ST_OK || (!p.presence && !p.view))
		return st;
	st = sql_transaction(&lite.c, hit_body, &p, "counting a hit");
	*counted = p.counted;
	return st;
}

static enum st
lite_stats(int64_t now, int64_t window, struct live_stats *st)
{
	static struct sql_def stats = {
		.sql =
		    "SELECT (SELECT count(*) FROM visitors "
		    "WHERE last_seen > :now - :window AND member_id IS NULL), "
		    /* A member in two browsers is one member online.  The
		     * partial index holds the members' rows only: guests never
		     * enter this scan however many are online (unanalyzed, the
		     * planner would take the last_seen range instead). */
		    "(SELECT count(DISTINCT member_id) FROM visitors "
		    "INDEXED BY visitors_members_online "
		    "WHERE member_id IS NOT NULL AND last_seen > :now - "
		    ":window), (SELECT value FROM site_counters "
		    "WHERE name = 'total_visits')",
	};
	struct sql q;

	sql_begin(&q, &lite.c, &stats, "reading statistics");
	sql_int(&q, ":now", now);
	sql_int(&q, ":window", window);
	if (sql_row(&q)) {
		st->guests = sql_col_int(&q, 0);
		st->members = sql_col_int(&q, 1);
		st->total_visits = sql_col_int(&q, 2);
	} else if (q.st == ST_OK) {
		log_error("bug: the statistics query returned no row");
		q.st = ST_BUG;
	}
	return sql_end(&q);
}

static enum st
lite_views(int64_t article, int64_t *views)
{
	static struct sql_def count = {
		.sql = "SELECT view_count FROM articles WHERE id = :article",
	};
	struct sql q;

	sql_begin(&q, &lite.c, &count, "reading a view count");
	sql_int(&q, ":article", article);
	*views = sql_row(&q) ? sql_col_int(&q, 0) : 0;
	return sql_end(&q);
}

/* Appends the ids a bound query returns, up to max in all. */
static enum st
read_ids(struct sql *q, size_t max, int64_t *ids, size_t *n)
{
	while (*n < max && sql_row(q))
		ids[(*n)++] = sql_col_int(q, 0);
	return sql_end(q);
}

static enum st
lite_most_read(const char *since, size_t max, int64_t *ids, size_t *n)
{
	/* From the small daily table, not by summing over every article. */
	static struct sql_def week = {
		.sql =
		    "SELECT w.article_id FROM (SELECT article_id, sum(views) "
		    "AS n FROM article_daily_views WHERE day >= :since "
		    "GROUP BY article_id ORDER BY n DESC LIMIT :max) w "
		    "JOIN articles a ON a.id = w.article_id "
		    "ORDER BY w.n DESC, a.view_count DESC, a.id DESC",
	};
	static struct sql_def ever = {
		.sql =
		    "SELECT id FROM articles ORDER BY view_count DESC, id DESC "
		    "LIMIT :max",
	};
	struct sql q;

	*n = 0;
	sql_begin(&q, &lite.c, &week, "listing the most read this week");
	sql_text(&q, ":since", since);
	sql_int(&q, ":max", (int64_t)max);
	if (read_ids(&q, max, ids, n) != ST_OK || *n == max)
		return q.st;
	sql_begin(&q, &lite.c, &ever, "listing the most read");
	sql_int(&q, ":max", (int64_t)max);
	return read_ids(&q, max, ids, n);
}

static enum st
vote_body(struct sql_conn *c, void *ctx)
{
	static struct sql_def voted = {
		.sql = "SELECT 1 FROM poll_voters "
		       "WHERE poll_id = :poll AND voter = :voter",
	};
	static struct sql_def address = {
		.sql = "SELECT count(*) FROM poll_voters WHERE poll_id = :poll "
		       "AND ip_hash = :address AND voted_at >= :today",
	};
	static struct sql_def voter = {
		.sql = "INSERT INTO poll_voters (poll_id, voter, ip_hash, "
		       "voted_at) VALUES (:poll, :voter, :address, :now)",
	};
	static struct sql_def choice = {
		.sql = "INSERT INTO poll_votes (poll_id, option_id, voter, "
		       "voted_at) VALUES (:poll, :option, :voter, :now)",
	};
	const struct vote *v = ctx;
	struct sql         q;
	int64_t            voters;
	bool               found;

	sql_begin(&q, c, &voted, "reading a vote");
	sql_int(&q, ":poll", v->poll);
	sql_text(&q, ":voter", v->voter);
	found = sql_row(&q);
	if (sql_end(&q) != ST_OK)
		return q.st;
	if (found)
		return ST_DUPLICATE;
	sql_begin(&q, c, &address, "counting an address's votes");
	sql_int(&q, ":poll", v->poll);
	sql_text(&q, ":address", v->address);
	sql_int(&q, ":today", v->now - v->now % DAY);
	voters = sql_row(&q) ? sql_col_int(&q, 0) : 0;
	if (sql_end(&q) != ST_OK)
		return q.st;
	if (voters >= v->address_cap)
		return ST_LIMITED;
	sql_begin(&q, c, &voter, "recording a voter");
	sql_int(&q, ":poll", v->poll);
	sql_text(&q, ":voter", v->voter);
	sql_text(&q, ":address", v->address);
	sql_int(&q, ":now", v->now);
	if (sql_run(&q) != ST_OK)
		return q.st;
	for (size_t i = 0; i < v->noptions; i++) {
		sql_begin(&q, c, &choice, "recording a vote");
		sql_int(&q, ":poll", v->poll);
		sql_int(&q, ":option", v->options[i]);
		sql_text(&q, ":voter", v->voter);
		sql_int(&q, ":now", v->now);
		if (sql_run(&q) != ST_OK)
			return q.st;
	}
	return ST_OK;
}

static enum st
lite_vote(const struct vote *v)
{
	return sql_transaction(&lite.c, vote_body, (void *)v,
	    "recording a vote");
}

static enum st
lite_poll_counts(int64_t poll, int64_t *voters, const int64_t *options,
    int64_t *votes, size_t n)
{
	static struct sql_def count = {
		.sql = "SELECT count(*) FROM poll_voters WHERE poll_id = :poll",
	};
	static struct sql_def option = {
		.sql =
		    "SELECT id, votes FROM poll_options WHERE poll_id = :poll",
	};
	struct sql q;

	sql_begin(&q, &lite.c, &count, "counting voters");
	sql_int(&q, ":poll", poll);
	*voters = sql_row(&q) ? sql_col_int(&q, 0) : 0;
	if (sql_end(&q) != ST_OK)
		return q.st;
	for (size_t i = 0; i < n; i++)
		votes[i] = 0;
	sql_begin(&q, &lite.c, &option, "counting votes");
	sql_int(&q, ":poll", poll);
	while (sql_row(&q))
		for (size_t i = 0; i < n; i++)
			if (options[i] == sql_col_int(&q, 0))
				votes[i] = sql_col_int(&q, 1);
	return sql_end(&q);
}

static enum st
lite_has_voted(int64_t poll, const char *voter, bool *voted)
{
	static struct sql_def has_voted = {
		.sql = "SELECT 1 FROM poll_voters "
		       "WHERE poll_id = :poll AND voter = :voter",
	};
	struct sql q;

	sql_begin(&q, &lite.c, &has_voted, "reading a vote");
	sql_int(&q, ":poll", poll);
	sql_text(&q, ":voter", voter);
	*voted = sql_row(&q);
	return sql_end(&q);
}

struct attempt {
	const char *key;
	const char *address;
	int64_t     now;
	int64_t    *retry_after;
};

/* Failures for one username or address within the window: when the
 * limit lifts if there are `limit` of them (else *until unchanged). */
static enum st
failures(struct sql_conn *c, struct sql_def *def, const char *name,
    const char *value, int64_t now, int64_t limit, int64_t *until)
{
	struct sql q;

	sql_begin(&q, c, def, "counting failed logins");
	sql_text(&q, name, value);
	sql_int(&q, ":since", now - LOGIN_FAILURE_WINDOW);
	/* The limit lifts when the oldest failure leaves the window. */
	if (sql_row(&q) && sql_col_int(&q, 0) >= limit &&
	    sql_col_int(&q, 1) + LOGIN_FAILURE_WINDOW > *until)
		*until = sql_col_int(&q, 1) + LOGIN_FAILURE_WINDOW;
	return sql_end(&q);
}

static enum st
attempt_body(struct sql_conn *c, void *ctx)
{
	static struct sql_def by_username = {
		.sql = "SELECT count(*), min(failed_at) FROM login_failures "
		       "WHERE username_key = :key AND failed_at > :since",
	};
	static struct sql_def by_address = {
		.sql = "SELECT count(*), min(failed_at) FROM login_failures "
		       "WHERE address = :address AND failed_at > :since",
	};
	static struct sql_def add = {
		.sql = "INSERT INTO login_failures (username_key, address, "
		       "failed_at) VALUES (:key, :address, :now)",
	};
	const struct attempt *t = ctx;
	struct sql            q;
	int64_t               until = 0;
	enum st               st;

	if ((st = failures(c, &by_username, ":key", t->key, t->now,
	         LOGIN_FAILURES_PER_USERNAME, &until)) != ST_OK ||
	    (st = failures(c, &by_address, ":address", t->address, t->now,
	         LOGIN_FAILURES_PER_ADDRESS, &until)) != ST_OK)
		return st;
	if (until > 0) {
		*t->retry_after = until - t->now > 0 ? until - t->now : 1;
		return ST_LIMITED;
	}
	sql_begin(&q, c, &add, "recording a login attempt");
	sql_text(&q, ":key", t->key);
	sql_text(&q, ":address", t->address);
	sql_int(&q, ":now", t->now);
	return sql_run(&q);
}

static enum st
lite_login_attempt(const char *key, const char *address, int64_t now,
    int64_t *retry_after)
{
	struct attempt t = { key, address, now, retry_after };

	return sql_transaction(&lite.c, attempt_body, &t,
	    "checking the login limits");
}

/* Ends a session; the visitor, if any, is a guest again. */
static enum st
end_session(struct sql_conn *c, const unsigned char *hash, const char *vid)
{
	static struct sql_def end = {
		.sql = "DELETE FROM sessions WHERE id_hash = :hash",
	};
	static struct sql_def guest = {
		.sql = "UPDATE visitors SET member_id = NULL WHERE id = :vid",
	};
	struct sql q;

	sql_begin(&q, c, &end, "ending a session");
	sql_blob(&q, ":hash", hash, SESSION_HASH_LEN);
	if (sql_run(&q) != ST_OK || vid == NULL)
		return q.st;
	sql_begin(&q, c, &guest, "counting a visitor as a guest");
	sql_text(&q, ":vid", vid);
	return sql_run(&q);
}

struct login_call {
	const struct login *login;
	int64_t             now;
};

static enum st
login_body(struct sql_conn *c, void *ctx)
{
	static struct sql_def session = {
		.sql = "INSERT INTO sessions (id_hash, member_id, created_at, "
		       "last_seen) VALUES (:hash, :member, :now, :now)",
	};
	static struct sql_def forget = {
		.sql = "DELETE FROM login_failures WHERE username_key = :key",
	};
	static struct sql_def visitor = {
		.sql =
		    "UPDATE visitors SET member_id = :member WHERE id = :vid",
	};
	static struct sql_def rehash = {
		.sql = "UPDATE members SET password_hash = :rehash "
		       "WHERE id = :member",
	};
	const struct login_call *lc = ctx;
	const struct login      *l = lc->login;
	struct sql               q;
	enum st                  st;

	sql_begin(&q, c, &session, "starting a session");
	sql_blob(&q, ":hash", l->session, SESSION_HASH_LEN);
	sql_int(&q, ":member", l->member);
	sql_int(&q, ":now", lc->now);
	if (sql_run(&q) != ST_OK)
		return q.st;
	sql_begin(&q, c, &forget, "forgetting failed logins");
	sql_text(&q, ":key", l->key);
	if (sql_run(&q) != ST_OK)
		return q.st;
	/* The session the browser came with ends; its visitor is counted
	 * as the member just below. */
	if (l->old_session != NULL &&
	    (st = end_session(c, l->old_session, NULL)) != ST_OK)
		return st;
	if (l->vid != NULL) {
		sql_begin(&q, c, &visitor, "counting a visitor as a member");
		sql_int(&q, ":member", l->member);
		sql_text(&q, ":vid", l->vid);
		if (sql_run(&q) != ST_OK)
			return q.st;
	}
	if (l->rehash == NULL)
		return ST_OK;
	sql_begin(&q, c, &rehash, "replacing a password hash");
	sql_text(&q, ":rehash", l->rehash);
	sql_int(&q, ":member", l->member);
	return sql_run(&q);
}

static enum st
lite_login(const struct login *l, int64_t now)
{
	struct login_call lc = { l, now };

	return sql_transaction(&lite.c, login_body, &lc, "logging a member in");
}

static enum st
lite_session(const unsigned char *hash, int64_t now, int64_t idle,
    int64_t lifetime, int64_t *member, int64_t *last_seen)
{
	static struct sql_def find = {
		.sql = "SELECT member_id, last_seen FROM sessions "
		       "WHERE id_hash = :hash AND last_seen > :now - :idle "
		       "AND created_at > :now - :lifetime",
	};
	struct sql q;
	bool       found;

	sql_begin(&q, &lite.c, &find, "finding a session");
	sql_blob(&q, ":hash", hash, SESSION_HASH_LEN);
	sql_int(&q, ":now", now);
	sql_int(&q, ":idle", idle);
	sql_int(&q, ":lifetime", lifetime);
	if ((found = sql_row(&q))) {
		*member = sql_col_int(&q, 0);
		*last_seen = sql_col_int(&q, 1);
	}
	if (sql_end(&q) != ST_OK)
		return q.st;
	return found ? ST_OK : ST_NOT_FOUND;
}

struct touch {
	const unsigned char *hash;
	int64_t              now;
};

static enum st
touch_body(struct sql_conn *c, void *ctx)
{
	static struct sql_def touch = {
		.sql = "UPDATE sessions SET last_seen = :now WHERE id_hash = "
		       ":hash",
	};
	const struct touch *t = ctx;
	struct sql          q;

	sql_begin(&q, c, &touch, "refreshing a session");
	sql_int(&q, ":now", t->now);
	sql_blob(&q, ":hash", t->hash, SESSION_HASH_LEN);
	return sql_run(&q);
}

static enum st
lite_session_touch(const unsigned char *hash, int64_t now)
{
	struct touch t = { hash, now };

	return sql_transaction(&lite.c, touch_body, &t, "refreshing a session");
}

struct end {
	const unsigned char *hash;
	const char          *vid;
};

static enum st
end_body(struct sql_conn *c, void *ctx)
{
	const struct end *e = ctx;

	return end_session(c, e->hash, e->vid);
}

static enum st
lite_session_end(const unsigned char *hash, const char *vid)
{
	struct end e = { hash, vid };

	return sql_transaction(&lite.c, end_body, &e, "logging a member out");
}

static enum st
logout_body(struct sql_conn *c, void *ctx)
{
	static struct sql_def end = {
		.sql = "DELETE FROM sessions WHERE member_id = :member",
	};
	static struct sql_def guest = {
		.sql = "UPDATE visitors SET member_id = NULL "
		       "WHERE member_id = :member",
	};
	const int64_t *member = ctx;
	struct sql     q;

	sql_begin(&q, c, &end, "ending a member's sessions");
	sql_int(&q, ":member", *member);
	if (sql_run(&q) != ST_OK)
		return q.st;
	sql_begin(&q, c, &guest, "counting a member's browsers as guests");
	sql_int(&q, ":member", *member);
	return sql_run(&q);
}

static enum st
lite_member_logout(int64_t member)
{
	return sql_transaction(&lite.c, logout_body, &member,
	    "ending a member's sessions");
}

/*
 * Moving the figures (live_export(), live_import()).  Every query of the
 * export reads a record's fields in one order: id, option, value,
 * created, at, day, voter, key.
 */
static struct sql_def export_defs[LIVE_KINDS] = {
	[LIVE_TOTAL_VISITS] = { .sql =
		"SELECT 0, 0, value, 0, 0, '', '', x'' FROM site_counters "
		"WHERE name = 'total_visits'", },
	[LIVE_VIEWS] = { .sql =
		"SELECT id, 0, view_count, 0, 0, '', '', x'' FROM articles "
		"WHERE view_count > 0", },
	[LIVE_DAY_VIEWS] = { .sql =
		"SELECT article_id, 0, views, 0, 0, day, '', x'' "
		"FROM article_daily_views WHERE day >= :since AND views > 0", },
	[LIVE_VOTES] = { .sql =
		"SELECT poll_id, id, votes, 0, 0, '', '', x'' "
		"FROM poll_options WHERE votes > 0", },
	[LIVE_VOTER] = { .sql =
		"SELECT poll_id, 0, 0, 0, voted_at, '', voter, x'' "
		"FROM poll_voters", },
	[LIVE_SESSION] = { .sql =
		"SELECT member_id, 0, 0, created_at, last_seen, '', '', "
		"id_hash FROM sessions WHERE last_seen > :now - :idle "
		"AND created_at > :now - :lifetime", },
	[LIVE_SECRET] = { .sql =
		"SELECT 0, 0, 0, 0, 0, '', '', value FROM site_secrets "
		"WHERE name = 'live'", },
};

/* The rows of one kind, as records, to the sink. */
static enum st
export_kind(enum live_kind kind, int64_t now, struct arena *a,
    const struct live_sink *sink)
{
	struct live_record r;
	struct sql         q;
	const void        *key;
	const char        *day;
	time_t             since = (time_t)(now - KEEP_DAILY_VIEWS);
	struct tm          tm;
	char               since_day[16];
	size_t             len;
	enum st            st = ST_OK;

	sql_begin(&q, &lite.c, &export_defs[kind], "exporting live figures");
	if (kind == LIVE_DAY_VIEWS) {
		gmtime_r(&since, &tm);
		strftime(since_day, sizeof(since_day), "%Y-%m-%d", &tm);
		sql_text(&q, ":since", since_day);
	} else if (kind == LIVE_SESSION) {
		sql_int(&q, ":now", now);
		sql_int(&q, ":idle", config.session_idle);
		sql_int(&q, ":lifetime", config.session_lifetime);
	}
	while (st == ST_OK && sql_row(&q)) {
		arena_reset(a);
		memset(&r, 0, sizeof(r));
		r.kind = kind;
		r.id = sql_col_int(&q, 0);
		r.option = sql_col_int(&q, 1);
		r.value = sql_col_int(&q, 2);
		r.created = sql_col_int(&q, 3);
		r.at = sql_col_int(&q, 4);
		if ((day = sql_col_text(&q, a, 5)) != NULL)
			snprintf(r.day, sizeof(r.day), "%s", day);
		r.voter = sql_col_text(&q, a, 6);
		if ((key = sql_col_blob(&q, 7, &len)) != NULL)
			memcpy(r.key, key,
			    len < sizeof(r.key) ? len : sizeof(r.key));
		if (q.st == ST_OK)
			st = sink->put(sink->arg, &r);
	}
	return sql_end(&q) != ST_OK ? q.st : st;
}

static enum st
lite_export(int64_t now, const struct live_sink *sink)
{
	/* One read transaction: one snapshot of every table, while the
	 * writers go on. */
	static struct sql_def begin = { .sql = "BEGIN" };
	static struct sql_def commit = { .sql = "COMMIT" };
	struct arena          a;
	struct sql            q;
	enum st               st;

	sql_begin(&q, &lite.c, &begin, "exporting live figures");
	if ((st = sql_run(&q)) != ST_OK)
		return st;
	arena_init(&a, 0);
	for (int kind = 0; st == ST_OK && kind < LIVE_KINDS; kind++)
		st = export_kind((enum live_kind)kind, now, &a, sink);
	arena_free(&a);
	sql_begin(&q, &lite.c, &commit, "exporting live figures");
	if (sql_run(&q) != ST_OK && st == ST_OK)
		st = q.st;
	return st;
}

/* One record of an import; what it names must be in the content (the
 * caller checked: live_names_content()). */
static enum st
import_record(struct sql_conn *c, const struct live_record *r, int64_t now)
{
	static struct sql_def defs[LIVE_KINDS] = {
		[LIVE_TOTAL_VISITS] = { .sql =
			"INSERT INTO site_counters (name, value) "
			"VALUES ('total_visits', :value) ON CONFLICT (name) "
			"DO UPDATE SET value = excluded.value", },
		[LIVE_VIEWS] = { .sql =
			"UPDATE articles SET view_count = :value "
			"WHERE id = :id", },
		[LIVE_DAY_VIEWS] = { .sql =
			"INSERT INTO article_daily_views (article_id, day, "
			"views) VALUES (:id, :day, :value)", },
		[LIVE_VOTES] = { .sql =
			"UPDATE poll_options SET votes = :value "
			"WHERE poll_id = :id AND id = :option", },
		/* The address hash is the day's, and not moved. */
		[LIVE_VOTER] = { .sql =
			"INSERT INTO poll_voters (poll_id, voter, ip_hash, "
			"voted_at) VALUES (:id, :voter, '', :at)", },
		[LIVE_SESSION] = { .sql =
			"INSERT INTO sessions (id_hash, member_id, created_at, "
			"last_seen) VALUES (:key, :id, :created, :at)", },
		[LIVE_SECRET] = { .sql =
			"INSERT INTO site_secrets (name, value) "
			"VALUES ('live', :key) ON CONFLICT (name) "
			"DO UPDATE SET value = excluded.value", },
	};
	struct sql q;

	sql_begin(&q, c, &defs[r->kind], "importing live figures");
	switch (r->kind) {
	case LIVE_TOTAL_VISITS:
		sql_int(&q, ":value", r->value);
		break;
	case LIVE_VIEWS:
		sql_int(&q, ":id", r->id);
		sql_int(&q, ":value", r->value);
		break;
	case LIVE_DAY_VIEWS:
		sql_int(&q, ":id", r->id);
		sql_text(&q, ":day", r->day);
		sql_int(&q, ":value", r->value);
		break;
	case LIVE_VOTES:
		sql_int(&q, ":id", r->id);
		sql_int(&q, ":option", r->option);
		sql_int(&q, ":value", r->value);
		break;
	case LIVE_VOTER:
		sql_int(&q, ":id", r->id);
		sql_text(&q, ":voter", r->voter);
		/* Redis keeps no time for a voter: the import's, then. */
		sql_int(&q, ":at", r->at > 0 ? r->at : now);
		break;
	case LIVE_SESSION:
		sql_blob(&q, ":key", r->key, sizeof(r->key));
		sql_int(&q, ":id", r->id);
		sql_int(&q, ":created", r->created);
		sql_int(&q, ":at", r->at);
		break;
	case LIVE_SECRET:
	case LIVE_KINDS:
		sql_blob(&q, ":key", r->key, sizeof(r->key));
		break;
	}
	if (sql_run(&q) != ST_OK)
		return q.st;
	/* Only an update of views or votes can find no row. */
	if (sql_changes(c) != 1) {
		log_error("importing live figures: %s %lld is not in database "
		          "%s",
		    r->kind == LIVE_VIEWS ? "article" : "poll option",
		    (long long)(r->kind == LIVE_VIEWS ? r->id : r->option),
		    config.db_path);
		return ST_BUG;
	}
	return ST_OK;
}

struct import_call {
	const struct live_source *source;
	int64_t                   now;
};

static enum st
import_body(struct sql_conn *c, void *ctx)
{
	/* Every lasting figure goes; deleting the voters deletes their
	 * choices, which the schema's trigger uncounts. */
	static struct sql_def clear[] = {
		{
		    .sql = "UPDATE articles SET view_count = 0 "
		           "WHERE view_count <> 0",
		},
		{ .sql = "DELETE FROM article_daily_views" },
		{ .sql = "DELETE FROM poll_voters" },
		{ .sql = "UPDATE poll_options SET votes = 0 WHERE votes <> 0" },
		{ .sql = "DELETE FROM sessions" },
	};
	const struct import_call *ic = ctx;
	struct live_record        r;
	struct sql                q;
	enum st                   st;

	if ((st = ic->source->rewind(ic->source->arg)) != ST_OK)
		return st;
	for (size_t i = 0; i < sizeof(clear) / sizeof(clear[0]); i++) {
		sql_begin(&q, c, &clear[i], "clearing live figures");
		if (sql_run(&q) != ST_OK)
			return q.st;
	}
	while ((st = ic->source->next(ic->source->arg, &r)) == ST_OK)
		if ((st = import_record(c, &r, ic->now)) != ST_OK)
			return st;
	/* The end of the source commits; anything else rolls back. */
	return st == ST_NOT_FOUND ? ST_OK : st_failed(st) ? st : ST_BUG;
}

static enum st
lite_import(int64_t now, const struct live_source *source)
{
	struct import_call ic = { source, now };

	return sql_transaction(&lite.c, import_body, &ic,
	    "importing live figures");
}

/* The content's members table is this very file: always current. */
static enum st
lite_account(struct arena *a, int64_t member, struct account *out)
{
	(void)a;
	(void)member;
	(void)out;
	return ST_NOT_FOUND;
}

static enum st
lite_account_set(int64_t member, bool active, const char *password_hash)
{
	(void)member;
	(void)active;
	(void)password_hash;
	return ST_OK;
}

/* The maintenance lock: whichever live process holds it checkpoints. */
static bool
maintainer(void)
{
	char path[1100];

	if (lite.maint_fd != -1)
		return true;
	snprintf(path, sizeof(path), "%s-maint", config.db_path);
	lite.maint_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (lite.maint_fd == -1)
		return false;
	if (flock(lite.maint_fd, LOCK_EX | LOCK_NB) == -1) {
		close(lite.maint_fd);
		lite.maint_fd = -1;
		return false;
	}
	return true;
}

/* One batch of what is past keeping in each table; the next minute
 * continues.  Addresses are forgotten the day after they were hashed:
 * the day's key is deleted, and so is every hash made with it. */
static void
prune(int64_t now)
{
	static struct sql_def visitors = {
		.sql =
		    "DELETE FROM visitors WHERE id IN (SELECT id FROM visitors "
		    "WHERE last_seen < :before LIMIT :batch)",
	};
	static struct sql_def views = {
		.sql =
		    "DELETE FROM article_views WHERE (visitor, article_id) IN ("
		    "SELECT visitor, article_id FROM article_views "
		    "WHERE viewed_at < :before LIMIT :batch)",
	};
	static struct sql_def days = {
		.sql = "DELETE FROM article_daily_views "
		       "WHERE day < strftime('%Y-%m-%d', :before, 'unixepoch')",
	};
	static struct sql_def sessions = {
		.sql = "DELETE FROM sessions WHERE id_hash IN (SELECT id_hash "
		       "FROM sessions WHERE last_seen <= :now - :idle "
		       "OR created_at <= :now - :lifetime LIMIT :batch)",
	};
	static struct sql_def failures = {
		.sql =
		    "DELETE FROM login_failures WHERE rowid IN (SELECT rowid "
		    "FROM login_failures WHERE failed_at <= :before "
		    "LIMIT :batch)",
	};
	static struct sql_def fresh = {
		.sql = "DELETE FROM new_visitors WHERE window < :window",
	};
	static struct sql_def keys = {
		.sql = "DELETE FROM site_secrets WHERE name LIKE 'address:%' "
		       "AND CAST(substr(name, 9) AS INTEGER) < :today",
	};
	static struct sql_def voters = {
		.sql = "UPDATE poll_voters SET ip_hash = '' WHERE (poll_id, "
		       "voter) IN (SELECT poll_id, voter FROM poll_voters "
		       "INDEXED BY poll_voters_unforgotten WHERE ip_hash <> '' "
		       "AND voted_at < :today LIMIT :batch)",
	};
	struct sql q;

	sql_begin(&q, &lite.c, &visitors, "pruning old visitors");
	sql_int(&q, ":before", now - VISITOR_MEMORY);
	sql_int(&q, ":batch", PRUNE_BATCH);
	(void)sql_run(&q);
	sql_begin(&q, &lite.c, &views, "pruning old views");
	sql_int(&q, ":before", now - VIEW_EVERY);
	sql_int(&q, ":batch", PRUNE_BATCH);
	(void)sql_run(&q);
	sql_begin(&q, &lite.c, &days, "pruning old daily views");
	sql_int(&q, ":before", now - KEEP_DAILY_VIEWS);
	(void)sql_run(&q);
	sql_begin(&q, &lite.c, &sessions, "pruning expired sessions");
	sql_int(&q, ":now", now);
	sql_int(&q, ":idle", config.session_idle);
	sql_int(&q, ":lifetime", config.session_lifetime);
	sql_int(&q, ":batch", PRUNE_BATCH);
	(void)sql_run(&q);
	sql_begin(&q, &lite.c, &failures, "pruning old failed logins");
	sql_int(&q, ":before", now - LOGIN_FAILURE_WINDOW);
	sql_int(&q, ":batch", PRUNE_BATCH);
	(void)sql_run(&q);
	sql_begin(&q, &lite.c, &fresh, "pruning new-visitor counts");
	sql_int(&q, ":window", now / NEW_VISITOR_WINDOW);
	(void)sql_run(&q);
	sql_begin(&q, &lite.c, &keys, "forgetting old address keys");
	sql_int(&q, ":today", now / DAY);
	(void)sql_run(&q);
	sql_begin(&q, &lite.c, &voters, "forgetting voters' addresses");
	sql_int(&q, ":today", now - now % DAY);
	sql_int(&q, ":batch", PRUNE_BATCH);
	(void)sql_run(&q);
}

static void
lite_end(int64_t now)
{
	struct timespec ts;
	int64_t         ms;
	int             log_frames, checkpointed;

	if (lite.c.h == NULL)
		return;
	if (lite.c.broken) {
		lite_close();
		return;
	}
	sql_conn_idle(&lite.c);
	/* Every CHECKPOINT_MS per worker, try for (or use) the lock: at
	 * hundreds of hits a second the WAL grows megabytes a second. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	if (ms - lite.last_checkpoint < CHECKPOINT_MS)
		return;
	lite.last_checkpoint = ms;
	if (!maintainer())
		return;
	/* PASSIVE never waits, and usually copies the whole WAL back; but
	 * with writers always at work the WAL is never found fully copied
	 * when a transaction starts, so it would only grow.  Past WAL_RESTART
	 * frames, TRUNCATE waits for a moment with no reader in the WAL and
	 * starts it afresh. */
	if (sqlite3_wal_checkpoint_v2(lite.c.h, NULL, SQLITE_CHECKPOINT_PASSIVE,
	        &log_frames, &checkpointed) == SQLITE_OK &&
	    log_frames > WAL_RESTART) {
		/* TRUNCATE holds the write lock while it waits: every writer
		 * waits with it, so the wait starts short.  Readers are short
		 * too, but on a loaded machine one descheduled reader can
		 * outlast it every time and the WAL grows without end; so
		 * each failure doubles the next wait, and a success resets
		 * it.  Writers then wait at most TRUNCATE_WAIT_MAX_MS, and
		 * only while the WAL is past its bound. */
		sqlite3_busy_timeout(lite.c.h, lite.truncate_wait);
		if (sqlite3_wal_checkpoint_v2(lite.c.h, NULL,
		        SQLITE_CHECKPOINT_TRUNCATE, &log_frames,
		        &checkpointed) == SQLITE_OK)
			lite.truncate_wait = TRUNCATE_WAIT_MS;
		else if (lite.truncate_wait < TRUNCATE_WAIT_MAX_MS)
			lite.truncate_wait *= 2;
		sqlite3_busy_timeout(lite.c.h, BUSY_TIMEOUT_MS);
	}
	if (now - lite.last_prune >= PRUNE_EVERY) {
		lite.last_prune = now;
		prune(now);
	}
}

const struct live_backend live_sqlite = {
	.name = "sqlite",
	.open = lite_open,
	.is_open = lite_is_open,
	.end = lite_end,
	.upkeep = prune,
	.close = lite_close,
	.secret = lite_secret,
	.address_key = lite_address_key,
	.hit = lite_hit,
	.stats = lite_stats,
	.views = lite_views,
	.most_read = lite_most_read,
	.vote = lite_vote,
	.poll_counts = lite_poll_counts,
	.has_voted = lite_has_voted,
	.login_attempt = lite_login_attempt,
	.login = lite_login,
	.session = lite_session,
	.session_touch = lite_session_touch,
	.session_end = lite_session_end,
	.member_logout = lite_member_logout,
	.account = lite_account,
	.account_set = lite_account_set,
	.export = lite_export,
	.import = lite_import,
};
