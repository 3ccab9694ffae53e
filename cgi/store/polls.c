#include <string.h>

#include "store/db.h"
#include "store/polls.h"
#include "store/sql.h"

#define POLL_COLUMNS \
	"p.id, p.question, p.starts_at, p.ends_at, p.multiple, " \
	"p.status = 'open' AND (p.starts_at IS NULL OR p.starts_at <= :now) " \
	"AND (p.ends_at IS NULL OR p.ends_at >= :now), " \
	"(SELECT count(*) FROM poll_voters v WHERE v.poll_id = p.id)"
#define CLOSED "(p.status = 'closed' OR p.ends_at < :now)"

static const char *const poll_sql[POLL__COUNT] = {
	[POLL_ACTIVE] =
	    "SELECT " POLL_COLUMNS " FROM polls p WHERE p.status = 'open' "
	    "AND (p.starts_at IS NULL OR p.starts_at <= :now) "
	    "AND (p.ends_at IS NULL OR p.ends_at >= :now) "
	    "ORDER BY coalesce(p.starts_at, p.created_at) DESC, p.id DESC "
	    "LIMIT 5",
	[POLL_BY_ID] = "SELECT " POLL_COLUMNS " FROM polls p WHERE p.id = :poll",
	[POLL_OPTIONS] =
	    "SELECT id, label, votes FROM poll_options WHERE poll_id = :poll "
	    "ORDER BY position, id",
	[POLL_CLOSED] =
	    "SELECT " POLL_COLUMNS " FROM polls p WHERE " CLOSED " "
	    "ORDER BY coalesce(p.ends_at, p.created_at) DESC, p.id DESC "
	    "LIMIT :limit OFFSET :offset",
	[POLL_COUNT_CLOSED] = "SELECT count(*) FROM polls p WHERE " CLOSED,
	[POLL_HAS_VOTED] =
	    "SELECT 1 FROM poll_voters WHERE poll_id = :poll AND voter = :voter",
};

int
poll_stmts_prepare(sqlite3 *h, struct poll_stmts *ps)
{
	int rc = SQLITE_OK;

	for (int i = 0; rc == SQLITE_OK && i < POLL__COUNT; i++)
		rc = sqlite3_prepare_v3(h, poll_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &ps->s[i], NULL);
	return rc;
}

void
poll_stmts_reset(struct poll_stmts *ps)
{
	for (int i = 0; i < POLL__COUNT; i++)
		if (ps->s[i] != NULL)
			sqlite3_reset(ps->s[i]);
}

void
poll_stmts_finalize(struct poll_stmts *ps)
{
	for (int i = 0; i < POLL__COUNT; i++) {
		sqlite3_finalize(ps->s[i]);
		ps->s[i] = NULL;
	}
}

static int
done(sqlite3_stmt *s, int rc, bool nomem, const char *what)
{
	sqlite3_reset(s);
	if (nomem)
		return 500;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_error(rc, what);
	return 0;
}

static int
read_options(struct poll_stmts *ps, struct arena *a, struct poll *p)
{
	sqlite3_stmt	*s = ps->s[POLL_OPTIONS];
	size_t		 cap = 32;
	bool		 nomem = false;
	int		 rc;

	p->noptions = 0;
	p->votes = 0;
	if ((p->options = arena_alloc(a, cap * sizeof(*p->options))) == NULL)
		return 500;
	sql_bind_int(s, ":poll", p->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && p->noptions < cap) {
		struct poll_option *o = &p->options[p->noptions++];

		o->id = sqlite3_column_int64(s, 0);
		o->label = sql_column(a, s, 1, &nomem);
		o->votes = sqlite3_column_int64(s, 2);
		p->votes += o->votes;
	}
	return done(s, rc, nomem, "reading poll options");
}

/* Reads rows of POLL_COLUMNS from s (already bound) into out[0..max). */
static int
read_polls(struct poll_stmts *ps, struct arena *a, sqlite3_stmt *s,
    size_t max, struct poll **out, size_t *n)
{
	bool	nomem = false;
	int	rc, status;

	*n = 0;
	if ((*out = arena_zalloc(a, max * sizeof(**out))) == NULL)
		return done(s, SQLITE_DONE, true, "reading polls");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max) {
		struct poll *p = &(*out)[(*n)++];

		p->id = sqlite3_column_int64(s, 0);
		p->question = sql_column(a, s, 1, &nomem);
		p->starts_at = sql_column(a, s, 2, &nomem);
		p->ends_at = sql_column(a, s, 3, &nomem);
		p->multiple = sqlite3_column_int(s, 4);
		p->active = sqlite3_column_int(s, 5) != 0;
		p->voters = sqlite3_column_int64(s, 6);
	}
	if ((status = done(s, rc, nomem, "reading polls")) != 0)
		return status;
	for (size_t i = 0; i < *n; i++)
		if ((status = read_options(ps, a, &(*out)[i])) != 0)
			return status;
	return 0;
}

int
polls_active(struct poll_stmts *ps, struct arena *a, const char *now,
    struct poll **out, size_t *n)
{
	sql_bind_text(ps->s[POLL_ACTIVE], ":now", now);
	return read_polls(ps, a, ps->s[POLL_ACTIVE], POLLS_ACTIVE_MAX, out, n);
}

int
poll_get(struct poll_stmts *ps, struct arena *a, const char *now, int64_t id,
    struct poll *out)
{
	struct poll	*p;
	size_t		 n;
	int		 rc;

	sql_bind_text(ps->s[POLL_BY_ID], ":now", now);
	sql_bind_int(ps->s[POLL_BY_ID], ":poll", id);
	if ((rc = read_polls(ps, a, ps->s[POLL_BY_ID], 1, &p, &n)) != 0)
		return rc;
	if (n == 0)
		return 404;
	*out = *p;
	return 0;
}

int
polls_closed(struct poll_stmts *ps, struct arena *a, const char *now,
    int limit, int64_t offset, struct poll **out, size_t *n)
{
	sqlite3_stmt *s = ps->s[POLL_CLOSED];

	sql_bind_text(s, ":now", now);
	sql_bind_int(s, ":limit", limit);
	sql_bind_int(s, ":offset", offset);
	return read_polls(ps, a, s, (size_t)limit, out, n);
}

int
polls_count_closed(struct poll_stmts *ps, const char *now, int64_t *count)
{
	sqlite3_stmt	*s = ps->s[POLL_COUNT_CLOSED];
	int		 rc;

	sql_bind_text(s, ":now", now);
	rc = sqlite3_step(s);
	*count = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	return done(s, rc, false, "counting closed polls");
}

int
poll_has_voted(struct poll_stmts *ps, int64_t poll, const char *voter, bool *voted)
{
	sqlite3_stmt	*s = ps->s[POLL_HAS_VOTED];
	int		 rc;

	sql_bind_int(s, ":poll", poll);
	sql_bind_text(s, ":voter", voter);
	rc = sqlite3_step(s);
	*voted = rc == SQLITE_ROW;
	return done(s, rc, false, "reading a vote");
}
