#include <sys/file.h>
#include <sys/random.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/config.h"
#include "core/log.h"
#include "store/db.h"
#include "store/live.h"
#include "store/live_db.h"
#include "store/members.h"
#include "store/polls.h"
#include "store/sql.h"
#include "store/version.h"

enum {
	BUSY_TIMEOUT_MS = 250,	/* per attempt */
	ATTEMPTS = 4,		/* then 503 */
	PRESENCE_EVERY = 60,	/* seconds between presence writes */
	VISIT_GAP = 30 * 60,	/* a hit after this much silence is a visit */
	VIEW_EVERY = 24 * 60 * 60,
	KEEP_VISITORS = 30 * 24 * 60 * 60,
	KEEP_DAILY_VIEWS = 8 * 24 * 60 * 60,
	WAL_RESTART = 1000,	/* frames (pages): about 4 MiB */
	CHECKPOINT_MS = 250,
	TRUNCATE_WAIT_MS = 20,
};

enum live_stmt {
	L_LAST_SEEN,
	L_LAST_VIEW,
	L_BEGIN,
	L_COMMIT,
	L_ROLLBACK,
	L_VISIT,
	L_PRESENCE,
	L_VIEW,
	L_VIEW_COUNT,
	L_VIEW_DAY,
	L_STATS,
	L_ARTICLE_VIEWS,
	L_PRUNE_VISITORS,
	L_PRUNE_VIEWS,
	L_PRUNE_DAYS,
	L_SECRET_ADD,
	L_SECRET,
	L_VOTE_POLL,
	L_VOTE_OPTION,
	L_VOTE_ADDRESS,
	L_VOTE_VOTER,
	L_VOTE_CHOICE,
	L__COUNT
};

static const char *const live_sql[L__COUNT] = {
	[L_LAST_SEEN] =
	    "SELECT last_seen, coalesce(member_id, 0) FROM visitors WHERE id = :vid",
	[L_LAST_VIEW] =
	    "SELECT viewed_at FROM article_views "
	    "WHERE visitor = :vid AND article_id = :article",
	[L_BEGIN] = "BEGIN IMMEDIATE",
	[L_COMMIT] = "COMMIT",
	[L_ROLLBACK] = "ROLLBACK",
	/* A visit: no counted hit of this visitor in the last 30 minutes. */
	[L_VISIT] =
	    "UPDATE site_counters SET value = value + 1 "
	    "WHERE name = 'total_visits' AND NOT EXISTS ("
	    "SELECT 1 FROM visitors WHERE id = :vid AND last_seen > :now - 1800)",
	[L_PRESENCE] =
	    "INSERT INTO visitors (id, member_id, first_seen, last_seen) "
	    "VALUES (:vid, nullif(:member, 0), :now, :now) "
	    "ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen, "
	    "member_id = excluded.member_id "
	    "WHERE last_seen <= excluded.last_seen - 60 "
	    "OR member_id IS NOT excluded.member_id",
	[L_VIEW] =
	    "INSERT INTO article_views (visitor, article_id, viewed_at) "
	    "SELECT :vid, :article, :now WHERE EXISTS (SELECT 1 FROM articles "
	    "WHERE id = :article AND status = 'published' "
	    "AND published_at <= :now_iso) "
	    "ON CONFLICT (visitor, article_id) DO UPDATE "
	    "SET viewed_at = excluded.viewed_at "
	    "WHERE viewed_at <= excluded.viewed_at - 86400",
	[L_VIEW_COUNT] =
	    "UPDATE articles SET view_count = view_count + 1 WHERE id = :article",
	[L_VIEW_DAY] =
	    "INSERT INTO article_daily_views (article_id, day, views) "
	    "VALUES (:article, substr(:now_iso, 1, 10), 1) "
	    "ON CONFLICT (article_id, day) DO UPDATE SET views = views + 1",
	[L_STATS] =
	    "SELECT (SELECT count(*) FROM visitors "
	    "WHERE last_seen > :now - :window AND member_id IS NULL), "
	    /* A member in two browsers is one member online.  The partial
	     * index holds the members' rows only: guests never enter this
	     * scan however many are online (unanalyzed, the planner would
	     * take the last_seen range instead). */
	    "(SELECT count(DISTINCT member_id) FROM visitors "
	    "INDEXED BY visitors_members_online "
	    "WHERE member_id IS NOT NULL AND last_seen > :now - :window), "
	    "(SELECT value FROM site_counters WHERE name = 'total_visits')",
	[L_ARTICLE_VIEWS] =
	    "SELECT view_count FROM articles WHERE id = :article "
	    "AND status = 'published' AND published_at <= :now_iso",
	/* In batches, so each write stays short; the next hour continues. */
	[L_PRUNE_VISITORS] =
	    "DELETE FROM visitors WHERE id IN (SELECT id FROM visitors "
	    "WHERE last_seen < :before LIMIT 2000)",
	[L_PRUNE_VIEWS] =
	    "DELETE FROM article_views WHERE (visitor, article_id) IN ("
	    "SELECT visitor, article_id FROM article_views "
	    "WHERE viewed_at < :before LIMIT 2000)",
	[L_PRUNE_DAYS] =
	    "DELETE FROM article_daily_views "
	    "WHERE day < strftime('%Y-%m-%d', :before, 'unixepoch')",
	[L_SECRET_ADD] =
	    "INSERT INTO site_secrets (name, value) VALUES ('live', :value) "
	    "ON CONFLICT DO NOTHING",
	[L_SECRET] = "SELECT value FROM site_secrets WHERE name = 'live'",
	/* A vote: checked and written in one BEGIN IMMEDIATE transaction. */
	[L_VOTE_POLL] =
	    "SELECT multiple, status = 'open' "
	    "AND (starts_at IS NULL OR starts_at <= :now_iso) "
	    "AND (ends_at IS NULL OR ends_at >= :now_iso) "
	    "FROM polls WHERE id = :poll",
	[L_VOTE_OPTION] =
	    "SELECT 1 FROM poll_options WHERE id = :option AND poll_id = :poll",
	[L_VOTE_ADDRESS] =
	    "SELECT count(*) FROM poll_voters WHERE poll_id = :poll "
	    "AND ip_hash = :ip AND voted_at > :now - 86400",
	[L_VOTE_VOTER] =
	    "INSERT INTO poll_voters (poll_id, voter, ip_hash, voted_at) "
	    "VALUES (:poll, :voter, :ip, :now) ON CONFLICT DO NOTHING",
	[L_VOTE_CHOICE] =
	    "INSERT INTO poll_votes (poll_id, option_id, voter, voted_at) "
	    "VALUES (:poll, :option, :voter, :now)",
};

static struct {
	sqlite3		*h;
	sqlite3_stmt	*stmt[L__COUNT];
	struct poll_stmts polls;
	unsigned char	 secret[32];
	bool		 down;
	int		 maint_fd;	/* the maintenance lock, when held */
	int64_t		 last_checkpoint;	/* ms, CLOCK_MONOTONIC */
	int64_t		 last_prune;
} live = { .maint_fd = -1 };

void
live_db_close(void)
{
	for (int i = 0; i < L__COUNT; i++) {
		sqlite3_finalize(live.stmt[i]);
		live.stmt[i] = NULL;
	}
	poll_stmts_finalize(&live.polls);
	members_finalize();
	sqlite3_close(live.h);
	live.h = NULL;
	if (live.maint_fd != -1) {
		close(live.maint_fd);
		live.maint_fd = -1;
	}
}

/* The key of the CSRF tokens and address hashes: made once, kept in the
 * database so that every worker shares it. */
static int
load_secret(void)
{
	unsigned char	 fresh[sizeof(live.secret)];
	sqlite3_stmt	*s;
	int		 rc;

	if (getrandom(fresh, sizeof(fresh), 0) != (ssize_t)sizeof(fresh))
		return SQLITE_ERROR;
	s = live.stmt[L_SECRET_ADD];
	sqlite3_bind_blob(s, 1, fresh, sizeof(fresh), SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return rc;
	s = live.stmt[L_SECRET];
	if ((rc = sqlite3_step(s)) == SQLITE_ROW &&
	    sqlite3_column_bytes(s, 0) >= (int)sizeof(live.secret))
		memcpy(live.secret, sqlite3_column_blob(s, 0), sizeof(live.secret));
	else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		rc = SQLITE_CORRUPT;
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? SQLITE_OK : rc;
}

static int
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
	int	 rc;

	rc = sqlite3_open_v2(config.db_path, &live.h, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(live.h, BUSY_TIMEOUT_MS);
		rc = sqlite3_exec(live.h, setup, NULL, NULL, &err);
	}
	if (rc == SQLITE_OK)
		rc = store_check_version(live.h, &live.down);
	for (int i = 0; rc == SQLITE_OK && i < L__COUNT; i++)
		rc = sqlite3_prepare_v3(live.h, live_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &live.stmt[i], NULL);
	if (rc == SQLITE_OK)
		rc = poll_stmts_prepare(live.h, &live.polls);
	if (rc == SQLITE_OK)
		rc = members_prepare(live.h);
	if (rc == SQLITE_OK)
		rc = load_secret();
	if (rc != SQLITE_OK) {
		if (!live.down)
			log_error("cannot use database %s: "
			    "%s (create it with `bantin-admin create`; the "
			    "live handler needs write access to the file and "
			    "its folder)", config.db_path,
			    err != NULL ? err : live.h != NULL ?
			    sqlite3_errmsg(live.h) : sqlite3_errstr(rc));
		live.down = true;
		sqlite3_free(err);
		live_db_close();
		return 503;
	}
	if (live.down)
		log_notice("database %s is available again",
		    config.db_path);
	live.down = false;
	return 0;
}

int
live_db_begin(void)
{
	if (live.h != NULL)
		return 0;
	return live_open();
}

int
live_step(sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Runs a statement that returns no rows; the SQLite result code. */
static int
run(enum live_stmt id)
{
	return live_step(live.stmt[id]);
}

/* One int64 column of one row; *found says whether there was a row. */
static int
read_int(enum live_stmt id, int64_t *v, bool *found)
{
	sqlite3_stmt	*s = live.stmt[id];
	int		 rc = sqlite3_step(s);

	*found = rc == SQLITE_ROW;
	if (*found)
		*v = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The visitor's last counted hit, and as whom. */
static int
read_presence(int64_t *seen, int64_t *member, bool *found)
{
	sqlite3_stmt	*s = live.stmt[L_LAST_SEEN];
	int		 rc = sqlite3_step(s);

	if ((*found = rc == SQLITE_ROW)) {
		*seen = sqlite3_column_int64(s, 0);
		*member = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static void
bind_hit(const char *vid, int64_t member, int64_t article, int64_t now,
    const char *now_iso)
{
	static const enum live_stmt hit[] = {
		L_LAST_SEEN, L_LAST_VIEW, L_VISIT, L_PRESENCE, L_VIEW,
		L_VIEW_COUNT, L_VIEW_DAY
	};

	for (size_t i = 0; i < sizeof(hit) / sizeof(hit[0]); i++) {
		sqlite3_stmt *s = live.stmt[hit[i]];

		sql_bind_text(s, ":vid", vid);
		sql_bind_int(s, ":member", member);
		sql_bind_int(s, ":article", article);
		sql_bind_int(s, ":now", now);
		sql_bind_text(s, ":now_iso", now_iso);
	}
}

static void
jitter_sleep(int attempt)
{
	unsigned int	r = 0;
	struct timespec	ts;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != sizeof(r))
		r = (unsigned int)getpid();
	/* 5..25 ms, doubling each attempt */
	ts.tv_sec = 0;
	ts.tv_nsec = (long)((5 + r % 20) << attempt) * 1000000L;
	nanosleep(&ts, NULL);
}

int
live_status(int rc, const char *what)
{
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
		log_error("database still busy after %d "
		    "attempts while %s; answered 503", ATTEMPTS, what);
		return 503;
	}
	log_error("database error while %s: %s", what,
	    sqlite3_errstr(rc));
	if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB ||
	    (rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_CANTOPEN ||
	    (rc & 0xff) == SQLITE_READONLY) {
		live_db_close();
		return 503;
	}
	return 500;
}

int
live_hit(const char *vid, int64_t member, int64_t article, int64_t now,
    const char *now_iso)
{
	int64_t	 seen, was_member, viewed;
	bool	 found, presence, view;
	int	 rc, attempt;

	bind_hit(vid, member, article, now, now_iso);
	/* Most hits change nothing: decide without taking the write lock.
	 * A race only means two transactions, and each is idempotent. */
	if ((rc = read_presence(&seen, &was_member, &found)) != SQLITE_OK)
		return live_status(rc, "reading presence");
	/* Logging in or out shows at once in the counts. */
	presence = !found || now - seen >= PRESENCE_EVERY || was_member != member;
	view = false;
	if (article > 0) {
		if ((rc = read_int(L_LAST_VIEW, &viewed, &found)) != SQLITE_OK)
			return live_status(rc, "reading a view");
		view = !found || now - viewed >= VIEW_EVERY;
	}
	/* A hidden or unknown article is never viewed: without this, every
	 * hit naming one would take the write lock for nothing. */
	if (view) {
		sql_bind_int(live.stmt[L_ARTICLE_VIEWS], ":article", article);
		sql_bind_text(live.stmt[L_ARTICLE_VIEWS], ":now_iso", now_iso);
		if ((rc = read_int(L_ARTICLE_VIEWS, &viewed, &found)) != SQLITE_OK)
			return live_status(rc, "reading an article");
		view = found;
	}
	if (!presence && !view)
		return 0;
	for (attempt = 0; attempt < ATTEMPTS; attempt++) {
		if (attempt > 0)
			jitter_sleep(attempt);
		if ((rc = run(L_BEGIN)) != SQLITE_OK)
			continue;
		if (presence && ((rc = run(L_VISIT)) != SQLITE_OK ||
		    (rc = run(L_PRESENCE)) != SQLITE_OK))
			goto rollback;
		if (view) {
			if ((rc = run(L_VIEW)) != SQLITE_OK)
				goto rollback;
			/* The insert or refresh just happened: count it. */
			if (sqlite3_changes(live.h) == 1 &&
			    ((rc = run(L_VIEW_COUNT)) != SQLITE_OK ||
			    (rc = run(L_VIEW_DAY)) != SQLITE_OK))
				goto rollback;
		}
		if ((rc = run(L_COMMIT)) == SQLITE_OK)
			return 0;
rollback:
		run(L_ROLLBACK);
		if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
			break;
	}
	return live_status(rc, "counting a hit");
}

struct poll_stmts *
live_polls(void)
{
	return &live.polls;
}

const unsigned char *
live_secret(void)
{
	return live.secret;
}

/* The checks and writes of one vote, inside the transaction. */
static int
vote_once(const struct vote *v, int64_t now, const char *now_iso, int *rc)
{
	sqlite3_stmt	*s;
	int64_t		 n;
	int		 multiple, open;
	bool		 found;

	for (int i = L_VOTE_POLL; i <= L_VOTE_CHOICE; i++) {
		s = live.stmt[i];
		sql_bind_int(s, ":poll", v->poll);
		sql_bind_text(s, ":voter", v->voter);
		sql_bind_text(s, ":ip", v->ip_hash);
		sql_bind_int(s, ":now", now);
		sql_bind_text(s, ":now_iso", now_iso);
	}
	s = live.stmt[L_VOTE_POLL];
	if ((*rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_reset(s);
		if (*rc != SQLITE_DONE)
			return -1;
		*rc = SQLITE_OK;
		return 404;
	}
	multiple = sqlite3_column_int(s, 0);
	open = sqlite3_column_int(s, 1);
	sqlite3_reset(s);
	if (!open)
		return 409;
	if (v->noptions < 1 || v->noptions > (size_t)multiple)
		return 400;
	for (size_t i = 0; i < v->noptions; i++) {
		sql_bind_int(live.stmt[L_VOTE_OPTION], ":option", v->options[i]);
		if ((*rc = read_int(L_VOTE_OPTION, &n, &found)) != SQLITE_OK)
			return -1;
		if (!found)
			return 400;	/* not an option of this poll */
	}
	if ((*rc = read_int(L_VOTE_ADDRESS, &n, &found)) != SQLITE_OK)
		return -1;
	if (n >= v->address_cap)
		return 429;
	if ((*rc = run(L_VOTE_VOTER)) != SQLITE_OK)
		return -1;
	if (sqlite3_changes(live.h) == 0)
		return LIVE_ALREADY_VOTED;
	for (size_t i = 0; i < v->noptions; i++) {
		sql_bind_int(live.stmt[L_VOTE_CHOICE], ":option", v->options[i]);
		if ((*rc = run(L_VOTE_CHOICE)) != SQLITE_OK)
			return -1;
	}
	return 0;
}

int
live_transaction(int (*body)(void *, int *), void *ctx, const char *what)
{
	int rc = SQLITE_OK, result;

	for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
		if (attempt > 0)
			jitter_sleep(attempt);
		if ((rc = run(L_BEGIN)) != SQLITE_OK) {
			if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
				break;
			continue;
		}
		result = body(ctx, &rc);
		if (result == -1 || (rc = run(L_COMMIT)) != SQLITE_OK) {
			run(L_ROLLBACK);
			if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
				break;
			continue;
		}
		return result;
	}
	return live_status(rc, what);
}

struct vote_call {
	const struct vote	*vote;
	int64_t			 now;
	const char		*now_iso;
};

static int
vote_body(void *ctx, int *rc)
{
	struct vote_call *c = ctx;

	return vote_once(c->vote, c->now, c->now_iso, rc);
}

int
live_vote(const struct vote *v, int64_t now, const char *now_iso)
{
	struct vote_call c = { v, now, now_iso };

	return live_transaction(vote_body, &c, "recording a vote");
}

int
live_stats(int64_t now, int64_t window, struct live_stats *st)
{
	sqlite3_stmt	*s = live.stmt[L_STATS];
	int		 rc;

	sql_bind_int(s, ":now", now);
	sql_bind_int(s, ":window", window);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		st->guests = sqlite3_column_int64(s, 0);
		st->members = sqlite3_column_int64(s, 1);
		st->total_visits = sqlite3_column_int64(s, 2);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : live_status(rc, "reading statistics");
}

int
live_article_views(int64_t id, const char *now_iso, int64_t *views)
{
	bool	found;
	int	rc;

	sql_bind_int(live.stmt[L_ARTICLE_VIEWS], ":article", id);
	sql_bind_text(live.stmt[L_ARTICLE_VIEWS], ":now_iso", now_iso);
	if ((rc = read_int(L_ARTICLE_VIEWS, views, &found)) != SQLITE_OK)
		return live_status(rc, "reading a view count");
	return found ? 0 : 404;
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

static void
prune(int64_t now)
{
	int rc;

	sql_bind_int(live.stmt[L_PRUNE_VISITORS], ":before", now - KEEP_VISITORS);
	sql_bind_int(live.stmt[L_PRUNE_VIEWS], ":before", now - VIEW_EVERY);
	sql_bind_int(live.stmt[L_PRUNE_DAYS], ":before", now - KEEP_DAILY_VIEWS);
	if ((rc = run(L_PRUNE_VISITORS)) != SQLITE_OK ||
	    (rc = run(L_PRUNE_VIEWS)) != SQLITE_OK ||
	    (rc = run(L_PRUNE_DAYS)) != SQLITE_OK ||
	    (rc = members_prune(now, config.session_idle,
	    config.session_lifetime)) != SQLITE_OK)
		log_error("pruning old rows: %s",
		    sqlite3_errstr(rc));
}

void
live_db_end(int64_t now)
{
	struct timespec	ts;
	int64_t		ms;
	int		log_frames, checkpointed;

	for (int i = 0; i < L__COUNT; i++)
		if (live.stmt[i] != NULL)
			sqlite3_reset(live.stmt[i]);
	poll_stmts_reset(&live.polls);
	members_reset();
	/* Every CHECKPOINT_MS per worker, try for (or use) the lock: at
	 * hundreds of hits a second the WAL grows megabytes a second. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	if (live.h == NULL || ms - live.last_checkpoint < CHECKPOINT_MS)
		return;
	live.last_checkpoint = ms;
	if (!maintainer())
		return;
	/* PASSIVE never waits, and usually copies the whole WAL back; but
	 * with writers always at work the WAL is never found fully copied
	 * when a transaction starts, so it would only grow.  Past WAL_RESTART
	 * frames, TRUNCATE waits (up to the busy timeout) for a moment with
	 * no transaction open and starts the WAL afresh. */
	if (sqlite3_wal_checkpoint_v2(live.h, NULL, SQLITE_CHECKPOINT_PASSIVE,
	    &log_frames, &checkpointed) == SQLITE_OK && log_frames > WAL_RESTART) {
		/* TRUNCATE holds the write lock while it waits for readers: a
		 * long one (a backup) would stall every writer for the whole
		 * busy timeout, every CHECKPOINT_MS.  Wait briefly instead. */
		sqlite3_busy_timeout(live.h, TRUNCATE_WAIT_MS);
		sqlite3_wal_checkpoint_v2(live.h, NULL, SQLITE_CHECKPOINT_TRUNCATE,
		    &log_frames, &checkpointed);
		sqlite3_busy_timeout(live.h, BUSY_TIMEOUT_MS);
	}
	if (now - live.last_prune >= 3600) {
		live.last_prune = now;
		prune(now);
	}
}
