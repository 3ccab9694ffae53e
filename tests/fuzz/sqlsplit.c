/*
 * The admin script splitter (cgi/admin/sql.c): an SQL script cut into
 * statements as admin_run_script() cuts it, with SQLite's own tokenizer
 * (sqlite3_prepare_v2 over the schema, nothing run), and each statement's
 * start past blanks and comments (statement_start) for the FILE:LINE of
 * its errors.  SQLite must agree with that start: what it skips is only
 * blanks and comments, and what it stops at is neither.
 */
#include <stdio.h>

#include "admin/admin.h"
#include "fuzz.h"

enum { SCRIPT_MAX = 8 << 10 };

static sqlite3 *db;

/* The schema, so that statements on bantin's tables prepare. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	FILE *f;
	char *schema;
	long  n;

	(void)argc;
	(void)argv;
	if ((f = fopen("schema.sql", "r")) == NULL ||
	    fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    (schema = calloc(1, (size_t)n + 1)) == NULL ||
	    fseek(f, 0, SEEK_SET) != 0 ||
	    fread(schema, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr,
		    "sqlsplit: run from the source tree (needs "
		    "schema.sql)\n");
		abort();
	}
	fclose(f);
	if ((db = admin_open(":memory:",
	         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) == NULL ||
	    sqlite3_exec(db, schema, NULL, NULL, NULL) != SQLITE_OK)
		abort();
	free(schema);
	return 0;
}

/* s[0..n) holds no statement, only blanks and comments. */
static bool
nothing(const char *s, size_t n)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, s, (int)n, &st, NULL) != SQLITE_OK ||
	    st != NULL) {
		sqlite3_finalize(st);
		return false;
	}
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sqlite3_stmt *s;
	const char   *sql, *tail, *start;
	char         *script;

	if (size > SCRIPT_MAX || (script = fuzz_cstr(data, size)) == NULL)
		return 0;
	for (sql = script; *sql != '\0'; sql = tail) {
		s = NULL;
		if (sqlite3_prepare_v2(db, sql, -1, &s, &tail) != SQLITE_OK)
			break;
		if (s == NULL)
			continue;
		sqlite3_finalize(s);
		start = statement_start(sql);
		FUZZ_CHECK(start >= sql && start < tail);
		FUZZ_CHECK(nothing(sql, (size_t)(start - sql)));
		FUZZ_CHECK(!nothing(start, 1) || strncmp(start, "--", 2) == 0 ||
		    strncmp(start, "/*", 2) == 0);
	}
	free(script);
	return 0;
}
