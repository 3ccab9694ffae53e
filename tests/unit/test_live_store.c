/*
 * The live store's contract (store/live.h), the same assertions against
 * each backend: LIVE_BACKEND=sqlite (the default) or LIVE_BACKEND=redis,
 * for which the test starts its own redis-server on a private socket.
 * The clock is injected: every call gets the time as an argument, and
 * both backends compare times rather than trust their own clock.
 *
 * Each test gets a fresh content database (schema.sql and a few rows) and
 * an empty live store.  Run from the repository root (make unit does,
 * once per backend).
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "base/arena.h"
#include "base/config.h"
#include "store/db.h"
#include "store/functions.h"
#include "store/live.h"
#include "store/members.h"
#include "store/polls.h"
#include "text/text.h"

#define T0 ((int64_t)1700006400) /* 2023-11-15T00:00:00Z */
#define DAYS (24 * 60 * 60)
#define WINDOW 900
#define IDLE 1800
#define LIFETIME (30 * DAYS)

enum { PUBLISHED = 1, OTHER = 2, DRAFT = 3, SCHEDULED = 4 };

static const char          VA[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
static const char          VB[] = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
static const unsigned char H1[SESSION_HASH_LEN] = { 1 };
static const unsigned char H2[SESSION_HASH_LEN] = { 2 };

static char         dir[] = "/tmp/bantin-store-XXXXXX";
static char        *schema;
static bool         redis;
static pid_t        redis_pid = -1;
static struct arena arena;

static const char content[] =
    "INSERT INTO categories (id, slug, name) VALUES (1, 'thoi-su', 'Thời sự');"
    "INSERT INTO articles (id, category_id, title, status, published_at) VALUES"
    " (1, 1, 'Một', 'published', '2020-01-01T00:00:00Z'),"
    " (2, 1, 'Hai', 'published', '2020-01-02T00:00:00Z'),"
    " (3, 1, 'Nháp', 'draft', '2020-01-01T00:00:00Z'),"
    " (4, 1, 'Hẹn giờ', 'published', '2099-01-01T00:00:00Z');"
    "INSERT INTO members (id, username, display_name, password_hash) VALUES"
    " (7, 'lan', 'Trần Thị Lan', '$argon2id$v=19$m=8,t=1,p=1$"
    "INi9oLNu6e6Fo5vB05mRDA$UBnV9jVk1MrdkRA/mTRcpv/7tFiefZ+5IZ4dnQ22bR4');"
    "INSERT INTO polls (id, question, multiple, status) VALUES"
    " (1, 'Có hay không?', 1, 'open'), (2, 'Đã đóng?', 1, 'closed');"
    "INSERT INTO poll_options (id, poll_id, label, position) VALUES"
    " (10, 1, 'Có', 1), (11, 1, 'Không', 2), (20, 2, 'Ừ', 1);";

static void
iso(int64_t t, char out[24])
{
	time_t    tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s = NULL;
	long  n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (s = calloc(1, (size_t)n + 1)) &&
	    fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	fclose(f);
	return s;
}

static void
sh(const char *fmt, ...)
{
	char    cmd[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		fail_msg("command failed: %s", cmd);
}

static void
exec_sql(const char *sql)
{
	sqlite3 *db;
	char    *err = NULL;

	if (sqlite3_open(config.db_path, &db) != SQLITE_OK ||
	    sql_register_functions(db) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err != NULL ? err : sqlite3_errmsg(db));
	sqlite3_close(db);
}

static int64_t
query_int(const char *sql)
{
	sqlite3      *db;
	sqlite3_stmt *s = NULL;
	int64_t       v = -1;

	if (sqlite3_open(config.db_path, &db) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

static void
begin(void)
{
	assert_int_equal(db_begin_request(), ST_OK);
	assert_int_equal(live_begin(), ST_OK);
}

static void
end(int64_t now)
{
	live_end(now);
	db_end_request();
	arena_reset(&arena);
}

static int
setup(void **state)
{
	char path[1200];

	(void)state;
	snprintf(config.db_path, sizeof(config.db_path), "%s/site.db", dir);
	for (const char *s = "\0-wal\0-shm\0-maint\0";; s += strlen(s) + 1) {
		snprintf(path, sizeof(path), "%s%s", config.db_path, s);
		unlink(path);
		if (strcmp(s, "-maint") == 0)
			break;
	}
	exec_sql(schema);
	exec_sql(content);
	exec_sql("PRAGMA journal_mode = WAL");
	if (redis)
		sh("redis-cli -s %s/redis.sock FLUSHALL >/dev/null", dir);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	live_close();
	db_close();
	return 0;
}

static int
group_setup(void **state)
{
	const char *backend = getenv("LIVE_BACKEND");
	char        sock[400];

	(void)state;
	redis = backend != NULL && strcmp(backend, "redis") == 0;
	if ((schema = read_file("schema.sql")) == NULL ||
	    mkdtemp(dir) == NULL || text_init() == -1)
		return -1;
	arena_init(&arena, 0);
	config.online_window = WINDOW;
	config.session_idle = IDLE;
	config.session_lifetime = LIFETIME;
	snprintf(config.live_store, sizeof(config.live_store), "sqlite");
	if (!redis)
		return 0;
	snprintf(sock, sizeof(sock), "%s/redis.sock", dir);
	if ((redis_pid = fork()) == 0) {
		execlp("redis-server", "redis-server", "--port", "0",
		    "--unixsocket", sock, "--save", "", "--appendonly", "no",
		    "--loglevel", "warning", (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 100 && access(sock, F_OK) != 0; i++)
		usleep(50000);
	if (access(sock, F_OK) != 0) {
		fprintf(stderr,
		    "redis-server did not start (sh tests/deps.sh "
		    "test installs it)\n");
		return -1;
	}
	snprintf(config.live_store, sizeof(config.live_store), "redis://%s",
	    sock);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	if (redis_pid > 0) {
		kill(redis_pid, SIGTERM);
		waitpid(redis_pid, NULL, 0);
	}
	text_shutdown();
	arena_free(&arena);
	free(schema);
	sh("rm -rf %s", dir);
	return 0;
}

/* --- the operations, each as one request ------------------------------- */

/* A hit from address `from`: whether it counted. */
static bool
hit_as(const char *vid, int64_t member, int64_t article, int64_t now,
    const char *from)
{
	char       now_iso[24], address[LIVE_ADDRESS_LEN + 1];
	struct hit h = { .vid = vid,
		.member = member,
		.article = article,
		.now = now,
		.now_iso = now_iso,
		.address = address };
	bool       counted;

	iso(now, now_iso);
	begin();
	assert_int_equal(live_address(from, now, address), ST_OK);
	assert_int_equal(live_hit(&h, &counted), ST_OK);
	end(now);
	return counted;
}

static void
hit(const char *vid, int64_t article, int64_t now)
{
	assert_true(hit_as(vid, 0, article, now, "192.0.2.1"));
}

static struct live_stats
stats(int64_t now)
{
	struct live_stats st;

	begin();
	assert_int_equal(live_stats(now, WINDOW, &st), ST_OK);
	end(now);
	return st;
}

static int64_t
views(int64_t article, int64_t now)
{
	char    now_iso[24];
	int64_t n = -1;
	enum st st;

	iso(now, now_iso);
	begin();
	st = live_article_views(article, now_iso, &n);
	end(now);
	return st == ST_OK ? n : st == ST_NOT_FOUND ? -404 : -500;
}

static enum st
vote(const char *voter, const char *from, int64_t poll, int64_t option,
    int64_t cap, int64_t now)
{
	char        now_iso[24], address[LIVE_ADDRESS_LEN + 1];
	struct vote v = { .poll = poll,
		.options = &option,
		.noptions = 1,
		.voter = voter,
		.address = address,
		.address_cap = cap,
		.now = now,
		.now_iso = now_iso };
	enum st     st;

	iso(now, now_iso);
	begin();
	assert_int_equal(live_address(from, now, address), ST_OK);
	st = live_vote(&v);
	end(now);
	return st;
}

static enum st
session(const unsigned char *h, int64_t now)
{
	struct session s;
	enum st        st;

	begin();
	st = live_session(&arena, h, now, IDLE, LIFETIME, &s);
	if (st == ST_OK) {
		assert_int_equal(s.member, 7);
		assert_string_equal(s.display_name, "Trần Thị Lan");
		if (now - s.last_seen >= 60)
			assert_int_equal(live_session_touch(h, now), ST_OK);
	}
	end(now);
	return st;
}

static void
login(const unsigned char *h, const unsigned char *old, const char *vid,
    int64_t now)
{
	struct login l = { .member = 7,
		.key = "lan",
		.session = h,
		.old_session = old,
		.vid = vid };

	begin();
	assert_int_equal(live_login(&l, now), ST_OK);
	end(now);
}

static enum st
attempt(const char *key, const char *address, int64_t now, int64_t *retry)
{
	enum st st;

	begin();
	st = live_login_attempt(key, address, now, retry);
	end(now);
	return st;
}

/* --- the contract --------------------------------------------------------- */

static void
test_visits_and_presence(void **state)
{
	(void)state;
	hit(VA, 0, T0);
	assert_int_equal(stats(T0).total_visits, 1);
	assert_int_equal(stats(T0).guests, 1);
	/* Within the gap: the same visit. */
	hit(VA, 0, T0 + 600);
	hit(VA, 0, T0 + 1200);
	assert_int_equal(stats(T0 + 1200).total_visits, 1);
	/* After VISIT_GAP of silence: a new visit. */
	hit(VA, 0, T0 + 1200 + VISIT_GAP);
	assert_int_equal(stats(T0 + 1200 + VISIT_GAP).total_visits, 2);
	hit(VB, 0, T0 + 1200 + VISIT_GAP);
	assert_int_equal(stats(T0 + 1200 + VISIT_GAP).guests, 2);
	assert_int_equal(stats(T0 + 1200 + VISIT_GAP).total_visits, 3);
	/* Online: a hit within the window. */
	assert_int_equal(stats(T0 + 1200 + VISIT_GAP + WINDOW - 1).guests, 2);
	assert_int_equal(stats(T0 + 1200 + VISIT_GAP + WINDOW + 1).guests, 0);
}

static void
test_views_once_a_day(void **state)
{
	(void)state;
	hit(VA, PUBLISHED, T0);
	hit(VA, PUBLISHED, T0 + 120);
	assert_int_equal(views(PUBLISHED, T0 + 120), 1);
	hit(VB, PUBLISHED, T0 + 180);
	assert_int_equal(views(PUBLISHED, T0 + 180), 2);
	hit(VA, PUBLISHED, T0 + VIEW_EVERY);
	assert_int_equal(views(PUBLISHED, T0 + VIEW_EVERY), 3);
	/* Drafts, scheduled and unknown articles are never viewed. */
	hit(VA, DRAFT, T0 + 240);
	hit(VA, SCHEDULED, T0 + 300);
	hit(VA, 999, T0 + 360);
	assert_int_equal(views(DRAFT, T0 + 400), -404);
	assert_int_equal(views(SCHEDULED, T0 + 400), -404);
	exec_sql("UPDATE articles SET status = 'published' WHERE id = 3");
	assert_int_equal(views(DRAFT, T0 + 400), 0);
}

static void
test_most_read(void **state)
{
	int64_t *ids;
	size_t   n;
	char     now_iso[24];

	(void)state;
	hit(VA, OTHER, T0);
	hit(VB, OTHER, T0 + 60);
	hit(VA, PUBLISHED, T0 + 120);
	/* Views older than the week count only towards all time. */
	hit("cccccccccccccccccccccccccccccccc", DRAFT, T0 - 30 * DAYS);
	iso(T0 + 180, now_iso);
	begin();
	assert_int_equal(live_most_read(&arena, T0 + 180, now_iso, 8, NULL, 0,
	                     &ids, &n),
	    ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], OTHER);
	assert_int_equal(ids[1], PUBLISHED);
	/* What the page shows already is left out. */
	assert_int_equal(live_most_read(&arena, T0 + 180, now_iso, 8,
	                     (int64_t[]){ OTHER }, 1, &ids, &n),
	    ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], PUBLISHED);
	end(T0 + 180);
}

static void
test_votes(void **state)
{
	struct poll p;

	(void)state;
	assert_int_equal(vote("v:a", "192.0.2.1", 1, 10, 20, T0), ST_OK);
	assert_int_equal(vote("v:a", "192.0.2.1", 1, 11, 20, T0 + 1),
	    ST_DUPLICATE);
	assert_int_equal(vote("v:b", "192.0.2.1", 1, 20, 20, T0), ST_BAD);
	assert_int_equal(vote("v:b", "192.0.2.1", 2, 20, 20, T0), ST_CLOSED);
	assert_int_equal(vote("v:b", "192.0.2.1", 99, 10, 20, T0),
	    ST_NOT_FOUND);
	assert_int_equal(vote("m:7", "192.0.2.1", 1, 11, 20, T0), ST_OK);
	begin();
	assert_int_equal(poll_get(&arena, "2023-11-15T00:00:00Z", 1, &p),
	    ST_OK);
	assert_int_equal(live_poll_counts(&p), ST_OK);
	end(T0);
	assert_int_equal(p.voters, 2);
	assert_int_equal(p.votes, 2);
	assert_int_equal(p.options[0].votes, 1);
	assert_int_equal(p.options[1].votes, 1);
}

/* At most `cap` voters per address per poll per day; the next day the
 * address is hashed with another key, and may vote again. */
static void
test_address_cap(void **state)
{
	(void)state;
	assert_int_equal(vote("v:1", "198.51.100.7", 1, 10, 2, T0), ST_OK);
	assert_int_equal(vote("v:2", "198.51.100.7", 1, 10, 2, T0 + 60), ST_OK);
	assert_int_equal(vote("v:3", "198.51.100.7", 1, 10, 2, T0 + 120),
	    ST_LIMITED);
	assert_int_equal(vote("v:3", "198.51.100.8", 1, 10, 2, T0 + 120),
	    ST_OK);
	assert_int_equal(vote("v:4", "198.51.100.7", 1, 10, 2, T0 + DAYS),
	    ST_OK);
}

/* The day's key hashes an address the same way all day, another way the
 * next day, and is forgotten with the hashes made from it. */
static void
test_addresses_forgotten(void **state)
{
	char a[LIVE_ADDRESS_LEN + 1], b[LIVE_ADDRESS_LEN + 1];
	char c[LIVE_ADDRESS_LEN + 1];

	(void)state;
	begin();
	assert_int_equal(live_address("203.0.113.5", T0, a), ST_OK);
	assert_int_equal(live_address("203.0.113.5", T0 + DAYS - 1, b), ST_OK);
	assert_int_equal(live_address("203.0.113.5", T0 + DAYS, c), ST_OK);
	end(T0);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_int_equal(strspn(a, "0123456789abcdef"), LIVE_ADDRESS_LEN);
	assert_int_equal(vote("v:1", "203.0.113.5", 1, 10, 20, T0 + DAYS / 2),
	    ST_OK);
	begin();
	live_upkeep(T0 + DAYS);
	end(T0 + DAYS);
	if (redis) {
		/* Redis forgets them by TTL as their day ends: the key made
		 * at midnight lives a day, the count made at noon half a day
		 * (a minute's slack for a slow machine). */
		sh("t=$(redis-cli -s %s/redis.sock TTL bantin:addrkey:%lld); "
		   "test $t -gt %d -a $t -le %d",
		    dir, (long long)(T0 / DAYS), DAYS - 60, DAYS);
		sh("test $(redis-cli -s %s/redis.sock --scan --pattern "
		   "'bantin:poll:1:addr:*' | wc -l) -eq 1",
		    dir);
		sh("k=$(redis-cli -s %s/redis.sock --scan --pattern "
		   "'bantin:poll:1:addr:*'); t=$(redis-cli -s %s/redis.sock "
		   "TTL $k); test $t -gt %d -a $t -le %d",
		    dir, dir, DAYS / 2 - 60, DAYS / 2);
	} else {
		assert_int_equal(query_int("SELECT count(*) FROM site_secrets "
		                           "WHERE name LIKE 'address:%'"),
		    1); /* the new day's */
		assert_int_equal(query_int("SELECT count(*) FROM poll_voters "
		                           "WHERE ip_hash <> ''"),
		    0);
	}
}

static void
test_sessions(void **state)
{
	(void)state;
	hit(VA, 0, T0);
	login(H1, NULL, VA, T0 + 60);
	assert_int_equal(session(H1, T0 + 60), ST_OK);
	assert_int_equal(stats(T0 + 60).members, 1);
	assert_int_equal(stats(T0 + 60).guests, 0);
	/* Used within the idle time, it lives on; not, it ends. */
	assert_int_equal(session(H1, T0 + 60 + IDLE - 1), ST_OK);
	assert_int_equal(session(H1, T0 + 60 + 2 * IDLE - 2), ST_OK);
	assert_int_equal(session(H1, T0 + 60 + 4 * IDLE), ST_NOT_FOUND);
	/* However used, it ends LIFETIME after the login. */
	login(H2, NULL, NULL, T0);
	for (int64_t t = T0 + 1000; t < T0 + LIFETIME; t += 1000)
		assert_int_equal(session(H2, t), ST_OK);
	assert_int_equal(session(H2, T0 + LIFETIME), ST_NOT_FOUND);
}

static void
test_logout(void **state)
{
	(void)state;
	hit(VA, 0, T0);
	login(H1, NULL, VA, T0 + 1);
	/* Logging in again from that browser ends the old session. */
	login(H2, H1, VA, T0 + 2);
	assert_int_equal(session(H1, T0 + 3), ST_NOT_FOUND);
	assert_int_equal(session(H2, T0 + 3), ST_OK);
	begin();
	assert_int_equal(live_session_end(H2, VA), ST_OK);
	end(T0 + 4);
	assert_int_equal(session(H2, T0 + 5), ST_NOT_FOUND);
	assert_int_equal(stats(T0 + 5).members, 0);
	assert_int_equal(stats(T0 + 5).guests, 1);
	/* Every session of a member ends at once (member disable, passwd). */
	login(H1, NULL, VA, T0 + 10);
	login(H2, NULL, VB, T0 + 11);
	assert_int_equal(stats(T0 + 12).members, 1);
	begin();
	assert_int_equal(live_member_logout(7), ST_OK);
	end(T0 + 12);
	assert_int_equal(session(H1, T0 + 13), ST_NOT_FOUND);
	assert_int_equal(session(H2, T0 + 13), ST_NOT_FOUND);
	assert_int_equal(stats(T0 + 13).members, 0);
	/* A disabled account's session is no session. */
	login(H1, NULL, VA, T0 + 20);
	exec_sql("UPDATE members SET status = 'disabled' WHERE id = 7");
	assert_int_equal(session(H1, T0 + 21), ST_NOT_FOUND);
}

/* What the member looks like to a node now: content, then live store. */
static struct member
current(int64_t now)
{
	struct member m;

	begin();
	assert_int_equal(member_by_id(&arena, 7, &m), ST_OK);
	assert_int_equal(live_member_current(&arena, &m), ST_OK);
	m.password_hash = arena_strdup(&arena, m.password_hash);
	end(now);
	return m;
}

/*
 * bantin-admin member disable/enable/passwd publish the account: with
 * Redis it outranks a web node's older snapshot at once; SQLite shares
 * the content's file, so the content is the account.
 */
static void
test_account_published(void **state)
{
	struct account acc;
	struct member  m;

	(void)state;
	login(H1, NULL, VA, T0 + 1);
	begin();
	assert_int_equal(live_account_set(7, false, "$new$"), ST_OK);
	assert_int_equal(live_account(&arena, 7, &acc),
	    redis ? ST_OK : ST_NOT_FOUND);
	end(T0 + 2);
	m = current(T0 + 3);
	assert_true(m.active == !redis);
	assert_true((strcmp(m.password_hash, "$new$") == 0) == redis);
	assert_int_equal(session(H1, T0 + 4), redis ? ST_NOT_FOUND : ST_OK);
	/* Enabled again, with the new password. */
	begin();
	assert_int_equal(live_account_set(7, true, "$new$"), ST_OK);
	end(T0 + 5);
	login(H2, NULL, VB, T0 + 6);
	assert_int_equal(session(H2, T0 + 7), ST_OK);
	assert_true(current(T0 + 7).active);
	/* Disabled by SQL in the content: the live store cannot revive it. */
	exec_sql("UPDATE members SET status = 'disabled' WHERE id = 7");
	assert_false(current(T0 + 8).active);
	assert_int_equal(session(H2, T0 + 8), ST_NOT_FOUND);
}

static void
test_login_limits(void **state)
{
	int64_t retry = 0;

	(void)state;
	for (int i = 0; i < LOGIN_FAILURES_PER_USERNAME; i++)
		assert_int_equal(attempt("lan", "a1", T0 + i, &retry), ST_OK);
	assert_int_equal(attempt("lan", "a2", T0 + 10, &retry), ST_LIMITED);
	assert_int_equal(retry, LOGIN_FAILURE_WINDOW - 10);
	/* It lifts when the oldest failure leaves the window. */
	assert_int_equal(attempt("lan", "a2", T0 + LOGIN_FAILURE_WINDOW - 1,
	                     &retry),
	    ST_LIMITED);
	assert_int_equal(attempt("lan", "a2", T0 + LOGIN_FAILURE_WINDOW,
	                     &retry),
	    ST_OK);
	/* A successful login forgets the name's failures. */
	login(H1, NULL, NULL, T0 + LOGIN_FAILURE_WINDOW + 2);
	for (int i = 0; i < LOGIN_FAILURES_PER_USERNAME; i++)
		assert_int_equal(attempt("lan", "a3",
		                     T0 + LOGIN_FAILURE_WINDOW + 3, &retry),
		    ST_OK);
	/* Per address, across names. */
	for (int i = 0; i < LOGIN_FAILURES_PER_ADDRESS; i++) {
		char name[16];

		snprintf(name, sizeof(name), "n%d", i);
		assert_int_equal(attempt(name, "b", T0, &retry), ST_OK);
	}
	assert_int_equal(attempt("fresh", "b", T0 + 1, &retry), ST_LIMITED);
}

/* Visitors the store does not know, whether their id came in a cookie or
 * was just made: at most NEW_VISITORS_PER_ADDRESS counted per address
 * per window; more are answered, not counted.  A visitor it knows counts
 * whatever its address. */
static void
test_new_visitors_bounded(void **state)
{
	static const char X[] = "e0000000000000000000000000000000";
	char              vid[33];

	(void)state;
	/* VA read an hour before, VB a month before: forgotten. */
	assert_true(hit_as(VA, 0, 0, T0 - 3600, "192.0.2.1"));
	assert_true(hit_as(VB, 0, 0, T0 - VISITOR_MEMORY, "192.0.2.1"));
	for (int i = 0; i < NEW_VISITORS_PER_ADDRESS; i++) {
		snprintf(vid, sizeof(vid), "%032x", i + 1);
		assert_true(hit_as(vid, 0, 0, T0, "192.0.2.99"));
	}
	assert_false(hit_as(X, 0, 0, T0, "192.0.2.99"));
	assert_false(hit_as(VB, 0, 0, T0, "192.0.2.99"));
	assert_int_equal(stats(T0).total_visits, 2 + NEW_VISITORS_PER_ADDRESS);
	assert_int_equal(stats(T0).guests, NEW_VISITORS_PER_ADDRESS);
	/* Known: a returning reader's new visit, a counted one's reload. */
	assert_true(hit_as(VA, 0, 0, T0, "192.0.2.99"));
	assert_true(hit_as("00000000000000000000000000000001", 0, 0, T0 + 1,
	    "192.0.2.99"));
	assert_int_equal(stats(T0 + 1).total_visits,
	    3 + NEW_VISITORS_PER_ADDRESS);
	/* Another address, the next window. */
	assert_true(hit_as(X, 0, 0, T0 + 1, "192.0.2.100"));
	assert_true(hit_as(VB, 0, 0, T0 + NEW_VISITOR_WINDOW, "192.0.2.99"));
	assert_int_equal(stats(T0 + NEW_VISITOR_WINDOW).total_visits,
	    5 + NEW_VISITORS_PER_ADDRESS);
}

/* --- moving the figures (live_export(), live_import()) ------------------ */

enum { RECS_MAX = 64 };

/* Records kept by an export, and given back by an import (which fails
 * with ST_DOWN at record fail_at, when set). */
struct recs {
	struct live_record r[RECS_MAX];
	char               voter[RECS_MAX][80];
	size_t             n, next, fail_at;
};

static enum st
recs_put(void *arg, const struct live_record *r)
{
	struct recs *rs = arg;

	assert_true(rs->n < RECS_MAX);
	rs->r[rs->n] = *r;
	if (r->voter != NULL) {
		snprintf(rs->voter[rs->n], sizeof(rs->voter[0]), "%s",
		    r->voter);
		rs->r[rs->n].voter = rs->voter[rs->n];
	}
	rs->n++;
	return ST_OK;
}

static enum st
recs_next(void *arg, struct live_record *r)
{
	struct recs *rs = arg;

	if (rs->fail_at > 0 && rs->next == rs->fail_at)
		return ST_DOWN;
	if (rs->next == rs->n)
		return ST_NOT_FOUND;
	*r = rs->r[rs->next++];
	return ST_OK;
}

static enum st
recs_rewind(void *arg)
{
	((struct recs *)arg)->next = 0;
	return ST_OK;
}

static int
by_line(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The records as sorted lines, for comparing two exports (a voter's time
 * is not compared: Redis keeps none). */
static const char *
recs_text(const struct recs *rs, char text[RECS_MAX * 200])
{
	char   line[RECS_MAX][200], key[2 * LIVE_SECRET_LEN + 1];
	size_t len = 0;

	for (size_t i = 0; i < rs->n; i++) {
		const struct live_record *r = &rs->r[i];

		for (size_t j = 0; j < sizeof(r->key); j++)
			snprintf(key + 2 * j, 3, "%02x", r->key[j]);
		snprintf(line[i], sizeof(line[i]),
		    "%d %lld %lld %lld %lld "
		    "%lld %s %s %s",
		    (int)r->kind, (long long)r->id, (long long)r->option,
		    (long long)r->value, (long long)r->created,
		    (long long)(r->kind == LIVE_VOTER ? 0 : r->at), r->day,
		    r->voter != NULL ? r->voter : "-", key);
	}
	qsort(line, rs->n, sizeof(line[0]), by_line);
	text[0] = '\0';
	for (size_t i = 0; i < rs->n; i++)
		len += (size_t)snprintf(text + len, RECS_MAX * 200 - len,
		    "%s\n", line[i]);
	return text;
}

/* The record of this kind, id and option (or voter), which must be
 * there once. */
static const struct live_record *
find(const struct recs *rs, enum live_kind kind, int64_t id, int64_t option,
    const char *voter)
{
	const struct live_record *found = NULL;

	for (size_t i = 0; i < rs->n; i++)
		if (rs->r[i].kind == kind && rs->r[i].id == id &&
		    rs->r[i].option == option &&
		    (voter == NULL || strcmp(rs->r[i].voter, voter) == 0)) {
			assert_null(found);
			found = &rs->r[i];
		}
	if (found == NULL)
		fail_msg("no record %d %lld %lld", (int)kind, (long long)id,
		    (long long)option);
	return found;
}

static size_t
count_kind(const struct recs *rs, enum live_kind kind)
{
	size_t n = 0;

	for (size_t i = 0; i < rs->n; i++)
		n += rs->r[i].kind == kind;
	return n;
}

static void
export_to(struct recs *rs, int64_t now)
{
	struct live_sink sink = { recs_put, rs };

	memset(rs, 0, sizeof(*rs));
	begin();
	assert_int_equal(live_export(now, &sink), ST_OK);
	end(now);
}

static enum st
import_from(struct recs *rs, int64_t now)
{
	struct live_source source = { recs_next, recs_rewind, rs };
	enum st            st;

	begin();
	st = live_import(now, &source);
	end(now);
	return st;
}

/* Visits, views (one of them a week and a half ago), votes, a live
 * session and one past its lifetime. */
static void
some_figures(void)
{
	hit(VA, OTHER, T0 - 9 * DAYS);
	hit(VA, PUBLISHED, T0);
	hit(VB, PUBLISHED, T0 + 60);
	assert_int_equal(vote("v:a", "192.0.2.1", 1, 10, 20, T0), ST_OK);
	assert_int_equal(vote("m:7", "192.0.2.2", 1, 11, 20, T0), ST_OK);
	login(H2, NULL, NULL, T0 - LIFETIME);
	login(H1, NULL, VA, T0 + 100);
}

static void
test_export(void **state)
{
	const struct live_record *r;
	struct recs               rs;

	(void)state;
	some_figures();
	export_to(&rs, T0 + 200);
	assert_int_equal(count_kind(&rs, LIVE_TOTAL_VISITS), 1);
	assert_int_equal(find(&rs, LIVE_TOTAL_VISITS, 0, 0, NULL)->value, 3);
	assert_int_equal(count_kind(&rs, LIVE_VIEWS), 2);
	assert_int_equal(find(&rs, LIVE_VIEWS, PUBLISHED, 0, NULL)->value, 2);
	assert_int_equal(find(&rs, LIVE_VIEWS, OTHER, 0, NULL)->value, 1);
	/* Only the days still kept: not the view of nine days ago. */
	assert_int_equal(count_kind(&rs, LIVE_DAY_VIEWS), 1);
	r = find(&rs, LIVE_DAY_VIEWS, PUBLISHED, 0, NULL);
	assert_string_equal(r->day, "2023-11-15");
	assert_int_equal(r->value, 2);
	assert_int_equal(count_kind(&rs, LIVE_VOTES), 2);
	assert_int_equal(find(&rs, LIVE_VOTES, 1, 10, NULL)->value, 1);
	assert_int_equal(find(&rs, LIVE_VOTES, 1, 11, NULL)->value, 1);
	assert_int_equal(count_kind(&rs, LIVE_VOTER), 2);
	(void)find(&rs, LIVE_VOTER, 1, 0, "v:a");
	(void)find(&rs, LIVE_VOTER, 1, 0, "m:7");
	/* The session alive, not the one past its lifetime. */
	assert_int_equal(count_kind(&rs, LIVE_SESSION), 1);
	r = find(&rs, LIVE_SESSION, 7, 0, NULL);
	assert_memory_equal(r->key, H1, SESSION_HASH_LEN);
	assert_int_equal(r->created, T0 + 100);
	assert_int_equal(r->at, T0 + 100);
	assert_int_equal(count_kind(&rs, LIVE_SECRET), 1);
	assert_int_equal(rs.n, 10);
}

/* An import replaces every lasting figure, all or nothing. */
static void
test_import(void **state)
{
	static char want[RECS_MAX * 200], have[RECS_MAX * 200];
	struct recs a, b, after;
	struct poll p;

	some_figures();
	export_to(&a, T0 + 200);
	/* Another site's figures. */
	teardown(state);
	setup(state);
	hit("cccccccccccccccccccccccccccccccc", OTHER, T0);
	assert_int_equal(vote("v:c", "192.0.2.3", 1, 11, 20, T0), ST_OK);
	login(H2, NULL, NULL, T0 + 150);
	export_to(&b, T0 + 200);
	/* A source that fails half way changes nothing. */
	a.fail_at = 5;
	assert_int_equal(import_from(&a, T0 + 200), ST_DOWN);
	export_to(&after, T0 + 200);
	assert_string_equal(recs_text(&after, have), recs_text(&b, want));
	a.fail_at = 0;
	assert_int_equal(import_from(&a, T0 + 200), ST_OK);
	export_to(&after, T0 + 200);
	assert_string_equal(recs_text(&after, have), recs_text(&a, want));
	/* And the site runs on them. */
	assert_int_equal(stats(T0 + 300).total_visits, 3);
	assert_int_equal(views(PUBLISHED, T0 + 300), 2);
	assert_int_equal(session(H1, T0 + 300), ST_OK);
	assert_int_equal(session(H2, T0 + 300), ST_NOT_FOUND);
	assert_int_equal(vote("v:a", "192.0.2.1", 1, 11, 20, T0 + 300),
	    ST_DUPLICATE);
	begin();
	assert_int_equal(poll_get(&arena, "2023-11-15T00:05:00Z", 1, &p),
	    ST_OK);
	assert_int_equal(live_poll_counts(&p), ST_OK);
	end(T0 + 300);
	assert_int_equal(p.voters, 2);
	assert_int_equal(p.options[0].votes, 1);
	assert_int_equal(p.options[1].votes, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_visits_and_presence),
		T(test_views_once_a_day),
		T(test_most_read),
		T(test_votes),
		T(test_address_cap),
		T(test_addresses_forgotten),
		T(test_sessions),
		T(test_logout),
		T(test_account_published),
		T(test_login_limits),
		T(test_new_visitors_bounded),
		T(test_export),
		T(test_import),
#undef T
	};

	return cmocka_run_group_tests_name(getenv("LIVE_BACKEND") != NULL ?
	        getenv("LIVE_BACKEND") :
	        "sqlite",
	    tests, group_setup, group_teardown);
}
