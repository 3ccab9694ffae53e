#include <sys/file.h>
#include <sys/random.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/config.h"
#include "base/log.h"
#include "store/live.h"
#include "store/members.h"
#include "store/version.h"

enum {
	BUSY_TIMEOUT_MS = 250,	/* per attempt */
	PRESENCE_EVERY = 60,	/* seconds between presence writes */
	VISIT_GAP = 30 * 60,	/* a hit after this much silence is a visit */
	VIEW_EVERY = 24 * 60 * 60,
	KEEP_VISITORS = 30 * 24 * 60 * 60,
	KEEP_DAILY_VIEWS = 8 * 24 * 60 * 60,
	PRUNE_BATCH = 2000,	/* rows per prune statement: writes stay short */
	PRUNE_EVERY = 60 * 60,
	WAL_RESTART = 1000,	/* frames (pages): about 4 MiB */
	CHECKPOINT_MS = 250,
	TRUNCATE_WAIT_MS = 20,
};

static struct {
	struct sql_conn	 c;
	unsigned char	 secret[32];
	int		 maint_fd;	/* the maintenance lock, when held */
	int64_t		 last_checkpoint;	/* ms, CLOCK_MONOTONIC */
	int64_t		 last_prune;
} live = { .maint_fd = -1 };

void
live_db_close(void)
{
	sql_conn_close(&live.c);
	if (live.maint_fd != -1) {
		close(live.maint_fd);
		live.maint_fd = -1;
	}
}

/* The key of the CSRF tokens and address hashes: made once, kept in the
 * database so that every worker shares it. */
static enum st
load_secret(void)
{
	static struct sql_def add = { .sql =
		"INSERT INTO site_secrets (name, value) VALUES ('live', :value) "
		"ON CONFLICT DO NOTHING" };
	static struct sql_def get = { .sql = "SELECT value FROM site_secrets WHERE name = 'live'" };
	unsigned char	 fresh[sizeof(live.secret)];
	const void	*v;
	size_t		 len = 0;
	struct sql	 q;

	if (getrandom(fresh, sizeof(fresh), 0) != (ssize_t)sizeof(fresh)) {
		log_error("no randomness for the site secret");
		return ST_DOWN;
	}
	sql_begin(&q, &live.c, &add, "storing the site secret");
	sql_blob(&q, ":value", fresh, sizeof(fresh));
	if (sql_run(&q) != ST_OK)
		return q.st;
	sql_begin(&q, &live.c, &get, "reading the site secret");
	if (sql_row(&q) && (v = sql_col_blob(&q, 0, &len)) != NULL &&
	    len >= sizeof(live.secret))
		memcpy(live.secret, v, sizeof(live.secret));
	else if (q.st == ST_OK) {
		log_error("database %s: the site secret is damaged "
		    "(restore a backup)", config.db_path);
		q.st = ST_DOWN;
	}
	return sql_end(&q);
}

static enum st
live_open(void)
{
	static const char setup[] =
	    "PRAGMA journal_mode = WAL;"
	    /* NORMAL: durable across process crashes; a power loss can roll
	     * back the last commits (see docs/ARCHITECTURE.md). */
	    "PRAGMA synchronous = NORMAL;"
	    "PRAGMA wal_autocheckpoint = 0;"
	    "PRAGMA foreign_keys = ON;"
	    "PRAGMA journal_size_limit = 4194304;";
	char	*err = NULL;
	bool	 was_down = live.c.down;
	int	 rc;

	rc = sql_conn_open(&live.c, config.db_path, SQLITE_OPEN_READWRITE,
	    BUSY_TIMEOUT_MS);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(live.c.h, setup, NULL, NULL, &err);
	if (rc == SQLITE_OK)
		rc = store_check_version(live.c.h, &live.c.down);
	if (rc != SQLITE_OK) {
		if (!live.c.down)
			log_error("cannot use database %s: "
			    "%s (create it with `bantin-admin create`; the "
			    "live handler needs write access to the file and "
			    "its folder)", config.db_path,
			    err != NULL ? err : live.c.h != NULL ?
			    sqlite3_errmsg(live.c.h) : sqlite3_errstr(rc));
		live.c.down = true;
		sqlite3_free(err);
		live_db_close();
		return ST_DOWN;
	}
	if (load_secret() != ST_OK) {
		live.c.down = true;
		live_db_close();
		return ST_DOWN;
	}
	if (was_down)
		log_notice("database %s is available again", config.db_path);
	live.c.down = false;
	return ST_OK;
}

enum st
live_db_begin(void)
{
	if (live.c.h != NULL && live.c.broken)
		live_db_close();
	if (live.c.h != NULL)
		return ST_OK;
	return live_open();
}

struct sql_conn *
live_conn(void)
{
	return &live.c;
}

const unsigned char *
live_secret(void)
{
	return live.secret;
}

/* What a hit must write, decided without the write lock. */
struct hit_plan {
	const struct hit	*hit;
	bool			 presence;	/* presence, and maybe a visit */
	bool			 view;
};

static enum st
plan_hit(struct hit_plan *p)
{
	static struct sql_def presence = { .sql =
		"SELECT last_seen, coalesce(member_id, 0) FROM visitors "
		"WHERE id = :vid" };
	static struct sql_def last_view = { .sql =
		"SELECT viewed_at FROM article_views "
		"WHERE visitor = :vid AND article_id = :article" };
	/* A hidden or unknown article is never viewed: without this, every
	 * hit naming one would take the write lock for nothing. */
	static struct sql_def visible = { .sql =
		"SELECT 1 FROM articles WHERE id = :article "
		"AND status = 'published' AND published_at <= :now_iso" };
	const struct hit	*h = p->hit;
	struct sql		 q;

	sql_begin(&q, &live.c, &presence, "reading presence");
	sql_text(&q, ":vid", h->vid);
	/* Logging in or out shows at once in the counts. */
	p->presence = !sql_row(&q) ||
	    h->now - sql_col_int(&q, 0) >= PRESENCE_EVERY ||
	    sql_col_int(&q, 1) != h->member;
	if (sql_end(&q) != ST_OK)
		return q.st;
	p->view = false;
	if (h->article <= 0)
		return ST_OK;
	sql_begin(&q, &live.c, &last_view, "reading a view");
	sql_text(&q, ":vid", h->vid);
	sql_int(&q, ":article", h->article);
	p->view = !sql_row(&q) || h->now - sql_col_int(&q, 0) >= VIEW_EVERY;
	if (sql_end(&q) != ST_OK || !p->view)
		return q.st;
	sql_begin(&q, &live.c, &visible, "reading an article");
	sql_int(&q, ":article", h->article);
	sql_text(&q, ":now_iso", h->now_iso);
	p->view = sql_row(&q);
	return sql_end(&q);
}

/* Presence, and a visit after VISIT_GAP without a hit. */
static enum st
write_presence(struct sql_conn *c, const struct hit *h)
{
	static struct sql_def visit = { .sql =
		"UPDATE site_counters SET value = value + 1 "
		"WHERE name = 'total_visits' AND NOT EXISTS ("
		"SELECT 1 FROM visitors WHERE id = :vid "
		"AND last_seen > :now - :gap)" };
	static struct sql_def presence = { .sql =
		"INSERT INTO visitors (id, member_id, first_seen, last_seen) "
		"VALUES (:vid, nullif(:member, 0), :now, :now) "
		"ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen, "
		"member_id = excluded.member_id "
		"WHERE last_seen <= excluded.last_seen - :every "
		"OR member_id IS NOT excluded.member_id" };
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
	static struct sql_def view = { .sql =
		"INSERT INTO article_views (visitor, article_id, viewed_at) "
		"SELECT :vid, :article, :now WHERE EXISTS (SELECT 1 "
		"FROM articles WHERE id = :article AND status = 'published' "
		"AND published_at <= :now_iso) "
		"ON CONFLICT (visitor, article_id) DO UPDATE "
		"SET viewed_at = excluded.viewed_at "
		"WHERE viewed_at <= excluded.viewed_at - :every" };
	static struct sql_def count = { .sql =
		"UPDATE articles SET view_count = view_count + 1 "
		"WHERE id = :article" };
	static struct sql_def day = { .sql =
		"INSERT INTO article_daily_views (article_id, day, views) "
		"VALUES (:article, substr(:now_iso, 1, 10), 1) "
		"ON CONFLICT (article_id, day) DO UPDATE SET views = views + 1" };
	struct sql q;

	sql_begin(&q, c, &view, "recording a view");
	sql_text(&q, ":vid", h->vid);
	sql_int(&q, ":article", h->article);
	sql_int(&q, ":now", h->now);
	sql_text(&q, ":now_iso", h->now_iso);
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
	const struct hit_plan	*p = ctx;
	enum st			 st = ST_OK;

	if (p->presence)
		st = write_presence(c, p->hit);
	if (st == ST_OK && p->view)
		st = write_view(c, p->hit);
	return st;
}

enum st
live_hit(const struct hit *h)
{
	struct hit_plan	p = { .hit = h };
	enum st		st;

	/* Most hits change nothing: decide without taking the write lock.
	 * A race only means two transactions, and each is idempotent. */
	if ((st = plan_hit(&p)) != ST_OK)
		return st;
	if (!p.presence && !p.view)
		return ST_OK;
	return sql_transaction(&live.c, hit_body, &p, "counting a hit");
}

/* The checks and writes of one vote, inside the transaction. */
static enum st
vote_body(struct sql_conn *c, void *ctx)
{
	static struct sql_def poll = { .sql =
		"SELECT multiple, status = 'open' "
		"AND (starts_at IS NULL OR starts_at <= :now_iso) "
		"AND (ends_at IS NULL OR ends_at >= :now_iso) "
		"FROM polls WHERE id = :poll" };
	static struct sql_def option = { .sql =
		"SELECT 1 FROM poll_options WHERE id = :option "
		"AND poll_id = :poll" };
	static struct sql_def address = { .sql =
		"SELECT count(*) FROM poll_voters WHERE poll_id = :poll "
		"AND ip_hash = :ip AND voted_at > :now - :day" };
	static struct sql_def voter = { .sql =
		"INSERT INTO poll_voters (poll_id, voter, ip_hash, voted_at) "
		"VALUES (:poll, :voter, :ip, :now) ON CONFLICT DO NOTHING" };
	static struct sql_def choice = { .sql =
		"INSERT INTO poll_votes (poll_id, option_id, voter, voted_at) "
		"VALUES (:poll, :option, :voter, :now)" };
	const struct vote	*v = ctx;
	struct sql		 q;
	int64_t			 multiple = 0, voters;
	bool			 found, open = false;

	sql_begin(&q, c, &poll, "reading a poll");
	sql_int(&q, ":poll", v->poll);
	sql_text(&q, ":now_iso", v->now_iso);
	if ((found = sql_row(&q))) {
		multiple = sql_col_int(&q, 0);
		open = sql_col_int(&q, 1) != 0;
	}
	if (sql_end(&q) != ST_OK)
		return q.st;
	if (!found)
		return ST_NOT_FOUND;
	if (!open)
		return ST_CLOSED;
	if (v->noptions < 1 || v->noptions > (size_t)multiple)
		return ST_BAD;
	for (size_t i = 0; i < v->noptions; i++) {
		sql_begin(&q, c, &option, "reading a poll option");
		sql_int(&q, ":option", v->options[i]);
		sql_int(&q, ":poll", v->poll);
		found = sql_row(&q);
		if (sql_end(&q) != ST_OK)
			return q.st;
		if (!found)
			return ST_BAD;	/* not an option of this poll */
	}
	sql_begin(&q, c, &address, "counting an address's votes");
	sql_int(&q, ":poll", v->poll);
	sql_text(&q, ":ip", v->ip_hash);
	sql_int(&q, ":now", v->now);
	sql_int(&q, ":day", 24 * 60 * 60);
	voters = sql_row(&q) ? sql_col_int(&q, 0) : 0;
	if (sql_end(&q) != ST_OK)
		return q.st;
	if (voters >= v->address_cap)
		return ST_LIMITED;
	sql_begin(&q, c, &voter, "recording a voter");
	sql_int(&q, ":poll", v->poll);
	sql_text(&q, ":voter", v->voter);
	sql_text(&q, ":ip", v->ip_hash);
	sql_int(&q, ":now", v->now);
	if (sql_run(&q) != ST_OK)
		return q.st;
	if (sql_changes(c) == 0)
		return ST_DUPLICATE;
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

enum st
live_vote(const struct vote *v)
{
	return sql_transaction(&live.c, vote_body, (void *)v,
	    "recording a vote");
}

enum st
live_stats(int64_t now, int64_t window, struct live_stats *st)
{
	static struct sql_def stats = { .sql =
		"SELECT (SELECT count(*) FROM visitors "
		"WHERE last_seen > :now - :window AND member_id IS NULL), "
		/* A member in two browsers is one member online.  The partial
		 * index holds the members' rows only: guests never enter this
		 * scan however many are online (unanalyzed, the planner would
		 * take the last_seen range instead). */
		"(SELECT count(DISTINCT member_id) FROM visitors "
		"INDEXED BY visitors_members_online "
		"WHERE member_id IS NOT NULL AND last_seen > :now - :window), "
		"(SELECT value FROM site_counters WHERE name = 'total_visits')" };
	struct sql q;

	sql_begin(&q, &live.c, &stats, "reading statistics");
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

enum st
live_article_views(int64_t id, const char *now_iso, int64_t *views)
{
	static struct sql_def article = { .sql =
		"SELECT view_count FROM articles WHERE id = :article "
		"AND status = 'published' AND published_at <= :now_iso" };
	struct sql	q;
	bool		found;

	sql_begin(&q, &live.c, &article, "reading a view count");
	sql_int(&q, ":article", id);
	sql_text(&q, ":now_iso", now_iso);
	if ((found = sql_row(&q)))
		*views = sql_col_int(&q, 0);
	if (sql_end(&q) != ST_OK)
		return q.st;
	return found ? ST_OK : ST_NOT_FOUND;
}

/* The maintenance lock: whichever live process holds it checkpoints. */
static bool
maintainer(void)
{
	char path[1100];

	if (live.maint_fd != -1)
		return true;
	snprintf(path, sizeof(path), "%s-maint", config.db_path);
	live.maint_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0660);
	if (live.maint_fd == -1)
		return false;
	if (flock(live.maint_fd, LOCK_EX | LOCK_NB) == -1) {
		close(live.maint_fd);
		live.maint_fd = -1;
		return false;
	}
	return true;
}

/* One batch of rows older than `before` from each table that keeps
 * them; the next hour continues. */
static void
prune(int64_t now)
{
	static struct sql_def visitors = { .sql =
		"DELETE FROM visitors WHERE id IN (SELECT id FROM visitors "
		"WHERE last_seen < :before LIMIT :batch)" };
	static struct sql_def views = { .sql =
		"DELETE FROM article_views WHERE (visitor, article_id) IN ("
		"SELECT visitor, article_id FROM article_views "
		"WHERE viewed_at < :before LIMIT :batch)" };
	static struct sql_def days = { .sql =
		"DELETE FROM article_daily_views "
		"WHERE day < strftime('%Y-%m-%d', :before, 'unixepoch')" };
	struct sql q;

	sql_begin(&q, &live.c, &visitors, "pruning old visitors");
	sql_int(&q, ":before", now - KEEP_VISITORS);
	sql_int(&q, ":batch", PRUNE_BATCH);
	if (sql_run(&q) != ST_OK)
		return;
	sql_begin(&q, &live.c, &views, "pruning old views");
	sql_int(&q, ":before", now - VIEW_EVERY);
	sql_int(&q, ":batch", PRUNE_BATCH);
	if (sql_run(&q) != ST_OK)
		return;
	sql_begin(&q, &live.c, &days, "pruning old daily views");
	sql_int(&q, ":before", now - KEEP_DAILY_VIEWS);
	if (sql_run(&q) != ST_OK)
		return;
	(void)members_prune(&live.c, now, config.session_idle,
	    config.session_lifetime, PRUNE_BATCH);
}

void
live_db_end(int64_t now)
{
	struct timespec	ts;
	int64_t		ms;
	int		log_frames, checkpointed;

	if (live.c.h == NULL)
		return;
	sql_conn_idle(&live.c);
	/* Every CHECKPOINT_MS per worker, try for (or use) the lock: at
	 * hundreds of hits a second the WAL grows megabytes a second. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	if (ms - live.last_checkpoint < CHECKPOINT_MS)
		return;
	live.last_checkpoint = ms;
	if (!maintainer())
		return;
	/* PASSIVE never waits, and usually copies the whole WAL back; but
	 * with writers always at work the WAL is never found fully copied
	 * when a transaction starts, so it would only grow.  Past WAL_RESTART
	 * frames, TRUNCATE waits (up to the busy timeout) for a moment with
	 * no transaction open and starts the WAL afresh. */
	if (sqlite3_wal_checkpoint_v2(live.c.h, NULL,
	    SQLITE_CHECKPOINT_PASSIVE, &log_frames, &checkpointed) ==
	    SQLITE_OK && log_frames > WAL_RESTART) {
		/* TRUNCATE holds the write lock while it waits for readers: a
		 * long one (a backup) would stall every writer for the whole
		 * busy timeout, every CHECKPOINT_MS.  Wait briefly instead. */
		sqlite3_busy_timeout(live.c.h, TRUNCATE_WAIT_MS);
		sqlite3_wal_checkpoint_v2(live.c.h, NULL,
		    SQLITE_CHECKPOINT_TRUNCATE, &log_frames, &checkpointed);
		sqlite3_busy_timeout(live.c.h, BUSY_TIMEOUT_MS);
	}
	if (now - live.last_prune >= PRUNE_EVERY) {
		live.last_prune = now;
		prune(now);
	}
}
