/*
 * bench-search: search query times in-process, for `make bench`
 * (bench/search.sh builds the database and runs this).
 *
 *   BANTIN_DB=bench.db bench-search [-n QUERIES] [-t SECONDS]
 *
 * The database is one made with bench/gen-search.sql: the queries are drawn
 * from its bench_words and bench_rare tables (read once, untimed, on a
 * connection of our own).  Four classes of QUERIES queries each (300 by
 * default), the same every run, in the same order:
 *
 *   one word      one accented syllable of a word of rank > 50 ("bão",
 *                 "Huế", …): the function words of ranks 1–50 ("của",
 *                 "và", …) are no search anyone types;
 *   two words     a two-syllable accented word of rank > 50 ("quốc
 *                 phòng", "Đà Nẵng", "kinh tế", …);
 *   unaccented    the same two-word queries folded ("quoc phong");
 *   rare word     a name of bench_rare, in about 20 articles ("Zelensky",
 *                 "Mbappé", …).
 *
 * Each class runs three ways:
 *
 *   relevance, newest   what page_search() does for page 1 before it
 *                       renders anything: db_begin_request(),
 *                       search_query_parse() (folding, the FTS5 strings),
 *                       store_search() for 20 results and the count
 *                       (relevance or `sort=moi-nhat`),
 *                       db_end_request(), with the arena reset first;
 *   page                the whole request through core_handle(): routing,
 *                       the handler, snippets and the template (page cache
 *                       and access log off).
 *
 * Each run starts with up to 30 warm-up queries of its class (at most
 * 3 s of them), not counted: a page process lives for many requests.  A run
 * then stops after its QUERIES queries, or once it has run at least 15 and
 * spent SECONDS (20 by default) on them, so that a slow search path
 * cannot hold the bench for hours (before the search ranked only its
 * newest matches, a common word took a second or more).  The table gives
 * the count of each run.  Times are CLOCK_MONOTONIC.  Prints one Markdown
 * table, then the three slowest queries of each run; exits 1 when the p99
 * of a relevance or newest run is 20 ms or more (the bar), 2 when the bench
 * could not run.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/config.h"
#include "core/core.h"
#include "pages/page.h"
#include "store/db.h"
#include "store/store.h"
#include "text/text.h"

#include "bench.h"

#define BAR_MS 20.0

enum {
	QUERIES_DEFAULT = 300,
	SECONDS_DEFAULT = 20,
	QUERIES_MIN = 15, /* per run, whatever the time */
	WARMUP = 30,
	WARMUP_MS = 3000,
	COMMON_RANKS = 50, /* bench_words ids 1…50: function words */
};

enum run { RUN_RELEVANCE, RUN_NEWEST, RUN_PAGE, RUN__COUNT };
static const char *const run_name[RUN__COUNT] = { "relevance", "newest",
	"page" };

struct class
{
	const char *name;
	char      **q; /* the queries, malloc'd */
	size_t      n;
};

struct sample {
	double  total, parse, search; /* ms */
	int64_t matches;
};

static void
die(const char *what)
{
	fprintf(stderr, "bench-search: %s\n", what);
	exit(2);
}

/* xorshift64*: the same queries every run. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static char *
xstrdup(const char *s)
{
	char *d = strdup(s);

	if (d == NULL)
		die("out of memory");
	return d;
}

static bool
has_accent(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return true;
	return false;
}

/* --- the query path, as cgi/pages/search.c runs it ------------------ */

static struct arena arena;
static char         now_iso[24];

/* One search as page_search() runs it for page 1, minus the HTML. */
static void
query_path(const char *q, bool newest, struct sample *s)
{
	struct search_query query;
	struct found       *found;
	size_t              n;
	double              t0, t1, t3;

	t0 = bench_now_ms();
	arena_reset(&arena);
	if (db_begin_request() != 0)
		die("the database is not usable (see above)");
	if (!search_query_parse(&arena, q, &query)) {
		fprintf(stderr, "bench-search: query \"%s\" has no words\n", q);
		exit(2);
	}
	t1 = bench_now_ms();
	if (store_search(&arena, now_iso, query.match, query.phrase,
	        query.exact, newest, PAGE_SIZE, 0, &found, &n,
	        &s->matches) != 0)
		die("store_search failed");
	db_end_request();
	t3 = bench_now_ms();
	if (n != (size_t)(s->matches < PAGE_SIZE ? s->matches : PAGE_SIZE)) {
		fprintf(stderr,
		    "bench-search: \"%s\": %zu results for %lld "
		    "matches\n",
		    q, n, (long long)s->matches);
		exit(2);
	}
	s->total = t3 - t0;
	s->parse = t1 - t0;
	s->search = t3 - t1;
}

/* --- the whole page -------------------------------------------------- */

static struct response resp;
static struct buf      uri;

static void
page(const char *q, struct sample *s)
{
	struct http_input in = {
		.method = "GET",
		.remote_addr = "127.0.0.1",
		.user_agent = "bench-search",
	};
	double t0;

	buf_reset(&uri);
	buf_puts(&uri, "/tim-kiem?q=");
	for (const unsigned char *p = (const unsigned char *)q; *p != '\0'; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
		    *p == '_' || *p == '~')
			buf_putc(&uri, (char)*p);
		else
			buf_printf(&uri, "%%%02X", *p);
	if (buf_failed(&uri))
		die("out of memory");
	in.uri = buf_cstr(&uri);
	response_reset(&resp);
	t0 = bench_now_ms();
	core_handle(&pages_app, &in, &resp);
	s->total = bench_now_ms() - t0;
	s->parse = s->search = 0;
	s->matches = -1;
	if (resp.status != 200) {
		fprintf(stderr, "bench-search: GET %s answered %d\n", in.uri,
		    resp.status);
		exit(2);
	}
}

/* --- the queries ----------------------------------------------------- */

static void
add(struct class *c, size_t max, const char *q)
{
	if (c->n < max)
		c->q[c->n++] = xstrdup(q);
}

static bool
listed(const struct class *c, const char *q)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->q[i], q) == 0)
			return true;
	return false;
}

/* Fisher–Yates on v[0..n). */
static void
shuffle(char **v, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)(rng() % i);
		char  *t = v[i - 1];

		v[i - 1] = v[j];
		v[j] = t;
	}
}

/* Rows of a one-column query, malloc'd. */
static char **
column(sqlite3 *db, const char *sql, size_t *n)
{
	sqlite3_stmt *s;
	char        **v = NULL, **nv;
	size_t        cap = 0;
	int           rc;

	*n = 0;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
		fprintf(stderr,
		    "bench-search: %s (is this a database made "
		    "with bench/gen-search.sql?)\n",
		    sqlite3_errmsg(db));
		exit(2);
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 256;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL)
				die("out of memory");
			v = nv;
		}
		v[(*n)++] = xstrdup((const char *)sqlite3_column_text(s, 0));
	}
	if (rc != SQLITE_DONE)
		die(sqlite3_errmsg(db));
	sqlite3_finalize(s);
	return v;
}

static void
free_column(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Fills c with max queries: `fixed` first, then cand shuffled, cycling
 * through cand again when it is shorter than max. */
static void
fill(struct class *c, size_t max, const char *const *fixed, char **cand,
    size_t ncand)
{
	if ((c->q = calloc(max, sizeof(*c->q))) == NULL)
		die("out of memory");
	for (; fixed != NULL && *fixed != NULL; fixed++)
		add(c, max, *fixed);
	if (ncand == 0)
		die("no candidate queries in the database");
	shuffle(cand, ncand);
	for (size_t i = 0; i < ncand && c->n < max; i++)
		if (!listed(c, cand[i]))
			add(c, max, cand[i]);
	for (size_t i = 0; c->n < max; i = (i + 1) % ncand)
		add(c, max, cand[i]);
}

static void make_queries(struct class cls[4], size_t max)
{
	static const char *const one_fixed[] = { "bão", "Huế", "vàng", "điện",
		NULL };
	static const char *const two_fixed[] = { "quốc phòng", "Đà Nẵng",
		"kinh tế", "giáo dục", NULL };
	sqlite3                 *db;
	char                   **words, **cand, *sp, *p;
	size_t                   nwords, ncand = 0, n;
	char                     sql[256];

	if (sqlite3_open_v2(config.db_path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK)
		die(sqlite3_errmsg(db));
	snprintf(sql, sizeof(sql),
	    "SELECT word FROM bench_words WHERE id > %d "
	    "ORDER BY id",
	    COMMON_RANKS);
	words = column(db, sql, &nwords);
	if ((cand = calloc(4 * nwords + 1, sizeof(*cand))) == NULL)
		die("out of memory");

	/* One word: the distinct accented syllables of those words. */
	for (size_t i = 0; i < nwords; i++) {
		char *w = xstrdup(words[i]);

		for (p = strtok_r(w, " ", &sp); p != NULL;
		     p = strtok_r(NULL, " ", &sp)) {
			bool dup = false;

			for (size_t j = 0; j < ncand && !dup; j++)
				dup = strcmp(cand[j], p) == 0;
			if (!dup && has_accent(p))
				cand[ncand++] = xstrdup(p);
		}
		free(w);
	}
	cls[0].name = "one word";
	fill(&cls[0], max, one_fixed, cand, ncand);
	free_column(cand, ncand);

	/* Two words: the accented words of two syllables. */
	if ((cand = calloc(nwords + 1, sizeof(*cand))) == NULL)
		die("out of memory");
	ncand = 0;
	for (size_t i = 0; i < nwords; i++)
		if ((p = strchr(words[i], ' ')) != NULL &&
		    strchr(p + 1, ' ') == NULL && has_accent(words[i]))
			cand[ncand++] = xstrdup(words[i]);
	cls[1].name = "two words";
	fill(&cls[1], max, two_fixed, cand, ncand);
	free_column(cand, ncand);
	free_column(words, nwords);

	/* Unaccented: the same, folded (ICU, as the index is). */
	cls[2].name = "two words, unaccented";
	if ((cls[2].q = calloc(max, sizeof(*cls[2].q))) == NULL)
		die("out of memory");
	for (size_t i = 0; i < cls[1].n; i++)
		if ((cls[2].q[cls[2].n++] = text_fold(cls[1].q[i],
		         strlen(cls[1].q[i]))) == NULL)
			die("text_fold failed");

	/* Rare: the names of bench_rare. */
	cand = column(db, "SELECT word FROM bench_rare ORDER BY id", &n);
	cls[3].name = "rare word";
	fill(&cls[3], max, NULL, cand, n);
	free_column(cand, n);
	sqlite3_close(db);
}

/* --- statistics ------------------------------------------------------- */

/* "the 3 slowest: "q" 12.3 ms, …" for one run, appended to out. */
static void
slowest(struct buf *out, const struct class *c, enum run r,
    const struct sample *s, size_t n)
{
	size_t top[3];
	size_t k = 0;

	for (; k < 3 && k < n; k++) {
		top[k] = n;
		for (size_t i = 0; i < n; i++) {
			bool taken = false;

			for (size_t j = 0; j < k; j++)
				taken |= top[j] == i;
			if (!taken &&
			    (top[k] == n || s[i].total > s[top[k]].total))
				top[k] = i;
		}
	}
	buf_printf(out, "bench-search: slowest of %s, %s:", c->name,
	    run_name[r]);
	for (size_t j = 0; j < k; j++) {
		buf_printf(out, "%s \"%s\" %.1f ms", j > 0 ? "," : "",
		    c->q[top[j]], s[top[j]].total);
		if (s[top[j]].matches >= 0)
			buf_printf(out, " (%lld matches)",
			    (long long)s[top[j]].matches);
	}
	buf_putc(out, '\n');
}

static void
one(const struct class *c, enum run r, size_t i, struct sample *s)
{
	if (r == RUN_PAGE)
		page(c->q[i], s);
	else
		query_path(c->q[i], r == RUN_NEWEST, s);
}

int
main(int argc, char **argv)
{
	struct class cls[4];
	struct sample *s;
	double        *v;
	size_t         max = QUERIES_DEFAULT;
	double         budget_ms = SECONDS_DEFAULT * 1000.0;
	time_t         t;
	struct tm      tm;
	struct buf     slow;
	int            ch, status = 0;

	while ((ch = getopt(argc, argv, "n:t:")) != -1) {
		switch (ch) {
		case 'n':
			max = (size_t)strtoul(optarg, NULL, 10);
			break;
		case 't':
			budget_ms = strtod(optarg, NULL) * 1000.0;
			break;
		default:
			fputs("usage: bench-search [-n QUERIES] [-t SECONDS]\n",
			    stderr);
			return 2;
		}
	}
	if (max < QUERIES_MIN)
		die("-n: at least 15 queries");
	/* Every page request renders; no log line per request. */
	if (bench_pages_start(false) == -1)
		return 2;
	response_init(&resp);
	buf_init(&uri);
	buf_init(&slow);
	arena_init(&arena, 64 << 20);
	t = time(NULL);
	gmtime_r(&t, &tm);
	strftime(now_iso, sizeof(now_iso), "%Y-%m-%dT%H:%M:%SZ", &tm);

	memset(cls, 0, sizeof(cls));
	make_queries(cls, max);
	if ((s = calloc(max, sizeof(*s))) == NULL ||
	    (v = calloc(max, sizeof(*v))) == NULL)
		die("out of memory");

	for (int c = 0; c < 4; c++) {
		printf("bench-search: %s: %zu queries, e.g. \"%s\", \"%s\", "
		       "\"%s\"\n",
		    cls[c].name, cls[c].n, cls[c].q[0], cls[c].q[1],
		    cls[c].q[2]);
	}
	printf("\n| queries | run | n | matches p50 | max | p50 ms | p99 ms | "
	       "max ms | p50 ms: begin + parse | search and count |\n");
	printf("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
	fflush(stdout);
	for (int c = 0; c < 4; c++) {
		for (int r = 0; r < RUN__COUNT; r++) {
			double p99, spent = 0, matches_max = 0;
			size_t n = 0;

			for (size_t i = 0; i < WARMUP && spent < WARMUP_MS;
			     i++) {
				struct sample w;

				one(&cls[c], (enum run)r, i % cls[c].n, &w);
				spent += w.total;
			}
			for (spent = 0; n < cls[c].n &&
			     (n < QUERIES_MIN || spent < budget_ms);
			     n++) {
				one(&cls[c], (enum run)r, n, &s[n]);
				spent += s[n].total;
			}
			slowest(&slow, &cls[c], (enum run)r, s, n);
			printf("| %s | %s | %zu", cls[c].name, run_name[r], n);
			if (r == RUN_PAGE)
				printf(" | – | –");
			else {
				for (size_t i = 0; i < n; i++) {
					v[i] = (double)s[i].matches;
					if (v[i] > matches_max)
						matches_max = v[i];
				}
				printf(" | %.0f | %.0f", bench_pct(v, n, 50),
				    matches_max);
			}
			for (size_t i = 0; i < n; i++)
				v[i] = s[i].total;
			p99 = bench_pct(v, n, 99);
			printf(" | %.2f | %.2f | %.2f", bench_pct(v, n, 50),
			    p99, v[n - 1]);
			if (r == RUN_PAGE)
				printf(" | – | – |\n");
			else {
				for (size_t i = 0; i < n; i++)
					v[i] = s[i].parse;
				printf(" | %.3f", bench_pct(v, n, 50));
				for (size_t i = 0; i < n; i++)
					v[i] = s[i].search;
				printf(" | %.2f |\n", bench_pct(v, n, 50));
				if (p99 >= BAR_MS)
					status = 1;
			}
			fflush(stdout);
		}
	}
	printf("\n%s: p99 of every relevance and newest run under %.0f ms\n",
	    status == 0 ? "PASS" : "FAIL", BAR_MS);
	if (!buf_failed(&slow) && slow.len > 0)
		printf("\n%s", buf_cstr(&slow));
	buf_free(&slow);

	for (int c = 0; c < 4; c++) {
		for (size_t i = 0; i < cls[c].n; i++)
			free(cls[c].q[i]);
		free(cls[c].q);
	}
	free(s);
	free(v);
	buf_free(&uri);
	response_free(&resp);
	arena_free(&arena);
	bench_pages_stop();
	return status;
}
