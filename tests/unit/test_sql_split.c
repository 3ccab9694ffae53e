/*
 * Where bantin-admin says a script's statement begins (statement_start,
 * admin/sql.c), the line its errors are reported at: past blanks,
 * comments and the empty statements of stray semicolons, as SQLite reads
 * the script.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "admin/admin.h"

static void
test_statement_start(void **state)
{
	static const struct {
		const char *script;
		const char *start;
	} cases[] = {
		{ "SELECT 1;", "SELECT 1;" },
		{ "  \n\tSELECT 1;", "SELECT 1;" },
		{ "-- a comment\nSELECT 1;", "SELECT 1;" },
		{ "/* a\nblock */ -- and more\n  SELECT 1;", "SELECT 1;" },
		{ "-- only a comment", "" },
		{ "/* unterminated", "/* unterminated" },
		/* "INSERT …;;" then the next statement: SQLite skips the
		 * empty statement, and so must the line number. */
		{ ";\n;  SELECT 1;", "SELECT 1;" },
		{ "; -- x\n/* y */;\nCOMMIT;", "COMMIT;" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(statement_start(cases[i].script),
		    cases[i].start);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_statement_start),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
