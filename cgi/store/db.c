#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/config.h"
#include "core/log.h"
#include "store/db.h"
#include "store/polls.h"
#include "store/sql.h"
#include "store/version.h"

static struct {
	sqlite3		*h;
	sqlite3_stmt	*stmt[STMT__COUNT];
	struct poll_stmts polls;
	dev_t		 dev;
	ino_t		 ino;
	uint64_t	 opens;		/* bumps db_version on every reopen */
	int64_t		 content_version;
	bool		 down;		/* an outage already logged */
} db;

void
db_close(void)
{
	for (int i = 0; i < STMT__COUNT; i++) {
		sqlite3_finalize(db.stmt[i]);
		db.stmt[i] = NULL;
	}
	poll_stmts_finalize(&db.polls);
	sqlite3_close(db.h);
	db.h = NULL;
}

static void
outage(const char *fmt, const char *detail)
{
	if (db.down)
		return;
	db.down = true;
	log_error(fmt, config.db_path, detail);
}

static int
db_open(const struct stat *st)
{
	int	rc;

	rc = sqlite3_open_v2(config.db_path, &db.h, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK)
		goto fail;
	sqlite3_busy_timeout(db.h, 2000);
	/* A version mismatch is logged there and sets db.down. */
	if ((rc = store_check_version(db.h, &db.down)) != SQLITE_OK)
		goto fail;
	if ((rc = sql_register_rank(db.h)) != SQLITE_OK)
		goto fail;
	for (int i = 0; i < STMT__COUNT; i++)
		if ((rc = sqlite3_prepare_v3(db.h, stmt_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &db.stmt[i], NULL)) != SQLITE_OK)
			goto fail;
	if ((rc = poll_stmts_prepare(db.h, &db.polls)) != SQLITE_OK)
		goto fail;
	db.dev = st->st_dev;
	db.ino = st->st_ino;
	db.opens++;
	if (db.down)
		log_notice("database %s is available again",
		    config.db_path);
	db.down = false;
	return 0;
fail:
	outage("cannot read database %s: %s (create it with "
	    "`bantin-admin create`, or restore a backup)",
	    db.h != NULL ? sqlite3_errmsg(db.h) : sqlite3_errstr(rc));
	db_close();
	return -1;
}

int
db_begin_request(void)
{
	struct stat	 st;
	sqlite3_stmt	*s;

	if (stat(config.db_path, &st) == -1) {
		outage("database %s is missing: %s (create it with "
		    "`bantin-admin create` or set BANTIN_DB)", strerror(errno));
		db_close();
		return -1;
	}
	/* A file replaced under us (restore, rename) is reopened. */
	if (db.h != NULL && (st.st_dev != db.dev || st.st_ino != db.ino))
		db_close();
	if (db.h == NULL && db_open(&st) == -1)
		return -1;
	s = db.stmt[STMT_CONTENT_VERSION];
	if (sqlite3_step(s) != SQLITE_ROW) {
		db_error(sqlite3_reset(s), "reading the content version");
		return -1;
	}
	db.content_version = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return 0;
}

void
db_end_request(void)
{
	for (int i = 0; i < STMT__COUNT; i++)
		if (db.stmt[i] != NULL)
			sqlite3_reset(db.stmt[i]);
	poll_stmts_reset(&db.polls);
}

struct poll_stmts *
db_polls(void)
{
	return &db.polls;
}

sqlite3_stmt *
db_stmt(enum stmt id)
{
	return db.stmt[id];
}

bool
db_is_open(void)
{
	return db.h != NULL;
}

uint64_t
db_version(void)
{
	return db.opens << 40 ^ (uint64_t)db.content_version;
}

int
db_error(int rc, const char *what)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		log_warn("database busy while %s", what);
		return 503;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_SCHEMA:
	case SQLITE_READONLY:
		outage("database %s failed: %s (check the file; "
		    "restore a backup if it is damaged)", sqlite3_errstr(rc));
		db_close();
		return 503;
	default:
		log_error("database error while %s: %s", what,
		    sqlite3_errstr(rc));
		return 500;
	}
}
