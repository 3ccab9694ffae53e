#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/http.h"
#include "base/log.h"

void
response_init(struct response *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->headers);
	buf_init(&r->body);
	r->status = 200;
}

void
response_reset(struct response *r)
{
	buf_reset(&r->headers);
	buf_reset(&r->body);
	r->status = 200;
	r->body_ref = NULL;
	r->body_ref_len = 0;
	r->head_only = false;
}

void
response_free(struct response *r)
{
	buf_free(&r->headers);
	buf_free(&r->body);
}

static bool
header_safe(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

void
response_header(struct response *r, const char *name, const char *value)
{
	if (!header_safe(name) || !header_safe(value) ||
	    strchr(name, ':') != NULL) {
		log_error("refused header %s with a control "
		          "character",
		    name);
		return;
	}
	buf_puts(&r->headers, name);
	buf_append(&r->headers, ": ", 2);
	buf_puts(&r->headers, value);
	buf_append(&r->headers, "\r\n", 2);
}

void
response_header_replace(struct response *r, const char *name, const char *value)
{
	struct buf *h = &r->headers;
	size_t      n = strlen(name), at = 0, end;

	while (at < h->len) {
		const char *line = h->data + at;
		const char *eol = memchr(line, '\n', h->len - at);

		end = eol != NULL ? (size_t)(eol - h->data) + 1 : h->len;
		if (end - at > n && line[n] == ':' &&
		    strncasecmp(line, name, n) == 0) {
			memmove(h->data + at, h->data + end, h->len - end);
			h->len -= end - at;
		} else
			at = end;
	}
	response_header(r, name, value);
}

const char *
response_body(const struct response *r, size_t *len)
{
	if (r->body_ref != NULL) {
		*len = r->body_ref_len;
		return r->body_ref;
	}
	*len = r->body.len;
	return r->body.data != NULL ? r->body.data : "";
}

const char *
http_reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 301:
		return "Moved Permanently";
	case 303:
		return "See Other";
	case 304:
		return "Not Modified";
	case 400:
		return "Bad Request";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 409:
		return "Conflict";
	case 413:
		return "Content Too Large";
	case 414:
		return "URI Too Long";
	case 429:
		return "Too Many Requests";
	case 431:
		return "Request Header Fields Too Large";
	case 500:
		return "Internal Server Error";
	case 503:
		return "Service Unavailable";
	default:
		return "Unknown";
	}
}

int
http_status_of(enum st st)
{
	switch (st) {
	case ST_OK:
		return 0;
	case ST_NOT_FOUND:
		return 404;
	case ST_BAD:
		return 400;
	case ST_CLOSED:
	case ST_DUPLICATE:
		return 409;
	case ST_LIMITED:
		return 429;
	case ST_BUSY:
	case ST_DOWN:
		return 503;
	case ST_NOMEM:
	case ST_BUG:
		return 500;
	}
	return 500;
}

int
req_fail(const struct request *req, const char *why, ...)
{
	char    msg[512];
	va_list ap;

	va_start(ap, why);
	vsnprintf(msg, sizeof(msg), why, ap);
	va_end(ap);
	log_error("500 on %s: %s", req->path != NULL ? req->path : "-", msg);
	return 500;
}
