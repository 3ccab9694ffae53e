/*
 * The live store (store/live.c) against a real SQLite file built from
 * schema.sql, with an injected clock: every call gets the time as an
 * argument, so the windows (online, presence, visits, views) are tested to
 * the second.  Also the statistics fragment (live_widgets) and the pixel
 * (live_hit_pixel) with hand-built requests, and a database held busy by
 * another connection.
 *
 * Each test gets a fresh database (setup/teardown per test); the widget
 * templates and bot list are loaded once for the group.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>
#include <sqlite3.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/config.h"
#include "core/http.h"
#include "live/live.h"
#include "store/password.h"
#include "store/live.h"
#include "store/db.h"
#include "store/members.h"
#include "store/functions.h"

#define T0 ((int64_t)1700000000) /* 2023-11-14T22:13:20Z */
#define WINDOW 900
#define IDLE 1800
#define LIFETIME (30 * 86400)

/* Articles of the test database. */
enum { PUBLISHED = 1, DRAFT = 2, SCHEDULED = 3, MISSING = 999 };

static const char VA[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
static const char VB[] = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
static const char VC[] = "cccccccccccccccccccccccccccccccc";
static const char VD[] = "dddddddddddddddddddddddddddddddd";

static char         dir[] = "/tmp/bantin-live-XXXXXX";
static char        *schema; /* schema.sql, read once */
static sqlite3     *db;     /* the test's own connection */
static struct arena arena;

/* --- helpers ------------------------------------------------------------ */

static void
iso(int64_t t, char out[24])
{
	time_t    tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The start and end of a live request: both stores. */
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
}

/* One live request: begin, count a hit, end.  The live_hit result. */
static enum st
hit(const char *vid, int64_t member, int64_t article, int64_t now)
{
	char       now_iso[24];
	struct hit h = { .vid = vid,
		.member = member,
		.article = article,
		.now = now,
		.now_iso = now_iso,
		.address = "192.0.2.1" };
	bool       counted;
	enum st    st;

	iso(now, now_iso);
	begin();
	st = live_hit(&h, &counted);
	end(now);
	return st;
}

static struct live_stats
stats(int64_t now)
{
	struct live_stats st = { -1, -1, -1 };

	begin();
	assert_int_equal(live_stats(now, WINDOW, &st), 0);
	end(now);
	return st;
}

/* live_article_views at now: its status; *views when ST_OK. */
static enum st
views_of(int64_t article, int64_t now, int64_t *views)
{
	char    now_iso[24];
	enum st rc;

	iso(now, now_iso);
	begin();
	rc = live_article_views(article, now_iso, views);
	end(now);
	return rc;
}

/* One integer from the test's own connection; -1 when there is no row. */
static int64_t
q_int(const char *sql)
{
	sqlite3_stmt *s;
	int64_t       v = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static void
q_exec(const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
}

static int64_t
total_visits(void)
{
	return q_int("SELECT value FROM site_counters "
	             "WHERE name = 'total_visits'");
}

static int64_t
view_count(int article)
{
	char sql[128];

	snprintf(sql, sizeof(sql),
	    "SELECT view_count FROM articles WHERE id = %d", article);
	return q_int(sql);
}

static int64_t
last_seen(const char *vid)
{
	char sql[128];

	snprintf(sql, sizeof(sql),
	    "SELECT last_seen FROM visitors WHERE id = '%s'", vid);
	return q_int(sql);
}

static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --- fixtures ------------------------------------------------------------ */

static char *
read_file(const char *path)
{
	FILE *f;
	long  n;
	char *s;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	if (n < 0 || (s = malloc((size_t)n + 1)) == NULL) {
		fclose(f);
		return NULL;
	}
	if (fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		fclose(f);
		return NULL;
	}
	s[n] = '\0';
	fclose(f);
	return s;
}

static const char fixtures[] =
    "INSERT INTO categories (id, slug, name) VALUES (1, 'thoi-su', 'Thời sự');"
    "INSERT INTO articles (id, category_id, slug, title, status, "
    "published_at, view_count) "
    "VALUES (1, 1, 'bai-da-dang', 'Bài đã đăng', 'published', "
    "'2020-01-01T00:00:00Z', 280);"
    "INSERT INTO articles (id, category_id, slug, title, status, published_at) "
    "VALUES (2, 1, 'ban-nhap', 'Bản nháp', 'draft', '2020-01-01T00:00:00Z');"
    "INSERT INTO articles (id, category_id, slug, title, status, published_at) "
    "VALUES (3, 1, 'hen-gio', 'Hẹn giờ', 'published', '2099-01-01T00:00:00Z');";

static void
remove_db_files(void)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-maint",
		"-journal" };
	char                     path[sizeof(config.db_path) + 16];

	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", config.db_path, suffix[i]);
		unlink(path);
	}
}

static int
setup(void **state)
{
	char *err = NULL;

	(void)state;
	snprintf(config.db_path, sizeof(config.db_path), "%s/live.db", dir);
	remove_db_files();
	if (sqlite3_open(config.db_path, &db) != SQLITE_OK ||
	    sql_register_functions(db) != SQLITE_OK ||
	    sqlite3_exec(db, schema, NULL, NULL, &err) != SQLITE_OK ||
	    sqlite3_exec(db, fixtures, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "test database %s: %s\n", config.db_path,
		    err != NULL ? err : sqlite3_errmsg(db));
		sqlite3_free(err);
		sqlite3_close(db);
		db = NULL;
		remove_db_files();
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	live_close();
	db_close();
	sqlite3_close(db);
	db = NULL;
	remove_db_files();
	return 0;
}

static int
group_setup(void **state)
{
	const char *path = getenv("BANTIN_SCHEMA");

	(void)state;
	if (path == NULL || *path == '\0')
		path = "schema.sql";
	if ((schema = read_file(path)) == NULL) {
		fprintf(stderr,
		    "cannot read %s (run from the repository root, "
		    "or set BANTIN_SCHEMA)\n",
		    path);
		return -1;
	}
	snprintf(config.www_dir, sizeof(config.www_dir), "%s",
	    getenv("BANTIN_WWW") != NULL ? getenv("BANTIN_WWW") : "www");
	snprintf(config.bots_path, sizeof(config.bots_path), "%s",
	    getenv("BANTIN_BOTS") != NULL ? getenv("BANTIN_BOTS") :
	                                    "deploy/bots.txt");
	config.online_window = WINDOW;
	config.session_idle = IDLE;
	config.session_lifetime = LIFETIME;
	config.https = false;
	arena_init(&arena, 0);
	if (mkdtemp(dir) == NULL || live_init() != 0)
		return -1;
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	live_shutdown();
	arena_free(&arena);
	free(schema);
	return rmdir(dir);
}

/* --- the statistics fragment and the pixel, with hand-built requests ---- */

static void
request_at(struct request *req, struct http_input *in, int64_t now)
{
	memset(req, 0, sizeof(*req));
	req->method = METHOD_GET;
	req->now = now;
	iso(now, req->now_iso);
	req->in = in;
	req->arena = &arena;
}

/* The number in <strong class="cls">…</strong>, with '.' grouping. */
static int64_t
widget_number(const char *html, const char *cls)
{
	char        needle[64];
	const char *p;
	int64_t     n = 0;

	snprintf(needle, sizeof(needle), "class=\"%s\">", cls);
	if ((p = strstr(html, needle)) == NULL)
		fail_msg("no %s in the widget:\n%s", cls, html);
	for (p += strlen(needle); *p != '<'; p++) {
		if (*p == '.')
			continue;
		if (*p < '0' || *p > '9')
			fail_msg("%s: not a number in\n%s", cls, html);
		n = n * 10 + (*p - '0');
	}
	return n;
}

struct widget {
	int64_t guests, members, online, visits;
};

static struct widget
widget(int64_t now)
{
	struct http_input in = { .method = "GET", .uri = "/live/widgets" };
	struct request    req;
	struct response   resp;
	struct widget     w;
	const char       *html;

	request_at(&req, &in, now);
	response_init(&resp);
	begin();
	assert_int_equal(live_widgets(&req, &resp), 0);
	end(now);
	assert_int_equal(resp.status, 200);
	html = buf_cstr(&resp.body);
	assert_non_null(strstr(html, "Thống kê truy cập"));
	w.guests = widget_number(html, "stat-guests");
	w.members = widget_number(html, "stat-members");
	w.online = widget_number(html, "stat-online");
	w.visits = widget_number(html, "stat-visits");
	response_free(&resp);
	arena_reset(&arena);
	return w;
}

/* The pixel for a User-Agent and a cookie header: the handler's result;
 * *set_cookie tells whether a visitor cookie was issued. */
static int
pixel(const char *ua, const char *cookie, int64_t article, int64_t now,
    bool *set_cookie)
{
	struct http_input in = { .method = "GET",
		.uri = "/live/hit",
		.user_agent = ua,
		.cookie = cookie };
	struct request    req;
	struct response   resp;
	int               rc;

	request_at(&req, &in, now);
	if (article > 0) {
		req.param[LK_ARTICLE].present = true;
		req.param[LK_ARTICLE].num = article;
	}
	response_init(&resp);
	begin();
	rc = live_hit_pixel(&req, &resp);
	end(now);
	*set_cookie =
	    strstr(buf_cstr(&resp.headers), "Set-Cookie: bantin_vid=") != NULL;
	if (rc == 0) {
		assert_non_null(strstr(buf_cstr(&resp.headers),
		    "Content-Type: image/gif"));
		assert_non_null(strstr(buf_cstr(&resp.headers),
		    "Cache-Control: no-store"));
	}
	response_free(&resp);
	arena_reset(&arena);
	return rc;
}

/* --- tests -------------------------------------------------------------- */

static void
test_online_window(void **state)
{
	struct live_stats st;

	(void)state;
	st = stats(T0);
	assert_int_equal(st.guests, 0);
	assert_int_equal(st.members, 0);

	assert_int_equal(hit(VA, 0, 0, T0), 0);
	st = stats(T0 + 10);
	assert_int_equal(st.guests, 1);
	assert_int_equal(st.members, 0);
	assert_int_equal(stats(T0 + 899).guests, 1);
	assert_int_equal(stats(T0 + 901).guests, 0);
	assert_int_equal(stats(T0 + 901).members, 0);
	/* Coming back puts the visitor online again. */
	assert_int_equal(hit(VA, 0, 0, T0 + 1000), 0);
	assert_int_equal(stats(T0 + 1000).guests, 1);
}

static void
test_members(void **state)
{
	struct live_stats st;
	struct widget     w;

	(void)state;
	assert_int_equal(hit(VA, 0, 0, T0), 0);
	assert_int_equal(hit(VB, 7, 0, T0 + 1), 0);
	assert_int_equal(hit(VC, 0, 0, T0 + 2), 0);
	st = stats(T0 + 5);
	assert_int_equal(st.guests, 2);
	assert_int_equal(st.members, 1);
	assert_int_equal(q_int("SELECT member_id FROM visitors "
	                       "WHERE id = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'"),
	    7);

	w = widget(T0 + 5);
	assert_int_equal(w.guests, 2);
	assert_int_equal(w.members, 1);
	assert_int_equal(w.online, 3);
	assert_int_equal(w.guests + w.members, w.online);
	assert_int_equal(w.visits, 3);

	/* A guest who logs in counts as a member at once, not twice. */
	assert_int_equal(hit(VC, 8, 0, T0 + 2 + 10), 0);
	st = stats(T0 + 70);
	assert_int_equal(st.guests, 1);
	assert_int_equal(st.members, 2);
	/* The same member in a second browser is one member online. */
	assert_int_equal(hit(VD, 8, 0, T0 + 71), 0);
	assert_int_equal(stats(T0 + 72).members, 2);
	assert_int_equal(stats(T0 + 72).guests, 1);
	assert_int_equal(hit(VD, 0, 0, T0 + 73), 0);      /* logged out there */
	assert_int_equal(hit(VC, 0, 0, T0 + 2 + 122), 0); /* and here */
	st = stats(T0 + 130);
	assert_int_equal(st.guests, 3);
	assert_int_equal(st.members, 1);

	/* The member goes away: guests and members age out separately. */
	assert_int_equal(hit(VA, 0, 0, T0 + 800), 0);
	w = widget(T0 + 124 + 901);
	assert_int_equal(w.guests, 1);
	assert_int_equal(w.members, 0);
	assert_int_equal(w.online, 1);
}

static void
test_presence_once_a_minute(void **state)
{
	(void)state;
	assert_int_equal(hit(VA, 0, 0, T0), 0);
	assert_int_equal(last_seen(VA), T0);
	assert_int_equal(hit(VA, 0, 0, T0 + 30), 0);
	assert_int_equal(last_seen(VA), T0);
	assert_int_equal(hit(VA, 0, 0, T0 + 59), 0);
	assert_int_equal(last_seen(VA), T0);
	assert_int_equal(hit(VA, 0, 0, T0 + 61), 0);
	assert_int_equal(last_seen(VA), T0 + 61);
	assert_int_equal(q_int("SELECT first_seen FROM visitors "
	                       "WHERE id = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'"),
	    T0);
	assert_int_equal(q_int("SELECT count(*) FROM visitors"), 1);
}

static void
test_visits(void **state)
{
	int64_t v0;

	(void)state;
	v0 = total_visits();
	assert_int_equal(v0, 0);
	assert_int_equal(hit(VA, 0, 0, T0), 0);
	assert_int_equal(total_visits(), v0 + 1);
	/* Reloads within 30 minutes of the last recorded presence. */
	assert_int_equal(hit(VA, 0, 0, T0 + 30), 0);
	assert_int_equal(hit(VA, 0, 0, T0 + 61), 0);
	assert_int_equal(hit(VA, 0, 0, T0 + 1700), 0);
	assert_int_equal(total_visits(), v0 + 1);
	assert_int_equal(last_seen(VA), T0 + 1700);
	/* 1799 s of silence after the last recorded presence: same visit. */
	assert_int_equal(hit(VA, 0, 0, T0 + 1700 + 1799), 0);
	assert_int_equal(total_visits(), v0 + 1);
	assert_int_equal(last_seen(VA), T0 + 1700 + 1799);
	/* 1801 s of silence: a new visit. */
	assert_int_equal(hit(VA, 0, 0, T0 + 1700 + 1799 + 1801), 0);
	assert_int_equal(total_visits(), v0 + 2);
	/* Another visitor is another visit. */
	assert_int_equal(hit(VB, 0, 0, T0 + 1700 + 1799 + 1801), 0);
	assert_int_equal(total_visits(), v0 + 3);
}

static void
test_visits_from_admin_start_value(void **state)
{
	struct widget w;

	(void)state;
	assert_int_equal(hit(VA, 0, 0, T0), 0);
	/* An admin carries the old site's count over, while live runs. */
	q_exec("UPDATE site_counters SET value = 88619428 "
	       "WHERE name = 'total_visits'");
	assert_int_equal(stats(T0 + 1).total_visits, 88619428);
	assert_int_equal(hit(VA, 0, 0, T0 + 70), 0); /* a reload */
	assert_int_equal(total_visits(), 88619428);
	assert_int_equal(hit(VB, 0, 0, T0 + 70), 0); /* a new visit */
	assert_int_equal(total_visits(), 88619429);
	assert_int_equal(stats(T0 + 71).total_visits, 88619429);
	w = widget(T0 + 71);
	assert_int_equal(w.visits, 88619429);
}

static void
test_article_views(void **state)
{
	int64_t v0, views;

	(void)state;
	v0 = view_count(PUBLISHED);
	assert_int_equal(v0, 280);
	assert_int_equal(views_of(PUBLISHED, T0, &views), 0);
	assert_int_equal(views, v0);

	assert_int_equal(hit(VA, 0, PUBLISHED, T0), 0);
	assert_int_equal(view_count(PUBLISHED), v0 + 1);
	assert_int_equal(views_of(PUBLISHED, T0, &views), 0);
	assert_int_equal(views, v0 + 1);
	/* Again within 24 hours: no new view (presence still moves on). */
	assert_int_equal(hit(VA, 0, PUBLISHED, T0 + 30), 0);
	assert_int_equal(hit(VA, 0, PUBLISHED, T0 + 3600), 0);
	assert_int_equal(hit(VA, 0, PUBLISHED, T0 + 86399), 0);
	assert_int_equal(view_count(PUBLISHED), v0 + 1);
	assert_int_equal(last_seen(VA), T0 + 86399);
	/* A day later: a view again. */
	assert_int_equal(hit(VA, 0, PUBLISHED, T0 + 86401), 0);
	assert_int_equal(view_count(PUBLISHED), v0 + 2);
	assert_int_equal(hit(VA, 0, PUBLISHED, T0 + 86402), 0);
	assert_int_equal(view_count(PUBLISHED), v0 + 2);
	/* Two other visitors: two views. */
	assert_int_equal(hit(VB, 0, PUBLISHED, T0 + 86402), 0);
	assert_int_equal(hit(VC, 0, PUBLISHED, T0 + 86403), 0);
	assert_int_equal(view_count(PUBLISHED), v0 + 4);
	/* The same views by day (UTC), for "most read this week". */
	assert_int_equal(q_int("SELECT views FROM article_daily_views "
	                       "WHERE article_id = 1 AND day = '2023-11-14'"),
	    1);
	assert_int_equal(q_int("SELECT views FROM article_daily_views "
	                       "WHERE article_id = 1 AND day = '2023-11-15'"),
	    3);
	assert_int_equal(views_of(PUBLISHED, T0 + 86403, &views), 0);
	assert_int_equal(views, v0 + 4);
	/* A hit without an article views nothing. */
	assert_int_equal(hit(VD, 0, 0, T0 + 86403), 0);
	assert_int_equal(view_count(PUBLISHED), v0 + 4);
}

static void
test_hidden_articles_never_viewed(void **state)
{
	static const int hidden[] = { DRAFT, SCHEDULED };
	const char      *vids[] = { VA, VB };
	int64_t          views, t;

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		int a = hidden[i];

		for (size_t j = 0; j < 2; j++)
			for (t = T0; t <= T0 + 2 * 86400; t += 86400 / 2) {
				assert_int_equal(hit(vids[j], 0, a, t), 0);
				assert_int_equal(view_count(a), 0);
			}
		views = -42;
		assert_int_equal(views_of(a, T0, &views), ST_NOT_FOUND);
		assert_int_equal(views_of(a, T0 + 2 * 86400, &views),
		    ST_NOT_FOUND);
	}
	assert_int_equal(q_int("SELECT count(*) FROM article_views"), 0);
	assert_int_equal(views_of(MISSING, T0, &views), ST_NOT_FOUND);
	assert_int_equal(hit(VC, 0, MISSING, T0), 0);
	assert_int_equal(q_int("SELECT count(*) FROM article_views"), 0);

	/* The scheduled article counts once its time has come. */
	{
		int64_t due = 4070908800; /* 2099-01-01T00:00:00Z */

		assert_int_equal(views_of(SCHEDULED, due - 1, &views),
		    ST_NOT_FOUND);
		assert_int_equal(views_of(SCHEDULED, due, &views), 0);
		assert_int_equal(views, 0);
		assert_int_equal(hit(VD, 0, SCHEDULED, due), 0);
		assert_int_equal(view_count(SCHEDULED), 1);
	}
}

static void
test_busy_is_503(void **state)
{
	struct live_stats st;
	double            start, took;
	int64_t           v0, c0;
	int               rc;

	(void)state;
	assert_int_equal(hit(VA, 0, 0, T0), 0); /* the connection is open */
	v0 = total_visits();
	c0 = view_count(PUBLISHED);

	q_exec("BEGIN IMMEDIATE");
	start = mono();
	rc = hit(VB, 0, PUBLISHED, T0 + 1);
	took = mono() - start;
	assert_int_equal(rc, ST_BUSY);
	/* Nothing to write never waits for the lock: a visitor seen this
	 * minute, on a hidden or unknown article. */
	assert_int_equal(hit(VA, 0, DRAFT, T0 + 1), 0);
	assert_int_equal(hit(VA, 0, MISSING, T0 + 1), 0);
	if (took >= 3.0)
		fail_msg("live_hit took %.2f s to give up", took);
	/* Reading is not blocked by a writer (WAL). */
	st = stats(T0 + 1);
	assert_int_equal(st.guests, 1);
	q_exec("ROLLBACK");

	assert_int_equal(total_visits(), v0);
	assert_int_equal(view_count(PUBLISHED), c0);
	assert_int_equal(last_seen(VB), -1);
	assert_int_equal(q_int("SELECT count(*) FROM article_views"), 0);

	/* Released: the same hit succeeds, and counts once. */
	assert_int_equal(hit(VB, 0, PUBLISHED, T0 + 2), 0);
	assert_int_equal(total_visits(), v0 + 1);
	assert_int_equal(view_count(PUBLISHED), c0 + 1);
	assert_int_equal(last_seen(VB), T0 + 2);
	assert_int_equal(stats(T0 + 2).guests, 2);
}

static void
test_busy_before_first_open(void **state)
{
	double start, took;
	int    rc;

	(void)state;
	/* The live connection is opened while another holds the lock. */
	q_exec("BEGIN IMMEDIATE");
	start = mono();
	if ((rc = db_begin_request()) == ST_OK)
		rc = live_begin();
	if (rc == ST_OK)
		rc = hit(VA, 0, 0, T0);
	took = mono() - start;
	q_exec("ROLLBACK");
	assert_int_equal(http_status_of(rc), 503);
	if (took >= 3.0)
		fail_msg("gave up after %.2f s", took);
	assert_int_equal(total_visits(), 0);
	assert_int_equal(hit(VA, 0, 0, T0 + 1), 0);
	assert_int_equal(total_visits(), 1);
}

static void
test_pixel(void **state)
{
	bool    set;
	int64_t n;

	(void)state;
	/* Bots and empty User-Agents: a pixel, no cookie, nothing counted. */
	static const char *const bots[] = {
		"Googlebot/2.1 (+http://www.google.com/bot.html)",
		"curl/8.0",
		"",
		"facebookexternalhit/1.1",
		"Zalo",
		"Mozilla/5.0 (compatible; bingbot/2.0)",
	};
	for (size_t i = 0; i < sizeof(bots) / sizeof(bots[0]); i++) {
		assert_int_equal(pixel(bots[i], NULL, PUBLISHED, T0, &set), 0);
		assert_false(set);
	}
	assert_int_equal(pixel(NULL, NULL, PUBLISHED, T0, &set), 0);
	assert_false(set);
	/* The bot's name may come after any amount of text. */
	{
		char long_ua[1200];

		memset(long_ua, 'x', sizeof(long_ua));
		memcpy(long_ua, "Mozilla/5.0 ", 12);
		strcpy(long_ua + sizeof(long_ua) - 12, " Googlebot");
		assert_int_equal(pixel(long_ua, NULL, PUBLISHED, T0, &set), 0);
		assert_false(set);
	}
	assert_int_equal(total_visits(), 0);
	assert_int_equal(q_int("SELECT count(*) FROM visitors"), 0);
	assert_int_equal(view_count(PUBLISHED), 280);

	static const char ua[] = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) "
	                         "Gecko/20100101 Firefox/128.0";
	/* No cookie: one is issued and the hit counted. */
	assert_int_equal(pixel(ua, NULL, PUBLISHED, T0, &set), 0);
	assert_true(set);
	assert_int_equal(total_visits(), 1);
	assert_int_equal(view_count(PUBLISHED), 281);
	/* A valid cookie: kept, and counted as that visitor. */
	assert_int_equal(
	    pixel(ua, "x=1; bantin_vid=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; y=2",
	        PUBLISHED, T0, &set),
	    0);
	assert_false(set);
	assert_int_equal(last_seen(VA), T0);
	assert_int_equal(total_visits(), 2);
	assert_int_equal(pixel(ua,
	                     "bantin_vid=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	                     PUBLISHED, T0 + 5, &set),
	    0);
	assert_false(set);
	assert_int_equal(total_visits(), 2);
	assert_int_equal(view_count(PUBLISHED), 282);
	/* Malformed cookies are replaced, never stored. */
	static const char *const bad[] = {
		"bantin_vid=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"bantin_vid=aaaa",
		"bantin_vid=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		"bantin_vid=gggggggggggggggggggggggggggggggg",
		"bantin_vid='; DROP TABLE visitors; --aaaaaaaaaaaaaa",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(pixel(ua, bad[i], 0, T0 + 10, &set), 0);
		assert_true(set);
	}
	n = q_int("SELECT count(*) FROM visitors WHERE id GLOB '*[^0-9a-f]*'");
	assert_int_equal(n, 0);
	assert_int_equal(q_int("SELECT count(*) FROM visitors"),
	    2 + (int64_t)(sizeof(bad) / sizeof(bad[0])));
}

/* --- members: passwords, sessions, login limits ------------------------- */

static const unsigned char H1[SESSION_HASH_LEN] = { 1 };
static const unsigned char H2[SESSION_HASH_LEN] = { 2 };

static void
add_member(int id, const char *username)
{
	char hash[PASSWORD_HASH_MAX], sql[512];

	assert_int_equal(password_hash("mat-khau-dung", hash), 0);
	snprintf(sql, sizeof(sql),
	    "INSERT INTO members (id, username, "
	    "display_name, password_hash) VALUES (%d, '%s', 'Tên %s', '%s')",
	    id, username, username, hash);
	q_exec(sql);
}

static enum st
login_at(int64_t member, const unsigned char *session, const unsigned char *old,
    const char *vid, int64_t now)
{
	struct login l = { .member = member,
		.key = "kkk",
		.session = session,
		.old_session = old,
		.vid = vid };
	enum st      rc;

	begin();
	rc = live_login(&l, now);
	end(now);
	return rc;
}

/* live_session() at now, recording the use as the pixel does. */
static enum st
session_at(const unsigned char *h, int64_t now)
{
	struct session s;
	enum st        rc;

	begin();
	rc = live_session(&arena, h, now, IDLE, LIFETIME, &s);
	if (rc == 0 && now - s.last_seen >= 60)
		assert_int_equal(live_session_touch(h, now), 0);
	end(now);
	arena_reset(&arena);
	return rc;
}

static enum st
attempt_at(const char *key, const char *address, int64_t now, int64_t *retry)
{
	enum st rc;

	begin();
	rc = live_login_attempt(key, address, now, retry);
	end(now);
	return rc;
}

static double
cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* An unknown username costs one Argon2id check, like a wrong password,
 * from a worker's very first login on: nothing is made on first use.
 * CPU time, not wall time: other load on the machine does not count. */
static void
test_unknown_name_costs_one_check(void **state)
{
	char   hash[PASSWORD_HASH_MAX];
	double t0, wrong, unknown;

	(void)state;
	assert_int_equal(password_hash("mật-khẩu-mạnh", hash), 0);
	t0 = cpu_seconds();
	assert_false(password_verify(hash, "sai"));
	wrong = cpu_seconds() - t0;
	t0 = cpu_seconds();
	password_verify_nobody("sai");
	unknown = cpu_seconds() - t0;
	if (unknown > 1.5 * wrong || unknown < 0.5 * wrong)
		fail_msg("the first unknown name took %.3f s of CPU, a wrong "
		         "password %.3f s",
		    unknown, wrong);
}

/* Behind trusted proxies, only X-Forwarded-For tells the client, read from
 * the right past the trusted entries; a client's own X-Real-IP or left
 * entries never win. */
static void
test_forwarded_address(void **state)
{
	static const struct {
		const char *peer, *xff, *want;
	} cases[] = {
		{ "10.0.0.2", "6.6.6.6, 203.0.113.9", "203.0.113.9" },
		{ "10.0.0.2", "203.0.113.9", "203.0.113.9" },
		{ "10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.0.3", "203.0.113.9" },
		{ "10.0.0.2", "10.0.0.3", "10.0.0.3" },
		{ "10.0.0.2", "not-an-address", "10.0.0.2" },
		{ "10.0.0.2", NULL, "10.0.0.2" },
		/* an untrusted peer */
		{ "192.0.2.1", "6.6.6.6", "192.0.2.1" },
	};
	char got[64];

	(void)state;
	snprintf(config.trusted_proxies, sizeof(config.trusted_proxies),
	    "10.0.0.2, 10.0.0.3");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct http_input in = { .remote_addr = cases[i].peer,
			.x_forwarded_for = cases[i].xff };

		visitor_client_address(&in, got, sizeof(got));
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("peer %s, X-Forwarded-For %s: %s, want %s",
			    cases[i].peer, cases[i].xff, got, cases[i].want);
	}
	config.trusted_proxies[0] = '\0';
}

static void
test_password_hashes(void **state)
{
	char hash[PASSWORD_HASH_MAX], weak[PASSWORD_HASH_MAX];

	(void)state;
	assert_int_equal(password_hash("mật-khẩu-mạnh", hash), 0);
	assert_memory_equal(hash, "$argon2id$", 10);
	assert_true(password_verify(hash, "mật-khẩu-mạnh"));
	assert_false(password_verify(hash, "mật-khẩu-mạnh "));
	assert_false(password_verify(hash, ""));
	assert_false(password_needs_rehash(hash));
	/* Made with weaker parameters: upgraded at the next login. */
	assert_int_equal(crypto_pwhash_str(weak, "x", 1,
	                     crypto_pwhash_OPSLIMIT_MIN,
	                     crypto_pwhash_MEMLIMIT_MIN),
	    0);
	assert_true(password_needs_rehash(weak));
	assert_true(password_verify(weak, "x"));
	password_verify_nobody("x");
}

static void
test_session_idle_and_lifetime(void **state)
{
	(void)state;
	add_member(1, "lan");
	assert_int_equal(login_at(1, H1, NULL, NULL, T0), 0);
	assert_int_equal(session_at(H1, T0 + 1), 0);
	assert_int_equal(session_at(H1, T0 + IDLE - 1), 0);
	/* Used at IDLE - 1: alive until IDLE seconds after that. */
	assert_int_equal(session_at(H1, T0 + 2 * IDLE - 2), 0);
	assert_int_equal(session_at(H1, T0 + 4 * IDLE), ST_NOT_FOUND);
	assert_int_equal(session_at(H2, T0), ST_NOT_FOUND);

	/* Used every 1000 s, it still ends LIFETIME after the login. */
	assert_int_equal(login_at(1, H2, NULL, NULL, T0), 0);
	for (int64_t t = T0 + 1000; t < T0 + LIFETIME; t += 1000)
		assert_int_equal(session_at(H2, t), 0);
	assert_int_equal(session_at(H2, T0 + LIFETIME - 1), 0);
	assert_int_equal(session_at(H2, T0 + LIFETIME), ST_NOT_FOUND);

	/* Pruning removes both. */
	begin();
	live_upkeep(T0 + LIFETIME);
	end(T0 + LIFETIME);
	assert_int_equal(q_int("SELECT count(*) FROM sessions"), 0);
}

static void
test_login_replaces_session(void **state)
{
	(void)state;
	add_member(3, "hoa");
	assert_int_equal(hit(VA, 0, 0, T0), 0);
	assert_int_equal(login_at(3, H1, NULL, VA, T0 + 1), 0);
	/* The visitor counts as the member from the login on. */
	assert_int_equal(q_int("SELECT member_id FROM visitors "
	                       "WHERE id = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'"),
	    3);
	assert_int_equal(stats(T0 + 2).members, 1);
	assert_int_equal(stats(T0 + 2).guests, 0);
	/* Logging in again with that cookie: a new id, the old one dead. */
	assert_int_equal(login_at(3, H2, H1, VA, T0 + 3), 0);
	assert_int_equal(session_at(H1, T0 + 4), ST_NOT_FOUND);
	assert_int_equal(session_at(H2, T0 + 4), 0);
	/* Logging out ends it and counts the visitor as a guest again. */
	begin();
	assert_int_equal(live_session_end(H2, VA), 0);
	end(T0 + 5);
	assert_int_equal(session_at(H2, T0 + 6), ST_NOT_FOUND);
	assert_int_equal(stats(T0 + 6).members, 0);
	assert_int_equal(stats(T0 + 6).guests, 1);
}

static void
test_disabled_member(void **state)
{
	struct member m;

	(void)state;
	add_member(4, "Khoa");
	assert_int_equal(login_at(4, H1, NULL, NULL, T0), 0);
	assert_int_equal(session_at(H1, T0 + 1), 0);
	q_exec("UPDATE members SET status = 'disabled' WHERE id = 4");
	assert_int_equal(session_at(H1, T0 + 2), ST_NOT_FOUND);
	assert_int_equal(q_int("SELECT count(*) FROM sessions"), 0);
	begin();
	assert_int_equal(member_find(&arena, "khoa", &m), 0);
	assert_int_equal(m.id, 4);
	assert_false(m.active);
	/* keys are folded */
	assert_int_equal(member_find(&arena, "Khoa", &m), ST_NOT_FOUND);
	end(T0 + 3);
	arena_reset(&arena);
}

static void
test_login_limits(void **state)
{
	int64_t retry = 0;
	char    key[16];

	(void)state;
	for (int i = 0; i < LOGIN_FAILURES_PER_USERNAME; i++)
		assert_int_equal(attempt_at("kkk", "a1", T0 + i, &retry), 0);
	assert_int_equal(attempt_at("kkk", "a2", T0 + 10, &retry), ST_LIMITED);
	assert_int_equal(retry, LOGIN_FAILURE_WINDOW - 10);
	assert_int_equal(attempt_at("kkk", "a2", T0 + LOGIN_FAILURE_WINDOW - 1,
	                     &retry),
	    ST_LIMITED);
	assert_int_equal(retry, 1);
	/* Once the first failure is 15 minutes old, one more try. */
	assert_int_equal(attempt_at("kkk", "a2", T0 + LOGIN_FAILURE_WINDOW,
	                     &retry),
	    0);
	assert_int_equal(attempt_at("kkk", "a2", T0 + LOGIN_FAILURE_WINDOW,
	                     &retry),
	    ST_LIMITED);
	/* Other names are not held back by this one. */
	assert_int_equal(attempt_at("other", "a1", T0 + 20, &retry), 0);

	/* One address, many names. */
	for (int i = 0; i < LOGIN_FAILURES_PER_ADDRESS; i++) {
		snprintf(key, sizeof(key), "u%d", i);
		assert_int_equal(attempt_at(key, "b", T0 + 30, &retry), 0);
	}
	assert_int_equal(attempt_at("fresh", "b", T0 + 31, &retry), ST_LIMITED);
	assert_int_equal(retry, LOGIN_FAILURE_WINDOW - 1);

	/* A successful login forgets the name's failures. */
	add_member(5, "kkk");
	assert_int_equal(login_at(5, H1, NULL, NULL, T0 + LOGIN_FAILURE_WINDOW),
	    0);
	assert_int_equal(q_int("SELECT count(*) FROM login_failures "
	                       "WHERE username_key = 'kkk'"),
	    0);
}

static void
test_pixel_counts_the_member(void **state)
{
	unsigned char raw[32], hash[SESSION_HASH_LEN];
	char          value[65], cookie[160];
	bool          set;

	(void)state;
	add_member(6, "lan");
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(value, sizeof(value), raw, sizeof(raw));
	crypto_generichash(hash, sizeof(hash), (const unsigned char *)value, 64,
	    NULL, 0);
	assert_int_equal(login_at(6, hash, NULL, NULL, T0), 0);
	snprintf(cookie, sizeof(cookie), "bantin_vid=%s; bantin_sid=%s", VB,
	    value);
	assert_int_equal(pixel("Mozilla/5.0", cookie, 0, T0 + 100, &set), 0);
	assert_false(set);
	assert_int_equal(q_int("SELECT member_id FROM visitors "
	                       "WHERE id = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'"),
	    6);
	/* The pixel keeps the session alive (last_seen written). */
	assert_int_equal(q_int("SELECT last_seen FROM sessions"), T0 + 100);
	/* Under the https name the cookie is another one: a guest. */
	config.https = true;
	assert_int_equal(pixel("Mozilla/5.0", cookie, 0, T0 + 200, &set), 0);
	config.https = false;
	assert_int_equal(q_int("SELECT coalesce(member_id, 0) FROM visitors "
	                       "WHERE id = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'"),
	    0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_name_costs_one_check),
		cmocka_unit_test(test_forwarded_address),
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_online_window),
		T(test_members),
		T(test_presence_once_a_minute),
		T(test_visits),
		T(test_visits_from_admin_start_value),
		T(test_article_views),
		T(test_hidden_articles_never_viewed),
		T(test_busy_is_503),
		T(test_busy_before_first_open),
		T(test_pixel),
		T(test_password_hashes),
		T(test_session_idle_and_lifetime),
		T(test_login_replaces_session),
		T(test_disabled_member),
		T(test_login_limits),
		T(test_pixel_counts_the_member),
#undef T
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
