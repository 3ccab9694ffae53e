/*
 * The FastCGI front end (libfcgi), shared by bantin.fcgi (pages) and
 * bantin-live.fcgi (the live parts of pages, the login and logout pages).
 *
 * Under a FastCGI server (spawn-fcgi, systemd socket activation: the
 * listening socket on fd 0) it loops over FCGX_Accept_r; started as plain
 * CGI (no listening socket) it serves the one request in its environment
 * and exits.  Either way it only translates: CGI variables in, the core's
 * response out.
 *
 * Stopping: SIGTERM (systemd, kill, multiwatch), SIGINT, SIGHUP, SIGQUIT
 * (nginx's graceful stop; what Debian's multiwatch sends for `-s TERM`) and
 * SIGUSR1 (libfcgi's graceful signal) let the request in progress finish,
 * then the worker exits 0; a worker waiting for a connection exits at once.
 */
#include <errno.h>
#include <fcgiapp.h>
#include <fcntl.h>
#include <poll.h>
#include <fastcgi.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/config.h"
#include "core/core.h"
#include "base/log.h"
#include "core/url.h"
#include "front/fcgi.h"

/* How long a FastCGI worker that cannot start waits before it exits. */
#define START_FAILED_PAUSE 5

static volatile sig_atomic_t stopping;

static void
fill_input(struct http_input *in, FCGX_ParamArray env)
{
	memset(in, 0, sizeof(*in));
	in->method = FCGX_GetParam("REQUEST_METHOD", env);
	in->uri = FCGX_GetParam("REQUEST_URI", env);
	in->remote_addr = FCGX_GetParam("REMOTE_ADDR", env);
	in->user_agent = FCGX_GetParam("HTTP_USER_AGENT", env);
	in->cookie = FCGX_GetParam("HTTP_COOKIE", env);
	in->origin = FCGX_GetParam("HTTP_ORIGIN", env);
	in->sec_fetch_site = FCGX_GetParam("HTTP_SEC_FETCH_SITE", env);
	in->referer = FCGX_GetParam("HTTP_REFERER", env);
	in->x_forwarded_for = FCGX_GetParam("HTTP_X_FORWARDED_FOR", env);
	in->content_type = FCGX_GetParam("CONTENT_TYPE", env);
	in->if_none_match = FCGX_GetParam("HTTP_IF_NONE_MATCH", env);
	/* nginx: fastcgi_param REQUEST_ID $request_id; Apache: mod_unique_id.
	 * Not an HTTP_ header, so a client cannot choose it. */
	in->request_id = FCGX_GetParam("REQUEST_ID", env);
	if (in->request_id == NULL)
		in->request_id = FCGX_GetParam("UNIQUE_ID", env);
}

/*
 * How long a body the server announces: 0 for none, BODY_MAX + 1 for one
 * too large (or a malformed length, which no honest server sends).
 */
static size_t
body_length(FCGX_ParamArray env)
{
	const char *cl = FCGX_GetParam("CONTENT_LENGTH", env);
	char       *end;
	long long   n;

	if (cl == NULL || *cl == '\0')
		return 0;
	errno = 0;
	n = strtoll(cl, &end, 10);
	if (errno != 0 || *end != '\0' || n < 0 || n > BODY_MAX)
		return BODY_MAX + 1;
	return (size_t)n;
}

/* Reads a body of `want` bytes into b through read_fn; sets in->body, or
 * in->body_too_large past BODY_MAX. */
static void
read_body(struct http_input *in, struct buf *b, size_t want,
    int (*read_fn)(void *, char *, int), void *stream)
{
	char chunk[8192];
	int  n;

	buf_reset(b);
	if (want > BODY_MAX) {
		in->body_too_large = true;
		return;
	}
	while (b->len < want &&
	    (n = read_fn(stream, chunk,
	         (int)(want - b->len < sizeof(chunk) ? want - b->len :
	                                               sizeof(chunk)))) > 0)
		buf_append(b, chunk, (size_t)n);
	in->body = b->data;
	in->body_len = b->len;
}

static int
read_fcgi(void *stream, char *dst, int n)
{
	return FCGX_GetStr(dst, n, stream);
}

static int
read_stdin(void *stream, char *dst, int n)
{
	return (int)fread(dst, 1, (size_t)n, stream);
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
	extern char     **environ;

	fill_input(&in, environ);
	read_body(&in, body_in, body_length(environ), read_stdin, stdin);
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
 * libfcgi 2.4.2 (FCGX_Init) catches SIGTERM and SIGUSR1 itself, without
 * SA_RESTART, and SIGINT, SIGHUP and SIGQUIT kill: a signal breaks
 * whatever the worker is blocked in.  A request still arriving is then
 * served with the parameters read so far (tests/integration/
 * test_restart.py: a 400 for a request whose REQUEST_URI came second), a
 * response write fails half way, and a signal just before accept() is
 * seen only after one more connection.  Here all five restart those
 * calls; the handler closes this process's copy of the listening socket
 * instead, so the next (or the restarted) accept() fails at once with
 * EBADF and the loop ends.  The socket stays open in the parent
 * (multiwatch, spawn-fcgi or systemd), which keeps queueing connections
 * for the next workers.
 *
 * One window stays: after accept(), libfcgi waits in select() (up to 2 s)
 * for the web server's first bytes, and select() is never restarted; a
 * stop signal there made libfcgi close the accepted connection, and the
 * web server answered 502 (writev: broken pipe).  So the worker waits for
 * a connection in poll() with the signals open, and accepts with them
 * blocked; the socket is non-blocking, so a worker that loses the race
 * for a connection to another gets EAGAIN instead of waiting in accept()
 * deaf to a stop.
 */
static void
on_stop(int sig)
{
	int saved = errno;

	(void)sig;
	stopping = 1;
	close(FCGI_LISTENSOCK_FILENO);
	errno = saved;
}

/* Installs on_stop() for the stop signals, which go into *stops. */
static int
catch_stop_signals(sigset_t *stops)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1 };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	*stops = sa.sa_mask;
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL) == -1) {
			log_error("sigaction: %s", strerror(errno));
			return -1;
		}
	return 0;
}

/* The next connection: 0, -EAGAIN when another worker took it, or
 * FCGX_Accept_r's error (-EBADF once a stop closed the socket). */
static int
accept_next(FCGX_Request *req, const sigset_t *stops)
{
	struct pollfd p = { .fd = FCGI_LISTENSOCK_FILENO, .events = POLLIN };
	sigset_t      open;
	int           rc;

	if (poll(&p, 1, -1) == -1)
		return errno == EINTR ? -EAGAIN : -errno;
	sigprocmask(SIG_BLOCK, stops, &open);
	rc = FCGX_Accept_r(req);
	sigprocmask(SIG_SETMASK, &open, NULL);
	return rc == -EWOULDBLOCK ? -EAGAIN : rc;
}

/* Serves until stopped (0) or until accept fails otherwise (1). */
static int
serve_fastcgi(const struct app *app, struct response *resp, struct buf *head,
    struct buf *body_in)
{
	FCGX_Request      req;
	struct http_input in;
	sigset_t          stops;
	const char       *body;
	size_t            len;
	int               flags, rc = 0;

	if (FCGX_InitRequest(&req, FCGI_LISTENSOCK_FILENO, 0) != 0 ||
	    catch_stop_signals(&stops) == -1)
		return 1;
	if ((flags = fcntl(FCGI_LISTENSOCK_FILENO, F_GETFL)) == -1 ||
	    fcntl(FCGI_LISTENSOCK_FILENO, F_SETFL, flags | O_NONBLOCK) == -1) {
		log_error("the listening socket: %s", strerror(errno));
		return 1;
	}
	while (!stopping) {
		if ((rc = accept_next(&req, &stops)) == -EAGAIN)
			continue;
		if (rc < 0)
			break;
		fill_input(&in, req.envp);
		read_body(&in, body_in, body_length(req.envp), read_fcgi,
		    req.in);
		core_handle(app, &in, resp);
		body = response_body(resp, &len);
		format_head(head, resp, len);
		FCGX_PutStr(head->data, (int)head->len, req.out);
		if (!resp->head_only && len > 0)
			FCGX_PutStr(body, (int)len, req.out);
		FCGX_Finish_r(&req);
	}
	FCGX_Free(&req, 1);
	if (stopping)
		return 0;
	log_error("accepting FastCGI connections: %s", strerror(-rc));
	return 1;
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

int
fcgi_main(const struct app *app, int (*init)(void), void (*shutdown)(void))
{
	struct response resp;
	struct buf      head, body;
	bool            cgi;
	int             rc = 0;

	log_init();
	if (FCGX_Init() != 0) {
		log_error("FCGX_Init failed");
		return 1;
	}
	cgi = FCGX_IsCGI();
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
