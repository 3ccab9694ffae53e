/*
 * What the in-process benches (bench/search.c, bench/render.c) share.
 */
#ifndef BANTIN_BENCH_H
#define BANTIN_BENCH_H

#include <stdbool.h>
#include <stddef.h>

/* CLOCK_MONOTONIC, in milliseconds. */
double bench_now_ms(void);
/* Nearest rank: the smallest value with at least p % of v[0..n) at or
 * below it.  Sorts v. */
double bench_pct(double *v, size_t n, double p);

/* The page program in this process, as a page worker starts it, with no
 * access log and (unless page_cache) no page cache: 0, or -1 (said on
 * stderr). */
int  bench_pages_start(bool page_cache);
void bench_pages_stop(void);

#endif
