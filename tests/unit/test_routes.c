/*
 * Tests in the middle: core_handle() for every route of both programs,
 * against a fixture database built from schema.sql, db/sample.sql and
 * tests/integration/fixtures.sql, with the shipped templates.  Status,
 * headers, the page cache (a second request is a hit, a content change
 * empties it), error pages, and exact figures where the integration
 * suites only count (the most-read box against daily views).
 *
 * Run from the repository root (make unit does).
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
#include <sqlite3.h>

#include "base/config.h"
#include "core/core.h"
#include "live/live.h"
#include "pages/page.h"
#include "store/db.h"
#include "store/functions.h"
#include "store/live.h"

static char            dir[] = "/tmp/bantin-routes-XXXXXX";
static struct response resp;
static sqlite3        *db; /* the test's own connection */

static char *
read_file(const char *path)
{
	FILE *f;
	long  n;
	char *s = NULL;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (s = malloc((size_t)n + 1)) != NULL) {
		if (fread(s, 1, (size_t)n, f) == (size_t)n)
			s[n] = '\0';
		else {
			free(s);
			s = NULL;
		}
	}
	fclose(f);
	return s;
}

static void
exec_file(const char *path)
{
	char *sql = read_file(path), *err = NULL;

	if (sql == NULL)
		fail_msg("cannot read %s (run from the repository root)", path);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", path, err);
	free(sql);
}

static void
exec(const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
}

static int
group_setup(void **state)
{
	(void)state;
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(config.db_path, sizeof(config.db_path), "%s/site.db", dir);
	snprintf(config.www_dir, sizeof(config.www_dir), "www");
	snprintf(config.bots_path, sizeof(config.bots_path), "deploy/bots.txt");
	snprintf(config.base_url, sizeof(config.base_url),
	    "http://bantin.test");
	snprintf(config.site_name, sizeof(config.site_name), "Bantin");
	config.online_window = 900;
	config.session_idle = 1800;
	config.session_lifetime = 30 * 86400;
	config.votes_per_address = 20;
	config.page_cache_bytes = 1 << 20;
	config.access_log = false;
	/* ICU first: the schema's triggers call it. */
	if (core_init() != 0 || pages_init() != 0 || live_init() != 0)
		return -1;
	if (sqlite3_open(config.db_path, &db) != SQLITE_OK ||
	    sql_register_functions(db) != SQLITE_OK)
		return -1;
	exec_file("schema.sql");
	exec_file("db/sample.sql");
	exec_file("tests/integration/fixtures.sql");
	exec("PRAGMA journal_mode = WAL");
	response_init(&resp);
	return 0;
}

static int
group_teardown(void **state)
{
	char path[1200];

	(void)state;
	live_shutdown();
	pages_shutdown();
	core_shutdown();
	response_free(&resp);
	sqlite3_close(db);
	for (const char *s = "\0-wal\0-shm\0-maint\0";; s += strlen(s) + 1) {
		snprintf(path, sizeof(path), "%s%s", config.db_path, s);
		unlink(path);
		if (strcmp(s, "-maint") == 0)
			break;
	}
	return rmdir(dir);
}

/* One request through the core; resp holds the answer. */
static void
request(const struct app *app, const char *method, const char *uri)
{
	struct http_input in = {
		.method = method,
		.uri = uri,
		.remote_addr = "127.0.0.1",
		.user_agent = "Mozilla/5.0 (test_routes)",
	};

	core_handle(app, &in, &resp);
}

static const char *
body(void)
{
	size_t       len;
	const char  *b = response_body(&resp, &len);
	static char *copy;

	free(copy);
	if ((copy = malloc(len + 1)) == NULL)
		fail_msg("out of memory");
	memcpy(copy, b, len);
	copy[len] = '\0';
	return copy;
}

static bool
has_header(const char *line)
{
	return strstr(buf_cstr(&resp.headers), line) != NULL;
}

static void
expect(const struct app *app, const char *method, const char *uri, int status,
    const char *type, const char *text)
{
	request(app, method, uri);
	if (resp.status != status)
		fail_msg("%s %s: %d, want %d\n%s", method, uri, resp.status,
		    status, buf_cstr(&resp.headers));
	if (type != NULL && !has_header(type))
		fail_msg("%s %s: no \"%s\" in\n%s", method, uri, type,
		    buf_cstr(&resp.headers));
	if (text != NULL && strstr(body(), text) == NULL)
		fail_msg("%s %s: no \"%s\" in the body", method, uri, text);
}

#define HTML "Content-Type: text/html; charset=utf-8"
#define ARTICLE \
	"/quoc-phong-an-ninh/" \
	"bo-quoc-phong-duy-tri-hieu-qua-quoc-te-hop-tac-an-ninh-mang-1.htm"

static void
test_page_routes(void **state)
{
	static const struct {
		const char *uri;
		int         status;
		const char *type;
		const char *text;
	} routes[] = {
		{ "/", 200, HTML,
		    "<!--#include virtual=\"/live/most-read?shown=" },
		{ "/thoi-su/", 200, HTML,
		    "<!--#include virtual=\"/live/most-read\" -->" },
		{ "/rss.xml", 200, "Content-Type: application/rss+xml",
		    "<rss" },
		{ "/atom.xml", 200, "Content-Type: application/atom+xml",
		    "<feed" },
		{ "/sitemap.xml", 200, "xml", "<urlset" },
		{ "/sitemap/1", 200, "xml", "<urlset" },
		{ "/sitemap-news.xml", 200, "xml", "<urlset" },
		{ "/robots.txt", 200, "Content-Type: text/plain", "Sitemap:" },
		{ "/healthz", 200, "application/json", "\"status\":\"ok\"" },
		{ "/tag/an-ninh-mang", 200, HTML, "An ninh mạng" },
		{ "/tag/an-ninh-mang/rss.xml", 200, "rss", "<rss" },
		{ "/tag/an-ninh-mang/atom.xml", 200, "atom", "<feed" },
		{ "/binh-chon/", 200, HTML, "Bạn thường đọc tin tức" },
		{ "/binh-chon/1", 200, HTML,
		    "<!--#include virtual=\"/live/poll?poll=1\" -->" },
		{ "/tim-kiem?q=quoc+phong", 200, HTML, "<mark>" },
		{ "/thoi-su/", 200, HTML, "Thời sự" },
		{ "/thoi-su/rss.xml", 200, "rss", "<rss" },
		{ "/thoi-su/atom.xml", 200, "atom", "<feed" },
		{ "/thoi-su", 301, "Location: http://bantin.test/thoi-su/",
		    NULL },
		{ ARTICLE, 200, HTML, "Bộ Quốc phòng" },
		{ "/x/1.htm", 301, "Location: http://bantin.test" ARTICLE,
		    NULL },
		{ "/1.htm", 301, "Location: http://bantin.test" ARTICLE, NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		expect(&pages_app, "GET", routes[i].uri, routes[i].status,
		    routes[i].type, routes[i].text);
}

/* An http site's pictures may be http: there they are not mixed
 * content, and the schema allows them. */
static void
test_picture_sources(void **state)
{
	(void)state;
	expect(&pages_app, "GET", "/tim-kiem?q=anh+http", 200, HTML, NULL);
	assert_true(has_header("img-src 'self' http: https: data:;"));
	snprintf(config.base_url, sizeof(config.base_url),
	    "https://bantin.test");
	expect(&pages_app, "GET", "/tim-kiem?q=anh+https", 200, HTML, NULL);
	assert_true(has_header("img-src 'self' https: data:;"));
	snprintf(config.base_url, sizeof(config.base_url),
	    "http://bantin.test");
}

/* Error pages come in the site's layout, with the right status. */
static void
test_page_errors(void **state)
{
	char  *long_uri;
	size_t n = URI_MAX + 2;

	(void)state;
	expect(&pages_app, "GET", "/khong-co/", 404, HTML,
	    "Không tìm thấy trang");
	assert_true(has_header("Cache-Control: no-store"));
	/* The layout: the navigation is there. */
	assert_non_null(strstr(body(), "/thoi-su/"));
	expect(&pages_app, "GET", "/tag/khong-co", 404, HTML, NULL);
	expect(&pages_app, "GET", "/binh-chon/999", 404, HTML, NULL);
	expect(&pages_app, "GET", "/thoi-su/?page=99", 404, HTML, NULL);
	expect(&pages_app, "GET", "/thoi-su/?page=0", 400, HTML,
	    "Yêu cầu không hợp lệ");
	expect(&pages_app, "GET", "/%zz", 400, HTML, NULL);
	expect(&pages_app, "GET", "/a/../b", 400, HTML, NULL);
	expect(&pages_app, "GET", "/a%00b", 400, HTML, NULL);
	expect(&pages_app, "POST", "/", 405, HTML, NULL);
	assert_true(has_header("Allow: GET, HEAD"));
	expect(&pages_app, "DELETE", "/", 405, HTML, NULL);
	/* Exactly one byte past the bound is 414; at the bound it is not. */
	if ((long_uri = malloc(n + 1)) == NULL)
		fail_msg("out of memory");
	memset(long_uri, 'a', n);
	long_uri[0] = '/';
	long_uri[URI_MAX + 1] = '\0';
	expect(&pages_app, "GET", long_uri, 414, HTML, "Địa chỉ quá dài");
	long_uri[URI_MAX] = '\0';
	expect(&pages_app, "GET", long_uri, 404, HTML, NULL);
	free(long_uri);
	/* A draft and a scheduled article are not there (sample.sql). */
	expect(&pages_app, "GET", "/47.htm", 404, HTML, NULL);
	expect(&pages_app, "GET", "/48.htm", 404, HTML, NULL);
}

/* A second request is a hit (the body borrowed from the cache); an admin
 * change bumps the content version and empties it. */
static void
test_page_cache(void **state)
{
	(void)state;
	expect(&pages_app, "GET", ARTICLE, 200, HTML, NULL);
	expect(&pages_app, "GET", ARTICLE, 200, HTML, NULL);
	assert_non_null(resp.body_ref);
	/* Parameters are part of the key. */
	expect(&pages_app, "GET", "/thu-nghiem-phan-trang/?page=2", 200, HTML,
	    NULL);
	assert_null(resp.body_ref);
	expect(&pages_app, "GET", "/thu-nghiem-phan-trang/?page=2", 200, HTML,
	    NULL);
	assert_non_null(resp.body_ref);
	exec("UPDATE articles SET author = 'Tác giả mới' WHERE id = 1");
	expect(&pages_app, "GET", ARTICLE, 200, HTML, "Tác giả mới");
	assert_null(resp.body_ref);
	/* Uncacheable routes never come from the cache. */
	expect(&pages_app, "GET", "/tim-kiem?q=mang", 200, HTML, NULL);
	expect(&pages_app, "GET", "/tim-kiem?q=mang", 200, HTML, NULL);
	assert_null(resp.body_ref);
	assert_true(has_header("Cache-Control: no-cache"));
	/* HEAD: the headers of a GET, no body. */
	request(&pages_app, "HEAD", ARTICLE);
	assert_int_equal(resp.status, 200);
	assert_true(resp.head_only);
}

/* All the statements of one request read one snapshot: an admin script
 * committed meanwhile shows from the next request on, never half-way
 * through a page. */
static void
test_request_reads_one_snapshot(void **state)
{
	struct arena    a;
	struct section *sections;
	size_t          before, during, after;

	(void)state;
	arena_init(&a, 1 << 20);
	assert_int_equal(db_begin_reading(), ST_OK);
	assert_int_equal(store_sections(&a, &sections, &before), ST_OK);
	exec("INSERT INTO categories (name, position) VALUES ('Mới', 99)");
	assert_int_equal(store_sections(&a, &sections, &during), ST_OK);
	db_end_request();
	assert_int_equal(db_begin_reading(), ST_OK);
	assert_int_equal(store_sections(&a, &sections, &after), ST_OK);
	db_end_request();
	exec("DELETE FROM categories WHERE name = 'Mới'");
	assert_int_equal(during, before);
	assert_int_equal(after, before + 1);
	arena_free(&a);
}

/* The navigation is read once per content version: a renamed section
 * shows on the next page. */
static void
test_navigation_follows_edits(void **state)
{
	(void)state;
	expect(&pages_app, "GET", "/tag/an-ninh-mang", 200, HTML,
	    ">Thời sự</a>");
	exec("UPDATE categories SET name = 'Thời sự mới' WHERE slug = "
	     "'thoi-su'");
	expect(&pages_app, "GET", "/tag/an-ninh-mang?page=1", 200, HTML,
	    ">Thời sự mới</a>");
	exec("UPDATE categories SET name = 'Thời sự' WHERE slug = 'thoi-su'");
	expect(&pages_app, "GET", "/tag/an-ninh-mang", 200, HTML,
	    ">Thời sự</a>");
}

/* A member's page (the web server puts their name in it) is never kept
 * by any cache, the browser's included, even when it comes from the page
 * cache; a guest's is public. */
static void
test_member_pages_not_stored(void **state)
{
	static const char *const cookies[] = {
		"bantin_sid="
		"0123456789abcdef0123456789abcdef"
		"0123456789abcdef0123456789abcdef",
		"bantin_vid=00112233445566778899aabbccddeeff; "
		"__Host-bantin_sid=ab",
	};
	struct http_input in = { .method = "GET",
		.uri = ARTICLE,
		.remote_addr = "127.0.0.1",
		.user_agent = "Mozilla/5.0" };

	(void)state;
	expect(&pages_app, "GET", ARTICLE, 200, HTML, NULL);
	assert_true(has_header("Cache-Control: public, max-age=60"));
	for (size_t i = 0; i < sizeof(cookies) / sizeof(cookies[0]); i++) {
		in.cookie = cookies[i];
		core_handle(&pages_app, &in, &resp);
		assert_int_equal(resp.status, 200);
		assert_non_null(resp.body_ref); /* from the cache */
		assert_true(has_header("Cache-Control: private, no-store"));
		assert_false(has_header("public"));
	}
	in.cookie = "xbantin_sid=1; bantin_vid=2";
	core_handle(&pages_app, &in, &resp);
	assert_true(has_header("Cache-Control: public, max-age=60"));
}

/* The positions of the most-read box's links, as article ids. */
static void
most_read_ids(int64_t *ids, size_t max, size_t *n)
{
	const char *b = body(), *box, *p;

	*n = 0;
	if ((box = strstr(b, "Đọc nhiều")) == NULL)
		fail_msg("no most-read box");
	for (p = box; *n < max && (p = strstr(p, ".htm\"")) != NULL; p++) {
		const char *q = p;

		while (q > box && q[-1] >= '0' && q[-1] <= '9')
			q--;
		ids[(*n)++] = strtoll(q, NULL, 10);
	}
}

/* "Đọc nhiều" is this week's daily views, exactly, then all-time views. */
static void
test_most_read_order(void **state)
{
	char      sql[512];
	int64_t   ids[8];
	size_t    n;
	time_t    now = time(NULL);
	struct tm tm;
	char      today[16];

	(void)state;
	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	exec("DELETE FROM article_daily_views");
	snprintf(sql, sizeof(sql),
	    "INSERT INTO article_daily_views (article_id, day, views) VALUES "
	    "(5, '%s', 50), (9, '%s', 70), (12, date('%s', '-3 days'), 60), "
	    "(3, date('%s', '-9 days'), 999)",
	    today, today, today, today);
	exec(sql);
	expect(&live_app, "GET", "/live/most-read", 200, HTML, NULL);
	most_read_ids(ids, 8, &n);
	assert_true(n >= 3);
	assert_int_equal(ids[0], 9);
	assert_int_equal(ids[1], 12);
	assert_int_equal(ids[2], 5);
	/* Article 3's views are older than a week: not first. */
	assert_int_not_equal(ids[3], 3);
}

static void
test_live_routes(void **state)
{
	static const struct {
		const char *method;
		const char *uri;
		int         status;
		const char *type;
		const char *text;
	} routes[] = {
		{ "GET", "/live/widgets?from=/", 200, HTML,
		    "Tổng lượt truy cập" },
		{ "GET", "/live/views?article=1", 200, HTML, NULL },
		{ "GET", "/live/poll?poll=1", 200, HTML, "Điện thoại di động" },
		{ "GET", "/live/poll?poll=999", 404, NULL, NULL },
		{ "GET", "/live/most-read", 200, HTML, "Đọc nhiều" },
		{ "GET", "/live/views?article=47", 404, NULL, NULL },
		{ "GET", "/live/views", 400, NULL, NULL },
		{ "GET", "/live/hit?article=1", 200, "Content-Type: image/gif",
		    NULL },
		{ "GET", "/live/stats.json", 200, "application/json",
		    "\"window_seconds\":900" },
		{ "GET", "/live/healthz", 200, "application/json", "\"ok\"" },
		{ "GET", "/live/account?from=/", 200, HTML, "/dang-nhap" },
		{ "GET", "/dang-nhap", 200, HTML, "name=\"password\"" },
		{ "GET", "/dang-xuat", 200, HTML, NULL },
		/* No visitor cookie, no token: refused. */
		{ "POST", "/dang-nhap", 403, HTML, NULL },
		{ "POST", "/dang-xuat", 403, HTML, NULL },
		{ "POST", "/live/vote", 403, HTML, NULL },
		{ "GET", "/live/vote", 405, NULL, NULL },
		{ "GET", "/live/khong-co", 404, NULL, NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		expect(&live_app, routes[i].method, routes[i].uri,
		    routes[i].status, routes[i].type, routes[i].text);
	/* The pixel issues the visitor cookie and is never stored. */
	expect(&live_app, "GET", "/live/hit", 200, NULL, NULL);
	assert_true(has_header("Set-Cookie: bantin_vid="));
	assert_true(has_header("Cache-Control: no-store"));
}

/* A poll that starts tomorrow is not there yet, like a scheduled
 * article.  A guest's vote needs proof that it comes from this site (the
 * form is the same for every guest) and counts from the first page: the
 * answer issues the visitor cookie. */
static void
test_polls(void **state)
{
	char              form[128];
	struct http_input in = {
		.method = "POST",
		.uri = "/live/vote",
		.remote_addr = "127.0.0.1",
		.user_agent = "Mozilla/5.0 (test_routes)",
		.content_type = "application/x-www-form-urlencoded",
		.origin = "https://evil.example",
		.body = form,
	};

	(void)state;
	exec("INSERT INTO polls (id, question, starts_at, multiple, status) "
	     "VALUES (50, 'Sắp mở?', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', "
	     "'+1 day'), 1, 'open'), (51, 'Đang mở?', NULL, 1, 'open');"
	     "INSERT INTO poll_options (id, poll_id, label, position) VALUES "
	     "(500, 50, 'Có', 1), (510, 51, 'Có', 1), (511, 51, 'Không', 2)");
	expect(&pages_app, "GET", "/binh-chon/50", 404, HTML, NULL);
	expect(&live_app, "GET", "/live/poll?poll=50", 404, NULL, NULL);
	expect(&pages_app, "GET", "/binh-chon/51", 200, HTML, "Đang mở?");
	expect(&live_app, "GET", "/live/widgets", 200, HTML, "Đang mở?");
	assert_null(strstr(body(), "Sắp mở?"));
	assert_null(strstr(body(), "name=\"token\""));
	assert_true(has_header("X-Accel-Expires: 1"));

	snprintf(form, sizeof(form), "poll=51&option=510");
	in.body_len = strlen(form);
	core_handle(&live_app, &in, &resp);
	assert_int_equal(resp.status, 403);
	in.origin = NULL;
	core_handle(&live_app, &in, &resp);
	assert_int_equal(resp.status, 403);
	/* Our Origin, but the browser says the form was on another site. */
	in.origin = "http://bantin.test";
	in.sec_fetch_site = "cross-site";
	core_handle(&live_app, &in, &resp);
	assert_int_equal(resp.status, 403);
	in.sec_fetch_site = NULL;
	core_handle(&live_app, &in, &resp);
	assert_int_equal(resp.status, 303);
	assert_true(has_header("Location: http://bantin.test/binh-chon/51"));
	assert_true(has_header("Set-Cookie: bantin_vid="));
	/* Without Origin, a same-origin Referer will do. */
	in.referer = "http://bantin.test/thoi-su/";
	in.origin = NULL;
	snprintf(form, sizeof(form), "poll=51&option=511");
	in.body_len = strlen(form);
	core_handle(&live_app, &in, &resp);
	assert_int_equal(resp.status, 303);
	expect(&live_app, "GET", "/live/poll?poll=51", 200, HTML,
	    "Tổng số phiếu: <strong>2</strong> · Số người bình chọn: "
	    "<strong>2</strong>");
	/* Two options where one is allowed. */
	snprintf(form, sizeof(form), "poll=51&option=510&option=511");
	in.body_len = strlen(form);
	core_handle(&live_app, &in, &resp);
	assert_int_equal(resp.status, 400);
}

/* More sections than any old cap (16): every one is in the navigation
 * and the sitemap, and each with a story has its block on the home page
 * (the new sections' stories are older than every other, so the page
 * has not shown them elsewhere). */
static void
test_many_sections(void **state)
{
	sqlite3_stmt *s;
	char          needle[160], *nav, *sitemap;
	int           n = 0;

	(void)state;
	exec(
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	    "WHERE i < 20) "
	    "INSERT INTO categories (id, slug, name, position) "
	    "SELECT 700 + i, printf('muc-%02d', i), printf('Mục số %02d', i), "
	    "1000 + i FROM n;"
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	    "WHERE i < 20) "
	    "INSERT INTO articles (id, category_id, title, body, published_at) "
	    "SELECT 7000 + i, 700 + i, printf('Tin của mục %02d', i), 'Thân.', "
	    "'2001-01-01T00:00:00Z' FROM n");
	expect(&pages_app, "GET", "/tag/an-ninh-mang", 200, HTML, NULL);
	nav = strdup(body());
	expect(&pages_app, "GET", "/sitemap.xml", 200, "xml", NULL);
	sitemap = strdup(body());
	assert_non_null(nav);
	assert_non_null(sitemap);
	assert_int_equal(sqlite3_prepare_v2(db,
	                     "SELECT slug FROM categories "
	                     "WHERE parent_id IS NULL",
	                     -1, &s, NULL),
	    SQLITE_OK);
	for (; sqlite3_step(s) == SQLITE_ROW; n++) {
		const char *slug = (const char *)sqlite3_column_text(s, 0);

		snprintf(needle, sizeof(needle), "<li><a href=\"/%s/\"", slug);
		if (strstr(nav, needle) == NULL)
			fail_msg("section %s is not in the navigation", slug);
		snprintf(needle, sizeof(needle),
		    "<loc>http://bantin.test/%s/</loc>", slug);
		if (strstr(sitemap, needle) == NULL)
			fail_msg("section %s is not in the sitemap", slug);
	}
	sqlite3_finalize(s);
	assert_true(n >= 28);
	expect(&pages_app, "GET", "/", 200, HTML, NULL);
	for (int i = 1; i <= 20; i++) {
		snprintf(needle, sizeof(needle),
		    "<h2 class=\"block-title\">"
		    "<a href=\"/muc-%02d/\">Mục số %02d</a></h2>",
		    i, i);
		if (strstr(body(), needle) == NULL)
			fail_msg("no block for section %d on the home page", i);
	}
	free(nav);
	free(sitemap);
	exec("DELETE FROM articles WHERE id BETWEEN 7001 AND 7020;"
	     "DELETE FROM categories WHERE id BETWEEN 701 AND 720");
}

/* An article with 40 tags (past the old cap of 32) shows all 40. */
static void
test_many_tags(void **state)
{
	char needle[128];

	(void)state;
	exec("INSERT INTO articles (id, category_id, slug, title, body) "
	     "VALUES (7100, 1, 'nhieu-tu-khoa', 'Nhiều từ khóa', 'Thân.');"
	     "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	     "WHERE i < 40) "
	     "INSERT INTO tags (id, slug, name) "
	     "SELECT 7100 + i, printf('the-%02d', i), printf('Thẻ %02d', i) "
	     "FROM n;"
	     "INSERT INTO article_tags (article_id, tag_id) "
	     "SELECT 7100, id FROM tags WHERE id BETWEEN 7101 AND 7140");
	expect(&pages_app, "GET", "/thoi-su/nhieu-tu-khoa-7100.htm", 200, HTML,
	    NULL);
	for (int i = 1; i <= 40; i++) {
		snprintf(needle, sizeof(needle),
		    "<li><a "
		    "href=\"/tag/the-%02d\" rel=\"tag\">Thẻ %02d</a></li>",
		    i, i);
		if (strstr(body(), needle) == NULL)
			fail_msg("tag %d is not on the article", i);
	}
	exec("DELETE FROM article_tags WHERE article_id = 7100;"
	     "DELETE FROM articles WHERE id = 7100;"
	     "DELETE FROM tags WHERE id BETWEEN 7101 AND 7140");
}

/* How many times needle is in haystack. */
static int
occurrences(const char *haystack, const char *needle)
{
	int n = 0;

	for (const char *p = haystack; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* A poll with 40 options (past the old cap of 32): the form offers all
 * 40, a vote for each counts (40 guests, each from their own address),
 * and the results show each option's vote. */
static void
test_many_poll_options(void **state)
{
	char              form[64], addr[32], needle[96];
	struct http_input in = {
		.method = "POST",
		.uri = "/live/vote",
		.remote_addr = addr,
		.user_agent = "Mozilla/5.0 (test_routes)",
		.content_type = "application/x-www-form-urlencoded",
		.origin = "http://bantin.test",
		.body = form,
	};

	(void)state;
	exec("INSERT INTO polls (id, question) VALUES (70, 'Bốn mươi?');"
	     "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	     "WHERE i < 40) "
	     "INSERT INTO poll_options (id, poll_id, label, position) "
	     "SELECT 7000 + i, 70, printf('Phương án %02d', i), i FROM n");
	expect(&live_app, "GET", "/live/widgets", 200, HTML, "Bốn mươi?");
	for (int i = 1; i <= 40; i++) {
		snprintf(needle, sizeof(needle),
		    "<input type=\"radio\" "
		    "name=\"option\" value=\"%d\"> Phương án %02d</label>",
		    7000 + i, i);
		if (strstr(body(), needle) == NULL)
			fail_msg("option %d is not in the form", i);
	}
	for (int i = 1; i <= 40; i++) {
		snprintf(addr, sizeof(addr), "10.70.0.%d", i);
		snprintf(form, sizeof(form), "poll=70&option=%d", 7000 + i);
		in.body_len = strlen(form);
		core_handle(&live_app, &in, &resp);
		if (resp.status != 303)
			fail_msg("a vote for option %d: %d", i, resp.status);
	}
	expect(&live_app, "GET", "/live/poll?poll=70", 200, HTML,
	    "Tổng số phiếu: <strong>40</strong>");
	for (int i = 1; i <= 40; i++) {
		snprintf(needle, sizeof(needle),
		    "<span class=\"poll-label\">Phương án %02d</span>", i);
		if (strstr(body(), needle) == NULL)
			fail_msg("option %d is not in the results", i);
	}
	assert_int_equal(occurrences(body(), " · 1 phiếu</span>"), 40);
	exec("DELETE FROM poll_votes WHERE poll_id = 70;"
	     "DELETE FROM poll_voters WHERE poll_id = 70;"
	     "DELETE FROM poll_options WHERE poll_id = 70;"
	     "DELETE FROM polls WHERE id = 70");
}

/* Without the database: pages answer 503 with Retry-After in the layout,
 * /healthz says so in JSON, and service comes back by itself. */
static void
test_store_down(void **state)
{
	char moved[1100];

	(void)state;
	snprintf(moved, sizeof(moved), "%s.away", config.db_path);
	assert_int_equal(rename(config.db_path, moved), 0);
	expect(&pages_app, "GET", "/thoi-su/", 503, HTML, NULL);
	assert_true(has_header("Retry-After:"));
	expect(&pages_app, "GET", "/healthz", 503, "application/json",
	    "unavailable");
	assert_int_equal(rename(moved, config.db_path), 0);
	expect(&pages_app, "GET", "/thoi-su/", 200, HTML, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page_routes),
		cmocka_unit_test(test_page_errors),
		cmocka_unit_test(test_picture_sources),
		cmocka_unit_test(test_page_cache),
		cmocka_unit_test(test_request_reads_one_snapshot),
		cmocka_unit_test(test_navigation_follows_edits),
		cmocka_unit_test(test_member_pages_not_stored),
		cmocka_unit_test(test_most_read_order),
		cmocka_unit_test(test_live_routes),
		cmocka_unit_test(test_polls),
		cmocka_unit_test(test_many_sections),
		cmocka_unit_test(test_many_tags),
		cmocka_unit_test(test_many_poll_options),
		cmocka_unit_test(test_store_down),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
