#include <string.h>

#include "store/db.h"
#include "store/polls.h"

#define POLL_COLUMNS \
	"p.id, p.question, p.starts_at, p.ends_at, p.multiple, " \
	"p.status = 'open' AND (p.starts_at IS NULL OR p.starts_at <= :now) " \
	"AND (p.ends_at IS NULL OR p.ends_at >= :now)"
#define STARTED "(p.starts_at IS NULL OR p.starts_at <= :now)"
#define CLOSED "(p.status = 'closed' OR p.ends_at < :now)"

static enum st
read_options(struct arena *a, struct poll *p)
{
	static struct sql_def options = {
		.sql = "SELECT id, label FROM poll_options "
		       "WHERE poll_id = :poll ORDER BY position, id",
	};
	struct sql q;
	size_t     cap = 0;

	p->options = NULL;
	p->noptions = 0;
	sql_begin(&q, db_conn(), &options, "reading poll options");
	sql_int(&q, ":poll", p->id);
	while (sql_row(&q)) {
		struct poll_option *o;

		if ((p->options = sql_grow(&q, a, p->options, p->noptions, &cap,
		         sizeof(*p->options))) == NULL)
			break;
		o = &p->options[p->noptions++];
		o->id = sql_col_int(&q, 0);
		o->label = sql_col_text(&q, a, 1);
		o->votes = 0;
	}
	return sql_end(&q);
}

/* Reads the rows of POLL_COLUMNS of a bound query, then their options. */
static enum st
read_polls(struct sql *q, struct arena *a, struct poll **out, size_t *n)
{
	size_t  cap = 0;
	enum st st;

	*out = NULL;
	*n = 0;
	while (sql_row(q)) {
		struct poll *p;

		if ((*out = sql_grow(q, a, *out, *n, &cap, sizeof(**out))) ==
		    NULL)
			break;
		p = &(*out)[(*n)++];
		memset(p, 0, sizeof(*p));
		p->id = sql_col_int(q, 0);
		p->question = sql_col_text(q, a, 1);
		p->starts_at = sql_col_text(q, a, 2);
		p->ends_at = sql_col_text(q, a, 3);
		p->multiple = (int)sql_col_int(q, 4);
		p->active = sql_col_int(q, 5) != 0;
	}
	if ((st = sql_end(q)) != ST_OK)
		return st;
	for (size_t i = 0; i < *n; i++)
		if ((st = read_options(a, &(*out)[i])) != ST_OK)
			return st;
	return ST_OK;
}

enum st
polls_active(struct arena *a, const char *now, struct poll **out, size_t *n)
{
	static struct sql_def active = {
		.sql = "SELECT " POLL_COLUMNS
		       " FROM polls p WHERE p.status = 'open' "
		       "AND " STARTED
		       " AND (p.ends_at IS NULL OR p.ends_at >= :now) "
		       "ORDER BY coalesce(p.starts_at, p.created_at) DESC, "
		       "p.id DESC",
	};
	struct sql q;

	sql_begin(&q, db_conn(), &active, "listing active polls");
	sql_text(&q, ":now", now);
	return read_polls(&q, a, out, n);
}

enum st
poll_get(struct arena *a, const char *now, int64_t id, struct poll *out)
{
	static struct sql_def by_id = {
		.sql = "SELECT " POLL_COLUMNS " FROM polls p "
		       "WHERE p.id = :poll AND " STARTED,
	};
	struct poll *p;
	struct sql   q;
	size_t       n;
	enum st      st;

	sql_begin(&q, db_conn(), &by_id, "reading a poll");
	sql_text(&q, ":now", now);
	sql_int(&q, ":poll", id);
	if ((st = read_polls(&q, a, &p, &n)) != ST_OK)
		return st;
	if (n == 0)
		return ST_NOT_FOUND;
	*out = *p;
	return ST_OK;
}

enum st
polls_closed(struct arena *a, const char *now, int limit, int64_t offset,
    struct poll **out, size_t *n)
{
	static struct sql_def closed = {
		.sql = "SELECT " POLL_COLUMNS " FROM polls p WHERE " CLOSED " "
		       "ORDER BY coalesce(p.ends_at, p.created_at) DESC, p.id "
		       "DESC LIMIT :limit OFFSET :offset",
	};
	struct sql q;

	sql_begin(&q, db_conn(), &closed, "listing closed polls");
	sql_text(&q, ":now", now);
	sql_int(&q, ":limit", limit);
	sql_int(&q, ":offset", offset);
	return read_polls(&q, a, out, n);
}

enum st
polls_count_closed(const char *now, int64_t *count)
{
	static struct sql_def closed = {
		.sql = "SELECT count(*) FROM polls p WHERE " CLOSED,
	};
	struct sql q;

	sql_begin(&q, db_conn(), &closed, "counting closed polls");
	sql_text(&q, ":now", now);
	*count = sql_row(&q) ? sql_col_int(&q, 0) : 0;
	return sql_end(&q);
}
