/*
 * The FastCGI records of front/fastcgi.c: a request as nginx sends it,
 * byte by byte or two at once on a kept connection; long name-value
 * lengths; the bounds (parameters, body); requests refused (a second at
 * once, another role), management records, and every malformed input
 * that closes the connection; a response's records.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <fastcgi.h>

#include "core/http.h"
#include "front/fastcgi.h"

static void
record(struct buf *b, unsigned type, unsigned id, const void *s, size_t n)
{
	unsigned char h[8] = { 1, (unsigned char)type, (unsigned char)(id >> 8),
		(unsigned char)id, (unsigned char)(n >> 8), (unsigned char)n, 3,
		0 };

	buf_append(b, h, sizeof(h));
	buf_append(b, s, n);
	buf_append(b, "pad", 3); /* padding, which the reader skips */
}

static void
begin(struct buf *b, unsigned id, unsigned role, bool keep)
{
	unsigned char body[8] = { (unsigned char)(role >> 8),
		(unsigned char)role, keep ? FCGI_KEEP_CONN : 0 };

	record(b, FCGI_BEGIN_REQUEST, id, body, sizeof(body));
}

static void
length(struct buf *b, size_t n)
{
	if (n < 128) {
		buf_putc(b, (char)n);
		return;
	}
	buf_putc(b, (char)(0x80 | n >> 24));
	buf_putc(b, (char)(n >> 16));
	buf_putc(b, (char)(n >> 8));
	buf_putc(b, (char)n);
}

static void
pair(struct buf *b, const char *k, const char *v)
{
	length(b, strlen(k));
	length(b, strlen(v));
	buf_puts(b, k);
	buf_puts(b, v);
}

/* A whole GET request of id, its parameters in two records. */
static void
get_request(struct buf *b, unsigned id, const char *uri, bool keep)
{
	struct buf p;

	buf_init(&p);
	begin(b, id, FCGI_RESPONDER, keep);
	pair(&p, "REQUEST_METHOD", "GET");
	record(b, FCGI_PARAMS, id, p.data, p.len);
	buf_reset(&p);
	pair(&p, "REQUEST_URI", uri);
	/* nginx sends REQUEST_URI twice when a location sets it before
	 * fastcgi_params: the first counts. */
	pair(&p, "REQUEST_URI", "/second");
	record(b, FCGI_PARAMS, id, p.data, p.len);
	record(b, FCGI_PARAMS, id, "", 0);
	record(b, FCGI_STDIN, id, "", 0);
	buf_free(&p);
}

static void
feed(struct fcgi_conn *c, const struct buf *b)
{
	buf_append(&c->in, b->data, b->len);
}

static void
test_request_whole(void **state)
{
	struct fcgi_conn c;
	struct buf       b;

	(void)state;
	fcgi_conn_init(&c);
	buf_init(&b);
	get_request(&b, 1, "/thoi-su/", true);
	feed(&c, &b);
	assert_int_equal(fcgi_parse(&c), FCGI_REQUEST);
	assert_int_equal(c.id, 1);
	assert_true(c.keep);
	assert_string_equal(fcgi_param(&c, "REQUEST_METHOD"), "GET");
	assert_string_equal(fcgi_param(&c, "REQUEST_URI"), "/thoi-su/");
	assert_null(fcgi_param(&c, "REQUEST"));
	assert_null(fcgi_param(&c, "HTTP_COOKIE"));
	assert_int_equal(c.body.len, 0);
	assert_int_equal(c.in.len, 0);
	assert_int_equal(c.reply.len, 0);
	fcgi_request_done(&c);
	assert_false(fcgi_busy(&c));
	assert_int_equal(fcgi_parse(&c), FCGI_MORE);
	buf_free(&b);
	fcgi_conn_free(&c);
}

/* One byte at a time: never a request before its last byte. */
static void
test_request_byte_by_byte(void **state)
{
	struct fcgi_conn c;
	struct buf       b;

	(void)state;
	fcgi_conn_init(&c);
	buf_init(&b);
	get_request(&b, 7, "/", false);
	for (size_t i = 0; i < b.len; i++) {
		buf_append(&c.in, b.data + i, 1);
		assert_int_equal(fcgi_parse(&c),
		    i + 1 == b.len ? FCGI_REQUEST : FCGI_MORE);
		assert_true(fcgi_busy(&c));
	}
	assert_false(c.keep);
	assert_string_equal(fcgi_param(&c, "REQUEST_URI"), "/");
	buf_free(&b);
	fcgi_conn_free(&c);
}

/* Two requests in one read, as on a kept connection: one at a time. */
static void
test_two_requests_at_once(void **state)
{
	struct fcgi_conn c;
	struct buf       b;

	(void)state;
	fcgi_conn_init(&c);
	buf_init(&b);
	get_request(&b, 1, "/a", true);
	get_request(&b, 1, "/b", true);
	feed(&c, &b);
	assert_int_equal(fcgi_parse(&c), FCGI_REQUEST);
	assert_string_equal(fcgi_param(&c, "REQUEST_URI"), "/a");
	fcgi_request_done(&c);
	assert_true(fcgi_busy(&c)); /* the second is in c.in */
	assert_int_equal(fcgi_parse(&c), FCGI_REQUEST);
	assert_string_equal(fcgi_param(&c, "REQUEST_URI"), "/b");
	fcgi_request_done(&c);
	assert_false(fcgi_busy(&c));
	buf_free(&b);
	fcgi_conn_free(&c);
}

static void
test_long_lengths_and_body(void **state)
{
	struct fcgi_conn c;
	struct buf       b, p;
	char             cookie[300];

	(void)state;
	fcgi_conn_init(&c);
	buf_init(&b);
	buf_init(&p);
	memset(cookie, 'x', sizeof(cookie) - 1);
	cookie[sizeof(cookie) - 1] = '\0';
	begin(&b, 2, FCGI_RESPONDER, false);
	pair(&p, "HTTP_COOKIE", cookie);
	pair(&p, "EMPTY", "");
	/* Pairs with a NUL are dropped whole. */
	buf_append(&p, "\x0d\x01REQUEST_URI\0XY", 16);
	buf_append(&p,
	    "\x01\x03"
	    "Aa\0b",
	    6);
	record(&b, FCGI_PARAMS, 2, p.data, p.len);
	record(&b, FCGI_PARAMS, 2, "", 0);
	record(&b, FCGI_STDIN, 2, "a=1&", 4);
	record(&b, FCGI_STDIN, 2, "b=2", 3);
	record(&b, FCGI_STDIN, 2, "", 0);
	feed(&c, &b);
	assert_int_equal(fcgi_parse(&c), FCGI_REQUEST);
	assert_string_equal(fcgi_param(&c, "HTTP_COOKIE"), cookie);
	assert_string_equal(fcgi_param(&c, "EMPTY"), "");
	assert_null(fcgi_param(&c, "REQUEST_URI"));
	assert_null(fcgi_param(&c, "A"));
	assert_null(fcgi_param(&c, "XY"));
	assert_int_equal(c.body.len, 7);
	assert_memory_equal(c.body.data, "a=1&b=2", 7);
	assert_false(c.body_too_large);
	buf_free(&p);
	buf_free(&b);
	fcgi_conn_free(&c);
}

/* Past the bounds: flagged for 431 and 413, the rest read and dropped. */
static void
test_bounds(void **state)
{
	struct fcgi_conn c;
	struct buf       b;
	static char      chunk[60000];
	size_t           sent;

	(void)state;
	fcgi_conn_init(&c);
	buf_init(&b);
	memset(chunk, 'x', sizeof(chunk));
	begin(&b, 1, FCGI_RESPONDER, true);
	for (sent = 0; sent <= FCGI_PARAMS_MAX; sent += sizeof(chunk))
		record(&b, FCGI_PARAMS, 1, chunk, sizeof(chunk));
	record(&b, FCGI_PARAMS, 1, "", 0);
	for (sent = 0; sent <= BODY_MAX; sent += sizeof(chunk))
		record(&b, FCGI_STDIN, 1, chunk, sizeof(chunk));
	record(&b, FCGI_STDIN, 1, "", 0);
	feed(&c, &b);
	assert_int_equal(fcgi_parse(&c), FCGI_REQUEST);
	assert_true(c.params_too_large);
	assert_true(c.body_too_large);
	assert_true(c.params.len <= FCGI_PARAMS_MAX);
	assert_true(c.body.len <= BODY_MAX);
	buf_free(&b);
	fcgi_conn_free(&c);
}

/* The end record of request id in c.reply, with protocol_status. */
static void
assert_end(const struct fcgi_conn *c, unsigned id, unsigned protocol_status)
{
	const unsigned char *r = (const unsigned char *)c->reply.data;

	assert_int_equal(c->reply.len, 16);
	assert_int_equal(r[1], FCGI_END_REQUEST);
	assert_int_equal(r[2] << 8 | r[3], id);
	assert_int_equal(r[5], 8);
	assert_int_equal(r[8 + 4], protocol_status);
}

static void
test_refusals(void **state)
{
	struct fcgi_conn c;
	struct buf       b;

	(void)state;
	/* Another role. */
	fcgi_conn_init(&c);
	buf_init(&b);
	begin(&b, 3, FCGI_AUTHORIZER, true);
	feed(&c, &b);
	assert_int_equal(fcgi_parse(&c), FCGI_MORE);
	assert_end(&c, 3, FCGI_UNKNOWN_ROLE);
	assert_int_equal(c.id, 0);
	fcgi_conn_free(&c);

	/* A second request while one is in progress: refused, the first
	 * goes on; records of the refused one are ignored. */
	fcgi_conn_init(&c);
	buf_reset(&b);
	begin(&b, 1, FCGI_RESPONDER, true);
	begin(&b, 2, FCGI_RESPONDER, true);
	record(&b, FCGI_PARAMS, 2, "\x01\x01XY", 4);
	feed(&c, &b);
	assert_int_equal(fcgi_parse(&c), FCGI_MORE);
	assert_end(&c, 2, FCGI_CANT_MPX_CONN);
	buf_reset(&c.reply);
	buf_reset(&b);
	record(&b, FCGI_PARAMS, 1, "", 0);
	record(&b, FCGI_STDIN, 1, "", 0);
	feed(&c, &b);
	assert_int_equal(fcgi_parse(&c), FCGI_REQUEST);
	assert_int_equal(c.id, 1);
	assert_null(fcgi_param(&c, "X"));
	fcgi_conn_free(&c);

	/* Aborted: ended, and the connection free for the next. */
	fcgi_conn_init(&c);
	buf_reset(&b);
	begin(&b, 1, FCGI_RESPONDER, true);
	record(&b, FCGI_ABORT_REQUEST, 1, "", 0);
	feed(&c, &b);
	assert_int_equal(fcgi_parse(&c), FCGI_MORE);
	assert_end(&c, 1, FCGI_REQUEST_COMPLETE);
	assert_false(fcgi_busy(&c));
	buf_free(&b);
	fcgi_conn_free(&c);
}

static void
test_management(void **state)
{
	struct fcgi_conn     c;
	struct buf           b, p;
	const unsigned char *r;

	(void)state;
	fcgi_conn_init(&c);
	buf_init(&b);
	buf_init(&p);
	pair(&p, FCGI_MPXS_CONNS, "");
	pair(&p, "NO_SUCH_VALUE", "");
	record(&b, FCGI_GET_VALUES, 0, p.data, p.len);
	record(&b, 99, 0, "", 0);
	feed(&c, &b);
	assert_int_equal(fcgi_parse(&c), FCGI_MORE);
	r = (const unsigned char *)c.reply.data;
	assert_int_equal(r[1], FCGI_GET_VALUES_RESULT);
	assert_int_equal(r[5], 2 + strlen(FCGI_MPXS_CONNS) + 1);
	assert_memory_equal(r + 10, FCGI_MPXS_CONNS "0",
	    strlen(FCGI_MPXS_CONNS) + 1);
	r += 8 + r[5];
	assert_int_equal(r[1], FCGI_UNKNOWN_TYPE);
	assert_int_equal(r[8], 99);
	buf_free(&p);
	buf_free(&b);
	fcgi_conn_free(&c);
}

/* b, fed to a new connection, closes it for the reason why. */
static void
assert_broken(const struct buf *b, const char *why)
{
	struct fcgi_conn c;

	fcgi_conn_init(&c);
	feed(&c, b);
	assert_int_equal(fcgi_parse(&c), FCGI_BROKEN);
	assert_string_equal(c.error, why);
	fcgi_conn_free(&c);
}

/* Each input closes the connection, with the reason. */
static void
test_broken(void **state)
{
	static const struct {
		const char *bytes;
		size_t      len;
		const char *why;
	} cases[] = {
		{ "\x02\x01\x00\x01\x00\x00\x00\x00", 8, "version" },
		{ "\x01\x01\x00\x01\x00\x02\x00\x00\x00\x01", 10, "short" },
		{ "\x01\x05\x00\x01\x00\x00\x00\x00", 8, "" /* no request */ },
	};
	struct fcgi_conn c;
	struct buf       b;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fcgi_conn_init(&c);
		buf_append(&c.in, cases[i].bytes, cases[i].len);
		if (*cases[i].why == '\0') {
			/* Records of no request in progress are ignored. */
			assert_int_equal(fcgi_parse(&c), FCGI_MORE);
		} else {
			assert_int_equal(fcgi_parse(&c), FCGI_BROKEN);
			assert_non_null(strstr(c.error, cases[i].why));
		}
		fcgi_conn_free(&c);
	}

	buf_init(&b);
	/* Stdin before the parameters ended. */
	begin(&b, 1, FCGI_RESPONDER, false);
	record(&b, FCGI_STDIN, 1, "", 0);
	assert_broken(&b, "FCGI_STDIN before the end of FCGI_PARAMS");
	/* A pair whose lengths pass the record's end: 2^31 - 2, which
	 * libfcgi 2.4.2 died of, and a plain one. */
	buf_reset(&b);
	begin(&b, 1, FCGI_RESPONDER, false);
	record(&b, FCGI_PARAMS, 1, "\xff\xff\xff\xfe\x00xx", 7);
	record(&b, FCGI_PARAMS, 1, "", 0);
	assert_broken(&b, "malformed FCGI_PARAMS");
	buf_reset(&b);
	begin(&b, 1, FCGI_RESPONDER, false);
	record(&b, FCGI_PARAMS, 1,
	    "\x01\x64"
	    "Ab",
	    4);
	record(&b, FCGI_PARAMS, 1, "", 0);
	assert_broken(&b, "malformed FCGI_PARAMS");
	/* The same request begun twice; parameters after their end. */
	buf_reset(&b);
	begin(&b, 1, FCGI_RESPONDER, false);
	begin(&b, 1, FCGI_RESPONDER, false);
	assert_broken(&b, "FCGI_BEGIN_REQUEST twice");
	buf_reset(&b);
	begin(&b, 1, FCGI_RESPONDER, false);
	record(&b, FCGI_PARAMS, 1, "", 0);
	record(&b, FCGI_PARAMS, 1, "\x01\x01XY", 4);
	assert_broken(&b, "FCGI_PARAMS after their end");
	buf_free(&b);
}

/* A response: head and body as STDOUT records of at most 32 KiB, the
 * empty one, END_REQUEST. */
static void
test_response(void **state)
{
	static char          body[70000];
	struct buf           out;
	const unsigned char *r;
	size_t               got = 0, records = 0;

	(void)state;
	memset(body, 'b', sizeof(body));
	buf_init(&out);
	fcgi_response(&out, 258, "Status: 200 OK\r\n\r\n", 18, body,
	    sizeof(body));
	r = (const unsigned char *)out.data;
	for (;;) {
		size_t n = (size_t)r[4] << 8 | r[5];

		assert_int_equal(r[0], 1);
		assert_int_equal(r[2] << 8 | r[3], 258);
		if (r[1] == FCGI_END_REQUEST)
			break;
		assert_int_equal(r[1], FCGI_STDOUT);
		assert_true(n <= 32768);
		got += n;
		records++;
		r += 8 + n + r[6];
	}
	assert_int_equal(got, 18 + sizeof(body));
	assert_int_equal(records, 1 + 3 + 1); /* head, 3 of body, the end */
	assert_int_equal(r[8 + 4], FCGI_REQUEST_COMPLETE);
	assert_int_equal((size_t)(r + 16 - (const unsigned char *)out.data),
	    out.len);
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_whole),
		cmocka_unit_test(test_request_byte_by_byte),
		cmocka_unit_test(test_two_requests_at_once),
		cmocka_unit_test(test_long_lengths_and_body),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_management),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_response),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
