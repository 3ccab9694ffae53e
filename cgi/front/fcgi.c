/*
 * The FastCGI front end, shared by bantin.fcgi (pages) and
 * bantin-live.fcgi (the live parts of pages, the login and logout pages).
 *
 * Under a FastCGI server (spawn-fcgi, systemd socket activation: the
 * listening socket on fd 0) it serves every connection it accepts from
 * one poll loop, so that connections the web server keeps between
 * requests (nginx's fastcgi_keep_conn) never hold it; the records are
 * read by front/fastcgi.c.  Started as plain CGI (no listening socket) it
 * serves the one request in its environment and exits.  Either way it
 * only translates: CGI variables in, the core's response out.
 *
 * Stopping: SIGTERM (systemd, kill, multiwatch), SIGINT, SIGHUP, SIGQUIT
 * (nginx's graceful stop; what Debian's multiwatch sends for `-s TERM`) and
 * SIGUSR1 (libfcgi's graceful signal) let the requests in progress finish,
 * then the worker exits 0; a worker with none exits at once.
 */
#include <errno.h>
#include <fastcgi.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/config.h"
#include "core/core.h"
#include "base/log.h"
#include "core/url.h"
#include "front/fastcgi.h"
#include "front/fcgi.h"

enum {
	START_FAILED_PAUSE = 5, /* s a worker that cannot start waits */
	CONNS_MAX = 64, /* connections a worker holds (then the idlest goes) */
	READ_CHUNK = 64 * 1024,
	REQUEST_TIMEOUT = 30, /* s a request may take to arrive */
	SEND_TIMEOUT = 30,    /* s a response write may wait */
	STOP_DRAIN = 10,      /* s a stopping worker waits for the server */
};

static volatile sig_atomic_t stopping;

typedef const char *param_fn(const void *from, const char *name);

static void
fill_input(struct http_input *in, param_fn *param, const void *from)
{
	memset(in, 0, sizeof(*in));
	in->method = param(from, "REQUEST_METHOD");
	in->uri = param(from, "REQUEST_URI");
	in->remote_addr = param(from, "REMOTE_ADDR");
	in->user_agent = param(from, "HTTP_USER_AGENT");
	in->cookie = param(from, "HTTP_COOKIE");
	in->origin = param(from, "HTTP_ORIGIN");
	in->sec_fetch_site = param(from, "HTTP_SEC_FETCH_SITE");
	in->referer = param(from, "HTTP_REFERER");
	in->x_forwarded_for = param(from, "HTTP_X_FORWARDED_FOR");
	in->content_type = param(from, "CONTENT_TYPE");
	in->if_none_match = param(from, "HTTP_IF_NONE_MATCH");
	/* nginx: fastcgi_param REQUEST_ID $request_id; Apache: mod_unique_id.
	 * Not an HTTP_ header, so a client cannot choose it. */
	in->request_id = param(from, "REQUEST_ID");
	if (in->request_id == NULL)
		in->request_id = param(from, "UNIQUE_ID");
}

static const char *
env_param(const void *from, const char *name)
{
	(void)from;
	return getenv(name);
}

static const char *
fcgi_conn_param(const void *from, const char *name)
{
	return fcgi_param(from, name);
}

/*
 * The body of a CGI request, on stdin: CONTENT_LENGTH bytes.  Past
 * BODY_MAX (or a malformed length, which no honest server sends) it is
 * not read: 413.
 */
static void
read_cgi_body(struct http_input *in, struct buf *b)
{
	const char *cl = getenv("CONTENT_LENGTH");
	char        chunk[8192], *end;
	long long   want = 0;
	size_t      n;

	buf_reset(b);
	if (cl != NULL && *cl != '\0') {
		errno = 0;
		want = strtoll(cl, &end, 10);
		if (errno != 0 || *end != '\0' || want < 0 || want > BODY_MAX) {
			in->body_too_large = true;
			return;
		}
	}
	while (b->len < (size_t)want &&
	    (n = fread(chunk, 1,
	         (size_t)want - b->len < sizeof(chunk) ? (size_t)want - b->len :
	                                                 sizeof(chunk),
	         stdin)) > 0)
		buf_append(b, chunk, n);
	in->body = b->data;
	in->body_len = b->len;
}

/* The CGI response head: Status, the core's headers, Content-Length. */
static void
format_head(struct buf *head, const struct response *resp, size_t body_len)
{
	buf_reset(head);
	buf_printf(head, "Status: %d %s\r\n", resp->status,
	    http_reason(resp->status));
	buf_append(head, resp->headers.data, resp->headers.len);
	buf_printf(head, "Content-Length: %zu\r\n\r\n", body_len);
}

/*
 * The request target under plain CGI: REQUEST_URI (Apache, nginx), the
 * raw target bantin routes on.  But Apache's SSI includes (SERVER_PROTOCOL
 * "INCLUDED") keep the page's REQUEST_URI and give the included path in
 * SCRIPT_NAME; then, and for a server without REQUEST_URI, the target is
 * built in `target` from SCRIPT_NAME (+ PATH_INFO) and QUERY_STRING.
 */
static const char *
cgi_target(struct buf *target, const char *request_uri)
{
	const char *proto = getenv("SERVER_PROTOCOL");
	const char *q = getenv("QUERY_STRING");
	bool        included;

	included = proto != NULL && strcmp(proto, "INCLUDED") == 0;
	if (request_uri != NULL && !included)
		return request_uri;
	buf_reset(target);
	/* Decoded by the server: encoded again for the core to decode once. */
	if (getenv("SCRIPT_NAME") != NULL)
		url_encode_path(target, getenv("SCRIPT_NAME"), false);
	if (!included && getenv("PATH_INFO") != NULL)
		url_encode_path(target, getenv("PATH_INFO"), false);
	if (q != NULL && *q != '\0') {
		buf_putc(target, '?');
		buf_puts(target, q);
	}
	return buf_cstr(target);
}

static int
serve_cgi(const struct app *app, struct response *resp, struct buf *head,
    struct buf *body_in)
{
	struct http_input in;
	struct buf        target;
	const char       *body;
	size_t            len;

	fill_input(&in, env_param, NULL);
	read_cgi_body(&in, body_in);
	buf_init(&target);
	in.uri = cgi_target(&target, in.uri);
	core_handle(app, &in, resp);
	buf_free(&target);
	body = response_body(resp, &len);
	format_head(head, resp, len);
	fwrite(head->data, 1, head->len, stdout);
	if (!resp->head_only)
		fwrite(body, 1, len, stdout);
	return fflush(stdout) == 0 ? 0 : 1;
}

/*
 * Stopping: the stop signals are blocked but in ppoll(), so a signal
 * never breaks a read, a write or a handler.  A stopping worker accepts
 * no connection (the listening socket stays open in the parent --
 * multiwatch, spawn-fcgi or systemd -- which queues them for the next
 * workers) and serves those it holds until the web server closes them,
 * then exits.  It never closes a kept connection itself: nginx may be
 * sending a request on it that moment, and would log the failed write
 * as an error (it retries the request elsewhere).  nginx closes a kept
 * connection after keepalive_requests requests, or keepalive_timeout
 * idle (100 and 2 s in deploy/nginx/bantin.conf); past STOP_DRAIN
 * seconds the worker closes what is left.
 */
static void
on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

/* Installs on_stop() for the stop signals and blocks them; *open is the
 * mask to wait under. */
static int
catch_stop_signals(sigset_t *open)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1 };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL) == -1) {
			log_error("sigaction: %s", strerror(errno));
			return -1;
		}
	sigprocmask(SIG_BLOCK, &sa.sa_mask, open);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigdelset(open, sigs[i]);
	return 0;
}

/* A connection of the web server's: several requests, one after the
 * other, when it keeps the connection. */
struct conn {
	int              fd;
	time_t           busy_since; /* when its unanswered bytes began */
	time_t           answered;   /* its last answer; 0: none yet */
	struct fcgi_conn fc;
};

static struct conn *
conn_new(int fd)
{
	struct conn   *c = malloc(sizeof(*c));
	struct timeval send_timeout = { SEND_TIMEOUT, 0 };

	if (c == NULL) {
		log_error("out of memory for a FastCGI connection");
		close(fd);
		return NULL;
	}
	/* A server that stops reading cannot hold a worker for ever. */
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &send_timeout,
	    sizeof(send_timeout));
	c->fd = fd;
	c->busy_since = 0;
	c->answered = 0;
	fcgi_conn_init(&c->fc);
	return c;
}

static void
conn_close(struct conn *c)
{
	close(c->fd);
	fcgi_conn_free(&c->fc);
	free(c);
}

static int
send_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			/* A server that gave up on the request (its client
			 * went away) is not news: nginx logs it (499). */
			if (w == 0 || (errno != EPIPE && errno != ECONNRESET))
				log_warn("writing to the web server: %s",
				    w < 0 ? strerror(errno) :
				            "nothing written");
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

static void
fill_fcgi_input(struct http_input *in, const struct fcgi_conn *fc)
{
	fill_input(in, fcgi_conn_param, fc);
	in->body = fc->body.data != NULL ? fc->body.data : "";
	in->body_len = fc->body.len;
	in->body_too_large = fc->body_too_large;
	in->head_too_large = fc->params_too_large;
}

/* Answers the request c holds. */
static int
answer(const struct app *app, struct conn *c, struct response *resp,
    struct buf *head, struct buf *out)
{
	struct http_input in;
	const char       *body;
	size_t            len;

	fill_fcgi_input(&in, &c->fc);
	core_handle(app, &in, resp);
	body = response_body(resp, &len);
	format_head(head, resp, len);
	buf_reset(out);
	fcgi_response(out, c->fc.id, head->data, head->len, body,
	    resp->head_only ? 0 : len);
	fcgi_request_done(&c->fc);
	if (buf_failed(out)) {
		log_error("out of memory for a response");
		return -1;
	}
	return send_all(c->fd, out->data, out->len);
}

/*
 * Reads what arrived on c and answers each whole request; -1 when the
 * connection is to be closed: the server closed it, broke the protocol,
 * or does not keep it.
 */
static int
conn_serve(const struct app *app, struct conn *c, struct response *resp,
    struct buf *head, struct buf *out, time_t now)
{
	char    chunk[READ_CHUNK];
	ssize_t n = read(c->fd, chunk, sizeof(chunk));

	if (n <= 0)
		return -1; /* closed; a reset or an error alike */
	buf_append(&c->fc.in, chunk, (size_t)n);
	for (;;) {
		enum fcgi_event ev = fcgi_parse(&c->fc);

		if (c->fc.reply.len > 0) {
			if (send_all(c->fd, c->fc.reply.data,
			        c->fc.reply.len) == -1)
				return -1;
			buf_reset(&c->fc.reply);
		}
		if (ev == FCGI_BROKEN) {
			log_warn("a FastCGI connection closed: %s",
			    c->fc.error);
			return -1;
		}
		if (ev == FCGI_MORE)
			break;
		c->answered = now;
		if (answer(app, c, resp, head, out) == -1 || !c->fc.keep)
			return -1;
	}
	if (!fcgi_busy(&c->fc))
		c->busy_since = 0;
	else if (c->busy_since == 0)
		c->busy_since = now;
	return 0;
}

/* Whether c may be closed now: kept after a request, no other begun,
 * nothing unread.  A new connection's first request is on its way. */
static bool
conn_idle(const struct conn *c)
{
	char b;

	return c->answered != 0 && !fcgi_busy(&c->fc) &&
	    recv(c->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT) < 0 &&
	    (errno == EAGAIN || errno == EWOULDBLOCK);
}

/* The kept connection idle the longest, to close for a new one; n when
 * every connection is in a request (or awaits its first). */
static size_t
idlest(struct conn *const *conns, size_t n)
{
	size_t best = n;

	for (size_t i = 0; i < n; i++)
		if (conn_idle(conns[i]) &&
		    (best == n || conns[i]->answered < conns[best]->answered))
			best = i;
	return best;
}

/*
 * Takes a new connection.  With CONNS_MAX open, the idlest kept one is
 * closed for it (nginx opens another when it next wants one): however
 * many connections nginx keeps (keepalive × its workers), a new one is
 * never left waiting behind idle ones.  -1 when the socket failed.
 */
static int
accept_one(struct conn **conns, size_t *n)
{
	size_t victim;
	int    fd;

	if (*n == CONNS_MAX) {
		if ((victim = idlest(conns, *n)) == *n)
			return 0;
		conn_close(conns[victim]);
		conns[victim] = conns[--*n];
	}
	if ((fd = accept4(FCGI_LISTENSOCK_FILENO, NULL, NULL, SOCK_CLOEXEC)) <
	    0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ||
		    errno == ECONNABORTED)
			return 0;
		log_error("accepting FastCGI connections: %s", strerror(errno));
		return -1;
	}
	if ((conns[*n] = conn_new(fd)) != NULL)
		(*n)++;
	return 0;
}

/* Serves until stopped (0) or until the listening socket fails (1). */
static int
serve_fastcgi(const struct app *app, struct response *resp, struct buf *head,
    struct buf *out)
{
	struct conn  *conns[CONNS_MAX];
	struct pollfd p[CONNS_MAX + 1];
	sigset_t      open;
	size_t        n = 0;
	time_t        drain_until = 0;
	int           flags, rc = 0;

	if (catch_stop_signals(&open) == -1)
		return 1;
	if ((flags = fcntl(FCGI_LISTENSOCK_FILENO, F_GETFL)) == -1 ||
	    fcntl(FCGI_LISTENSOCK_FILENO, F_SETFL, flags | O_NONBLOCK) == -1) {
		log_error("the listening socket: %s", strerror(errno));
		return 1;
	}
	for (;;) {
		time_t          now = time(NULL);
		struct timespec tick = { 1, 0 };
		bool            listening;
		size_t          first;

		if (stopping && drain_until == 0)
			drain_until = now + STOP_DRAIN;
		if (stopping && (n == 0 || now >= drain_until))
			break;
		listening =
		    !stopping && (n < CONNS_MAX || idlest(conns, n) < n);
		first = listening ? 1 : 0;

		p[0] = (struct pollfd){ .fd = FCGI_LISTENSOCK_FILENO,
			.events = POLLIN };
		for (size_t i = 0; i < n; i++)
			p[first + i] = (struct pollfd){ .fd = conns[i]->fd,
				.events = POLLIN };
		if (ppoll(p, first + n, n > 0 ? &tick : NULL, &open) == -1) {
			if (errno != EINTR) {
				log_error("ppoll: %s", strerror(errno));
				rc = 1;
				break;
			}
			for (size_t i = 0; i < first + n; i++)
				p[i].revents = 0;
		}
		now = time(NULL);
		/* Backwards: a closed connection's place takes the last's,
		 * already seen. */
		for (size_t i = n; i-- > 0;) {
			struct conn *c = conns[i];
			bool         drop = false;

			if (p[first + i].revents != 0)
				drop = conn_serve(app, c, resp, head, out,
				           now) == -1;
			else if (c->busy_since != 0 &&
			    now - c->busy_since > REQUEST_TIMEOUT) {
				log_warn("a FastCGI request unfinished after "
				         "%d s: connection closed",
				    REQUEST_TIMEOUT);
				drop = true;
			}
			if (drop) {
				conn_close(c);
				conns[i] = conns[--n];
			}
		}
		if (listening && (p[0].revents & POLLIN) &&
		    accept_one(conns, &n) == -1) {
			rc = 1;
			break;
		}
	}
	if (n > 0)
		log_warn("stopping: %zu FastCGI connections still open after "
		         "%d s, closed",
		    n, STOP_DRAIN);
	while (n > 0)
		conn_close(conns[--n]);
	return rc;
}

/*
 * A FastCGI worker that cannot start (a bad setting, a template with an
 * error) waits before it exits: its supervisor starts a new one at once
 * whenever one exits (multiwatch -t 0, deploy/systemd/README.md), and
 * would otherwise spin.  A signal (a stop) ends the wait.  Plain CGI
 * answers at once: the web server is waiting.
 */
static int
start_failed(bool cgi)
{
	struct timespec pause = { START_FAILED_PAUSE, 0 };

	if (!cgi) {
		log_error("could not start; exiting in %d s",
		    START_FAILED_PAUSE);
		(void)nanosleep(&pause, NULL);
	}
	return 1;
}

/* As libfcgi tells: under a FastCGI server fd 0 is a listening socket,
 * a socket without a peer. */
static bool
is_cgi(void)
{
	struct sockaddr_storage sa;
	socklen_t               len = sizeof(sa);

	return getpeername(FCGI_LISTENSOCK_FILENO, (struct sockaddr *)&sa,
	           &len) == 0 ||
	    errno != ENOTCONN;
}

int
fcgi_main(const struct app *app, int (*init)(void), void (*shutdown)(void))
{
	struct response resp;
	struct buf      head, body; /* body: CGI's request, FastCGI's reply */
	bool            cgi;
	int             rc = 0;

	log_init();
	/* A web server that went away is a failed write, not a death. */
	signal(SIGPIPE, SIG_IGN);
	cgi = is_cgi();
	if (config_load() == -1 || init() == -1)
		return start_failed(cgi);
	core_init();
	response_init(&resp);
	buf_init(&head);
	buf_init(&body);
	if (cgi)
		rc = serve_cgi(app, &resp, &head, &body);
	else
		rc = serve_fastcgi(app, &resp, &head, &body);
	buf_free(&head);
	buf_free(&body);
	response_free(&resp);
	core_shutdown();
	shutdown();
	return rc;
}
