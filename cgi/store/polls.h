/*
 * Reading polls: the live widget (on the live handler's connection) and
 * the results and archive pages (on the pages' read-only connection) ask
 * the same questions, so each connection keeps its own prepared set of
 * these statements.  Functions return 0, 404, or a database status (503,
 * 500) like the rest of the store; everything is copied into the arena.
 */
#ifndef BANTIN_POLLS_H
#define BANTIN_POLLS_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"

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

enum poll_stmt {
	POLL_ACTIVE,
	POLL_BY_ID,
	POLL_OPTIONS,
	POLL_CLOSED,
	POLL_COUNT_CLOSED,
	POLL_HAS_VOTED,
	POLL__COUNT
};

struct poll_stmts {
	sqlite3_stmt	*s[POLL__COUNT];
};

int	poll_stmts_prepare(sqlite3 *, struct poll_stmts *);
void	poll_stmts_reset(struct poll_stmts *);
void	poll_stmts_finalize(struct poll_stmts *);

/* The active polls at now, newest first, with their options. */
int	polls_active(struct poll_stmts *, struct arena *, const char *now,
	    struct poll **, size_t *);
/* One poll with its options, active or not; 404 if there is none. */
int	poll_get(struct poll_stmts *, struct arena *, const char *now,
	    int64_t id, struct poll *);
/* Closed polls (closed, or past their end), latest first. */
int	polls_closed(struct poll_stmts *, struct arena *, const char *now,
	    int limit, int64_t offset, struct poll **, size_t *);
int	polls_count_closed(struct poll_stmts *, const char *now, int64_t *);
int	poll_has_voted(struct poll_stmts *, int64_t poll, const char *voter,
	    bool *);

#endif
