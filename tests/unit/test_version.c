/*
 * store_check_version(): the schema version every program checks when it
 * opens the database.  The refusals' wording is checked through the real
 * programs (tests/integration/test_ops.py); here, the results and the
 * once-per-outage flag.  The refusals print on standard error.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/db.h"
#include "store/version.h"

static sqlite3 *
db_at(int version)
{
	sqlite3 *db = NULL;
	char     sql[48];

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", version);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	return db;
}

static void
test_current_version_passes(void **state)
{
	sqlite3 *db = db_at(SCHEMA_VERSION);
	bool     logged = false;
	int      v = -1;

	(void)state;
	assert_int_equal(store_check_version(db, &logged), SQLITE_OK);
	assert_false(logged);
	assert_int_equal(store_read_version(db, &v), SQLITE_OK);
	assert_int_equal(v, SCHEMA_VERSION);
	sqlite3_close(db);
}

/* Newer, older and none: each refused, each setting the caller's flag. */
static void
test_other_versions_refused(void **state)
{
	const int versions[] = { SCHEMA_VERSION + 1, SCHEMA_VERSION + 97,
		SCHEMA_VERSION - 1, 0, -3 };
	sqlite3  *db;
	bool      logged;

	(void)state;
	for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
		db = db_at(versions[i]);
		logged = false;
		assert_int_equal(store_check_version(db, &logged),
		    SQLITE_ERROR);
		assert_true(logged);
		/* Still refused when the outage was already logged. */
		assert_int_equal(store_check_version(db, &logged),
		    SQLITE_ERROR);
		assert_true(logged);
		sqlite3_close(db);
	}
}

static void
test_not_a_database(void **state)
{
	char     path[] = "/tmp/bantin-version-XXXXXX";
	sqlite3 *db = NULL;
	bool     logged = false;
	int      fd;

	(void)state;
	assert_true((fd = mkstemp(path)) != -1);
	for (int i = 0; i < 100; i++)
		assert_int_equal(write(fd, "not a database, just text\n", 26),
		    26);
	close(fd);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	/* The SQLite error, unlogged, for the caller's own message. */
	assert_int_equal(store_check_version(db, &logged), SQLITE_NOTADB);
	assert_false(logged);
	sqlite3_close(db);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_current_version_passes),
		cmocka_unit_test(test_other_versions_refused),
		cmocka_unit_test(test_not_a_database),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
