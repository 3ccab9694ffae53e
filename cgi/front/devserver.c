/*
 * bantin-dev: the development front end (`make run`).  libmicrohttpd serves
 * http://127.0.0.1:$PORT/ from ONE internal polling thread, which is the
 * only thread that ever calls the core: the core is single-threaded.
 * Production runs bantin.fcgi behind a real web server; this one binds to
 * the IPv4 loopback only.
 *
 * For each request it
 *   - keeps the raw request target exactly as sent (captured by the URI log
 *     callback, before libmicrohttpd decodes it), because the core decodes
 *     and validates the target itself; a target holding a NUL byte, which
 *     libmicrohttpd would cut short, gets the core's 400;
 *   - bounds the request body to BODY_MAX (413 beyond that) and hands it
 *     to the core;
 *   - serves /css/, /js/, /fonts/, /favicon.ico, /favicon.svg and
 *     /robots.txt from config.www_dir, and /img/ from config.images_dir,
 *     itself, opening each path component with O_NOFOLLOW beneath an
 *     O_DIRECTORY handle, with the cache headers nginx gives them (a
 *     fingerprinted name, "site.<16 hex>.css", is the file "site.css",
 *     kept for a year); anything it will not serve (missing file, odd
 *     path) goes to the core, which answers 404 or 400;
 *   - hands /live/, /dang-nhap and /dang-xuat to the live app and
 *     everything else to the page app through core_handle(), expanding
 *     the live includes of pages as nginx's SSI does in production, and
 *     copies the response out.
 *
 * SIGINT or SIGTERM stops the daemon, shuts the core down and exits 0.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "base/buf.h"
#include "base/config.h"
#include "core/core.h"
#include "core/http.h"
#include "base/log.h"
#include "core/url.h"
#include "front/ssi.h"
#include "live/live.h"
#include "pages/page.h"

enum {
	BODY_DISCARD_MAX = 1024 * 1024, /* chunked bodies: hang up past this */
	/* Per connection (mapped, touched as used).  libmicrohttpd keeps a
	 * record per query argument in it: any target up to URI_MAX, even
	 * 4 000 "a&", must fit so that the core can answer 400 or 414;
	 * with 64 KiB, 1 000 arguments left the connection hanging. */
	CONN_MEMORY = 512 * 1024,
	CONN_LIMIT = 256,
	CONN_PER_IP = 64,
	CONN_TIMEOUT = 10, /* seconds of inactivity */
};

/* State shared by all requests; only the MHD thread touches it while the
 * daemon runs. */
struct server {
	/* O_DIRECTORY handle of config.www_dir */
	int             www_fd;
	int             img_fd;   /* of config.images_dir, or -1 */
	struct response resp;     /* reset and reused by every request */
	struct buf      line;     /* scratch: one response header */
	struct arena    arena;    /* scratch: the decoded static path */
	struct response fragment; /* a live include's answer */
	/* the page with its includes expanded */
	struct buf      expanded;
};

/*
 * One per connection: the request context not yet reported complete.
 * libmicrohttpd reports a request complete only once the access handler
 * has seen it; one it gives up on while parsing (more query arguments
 * than its memory holds) is dropped with the connection, and its context
 * is freed then.
 */
struct conn_state {
	struct request_ctx *pending;
};

/* One per HTTP request: made by the URI log callback, freed when MHD
 * reports the request complete, or else with its connection. */
struct request_ctx {
	struct conn_state *conn; /* its connection's, or NULL */
	/* raw request target as sent, or NULL */
	char              *uri;
	/* where libmicrohttpd's copy of it ends */
	const char        *uri_end;
	/* the access handler has seen the headers */
	bool               started;
	bool               too_large; /* the body passed BODY_MAX */
	uint64_t           body_len;
	struct buf         body; /* up to BODY_MAX bytes of it */
	struct timespec    start;
};

enum static_status {
	STATIC_NONE,    /* not a static path: the core's */
	STATIC_OK,      /* file->fd is an open regular file */
	STATIC_REFUSED, /* malformed or unsafe: the core answers 400 */
	/* no such servable file: the core answers 404 */
	STATIC_MISSING,
	STATIC_ERROR, /* the system failed us (EMFILE, EIO, …) */
};

struct static_file {
	int         fd;
	uint64_t    size;
	const char *type;
	const char *cache_control;
	/* compressible: Vary: Accept-Encoding */
	bool        text;
};

/* The only top-level directories served; www/templates/ is never one. */
static const char *const static_dirs[] = { "css", "img", "js", "fonts" };
static const char *const static_top_files[] = { "favicon.ico", "favicon.svg",
	"robots.txt" };

/* As deploy/nginx/bantin.conf: a fingerprinted name or a picture (whose
 * name is its content's hash) for a year, the icon browsers ask for by
 * name for a week, anything else for an hour. */
static const char CACHE_YEAR[] = "public, max-age=31536000, immutable";
static const char CACHE_WEEK[] = "public, max-age=604800";
static const char CACHE_HOUR[] = "public, max-age=3600";

/* Files with any other extension are not served (404), so stray editor
 * backups or sources dropped into www/ stay private. */
static const struct {
	const char *ext;
	const char *type;
} static_types[] = {
	{ "css", "text/css; charset=utf-8" },
	{ "js", "text/javascript; charset=utf-8" },
	{ "svg", "image/svg+xml" },
	{ "png", "image/png" },
	{ "jpg", "image/jpeg" },
	{ "jpeg", "image/jpeg" },
	{ "gif", "image/gif" },
	{ "webp", "image/webp" },
	{ "ico", "image/vnd.microsoft.icon" },
	{ "txt", "text/plain; charset=utf-8" },
	{ "woff2", "font/woff2" },
	{ "woff", "font/woff" },
};

static bool
in_list(const char *s, size_t len, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(list[i]) == len && memcmp(list[i], s, len) == 0)
			return true;
	return false;
}

/*
 * Whether a decoded, url_path_safe() path names a static file we are
 * willing to look up: every segment non-empty and none starting with '.'
 * (no hidden files).
 */
static enum static_status
static_classify(const char *path)
{
	const char *seg, *end;
	size_t      len;

	seg = path + 1;
	len = strcspn(seg, "/");
	if (seg[len] == '\0') {
		if (!in_list(seg, len, static_top_files,
		        sizeof(static_top_files) / sizeof(static_top_files[0])))
			return STATIC_NONE;
	} else if (!in_list(seg, len, static_dirs,
	               sizeof(static_dirs) / sizeof(static_dirs[0])))
		return STATIC_NONE;
	for (;; seg = end + 1) {
		end = seg + strcspn(seg, "/");
		if (end == seg || seg[0] == '.')
			return STATIC_REFUSED;
		if (*end == '\0')
			return STATIC_OK;
	}
}

/*
 * A fingerprinted name, "<name>.<16 hex>.<ext>" in the last segment of
 * path, loses its fingerprint in place: it is the file "<name>.<ext>".
 * Whether it had one.
 */
static bool
static_unfingerprint(char *path)
{
	char *seg = strrchr(path, '/') + 1, *ext = strrchr(seg, '.');
	char *dot;

	if (ext == NULL || ext - seg < 18)
		return false;
	dot = ext - 17;
	if (*dot != '.' || dot == seg)
		return false;
	for (const char *p = dot + 1; p < ext; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	memmove(dot, ext, strlen(ext) + 1);
	return true;
}

static const char *
static_type(const char *name)
{
	const char *dot;
	size_t      i;

	if ((dot = strrchr(name, '.')) == NULL)
		return NULL;
	for (i = 0; i < sizeof(static_types) / sizeof(static_types[0]); i++)
		if (strcasecmp(dot + 1, static_types[i].ext) == 0)
			return static_types[i].type;
	return NULL;
}

/* After a failed open or stat: errno values that just mean "nothing
 * servable here" are the core's 404; anything else is worth a line. */
static enum static_status
static_failed(const char *name)
{
	switch (errno) {
	case ENOENT:
	case ENOTDIR:
	case ELOOP: /* a symlink, refused by O_NOFOLLOW */
	case EACCES:
	case EPERM:
	case ENAMETOOLONG:
	case ENXIO:
		return STATIC_MISSING;
	default:
		fprintf(stderr, "bantin-dev: static file %s: %s\n", name,
		    strerror(errno));
		return STATIC_ERROR;
	}
}

/*
 * Opens rel (a checked path relative to www_dir, modified in place) one
 * component at a time, each with O_NOFOLLOW, so neither a symlink nor a
 * ".." can lead outside www_dir.  Only regular files are accepted.
 */
static enum static_status
static_open(int root, char *rel, struct static_file *file)
{
	enum static_status st;
	struct stat        sb;
	char              *seg = rel, *slash;
	int                dir = root, fd = -1, flags;

	while ((slash = strchr(seg, '/')) != NULL) {
		*slash = '\0';
		fd = openat(dir, seg,
		    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd == -1) {
			st = static_failed(seg);
			goto out;
		}
		if (dir != root)
			close(dir);
		dir = fd;
		fd = -1;
		seg = slash + 1;
	}
	if ((file->type = static_type(seg)) == NULL) {
		st = STATIC_MISSING;
		goto out;
	}
	file->text = strncmp(file->type, "text/", 5) == 0 ||
	    strcmp(file->type, "image/svg+xml") == 0;
	/* O_NONBLOCK: a FIFO planted in www/ must not hang the only thread. */
	fd = openat(dir, seg,
	    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd == -1 || fstat(fd, &sb) == -1) {
		st = static_failed(seg);
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		st = STATIC_MISSING;
		goto out;
	}
	/* MHD wants a blocking descriptor. */
	if ((flags = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == -1) {
		st = static_failed(seg);
		goto out;
	}
	file->fd = fd;
	file->size = (uint64_t)sb.st_size;
	fd = -1;
	st = STATIC_OK;
out:
	if (fd != -1)
		close(fd);
	if (dir != root)
		close(dir);
	return st;
}

/*
 * Finds the static file a GET or HEAD for the raw uri names.  STATIC_NONE,
 * STATIC_REFUSED and STATIC_MISSING all mean "let the core answer".
 */
static enum static_status
static_lookup(struct server *srv, const char *uri, struct static_file *file)
{
	const char        *q;
	char              *path;
	enum static_status st;

	if (uri == NULL || uri[0] != '/')
		return STATIC_NONE;
	q = strchr(uri, '?');
	/* The core's own decoding and checks: one definition of a safe path. */
	arena_reset(&srv->arena);
	path = url_decode(&srv->arena, uri,
	    q != NULL ? (size_t)(q - uri) : strlen(uri), false, NULL);
	if (path == NULL || !url_path_safe(path))
		return STATIC_REFUSED;
	file->cache_control =
	    static_unfingerprint(path) || strncmp(path, "/img/", 5) == 0 ?
	    CACHE_YEAR :
	    strcmp(path, "/favicon.ico") == 0 ? CACHE_WEEK :
	                                        CACHE_HOUR;
	if ((st = static_classify(path)) != STATIC_OK)
		return st;
	if (strncmp(path, "/img/", 5) == 0)
		return srv->img_fd == -1 ?
		    STATIC_MISSING :
		    static_open(srv->img_fd, path + 5, file);
	return static_open(srv->www_fd, path + 1, file);
}

static long
elapsed_micros(const struct timespec *t0)
{
	struct timespec now;

	if (clock_gettime(CLOCK_MONOTONIC, &now) == -1)
		return 0;
	return (long)(now.tv_sec - t0->tv_sec) * 1000000L +
	    (now.tv_nsec - t0->tv_nsec) / 1000L;
}

static const char *
client_addr(struct MHD_Connection *c, char *out, size_t size)
{
	const union MHD_ConnectionInfo *ci;
	struct sockaddr_in              sin;
	struct sockaddr_in6             sin6;

	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || ci->client_addr == NULL)
		return NULL;
	switch (ci->client_addr->sa_family) {
	case AF_INET:
		memcpy(&sin, ci->client_addr, sizeof(sin));
		return inet_ntop(AF_INET, &sin.sin_addr, out, (socklen_t)size);
	case AF_INET6:
		memcpy(&sin6, ci->client_addr, sizeof(sin6));
		return inet_ntop(AF_INET6, &sin6.sin6_addr, out,
		    (socklen_t)size);
	default:
		return NULL;
	}
}

static void
fill_input(struct http_input *in, struct MHD_Connection *c,
    const struct request_ctx *ctx, const char *method, char *addr,
    size_t addr_size)
{
	memset(in, 0, sizeof(*in));
	in->method = method;
	/* No target (a NUL byte in it): the core answers 400. */
	in->uri = ctx != NULL ? ctx->uri : NULL;
	in->remote_addr = client_addr(c, addr, addr_size);
	in->user_agent = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_USER_AGENT);
	in->cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_COOKIE);
	in->origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_ORIGIN);
	in->referer = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_REFERER);
	in->sec_fetch_site =
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Sec-Fetch-Site");
	in->x_forwarded_for =
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For");
	in->content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_TYPE);
	in->if_none_match = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_IF_NONE_MATCH);
}

/* A short text/plain answer for the few errors the front end gives itself. */
static enum MHD_Result
queue_plain(struct MHD_Connection *c, int status, const char *text)
{
	struct MHD_Response *r;
	enum MHD_Result      ret = MHD_NO;

	r = MHD_create_response_from_buffer(strlen(text), (void *)text,
	    MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		goto out;
	if (MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	        "text/plain; charset=utf-8") == MHD_NO)
		goto out;
	if (status == 413 &&
	    MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close") ==
	        MHD_NO)
		goto out;
	ret = MHD_queue_response(c, (unsigned int)status, r);
out:
	if (r != NULL)
		MHD_destroy_response(r);
	return ret;
}

/* queue_plain(), plus the request log line the core would have written. */
static enum MHD_Result
answer_plain(struct server *srv, struct MHD_Connection *c,
    const struct request_ctx *ctx, const char *method, int status,
    const char *text)
{
	struct http_input in;
	char              addr[INET6_ADDRSTRLEN];
	enum MHD_Result   ret;

	ret = queue_plain(c, status, text);
	fill_input(&in, c, ctx, method, addr, sizeof(addr));
	response_reset(&srv->resp);
	srv->resp.status = status;
	core_log_request(NULL, &in, &srv->resp,
	    ctx != NULL && ctx->started ? elapsed_micros(&ctx->start) : 0);
	return ret;
}

static enum MHD_Result
answer_static(struct server *srv, struct MHD_Connection *c,
    const struct request_ctx *ctx, const struct http_input *in,
    struct static_file *file)
{
	struct MHD_Response *r;
	enum MHD_Result      ret = MHD_NO;

	/* On success the response owns (and will close) the descriptor. */
	if ((r = MHD_create_response_from_fd64(file->size, file->fd)) == NULL) {
		close(file->fd);
		goto out;
	}
	if (MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	        file->type) == MHD_NO ||
	    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
	        file->cache_control) == MHD_NO ||
	    (file->text &&
	        MHD_add_response_header(r, MHD_HTTP_HEADER_VARY,
	            "Accept-Encoding") == MHD_NO) ||
	    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff") ==
	        MHD_NO)
		goto out;
	ret = MHD_queue_response(c, 200, r);
out:
	if (r != NULL)
		MHD_destroy_response(r);
	if (ret == MHD_NO)
		return answer_plain(srv, c, ctx, in->method, 500,
		    "internal error\n");
	response_reset(&srv->resp);
	srv->resp.status = 200;
	srv->resp.head_only = strcmp(in->method, MHD_HTTP_METHOD_HEAD) == 0;
	core_log_request(NULL, in, &srv->resp, elapsed_micros(&ctx->start));
	return ret;
}

/*
 * Splits the next "Name: value\r\n" line of a core response's headers off
 * *p.  Returns 1 with name and value set, 0 at the end, -1 if malformed.
 */
static int
next_header(const char **p, const char *end, const char **name,
    size_t *name_len, const char **value, size_t *value_len)
{
	const char *eol, *sep;

	if (*p >= end)
		return 0;
	if ((eol = memchr(*p, '\r', (size_t)(end - *p))) == NULL ||
	    eol + 1 >= end || eol[1] != '\n')
		return -1;
	if ((sep = memchr(*p, ':', (size_t)(eol - *p))) == NULL || sep == *p ||
	    sep + 1 >= eol || sep[1] != ' ')
		return -1;
	*name = *p;
	*name_len = (size_t)(sep - *p);
	*value = sep + 2;
	*value_len = (size_t)(eol - *value);
	*p = eol + 2;
	return 1;
}

static bool
is_content_length(const char *name, size_t len)
{
	return len == strlen(MHD_HTTP_HEADER_CONTENT_LENGTH) &&
	    strncasecmp(name, MHD_HTTP_HEADER_CONTENT_LENGTH, len) == 0;
}

/*
 * Copies the core's header lines onto r, all but Content-Length, which
 * MHD computes itself (and refuses from us).
 */
static int
copy_headers(struct server *srv, struct MHD_Response *r,
    const struct response *resp)
{
	const char *p, *end, *name, *value;
	size_t      nlen, vlen;
	int         more;

	if (resp->headers.len == 0)
		return 0;
	p = resp->headers.data;
	end = p + resp->headers.len;
	while ((more = next_header(&p, end, &name, &nlen, &value, &vlen)) ==
	    1) {
		if (is_content_length(name, nlen))
			continue;
		/* MHD wants NUL-terminated strings: name\0value\0. */
		buf_reset(&srv->line);
		buf_append(&srv->line, name, nlen);
		buf_putc(&srv->line, '\0');
		buf_append(&srv->line, value, vlen);
		buf_cstr(&srv->line);
		if (buf_failed(&srv->line) ||
		    MHD_add_response_header(r, srv->line.data,
		        srv->line.data + nlen + 1) == MHD_NO) {
			fprintf(stderr,
			    "bantin-dev: could not add response "
			    "header %.*s\n",
			    (int)nlen, name);
			return -1;
		}
	}
	if (more == -1) {
		fprintf(stderr,
		    "bantin-dev: malformed response headers from "
		    "the core\n");
		return -1;
	}
	return 0;
}

/* The request carries a session cookie: the $bantin_member of the
 * production configurations (nginx's map, Apache's SetEnvIf). */
static bool
has_session_cookie(const char *cookie)
{
	char value[65];

	return cookie_hex(cookie, "bantin_sid", 64, value) ||
	    cookie_hex(cookie, "__Host-bantin_sid", 64, value);
}

/* The live app's answer to an include, asked with the page request's own
 * headers (cookies included), as the servers' subrequests are. */
struct subrequest {
	struct server    *srv;
	struct http_input in;
};

static bool
live_include(void *arg, const char *uri, size_t len, struct buf *out)
{
	struct subrequest *sub = arg;
	struct server     *srv = sub->srv;
	const char        *frag;
	size_t             flen;

	buf_reset(&srv->line);
	buf_append(&srv->line, uri, len);
	sub->in.uri = buf_cstr(&srv->line);
	response_reset(&srv->fragment);
	core_handle(&live_app, &sub->in, &srv->fragment);
	if (srv->fragment.status != 200)
		return false;
	frag = response_body(&srv->fragment, &flen);
	buf_append(out, frag, flen);
	return true;
}

/* Expands a page's live includes (front/ssi.h) as nginx does. */
static void
expand_includes(struct server *srv, struct http_input const *in,
    struct response *page)
{
	struct subrequest sub = { srv, *in };
	const char       *body;
	size_t            len;

	sub.in.method = "GET";
	body = response_body(page, &len);
	if (page->status != 200 ||
	    !ssi_expand(&srv->expanded, body, len,
	        has_session_cookie(in->cookie), live_include, &sub) ||
	    buf_failed(&srv->expanded))
		return;
	buf_reset(&page->body);
	buf_append(&page->body, srv->expanded.data, srv->expanded.len);
	page->body_ref = NULL;
}

/* /dang-nhap or /dang-xuat, with or without a query. */
static bool
account_page(const char *uri)
{
	size_t n;

	if (uri == NULL)
		return false;
	n = strcspn(uri, "?");
	return n == 10 &&
	    (strncmp(uri, "/dang-nhap", n) == 0 ||
	        strncmp(uri, "/dang-xuat", n) == 0);
}

static enum MHD_Result
answer_core(struct server *srv, struct MHD_Connection *c,
    const struct http_input *in)
{
	struct response     *resp = &srv->resp;
	struct MHD_Response *r = NULL;
	const char          *body;
	size_t               len;
	enum MHD_Result      ret = MHD_NO;

	response_reset(resp);
	if (in->uri != NULL && strncmp(in->uri, "/live/", 6) == 0)
		core_handle(&live_app, in, resp);
	else {
		/* The account pages write (sessions): the live app's, as
		 * deploy/nginx/bantin.conf routes them. */
		core_handle(account_page(in->uri) ? &live_app : &pages_app, in,
		    resp);
		expand_includes(srv, in, resp);
	}

	/* The core renders the body for HEAD too (head_only is set), so
	 * the Content-Length MHD computes matches GET; MHD sends no body. */
	body = response_body(resp, &len);
	r = MHD_create_response_from_buffer(len,
	    (void *)(body != NULL ? body : ""), MHD_RESPMEM_MUST_COPY);
	if (r == NULL || copy_headers(srv, r, resp) == -1)
		goto out;
	ret = MHD_queue_response(c, (unsigned int)resp->status, r);
out:
	if (r != NULL)
		MHD_destroy_response(r);
	if (ret == MHD_NO) {
		/* The core has logged its status already; say why it
		 * changed. */
		fprintf(stderr,
		    "bantin-dev: could not send the core's %d "
		    "response; sent 500\n",
		    resp->status);
		return queue_plain(c, 500, "internal error\n");
	}
	return ret;
}

static bool
declared_too_large(struct MHD_Connection *c)
{
	const char        *cl;
	char              *end;
	unsigned long long n;

	cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl == NULL)
		return false;
	errno = 0;
	n = strtoull(cl, &end, 10);
	/* MHD itself rejects a malformed Content-Length before we get here. */
	return end != cl && (errno == ERANGE || n > BODY_MAX);
}

/*
 * Whether the request target held a NUL byte.  libmicrohttpd 0.9.75 reads
 * the request line into its buffer and ends the target and the version
 * with a NUL where their spaces were, then hands out C strings: a NUL sent
 * inside the target cuts it short ("/thoi-su/\0…" would be served as
 * "/thoi-su/"), and the version then starts further on than just past it.
 */
static bool
target_has_nul(const struct request_ctx *ctx, const char *version)
{
	uintptr_t end = (uintptr_t)ctx->uri_end, v = (uintptr_t)version;

	return ctx->uri_end != NULL && v > end + 1 && v - end < CONN_MEMORY;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct server      *srv = cls;
	struct request_ctx *ctx = *con_cls;
	struct http_input   in;
	struct static_file  file = { .fd = -1 };
	char                addr[INET6_ADDRSTRLEN];
	bool                get_or_head;

	(void)url; /* decoded by MHD: the core wants ctx->uri */

	if (ctx == NULL) /* on_uri() ran out of memory */
		return answer_plain(srv, c, NULL, method, 500,
		    "out of memory\n");

	if (!ctx->started) {
		/* First call: headers only.  Refuse a declared oversized body
		 * now, before MHD sends "100 Continue" or reads any of it. */
		ctx->started = true;
		if (clock_gettime(CLOCK_MONOTONIC, &ctx->start) == -1)
			memset(&ctx->start, 0, sizeof(ctx->start));
		if (target_has_nul(ctx, version)) {
			log_warn("a request target held a NUL byte: 400");
			free(ctx->uri);
			ctx->uri = NULL;
		}
		if (declared_too_large(c))
			return answer_plain(srv, c, ctx, method, 413,
			    "request body too large\n");
		return MHD_YES;
	}

	if (*upload_data_size != 0) {
		/* Keep up to BODY_MAX bytes.  MHD will not take a response
		 * mid-upload, so a chunked body past the limit gets its 413
		 * at the end, or a hang-up if it goes on. */
		ctx->body_len += *upload_data_size;
		if (ctx->body_len > BODY_MAX)
			ctx->too_large = true;
		else
			buf_append(&ctx->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return ctx->body_len > BODY_DISCARD_MAX ? MHD_NO : MHD_YES;
	}
	if (ctx->too_large)
		return answer_plain(srv, c, ctx, method, 413,
		    "request body too large\n");

	fill_input(&in, c, ctx, method, addr, sizeof(addr));
	if (buf_failed(&ctx->body))
		return answer_plain(srv, c, ctx, method, 500,
		    "out of memory\n");
	in.body = ctx->body.data;
	in.body_len = ctx->body.len;
	get_or_head = strcmp(method, MHD_HTTP_METHOD_GET) == 0 ||
	    strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
	if (get_or_head && in.uri != NULL && strlen(in.uri) <= URI_MAX) {
		switch (static_lookup(srv, in.uri, &file)) {
		case STATIC_OK:
			return answer_static(srv, c, ctx, &in, &file);
		case STATIC_ERROR:
			return answer_plain(srv, c, ctx, method, 500,
			    "internal error\n");
		default:
			break; /* the core answers: page, 404 or 400 */
		}
	}
	return answer_core(srv, c, &in);
}

static void
free_ctx(struct request_ctx *ctx)
{
	if (ctx->conn != NULL)
		ctx->conn->pending = NULL;
	free(ctx->uri);
	buf_free(&ctx->body);
	free(ctx);
}

/* Called with the request target before MHD splits and decodes it. */
static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci;
	struct request_ctx             *ctx;

	(void)cls;
	if ((ctx = calloc(1, sizeof(*ctx))) == NULL)
		return NULL;
	if (uri != NULL && (ctx->uri = strdup(uri)) == NULL) {
		free(ctx);
		return NULL;
	}
	if (uri != NULL)
		ctx->uri_end = uri + strlen(uri);
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	if (ci != NULL && (ctx->conn = ci->socket_context) != NULL)
		ctx->conn->pending = ctx;
	return ctx;
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	if (*con_cls != NULL) {
		free_ctx(*con_cls);
		*con_cls = NULL;
	}
}

static void
on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode code)
{
	struct conn_state *cs = *socket_context;

	(void)cls;
	(void)c;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		/* Without it (no memory), a dropped request leaks. */
		*socket_context = calloc(1, sizeof(struct conn_state));
		return;
	}
	if (cs != NULL) {
		if (cs->pending != NULL)
			free_ctx(cs->pending);
		free(cs);
		*socket_context = NULL;
	}
}

__attribute__((format(printf, 2, 0))) static void
on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fputs("bantin-dev: libmicrohttpd: ", stderr);
	vfprintf(stderr, fmt, ap);
}

/* MHD does not say why it failed to start; find out whether the port is
 * taken by trying to bind it ourselves. */
static bool
port_in_use(const struct sockaddr_in *sa)
{
	int  fd, one = 1;
	bool used = false;

	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return false;
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (const struct sockaddr *)sa, sizeof(*sa)) == -1)
		used = errno == EADDRINUSE;
	close(fd);
	return used;
}

static void
usage(FILE *f)
{
	fputs(
	    "usage: bantin-dev [--config PATH]\n\n"
	    "The development server: serves the pages, /live/ (expanding the\n"
	    "live includes as nginx's SSI does) and the static files of www/\n"
	    "on http://127.0.0.1:PORT/ (PORT, default 8080), one log line per\n"
	    "request on standard error.  Not for production.\n",
	    f);
}

int
main(int argc, char **argv)
{
	struct server      srv;
	struct MHD_Daemon *d = NULL;
	struct sockaddr_in sa;
	sigset_t           sigs;
	int                sig, rc = 1;
	bool               pages_up = false, live_up = false;
	bool               core_up = false;

	log_init();
	if (config_options(argc, argv, usage, false, &rc) == -1)
		return rc;
	rc = 1;
	srv.www_fd = srv.img_fd = -1;
	response_init(&srv.resp);
	response_init(&srv.fragment);
	buf_init(&srv.expanded);
	buf_init(&srv.line);
	arena_init(&srv.arena, 0);

	if (config_load() == -1)
		goto out;
	if (config.port < 1 || config.port > 65535) {
		fprintf(stderr, "bantin-dev: PORT=%d is not a TCP port\n",
		    config.port);
		goto out;
	}
	if (pages_init() == -1)
		goto out;
	pages_up = true;
	if (live_init() == -1)
		goto out;
	live_up = true;
	if (core_init() == -1)
		goto out;
	core_up = true;
	srv.www_fd = open(config.www_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (srv.www_fd == -1) {
		fprintf(stderr,
		    "bantin-dev: %s: %s (set BANTIN_WWW to the "
		    "www/ directory)\n",
		    config.www_dir, strerror(errno));
		goto out;
	}
	/* Pictures may come later: until then /img/ is a 404. */
	srv.img_fd =
	    open(config.images_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (srv.img_fd == -1)
		fprintf(stderr,
		    "bantin-dev: the image folder %s: %s (set "
		    "BANTIN_IMAGES; /img/ answers 404 until a restart)\n",
		    config.images_dir, strerror(errno));

	/* Block the signals before MHD starts its thread, which inherits the
	 * mask, so that only sigwait() below ever sees them. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	if ((errno = pthread_sigmask(SIG_BLOCK, &sigs, NULL)) != 0) {
		fprintf(stderr, "bantin-dev: pthread_sigmask: %s\n",
		    strerror(errno));
		goto out;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)config.port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

	/* One internal polling thread, no pool: the core is single-threaded.
	 * poll(), not the automatic epoll: with epoll, libmicrohttpd 0.9.75
	 * held a connection it had given up on (a request too big for its
	 * memory) until CONN_TIMEOUT instead of closing it. */
	d = MHD_start_daemon(MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG,
	    (uint16_t)config.port, NULL, NULL, on_request, &srv,
	    MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL, MHD_OPTION_SOCK_ADDR,
	    (struct sockaddr *)&sa, MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	    MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)CONN_TIMEOUT,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)CONN_LIMIT,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)CONN_PER_IP,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
	    MHD_OPTION_END);
	if (d == NULL) {
		if (port_in_use(&sa))
			fprintf(stderr,
			    "bantin-dev: port %d is in use; set "
			    "PORT=… to another port (e.g. PORT=%d make run)\n",
			    config.port,
			    config.port == 65535 ? 8081 : config.port + 1);
		else
			fprintf(stderr,
			    "bantin-dev: could not start the "
			    "HTTP server on 127.0.0.1:%d\n",
			    config.port);
		goto out;
	}
	fprintf(stderr,
	    "bantin-dev: serving http://127.0.0.1:%d/ "
	    "(database: %s)\n",
	    config.port, config.db_path);

	for (;;) {
		if ((errno = sigwait(&sigs, &sig)) != 0) {
			fprintf(stderr, "bantin-dev: sigwait: %s\n",
			    strerror(errno));
			goto out;
		}
		if (sig == SIGINT || sig == SIGTERM)
			break;
	}
	rc = 0;
out:
	/* Joins the MHD thread, so the core is idle before it shuts down. */
	if (d != NULL)
		MHD_stop_daemon(d);
	if (core_up)
		core_shutdown();
	if (live_up)
		live_shutdown();
	if (pages_up)
		pages_shutdown();
	if (srv.www_fd != -1)
		close(srv.www_fd);
	if (srv.img_fd != -1)
		close(srv.img_fd);
	response_free(&srv.resp);
	response_free(&srv.fragment);
	buf_free(&srv.expanded);
	buf_free(&srv.line);
	arena_free(&srv.arena);
	return rc;
}
