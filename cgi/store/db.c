#include <sys/stat.h>

#include <errno.h>
#include <string.h>

#include "base/config.h"
#include "base/log.h"
#include "store/db.h"
#include "store/functions.h"
#include "store/version.h"

enum { BUSY_MS = 2000 };

static struct {
	struct sql_conn c;
	dev_t           dev;
	ino_t           ino;
	uint64_t        opens; /* bumps db_version on every reopen */
	int64_t         content_version;
} db;

void
db_close(void)
{
	sql_conn_close(&db.c);
}

static void
outage(const char *fmt, const char *detail)
{
	if (db.c.down)
		return;
	db.c.down = true;
	log_error(fmt, config.db_path, detail);
}

static enum st
db_open(const struct stat *st)
{
	int rc;

	/* One thread uses the connection: no lock around every call. */
	if ((rc = sql_conn_open(&db.c, config.db_path,
	         SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, BUSY_MS)) !=
	    SQLITE_OK)
		goto fail;
	/* A version mismatch is logged there and sets down. */
	if ((rc = store_check_version(db.c.h, &db.c.down)) != SQLITE_OK ||
	    (rc = sql_register_rank(db.c.h)) != SQLITE_OK)
		goto fail;
	db.dev = st->st_dev;
	db.ino = st->st_ino;
	db.opens++;
	if (db.c.down)
		log_notice("database %s is available again", config.db_path);
	db.c.down = false;
	return ST_OK;
fail:
	outage("cannot read database %s: %s (create it with "
	       "`bantin-admin create`, or restore a backup)",
	    db.c.h != NULL ? sqlite3_errmsg(db.c.h) : sqlite3_errstr(rc));
	db_close();
	return ST_DOWN;
}

/* Opens the database, or reopens it when it was replaced or failed, then
 * (in a transaction first when `one_snapshot`) reads the content
 * version. */
static enum st
begin(bool one_snapshot)
{
	static struct sql_def snapshot = { .sql = "BEGIN" };
	static struct sql_def version = {
		.sql = "SELECT n FROM content_version",
	};
	struct stat st;
	struct sql  q;

	if (stat(config.db_path, &st) == -1) {
		outage("database %s is missing: %s (create it with "
		       "`bantin-admin create` or set BANTIN_DB)",
		    strerror(errno));
		db_close();
		return ST_DOWN;
	}
	/* A file replaced under us (restore, rename, a new snapshot) or one
	 * that failed is reopened. */
	if (db.c.h != NULL &&
	    (db.c.broken || st.st_dev != db.dev || st.st_ino != db.ino))
		db_close();
	if (db.c.h == NULL && db_open(&st) != ST_OK)
		return ST_DOWN;
	/* Asked again in one request (an error page): the same one. */
	if (one_snapshot && sqlite3_get_autocommit(db.c.h)) {
		sql_begin(&q, &db.c, &snapshot, "beginning a request");
		if (sql_run(&q) != ST_OK) {
			db_close();
			return ST_DOWN;
		}
	}
	sql_begin(&q, &db.c, &version, "reading the content version");
	if (sql_row(&q))
		db.content_version = sql_col_int(&q, 0);
	else if (q.st == ST_OK) {
		outage("database %s is damaged: %s (restore a backup)",
		    "its content_version row is missing");
		q.st = ST_DOWN;
	}
	if (sql_end(&q) != ST_OK) {
		db_close();
		return ST_DOWN;
	}
	return ST_OK;
}

enum st
db_begin_request(void)
{
	return begin(false);
}

/*
 * A page reads in one transaction: one snapshot for all its statements
 * (the content version included), and SQLite's locks taken and its files
 * checked once instead of once per statement.  Not for the live program:
 * a reader held through its writes would keep its checkpoints waiting.
 */
enum st
db_begin_reading(void)
{
	return begin(true);
}

void
db_end_request(void)
{
	static struct sql_def end = { .sql = "COMMIT" };
	struct sql            q;

	if (db.c.h == NULL)
		return;
	sql_conn_idle(&db.c);
	if (!sqlite3_get_autocommit(db.c.h)) {
		sql_begin(&q, &db.c, &end, "ending a request");
		(void)sql_run(&q);
	}
}

struct sql_conn *
db_conn(void)
{
	return &db.c;
}

bool
db_is_open(void)
{
	return db.c.h != NULL && !db.c.broken;
}

uint64_t
db_version(void)
{
	return db.opens << 40 ^ (uint64_t)db.content_version;
}
