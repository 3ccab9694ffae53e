/*
 * The read-only connection of a page process.
 *
 * Opened lazily and reopened by itself: each request first calls
 * db_begin_request(), which (re)opens the file when it is not open, has been
 * replaced or has failed, so a missing or corrupt database is a 503 until it
 * is fixed and then simply works again.  Statements are prepared once per
 * connection and reset after every use, so no read snapshot outlives a
 * request.
 */
#ifndef BANTIN_DB_H
#define BANTIN_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

enum { SCHEMA_VERSION = 3 };

/* The statements of the page handlers, in store/queries.c. */
enum stmt {
	STMT_SECTIONS,
	STMT_SECTION_BY_SLUG,
	STMT_ARTICLE,
	STMT_LATEST,
	STMT_LATEST_IN_SECTION,
	STMT_COUNT,
	STMT_COUNT_IN_SECTION,
	STMT_MOST_READ,
	STMT_MOST_READ_WEEK,
	STMT_RELATED,
	STMT_ARTICLE_TAGS,
	STMT_TAG_BY_SLUG,
	STMT_TAGGED,
	STMT_COUNT_TAGGED,
	STMT_NEXT_SCHEDULED,
	STMT_SITEMAP,
	STMT_SINCE,
	STMT_SEARCH,
	STMT_SEARCH_NEWEST,
	STMT_CONTENT_VERSION,
	STMT__COUNT
};

extern const char *const stmt_sql[STMT__COUNT];

/* 0 when the database is usable for this request, -1 when it is not
 * (logged once per outage, with the reason and the fix). */
int		 db_begin_request(void);
/* Resets every statement: the end of every request. */
void		 db_end_request(void);
sqlite3_stmt	*db_stmt(enum stmt);
bool		 db_is_open(void);
/* The poll statements of this connection (store/polls.h). */
struct poll_stmts *db_polls(void);
/* Changes whenever the content may have changed: the schema's triggers
 * bumped content_version, or the file was reopened. */
uint64_t	 db_version(void);
/* A step or prepare failed with rc: logs it and, for errors that mean the
 * file is gone or damaged, closes the connection so the next request
 * reopens it.  Returns the HTTP status to answer (503 or 500). */
int		 db_error(int rc, const char *what);
void		 db_close(void);

#endif
