#include <sys/random.h>

#include <assert.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "store/sql.h"

enum {
	ATTEMPTS = 4,      /* of a busy transaction, then ST_BUSY */
	SQL_LOG_MAX = 160, /* of a statement's text in a log line */
};

static int next_slot;

int
sql_conn_open(struct sql_conn *c, const char *path, int flags, int busy_ms)
{
	int rc;

	assert(c->h == NULL);
	rc = sqlite3_open_v2(path, &c->h, flags, NULL);
	if (c->h != NULL) {
		sqlite3_extended_result_codes(c->h, 1);
		sqlite3_busy_timeout(c->h, busy_ms);
	}
	if (rc != SQLITE_OK)
		sql_conn_close(c);
	c->broken = false;
	return rc;
}

void
sql_conn_close(struct sql_conn *c)
{
	for (int i = 0; i < SQL_SLOTS; i++) {
		sqlite3_finalize(c->stmt[i]);
		c->stmt[i] = NULL;
	}
	sqlite3_close(c->h);
	c->h = NULL;
	c->depth = 0;
}

void
sql_conn_idle(struct sql_conn *c)
{
	for (int i = 0; i < SQL_SLOTS; i++)
		if (c->stmt[i] != NULL && sqlite3_stmt_busy(c->stmt[i])) {
			log_error("bug: statement left running: %.*s",
			    SQL_LOG_MAX, sqlite3_sql(c->stmt[i]));
			sqlite3_reset(c->stmt[i]);
			sqlite3_clear_bindings(c->stmt[i]);
		}
}

enum st
sql_failure(struct sql_conn *c, int rc, const char *what)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		/* A transaction retries, and logs if it gives up. */
		if (c->depth == 0)
			log_warn("database busy while %s", what);
		return ST_BUSY;
	case SQLITE_NOMEM:
		log_error("out of memory while %s", what);
		return ST_NOMEM;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_SCHEMA:
	case SQLITE_READONLY:
	case SQLITE_FULL:
		c->broken = true;
		if (!c->down)
			log_error(
			    "database %s failed while %s: %s (check "
			    "the file and its folder; restore a backup if it "
			    "is damaged)",
			    c->h != NULL ? sqlite3_db_filename(c->h, "main") :
			                   "-",
			    what, sqlite3_errstr(rc));
		c->down = true;
		return ST_DOWN;
	default:
		log_error("database error while %s: %s", what,
		    c->h != NULL ? sqlite3_errmsg(c->h) : sqlite3_errstr(rc));
		return ST_BUG;
	}
}

/* A bug in how a statement is used: logged with the statement. */
static void
misuse(struct sql *q, const char *problem, const char *name)
{
	log_error("bug while %s: %s %s in: %.*s", q->what, problem, name,
	    SQL_LOG_MAX, q->s != NULL ? sqlite3_sql(q->s) : "-");
	q->st = ST_BUG;
}

void
sql_begin(struct sql *q, struct sql_conn *c, struct sql_def *def,
    const char *what)
{
	int rc;

	memset(q, 0, sizeof(*q));
	q->c = c;
	q->what = what;
	if (c->h == NULL || c->broken) {
		q->st = ST_DOWN; /* logged when it failed */
		return;
	}
	if (def->slot == 0)
		def->slot = ++next_slot;
	assert(def->slot < SQL_SLOTS);
	if (c->stmt[def->slot] == NULL &&
	    (rc = sqlite3_prepare_v3(c->h, def->sql, -1,
	         SQLITE_PREPARE_PERSISTENT, &c->stmt[def->slot], NULL)) !=
	        SQLITE_OK) {
		q->st = sql_failure(c, rc, what);
		if (q->st == ST_BUG)
			log_error("the statement: %.*s", SQL_LOG_MAX, def->sql);
		return;
	}
	q->s = c->stmt[def->slot];
	assert(sqlite3_bind_parameter_count(q->s) <= 64);
}

/* The index of parameter `name`, or 0 after a failure. */
static int
param(struct sql *q, const char *name)
{
	int i;

	if (q->st != ST_OK)
		return 0;
	assert(!q->stepped);
	if ((i = sqlite3_bind_parameter_index(q->s, name)) == 0)
		misuse(q, "no parameter", name);
	return i;
}

static void
bound(struct sql *q, int i, int rc, const char *name)
{
	if (rc != SQLITE_OK) {
		misuse(q, "cannot bind", name);
		return;
	}
	q->bound |= UINT64_C(1) << (i - 1);
}

void
sql_text(struct sql *q, const char *name, const char *v)
{
	int i = param(q, name);

	if (i > 0)
		bound(q, i,
		    v != NULL ?
		        sqlite3_bind_text(q->s, i, v, -1, SQLITE_STATIC) :
		        sqlite3_bind_null(q->s, i),
		    name);
}

void
sql_int(struct sql *q, const char *name, int64_t v)
{
	int i = param(q, name);

	if (i > 0)
		bound(q, i, sqlite3_bind_int64(q->s, i, v), name);
}

void
sql_blob(struct sql *q, const char *name, const void *v, size_t n)
{
	int i = param(q, name);

	if (i > 0)
		bound(q, i, sqlite3_bind_blob64(q->s, i, v, n, SQLITE_STATIC),
		    name);
}

bool
sql_row(struct sql *q)
{
	int n, rc;

	if (q->st != ST_OK || q->s == NULL)
		return false;
	if (!q->stepped) {
		n = sqlite3_bind_parameter_count(q->s);
		for (int i = 1; i <= n; i++)
			if (!(q->bound & UINT64_C(1) << (i - 1))) {
				misuse(q, "unbound parameter",
				    sqlite3_bind_parameter_name(q->s, i));
				return false;
			}
		q->stepped = true;
	}
	if ((rc = sqlite3_step(q->s)) == SQLITE_ROW)
		return true;
	if (rc != SQLITE_DONE)
		q->st = sql_failure(q->c, rc, q->what);
	return false;
}

int64_t
sql_col_int(struct sql *q, int col)
{
	return sqlite3_column_int64(q->s, col);
}

const char *
sql_col_text(struct sql *q, struct arena *a, int col)
{
	const void *t;
	char       *p;

	if (sqlite3_column_type(q->s, col) == SQLITE_NULL)
		return NULL;
	/* The bytes as stored: column_text would first copy them to add a
	 * NUL, which the copy into the arena adds anyway.  ("" has none.) */
	if ((t = sqlite3_column_blob(q->s, col)) == NULL)
		t = "";
	if ((p = arena_strndup(a, t,
	         (size_t)sqlite3_column_bytes(q->s, col))) == NULL &&
	    q->st == ST_OK) {
		log_error("out of memory while %s", q->what);
		q->st = ST_NOMEM;
	}
	return p;
}

const void *
sql_col_blob(struct sql *q, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(q->s, col);

	*len = (size_t)sqlite3_column_bytes(q->s, col);
	return p;
}

void *
sql_grow(struct sql *q, struct arena *a, void *items, size_t n, size_t *cap,
    size_t size)
{
	void *more;

	if (n < *cap)
		return items;
	*cap = *cap == 0 ? 16 : *cap * 2;
	if ((more = arena_alloc(a, *cap * size)) == NULL) {
		log_error("out of memory while %s", q->what);
		q->st = ST_NOMEM;
		return NULL;
	}
	if (n > 0)
		memcpy(more, items, n * size);
	return more;
}

enum st
sql_end(struct sql *q)
{
	if (q->s != NULL) {
		sqlite3_reset(q->s);
		sqlite3_clear_bindings(q->s);
		q->s = NULL;
	}
	return q->st;
}

enum st
sql_run(struct sql *q)
{
	while (sql_row(q))
		;
	return sql_end(q);
}

int
sql_changes(const struct sql_conn *c)
{
	return sqlite3_changes(c->h);
}

static enum st
run_literal(struct sql_conn *c, struct sql_def *def, const char *what)
{
	struct sql q;

	sql_begin(&q, c, def, what);
	return sql_run(&q);
}

static void
jitter_sleep(int attempt)
{
	unsigned int    r = 0;
	struct timespec ts;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != sizeof(r))
		r = (unsigned int)getpid();
	/* 5..25 ms, doubling each attempt */
	ts.tv_sec = 0;
	ts.tv_nsec = (long)((5 + r % 20) << attempt) * 1000000L;
	nanosleep(&ts, NULL);
}

enum st
sql_transaction(struct sql_conn *c, enum st (*body)(struct sql_conn *, void *),
    void *ctx, const char *what)
{
	static struct sql_def begin = { .sql = "BEGIN IMMEDIATE" };
	static struct sql_def commit = { .sql = "COMMIT" };
	static struct sql_def rollback = { .sql = "ROLLBACK" };
	enum st               st = ST_BUSY;

	assert(c->depth == 0);
	c->depth = 1;
	for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
		if (attempt > 0)
			jitter_sleep(attempt);
		if ((st = run_literal(c, &begin, what)) != ST_OK) {
			if (st == ST_BUSY)
				continue;
			break;
		}
		st = body(c, ctx);
		if (!st_failed(st)) {
			enum st done = run_literal(c, &commit, what);

			if (done == ST_OK)
				break;
			st = done;
		}
		if (c->h != NULL && !sqlite3_get_autocommit(c->h))
			(void)run_literal(c, &rollback, what);
		if (st != ST_BUSY)
			break;
	}
	c->depth = 0;
	if (st == ST_BUSY)
		log_error("database still busy after %d attempts while %s",
		    ATTEMPTS, what);
	return st;
}
