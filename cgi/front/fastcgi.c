/*
 * FastCGI records (the FastCGI 1.0 specification, fastcgi.h's names):
 * an 8-byte header -- version 1, type, request id, content length,
 * padding length -- then the content and the padding.  A responder gets
 * FCGI_BEGIN_REQUEST, FCGI_PARAMS until an empty one, FCGI_STDIN until
 * an empty one; it answers FCGI_STDOUT records, an empty one and
 * FCGI_END_REQUEST.  Every length is checked against what arrived.
 */
#include <stdint.h>
#include <string.h>

#include <fastcgi.h>

#include "core/http.h"
#include "front/fastcgi.h"

enum { STDOUT_CHUNK = 32768 };

void
fcgi_conn_init(struct fcgi_conn *c)
{
	memset(c, 0, sizeof(*c));
	buf_init(&c->in);
	buf_init(&c->params);
	buf_init(&c->env);
	buf_init(&c->body);
	buf_init(&c->reply);
}

void
fcgi_conn_free(struct fcgi_conn *c)
{
	buf_free(&c->in);
	buf_free(&c->params);
	buf_free(&c->env);
	buf_free(&c->body);
	buf_free(&c->reply);
}

static void
put_header(struct buf *out, unsigned type, unsigned id, size_t len)
{
	unsigned char h[FCGI_HEADER_LEN] = { FCGI_VERSION_1,
		(unsigned char)type, (unsigned char)(id >> 8),
		(unsigned char)id, (unsigned char)(len >> 8),
		(unsigned char)len, 0, 0 };

	buf_append(out, h, sizeof(h));
}

static void
put_end(struct buf *out, unsigned id, unsigned protocol_status)
{
	unsigned char body[8] = { 0, 0, 0, 0, (unsigned char)protocol_status };

	put_header(out, FCGI_END_REQUEST, id, sizeof(body));
	buf_append(out, body, sizeof(body));
}

static void
put_stdout(struct buf *out, unsigned id, const char *s, size_t n)
{
	while (n > 0) {
		size_t k = n < STDOUT_CHUNK ? n : STDOUT_CHUNK;

		put_header(out, FCGI_STDOUT, id, k);
		buf_append(out, s, k);
		s += k;
		n -= k;
	}
}

void
fcgi_response(struct buf *out, unsigned id, const char *head, size_t head_len,
    const char *body, size_t body_len)
{
	put_stdout(out, id, head, head_len);
	put_stdout(out, id, body, body_len);
	put_header(out, FCGI_STDOUT, id, 0);
	put_end(out, id, FCGI_REQUEST_COMPLETE);
}

/* One length of a name-value pair: 1 byte, or 4 with the top bit set. */
static bool
pair_length(const unsigned char **p, const unsigned char *end, size_t *n)
{
	if (*p >= end)
		return false;
	if (!(**p & 0x80)) {
		*n = *(*p)++;
		return true;
	}
	if (end - *p < 4)
		return false;
	*n = (size_t)((*p)[0] & 0x7f) << 24 | (size_t)(*p)[1] << 16 |
	    (size_t)(*p)[2] << 8 | (*p)[3];
	*p += 4;
	return true;
}

/* Called with each name-value pair. */
typedef void pair_fn(void *arg, const char *name, size_t name_len,
    const char *value, size_t value_len);

/* Calls each(arg, …) for the pairs of s[0..n); false if malformed. */
static bool
pairs(const char *s, size_t n, pair_fn *each, void *arg)
{
	const unsigned char *p = (const unsigned char *)s, *end;
	size_t               kn, vn;

	if (n == 0)
		return true; /* s may be NULL */
	for (end = p + n; p < end;) {
		if (!pair_length(&p, end, &kn) || !pair_length(&p, end, &vn) ||
		    kn > (size_t)(end - p) || vn > (size_t)(end - p) - kn)
			return false;
		each(arg, (const char *)p, kn, (const char *)p + kn, vn);
		p += kn + vn;
	}
	return true;
}

/* A pair with a NUL (no web server sends one) is dropped: a C string
 * would cut it short, and a name cut short could pass for another. */
static void
add_env(void *arg, const char *k, size_t kn, const char *v, size_t vn)
{
	struct buf *env = arg;

	if (memchr(k, '\0', kn) != NULL || memchr(v, '\0', vn) != NULL)
		return;
	buf_append(env, k, kn);
	buf_putc(env, '\0');
	buf_append(env, v, vn);
	buf_putc(env, '\0');
}

const char *
fcgi_param(const struct fcgi_conn *c, const char *name)
{
	const char *p = c->env.data, *end;

	if (c->env.len == 0)
		return NULL; /* p may be NULL */
	for (end = p + c->env.len; p < end;) {
		const char *v = p + strlen(p) + 1;

		if (strcmp(p, name) == 0)
			return v;
		p = v + strlen(v) + 1;
	}
	return NULL;
}

/* FCGI_GET_VALUES: the variables asked for that bantin knows. */
static void
add_value(void *arg, const char *k, size_t kn, const char *v, size_t vn)
{
	struct buf *out = arg;
	const char *value = NULL;

	(void)v;
	(void)vn;
	if (kn == strlen(FCGI_MPXS_CONNS) &&
	    memcmp(k, FCGI_MPXS_CONNS, kn) == 0)
		value = "0";
	if (value == NULL)
		return;
	buf_putc(out, (char)kn);
	buf_putc(out, (char)strlen(value));
	buf_append(out, k, kn);
	buf_puts(out, value);
}

static void
management(struct fcgi_conn *c, unsigned type, const char *s, size_t n)
{
	struct buf values;

	if (type != FCGI_GET_VALUES) {
		unsigned char body[8] = { (unsigned char)type };

		put_header(&c->reply, FCGI_UNKNOWN_TYPE, 0, sizeof(body));
		buf_append(&c->reply, body, sizeof(body));
		return;
	}
	buf_init(&values);
	if (pairs(s, n, add_value, &values)) {
		put_header(&c->reply, FCGI_GET_VALUES_RESULT, 0, values.len);
		buf_append(&c->reply, values.data, values.len);
	}
	buf_free(&values);
}

static void
begin(struct fcgi_conn *c, unsigned id, const unsigned char *s, size_t n)
{
	if (n < 8) {
		c->error = "a short FCGI_BEGIN_REQUEST";
		return;
	}
	if (c->id != 0) {
		/* A second request at once: refused, as the spec says. */
		if (id == c->id)
			c->error = "FCGI_BEGIN_REQUEST twice";
		else
			put_end(&c->reply, id, FCGI_CANT_MPX_CONN);
		return;
	}
	if ((s[0] << 8 | s[1]) != FCGI_RESPONDER) {
		put_end(&c->reply, id, FCGI_UNKNOWN_ROLE);
		return;
	}
	fcgi_request_done(c);
	c->id = id;
	c->keep = s[2] & FCGI_KEEP_CONN;
}

static void
params(struct fcgi_conn *c, const char *s, size_t n)
{
	if (c->params_done) {
		c->error = "FCGI_PARAMS after their end";
		return;
	}
	if (n > 0) {
		if (c->params.len + n > FCGI_PARAMS_MAX)
			c->params_too_large = true;
		else
			buf_append(&c->params, s, n);
		return;
	}
	c->params_done = true;
	if (c->params_too_large)
		return;
	if (!pairs(c->params.data, c->params.len, add_env, &c->env))
		c->error = "malformed FCGI_PARAMS";
}

/* True when the request's stdin ended. */
static bool
stdin_record(struct fcgi_conn *c, const char *s, size_t n)
{
	if (!c->params_done) {
		c->error = "FCGI_STDIN before the end of FCGI_PARAMS";
		return false;
	}
	if (n == 0)
		return true;
	if (c->body.len + n > BODY_MAX)
		c->body_too_large = true;
	else
		buf_append(&c->body, s, n);
	return false;
}

enum fcgi_event
fcgi_parse(struct fcgi_conn *c)
{
	const unsigned char *h;
	size_t               off = 0, len, rec;
	bool                 ready = false;
	unsigned             type, id;

	while (!ready && c->error == NULL &&
	    c->in.len - off >= FCGI_HEADER_LEN) {
		h = (const unsigned char *)c->in.data + off;
		if (h[0] != FCGI_VERSION_1) {
			c->error = "not FastCGI version 1";
			break;
		}
		len = (size_t)h[4] << 8 | h[5];
		if ((rec = FCGI_HEADER_LEN + len + h[6]) > c->in.len - off)
			break;
		type = h[1];
		id = (unsigned)h[2] << 8 | h[3];
		off += rec;
		h += FCGI_HEADER_LEN;
		if (id == FCGI_NULL_REQUEST_ID)
			management(c, type, (const char *)h, len);
		else if (type == FCGI_BEGIN_REQUEST)
			begin(c, id, h, len);
		else if (id != c->id)
			continue; /* a request not (or no longer) in progress */
		else if (type == FCGI_ABORT_REQUEST) {
			put_end(&c->reply, id, FCGI_REQUEST_COMPLETE);
			fcgi_request_done(c);
		} else if (type == FCGI_PARAMS)
			params(c, (const char *)h, len);
		else if (type == FCGI_STDIN)
			ready = stdin_record(c, (const char *)h, len);
	}
	if (off > 0) {
		memmove(c->in.data, c->in.data + off, c->in.len - off);
		c->in.len -= off;
	}
	if (c->error != NULL || buf_failed(&c->in) || buf_failed(&c->params) ||
	    buf_failed(&c->env) || buf_failed(&c->body) ||
	    buf_failed(&c->reply)) {
		if (c->error == NULL)
			c->error = "out of memory";
		return FCGI_BROKEN;
	}
	return ready ? FCGI_REQUEST : FCGI_MORE;
}

bool
fcgi_busy(const struct fcgi_conn *c)
{
	return c->id != 0 || c->in.len > 0;
}

void
fcgi_request_done(struct fcgi_conn *c)
{
	buf_reset(&c->params);
	buf_reset(&c->env);
	buf_reset(&c->body);
	c->id = 0;
	c->params_done = c->params_too_large = c->body_too_large = false;
}
