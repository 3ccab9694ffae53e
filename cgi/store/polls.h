/*
 * Polls as the admins define them, from the content: questions, dates,
 * options.  Their votes and voters are live figures (live_poll_counts(),
 * store/live.h).  Functions return ST_OK, ST_NOT_FOUND, or a failure
 * (base/status.h); everything is copied into the arena, every option of
 * every poll.
 */
#ifndef BANTIN_POLLS_H
#define BANTIN_POLLS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/status.h"

struct poll_option {
	int64_t     id;
	const char *label;
	int64_t     votes; /* live_poll_counts() */
};

struct poll {
	int64_t             id;
	const char         *question;
	const char         *starts_at; /* may be NULL */
	const char         *ends_at;   /* may be NULL */
	/* how many options one may choose */
	int                 multiple;
	/* open and now within its dates */
	bool                active;
	int64_t             voters; /* live_poll_counts() */
	int64_t             votes;  /* the sum over the options */
	struct poll_option *options;
	size_t              noptions;
};

/* Every active poll at now, newest first, with their options: the
 * sidebar shows them all. */
enum st polls_active(struct arena *, const char *now, struct poll **, size_t *);
/* One poll that has started by now, with its options, whether still
 * active or not; ST_NOT_FOUND if there is none or it starts later. */
enum st poll_get(struct arena *, const char *now, int64_t id, struct poll *);
/* Closed polls (closed, or past their end), latest first. */
enum st polls_closed(struct arena *, const char *now, int limit, int64_t offset,
    struct poll **, size_t *);
enum st polls_count_closed(const char *now, int64_t *);

#endif
