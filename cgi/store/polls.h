/*
 * Reading polls: the live widget (on the live connection) and the results
 * and archive pages (on the pages' read-only connection) ask the same
 * questions, each on its own connection.  Functions return ST_OK,
 * ST_NOT_FOUND, or a failure (base/status.h); everything is copied into
 * the arena, every option of every poll.
 */
#ifndef BANTIN_POLLS_H
#define BANTIN_POLLS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/status.h"
#include "store/sql.h"

/* The sidebar shows this many active polls, the newest. */
enum { POLLS_ACTIVE_MAX = 5 };

struct poll_option {
	int64_t		 id;
	const char	*label;
	int64_t		 votes;
};

struct poll {
	int64_t			 id;
	const char		*question;
	const char		*starts_at;	/* may be NULL */
	const char		*ends_at;	/* may be NULL */
	int			 multiple;	/* how many options one may choose */
	bool			 active;	/* open and now within its dates */
	int64_t			 voters;
	int64_t			 votes;		/* the sum over the options */
	struct poll_option	*options;
	size_t			 noptions;
};

/* The active polls at now, newest first, with their options. */
enum st	polls_active(struct sql_conn *, struct arena *, const char *now,
	    struct poll **, size_t *);
/* One poll that has started by now, with its options, whether still
 * active or not; ST_NOT_FOUND if there is none or it starts later. */
enum st	poll_get(struct sql_conn *, struct arena *, const char *now,
	    int64_t id, struct poll *);
/* Closed polls (closed, or past their end), latest first. */
enum st	polls_closed(struct sql_conn *, struct arena *, const char *now,
	    int limit, int64_t offset, struct poll **, size_t *);
enum st	polls_count_closed(struct sql_conn *, const char *now, int64_t *);
enum st	poll_has_voted(struct sql_conn *, int64_t poll, const char *voter,
	    bool *);

#endif
