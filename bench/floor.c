/*
 * bench-floor: the least a libfcgi responder can do for a page, for
 * bench/floor.sh (make bench-floor): what nginx + libfcgi cost on this
 * machine with no page handler behind them.
 *
 *   bench-floor FILE [THREADS | keep]
 *
 * FILE holds one whole CGI response, head and body, as bantin.fcgi
 * writes it under plain CGI; every request gets those bytes from memory.
 * Run under spawn-fcgi (the listening socket on fd 0), like a page
 * worker; THREADS (1 to 64, default 1) threads each loop over
 * FCGX_Accept_r on it, as libfcgi's own threaded example does, without
 * serializing accept() (Linux wakes one waiter a connection).
 *
 * "keep" measures what libfcgi cannot do: one thread polls every
 * connection nginx keeps (fastcgi_keep_conn on), reading the records by
 * hand -- as little of FastCGI as nginx's requests need, no checks worth
 * the name: a measuring tool, never a page worker.
 *
 * SIGTERM ends the process at once: it holds nothing worth finishing.
 */
#include <errno.h>
#include <fcgiapp.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum { THREADS_MAX = 64, RESPONSE_MAX = 1 << 20 };

static char *response;
static int   response_len;

/* keep: the whole answer to request 1 as records, made once. */
enum { CONNS_MAX = 256, IN_MAX = 1 << 16, CHUNK = 32768 };
static unsigned char *records;
static size_t         records_len;

static void
record(unsigned char *at, int type, size_t len)
{
	unsigned char h[8] = { 1, (unsigned char)type, 0, 1,
		(unsigned char)(len >> 8), (unsigned char)len, 0, 0 };

	memcpy(at, h, 8);
}

static int
make_records(void)
{
	size_t chunks = ((size_t)response_len + CHUNK - 1) / CHUNK, off = 0;

	if ((records = malloc((size_t)response_len + 8 * (chunks + 3))) == NULL)
		return -1;
	for (size_t i = 0; i < chunks; i++) {
		size_t n = (size_t)response_len - i * CHUNK;

		n = n > CHUNK ? CHUNK : n;
		record(records + off, 6, n); /* FCGI_STDOUT */
		memcpy(records + off + 8, response + i * CHUNK, n);
		off += 8 + n;
	}
	record(records + off, 6, 0);
	record(records + off + 8, 3, 8); /* FCGI_END_REQUEST, status 0 */
	memset(records + off + 16, 0, 8);
	records_len = off + 24;
	return 0;
}

struct conn {
	size_t        have;
	bool          keep;
	unsigned char in[IN_MAX];
};

/* Reads what fd has; answers each request whose stdin ended.  0 while
 * the connection stays open. */
static int
serve_records(int fd, struct conn *c)
{
	ssize_t r = read(fd, c->in + c->have, sizeof(c->in) - c->have);

	if (r <= 0)
		return -1;
	c->have += (size_t)r;
	for (;;) {
		size_t len, rec;

		if (c->have < 8)
			return 0;
		len = (size_t)c->in[4] << 8 | c->in[5];
		if ((rec = 8 + len + c->in[6]) > c->have)
			return c->have == sizeof(c->in) ? -1 : 0;
		if (c->in[1] == 1) /* FCGI_BEGIN_REQUEST: FCGI_KEEP_CONN */
			c->keep = len >= 3 && (c->in[10] & 1);
		if (c->in[1] == 5 && len == 0) { /* the end of FCGI_STDIN */
			if (write(fd, records, records_len) !=
			        (ssize_t)records_len ||
			    !c->keep)
				return -1;
		}
		memmove(c->in, c->in + rec, c->have - rec);
		c->have -= rec;
	}
}

static void
serve_kept(void)
{
	struct pollfd p[CONNS_MAX + 1] = { { .fd = 0, .events = POLLIN } };
	struct conn  *c[CONNS_MAX + 1] = { NULL };
	nfds_t        n = 1;

	fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
	while (poll(p, n, -1) > 0) {
		for (nfds_t i = n; i-- > 1;)
			if (p[i].revents && serve_records(p[i].fd, c[i]) != 0) {
				close(p[i].fd);
				free(c[i]);
				p[i] = p[--n];
				c[i] = c[n];
			}
		if ((p[0].revents & POLLIN) && n <= CONNS_MAX) {
			int fd = accept(0, NULL, NULL);

			if (fd < 0)
				continue;
			if ((c[n] = calloc(1, sizeof(*c[n]))) == NULL) {
				close(fd);
				continue;
			}
			p[n++] = (struct pollfd){ .fd = fd, .events = POLLIN };
		}
	}
}

static void *
serve(void *arg)
{
	FCGX_Request req;

	(void)arg;
	if (FCGX_InitRequest(&req, 0, 0) != 0)
		return NULL;
	while (FCGX_Accept_r(&req) >= 0)
		FCGX_PutStr(response, response_len, req.out);
	return NULL;
}

static int
load(const char *path)
{
	FILE  *f;
	size_t n;

	if ((f = fopen(path, "rb")) == NULL ||
	    (response = malloc(RESPONSE_MAX)) == NULL) {
		fprintf(stderr, "bench-floor: %s: %s\n", path, strerror(errno));
		return -1;
	}
	n = fread(response, 1, RESPONSE_MAX, f);
	if (ferror(f) || n == 0 || n == RESPONSE_MAX) {
		fprintf(stderr,
		    "bench-floor: %s: empty, unreadable or over "
		    "1 MiB\n",
		    path);
		fclose(f);
		return -1;
	}
	fclose(f);
	response_len = (int)n;
	return 0;
}

int
main(int argc, char **argv)
{
	pthread_t t[THREADS_MAX];
	long      n = 1;
	char     *end = NULL;

	if (argc == 3 && strcmp(argv[2], "keep") == 0) {
		if (load(argv[1]) == -1 || make_records() == -1)
			return 2;
		serve_kept();
		return 1;
	}
	if (argc == 3)
		n = strtol(argv[2], &end, 10);
	if (argc < 2 || argc > 3 || (end != NULL && *end != '\0') || n < 1 ||
	    n > THREADS_MAX) {
		fputs("usage: bench-floor FILE [THREADS (1-64) | keep]\n",
		    stderr);
		return 2;
	}
	if (load(argv[1]) == -1 || FCGX_Init() != 0)
		return 2;
	/* libfcgi caught SIGTERM to finish the request in progress. */
	signal(SIGTERM, SIG_DFL);
	for (long i = 1; i < n; i++)
		if ((errno = pthread_create(&t[i], NULL, serve, NULL)) != 0) {
			fprintf(stderr, "bench-floor: pthread_create: %s\n",
			    strerror(errno));
			return 2;
		}
	serve(NULL);
	return 1;
}
