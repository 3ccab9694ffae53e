#include <stdlib.h>
#include <time.h>

#include "base/config.h"
#include "core/core.h"
#include "pages/page.h"

#include "bench.h"

double
bench_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double
bench_pct(double *v, size_t n, double p)
{
	size_t k = (size_t)(p / 100.0 * (double)n + 0.999999);

	qsort(v, n, sizeof(*v), cmp_double);
	return v[k == 0 ? 0 : k - 1];
}

int
bench_pages_start(bool page_cache)
{
	if (config_load() == -1)
		return -1;
	if (!page_cache)
		config.page_cache_bytes = 0;
	config.access_log = false;
	if (pages_init() == -1)
		return -1;
	return core_init();
}

void
bench_pages_stop(void)
{
	core_shutdown();
	pages_shutdown();
}
