/*
 * The store's statement discipline (store/sql.c) on an in-memory
 * database: a bind name the statement lacks, a parameter left unbound and
 * a failed statement each end the run in ST_BUG with a log line naming
 * the statement; sql_end() clears the bindings.  Standard error goes to a
 * temporary file, read back (lines start with the time there).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/log.h"
#include "store/sql.h"

static struct sql_conn conn;
static FILE           *errors;
static int             saved_fd;

static int
setup(void **state)
{
	char path[] = "/tmp/test_sql.XXXXXX";
	int  fd;

	(void)state;
	/* Two descriptions of one file: the reader keeps its own offset. */
	if ((fd = mkstemp(path)) == -1 || (errors = fopen(path, "r")) == NULL ||
	    unlink(path) == -1 || (saved_fd = dup(2)) == -1 ||
	    dup2(fd, 2) == -1 || close(fd) == -1)
		return -1;
	log_init();
	return sql_conn_open(&conn,
	           ":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
	           1000) == SQLITE_OK ?
	    0 :
	    -1;
}

static int
teardown(void **state)
{
	(void)state;
	sql_conn_close(&conn);
	dup2(saved_fd, 2);
	close(saved_fd);
	fclose(errors);
	return 0;
}

/* The log lines since the last call. */
static const char *
logged(void)
{
	static char out[8192];
	size_t      n;

	n = fread(out, 1, sizeof(out) - 1, errors);
	out[n] = '\0';
	clearerr(errors);
	return out;
}

static struct sql_def pair = { .sql = "SELECT :a + 0, :b + 0" };

static void
test_bound_run(void **state)
{
	struct sql q;

	(void)state;
	sql_begin(&q, &conn, &pair, "adding");
	sql_int(&q, ":a", 40);
	sql_int(&q, ":b", 2);
	assert_true(sql_row(&q));
	assert_int_equal(sql_col_int(&q, 0) + sql_col_int(&q, 1), 42);
	assert_false(sql_row(&q));
	assert_int_equal(sql_end(&q), ST_OK);
	assert_string_equal(logged(), "");
}

/* The planted bug of issue 14: ":now" bound as ":nowz". */
static void
test_unknown_name(void **state)
{
	struct sql q;

	(void)state;
	sql_begin(&q, &conn, &pair, "misnaming");
	sql_int(&q, ":a", 1);
	sql_int(&q, ":bz", 2);
	assert_false(sql_row(&q));
	assert_int_equal(sql_end(&q), ST_BUG);
	assert_non_null(strstr(logged(),
	    "bug while misnaming: no parameter "
	    ":bz in: SELECT :a + 0, :b + 0"));
}

static void
test_unbound_parameter(void **state)
{
	struct sql q;

	(void)state;
	sql_begin(&q, &conn, &pair, "forgetting");
	sql_int(&q, ":a", 1);
	assert_false(sql_row(&q));
	assert_int_equal(sql_end(&q), ST_BUG);
	assert_non_null(strstr(logged(),
	    "bug while forgetting: unbound "
	    "parameter :b in: SELECT"));
}

/* A run never sees the values of the one before. */
static void
test_bindings_cleared(void **state)
{
	struct sql q;
	char      *sql;

	(void)state;
	sql_begin(&q, &conn, &pair, "adding");
	sql_int(&q, ":a", 7);
	sql_int(&q, ":b", 8);
	assert_true(sql_row(&q));
	assert_int_equal(sql_end(&q), ST_OK);
	sql = sqlite3_expanded_sql(conn.stmt[pair.slot]);
	assert_string_equal(sql, "SELECT NULL + 0, NULL + 0");
	sqlite3_free(sql);
}

static void
test_failed_statement(void **state)
{
	static struct sql_def broken = { .sql = "SELECT * FROM nowhere" };
	struct sql            q;

	(void)state;
	sql_begin(&q, &conn, &broken, "reading nowhere");
	assert_false(sql_row(&q));
	assert_int_equal(sql_end(&q), ST_BUG);
	assert_non_null(strstr(logged(), "SELECT * FROM nowhere"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bound_run),
		cmocka_unit_test(test_unknown_name),
		cmocka_unit_test(test_unbound_parameter),
		cmocka_unit_test(test_bindings_cleared),
		cmocka_unit_test(test_failed_statement),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
