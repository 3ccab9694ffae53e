#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/config.h"
#include "store/db.h"
#include "store/polls.h"
#include "store/sql.h"

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
	fprintf(stderr, fmt, config.db_path, detail);
}

static int
db_open(const struct stat *st)
{
	sqlite3_stmt	*s = NULL;
	int		 rc, version;

	rc = sqlite3_open_v2(config.db_path, &db.h, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK)
		goto fail;
	sqlite3_busy_timeout(db.h, 2000);
	/* Reading user_version also proves the file is a database. */
	if ((rc = sqlite3_prepare_v2(db.h, "PRAGMA user_version", -1, &s, NULL)) != SQLITE_OK ||
	    (rc = sqlite3_step(s)) != SQLITE_ROW)
		goto fail;
	version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	s = NULL;
	if (version != SCHEMA_VERSION) {
		char detail[160];

		snprintf(detail, sizeof(detail), "schema version %d, this "
		    "program needs %d: %s", version, SCHEMA_VERSION,
		    version == 0 ? "create it with `bantin-admin create`" :
		    version < SCHEMA_VERSION ? "run `bantin-admin migrate`" :
		    "it is newer than this program; upgrade bantin");
		outage("bantin: database %s has %s\n", detail);
		db_close();
		return -1;
	}
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
		fprintf(stderr, "bantin: database %s is available again\n",
		    config.db_path);
	db.down = false;
	return 0;
fail:
	outage("bantin: cannot read database %s: %s (create it with "
	    "`bantin-admin create`, or restore a backup)\n",
	    db.h != NULL ? sqlite3_errmsg(db.h) : sqlite3_errstr(rc));
	sqlite3_finalize(s);
	db_close();
	return -1;
}

int
db_begin_request(void)
{
	struct stat	 st;
	sqlite3_stmt	*s;

	if (stat(config.db_path, &st) == -1) {
		outage("bantin: database %s is missing: %s (create it with "
		    "`bantin-admin create` or set BANTIN_DB)\n", strerror(errno));
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
		fprintf(stderr, "bantin: database busy while %s\n", what);
		return 503;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_SCHEMA:
	case SQLITE_READONLY:
		outage("bantin: database %s failed: %s (check the file; "
		    "restore a backup if it is damaged)\n", sqlite3_errstr(rc));
		db_close();
		return 503;
	default:
		fprintf(stderr, "bantin: database error while %s: %s\n", what,
		    sqlite3_errstr(rc));
		return 500;
	}
}
