/*
 * The FastCGI records of front/fastcgi.c over any bytes a web server (or
 * a peer on its socket) may send, cut into reads at the points byte 0
 * chooses.  What must hold: each parse either waits for more, closes
 * with a reason, or yields a request whose parameters and body are
 * within their bounds and whose every parameter can be looked up; the
 * bytes kept for later never grow past one record; a response of the
 * request's id is records the reader itself can walk to their end.
 */
#include <fastcgi.h>

#include "core/http.h"
#include "front/fastcgi.h"
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static void
check_response(unsigned id)
{
	struct buf           out;
	const unsigned char *r, *end;

	buf_init(&out);
	fcgi_response(&out, id, "Status: 200 OK\r\n\r\n", 18, "x", 1);
	r = (const unsigned char *)out.data;
	end = r + out.len;
	while (r + 8 <= end && r[1] != FCGI_END_REQUEST) {
		FUZZ_CHECK((unsigned)(r[2] << 8 | r[3]) == id);
		r += 8 + (r[4] << 8 | r[5]) + r[6];
	}
	FUZZ_CHECK(r + 16 == end);
	buf_free(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fcgi_conn c;
	size_t           step, at;

	if (size < 1)
		return 0;
	step = data[0] % 64 + 1; /* bytes per read */
	data++;
	size--;
	fcgi_conn_init(&c);
	for (at = 0; at < size; at += step) {
		enum fcgi_event ev;

		buf_append(&c.in, data + at,
		    size - at < step ? size - at : step);
		while ((ev = fcgi_parse(&c)) == FCGI_REQUEST) {
			FUZZ_CHECK(c.id != 0 && c.params_done);
			FUZZ_CHECK(c.params.len <= FCGI_PARAMS_MAX);
			FUZZ_CHECK(c.body.len <= BODY_MAX);
			(void)fcgi_param(&c, "REQUEST_URI");
			check_response(c.id);
			fcgi_request_done(&c);
		}
		buf_reset(&c.reply);
		if (ev == FCGI_BROKEN) {
			FUZZ_CHECK(c.error != NULL);
			break;
		}
		FUZZ_CHECK(c.in.len < FCGI_RECORD_MAX);
	}
	fcgi_conn_free(&c);
	return 0;
}
