/*
 * bench-render: what one rendered page costs a page worker, in-process,
 * for `make bench` and for profiling.
 *
 *   BANTIN_DB=bench.db bench-render [-c] [-w WARMUP] [-o FILE] < paths
 *
 * Reads request targets, one a line (at most 4 KiB each), and sends each
 * through core_handle() as bantin.fcgi would, with its page cache and its
 * access log off: routing, the handler, the store, the template.  The
 * first WARMUP targets (default 0) are sent once more, untimed, before
 * the timed pass (a worker lives for many requests: statements prepared,
 * SQLite's cache warm).  Prints one line: the pages rendered, their
 * bytes on average, the mean, p50 and p99 wall time in µs, and the CPU
 * time (user + system, getrusage) per page in µs.  Any answer but 200 is
 * an error (exit 2).  -c keeps the page cache the configuration gives
 * (BANTIN_PAGE_CACHE_KB): what a hit costs.  -o appends every page of
 * the timed pass to FILE, to compare the pages of two builds byte for
 * byte.
 *
 * Under valgrind --tool=callgrind --toggle-collect=core_handle the
 * instructions of a render are the same on a loaded machine as on an idle
 * one: bench/run.sh counts two lists of pages, the second longer, and
 * divides the difference by the pages it adds.
 */
#include <sys/resource.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "core/core.h"
#include "pages/page.h"

#include "bench.h"

enum { LINE_MAX_LEN = 4096 };

static struct response resp;
static FILE           *dump;

static void
die(const char *what, const char *detail)
{
	fprintf(stderr, "bench-render: %s%s\n", what, detail);
	exit(2);
}

static double
cpu_us(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

/* One GET through the page program; the body's length. */
static size_t
render(const char *target)
{
	struct http_input in = {
		.method = "GET",
		.uri = target,
		.remote_addr = "127.0.0.1",
		.user_agent = "bench-render",
	};
	const char *body;
	size_t      len;

	core_handle(&pages_app, &in, &resp);
	if (resp.status != 200)
		die("answered not 200: ", target);
	body = response_body(&resp, &len);
	if (dump != NULL && fwrite(body, 1, len, dump) != len)
		die("cannot write the pages", "");
	return len;
}

int
main(int argc, char **argv)
{
	char  **paths = NULL, line[LINE_MAX_LEN + 2];
	double *t, t0, c0, c1, sum = 0;
	size_t  n = 0, cap = 0, bytes = 0, warm = 0, len;
	bool    cache = false;
	int     ch;

	while ((ch = getopt(argc, argv, "co:w:")) != -1) {
		if (ch == 'c')
			cache = true;
		else if (ch == 'w')
			warm = (size_t)strtoul(optarg, NULL, 10);
		else if (ch == 'o' && (dump = fopen(optarg, "a")) == NULL)
			die("cannot open ", optarg);
		else if (ch != 'o') {
			fputs("usage: bench-render [-c] [-w WARMUP] [-o FILE] "
			      "< paths\n",
			    stderr);
			return 2;
		}
	}
	while (fgets(line, sizeof(line), stdin) != NULL) {
		if ((len = strcspn(line, "\n")) > LINE_MAX_LEN)
			die("a line is longer than 4 KiB", "");
		line[len] = '\0';
		if (n == cap &&
		    (paths = realloc(paths,
		         (cap = cap ? 2 * cap : 1024) * sizeof(*paths))) ==
		        NULL)
			die("out of memory", "");
		if ((paths[n++] = strdup(line)) == NULL)
			die("out of memory", "");
	}
	if (n == 0)
		die("no paths on standard input", "");
	if (bench_pages_start(cache) == -1)
		return 2;
	response_init(&resp);
	if ((t = calloc(n, sizeof(*t))) == NULL)
		die("out of memory", "");
	for (size_t i = 0; i < warm && i < n; i++) {
		FILE *f = dump;

		dump = NULL;
		render(paths[i]);
		dump = f;
	}
	c0 = cpu_us();
	for (size_t i = 0; i < n; i++) {
		t0 = bench_now_ms();
		bytes += render(paths[i]);
		t[i] = (bench_now_ms() - t0) * 1e3;
		sum += t[i];
	}
	c1 = cpu_us();
	printf("%zu pages, %zu bytes each, wall µs mean %.0f p50 %.0f "
	       "p99 %.0f, CPU µs %.0f\n",
	    n, bytes / n, sum / (double)n, bench_pct(t, n, 50),
	    bench_pct(t, n, 99), (c1 - c0) / (double)n);
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(t);
	if (dump != NULL && fclose(dump) != 0)
		die("cannot write the pages", "");
	response_free(&resp);
	bench_pages_stop();
	return 0;
}
