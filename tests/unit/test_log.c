/*
 * The log line format: program, level, request id, escaping, the length
 * cap and the journal's priority prefix.  Standard error is redirected to
 * a pipe and read back.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/log.h"

static FILE *real_stderr, *saved_stream;
static int   saved_fd, capture[2];

/* The logger writes to fd 2, here a pipe (a regular file would add the
 * time: test_file_timestamp); cmocka's failure messages go to the stderr
 * stream, pointed at the real standard error meanwhile. */
static int
setup(void **state)
{
	(void)state;
	unsetenv("JOURNAL_STREAM");
	if (pipe2(capture, O_NONBLOCK) == -1 || (saved_fd = dup(2)) == -1 ||
	    (real_stderr = fdopen(dup(saved_fd), "w")) == NULL ||
	    dup2(capture[1], 2) == -1)
		return -1;
	saved_stream = stderr;
	stderr = real_stderr;
	log_init();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	log_end();
	stderr = saved_stream;
	fclose(real_stderr);
	dup2(saved_fd, 2);
	close(saved_fd);
	close(capture[0]);
	close(capture[1]);
	return 0;
}

/* Everything written to standard error since the last call. */
static const char *
captured(void)
{
	static char out[2 * LOG_LINE_MAX];
	size_t      n = 0;
	ssize_t     r;

	while (n < sizeof(out) - 1 &&
	    (r = read(capture[0], out + n, sizeof(out) - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	return out;
}

static void
test_prefix_and_id(void **state)
{
	const char *id;

	(void)state;
	log_error("outside %d", 1);
	assert_string_equal(captured(), "test_log: error: outside 1\n");

	id = log_begin("4f2a9c0e1b7d4e5fa0b1c2d3e4f5a6b7");
	assert_string_equal(id, "4f2a9c0e1b7d4e5fa0b1c2d3e4f5a6b7");
	log_warn("database busy while %s", "reading");
	log_notice("x");
	log_access("127.0.0.1 GET \"/\" 200 5 0.100ms");
	assert_string_equal(captured(),
	    "test_log: warning: [4f2a9c0e1b7d4e5fa0b1c2d3e4f5a6b7] database "
	    "busy while reading\n"
	    "test_log: notice: [4f2a9c0e1b7d4e5fa0b1c2d3e4f5a6b7] x\n"
	    "test_log: access: [4f2a9c0e1b7d4e5fa0b1c2d3e4f5a6b7] 127.0.0.1 "
	    "GET \"/\" 200 5 0.100ms\n");
	/* Apache's mod_unique_id alphabet. */
	assert_string_equal(log_begin("YjM@2n-Wb_8AAAEA.x"),
	    "YjM@2n-Wb_8AAAEA.x");
	log_end();
	log_error("after");
	assert_string_equal(captured(), "test_log: error: after\n");
}

static void
test_generated_id(void **state)
{
	static const char *const bad[] = { NULL, "", "a b", "x\ny", "a/b",
		"<script>",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" };
	char                     first[LOG_ID_MAX + 1], line[128];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *id = log_begin(bad[i]);

		assert_int_equal(strlen(id), 16);
		assert_int_equal(strspn(id, "0123456789abcdef"), 16);
		if (i == 0)
			memcpy(first, id, 17);
		else
			assert_string_not_equal(id, first);
		log_error("e");
		snprintf(line, sizeof(line), "test_log: error: [%s] e\n", id);
		assert_string_equal(captured(), line);
	}
	/* 64 characters are accepted, 65 are not (above). */
	assert_int_equal(strlen(log_begin("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	                                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")),
	    64);
}

static void
test_escaping_and_cap(void **state)
{
	char       *big;
	const char *out;
	size_t      n;

	(void)state;
	log_error("a\nforged: line\r\t\x7f b\n");
	assert_string_equal(captured(),
	    "test_log: error: a\\x0aforged: line\\x0d\\x09\\x7f b\n");
	log_warn("Quốc phòng \"q\"");
	assert_string_equal(captured(),
	    "test_log: warning: Quốc phòng \"q\"\n");

	big = malloc(3 * LOG_LINE_MAX);
	assert_non_null(big);
	memset(big, '\n', 3 * LOG_LINE_MAX - 1);
	big[3 * LOG_LINE_MAX - 1] = '\0';
	log_error("%s", big);
	free(big);
	out = captured();
	n = strlen(out);
	assert_true(n <= LOG_LINE_MAX);
	assert_true(n > LOG_LINE_MAX - 16);
	assert_memory_equal(out + n - strlen("…\n"), "…\n", strlen("…\n"));
	assert_ptr_equal(strchr(out, '\n'), out + n - 1);
}

static void
test_journal_priority(void **state)
{
	struct stat st;
	char        js[64];

	(void)state;
	assert_int_equal(fstat(2, &st), 0);
	snprintf(js, sizeof(js), "%llu:%llu", (unsigned long long)st.st_dev,
	    (unsigned long long)st.st_ino);
	setenv("JOURNAL_STREAM", js, 1);
	log_init();
	log_error("e");
	log_warn("w");
	log_access("a");
	assert_string_equal(captured(),
	    "<3>test_log: error: e\n"
	    "<4>test_log: warning: w\n<6>test_log: access: a\n");
	/* Inherited, but standard error is something else now. */
	setenv("JOURNAL_STREAM", "1:2", 1);
	log_init();
	log_error("e");
	assert_string_equal(captured(), "test_log: error: e\n");
	unsetenv("JOURNAL_STREAM");
}

/* Written to a file (spawn-fcgi's 2>>log), each line starts with the UTC
 * time to the millisecond; to a pipe or terminal it does not. */
static void
test_file_timestamp(void **state)
{
	FILE     *f = tmpfile();
	char      out[256], when[32];
	size_t    n;
	time_t    t0 = time(NULL), t;
	struct tm tm;

	(void)state;
	assert_non_null(f);
	assert_int_not_equal(dup2(fileno(f), 2), -1);
	log_init();
	log_error("to a file");
	assert_int_not_equal(dup2(capture[1], 2), -1);
	log_init();
	log_error("to a pipe");
	rewind(f);
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = '\0';
	fclose(f);
	/* 2026-11-26T03:17:00.123Z test_log: error: to a file */
	assert_true(n > 25);
	assert_string_equal(out + 25, "test_log: error: to a file\n");
	memset(&tm, 0, sizeof(tm));
	assert_non_null(strptime(out, "%Y-%m-%dT%H:%M:%S", &tm));
	t = timegm(&tm);
	assert_true(t >= t0 && t <= t0 + 2);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S.", &tm);
	assert_memory_equal(out, when, 20);
	assert_true(strspn(out + 20, "0123456789") == 3);
	assert_memory_equal(out + 23, "Z ", 2);
	assert_string_equal(captured(), "test_log: error: to a pipe\n");
}

/* A program started with an argv[0] longer than a line (exec -a): the
 * line is cut, never written past its buffer. */
static void
test_long_program_name(void **state)
{
	char       *saved = program_invocation_short_name, *big;
	const char *out;
	size_t      n;

	(void)state;
	big = malloc(2 * LOG_LINE_MAX);
	assert_non_null(big);
	memset(big, 'p', 2 * LOG_LINE_MAX - 1);
	big[2 * LOG_LINE_MAX - 1] = '\0';
	program_invocation_short_name = big;
	log_begin("4f2a9c0e1b7d4e5f");
	log_error("message %s", "after the name");
	log_end();
	program_invocation_short_name = saved;
	free(big);
	out = captured();
	n = strlen(out);
	assert_true(n <= LOG_LINE_MAX);
	assert_true(n > LOG_LINE_MAX - 16);
	assert_int_equal(strspn(out, "p"), n - strlen("…\n"));
	assert_string_equal(out + n - strlen("…\n"), "…\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_prefix_and_id),
		T(test_generated_id),
		T(test_escaping_and_cap),
		T(test_journal_priority),
		T(test_long_program_name),
		T(test_file_timestamp),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
