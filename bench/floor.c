/*
 * bench-floor: the least a libfcgi responder can do for a page, for
 * bench/floor.sh (make bench-floor): what nginx + libfcgi cost on this
 * machine with no page handler behind them.
 *
 *   bench-floor FILE [THREADS]
 *
 * FILE holds one whole CGI response, head and body, as bantin.fcgi
 * writes it under plain CGI; every request gets those bytes from memory.
 * Run under spawn-fcgi (the listening socket on fd 0), like a page
 * worker; THREADS (1 to 64, default 1) threads each loop over
 * FCGX_Accept_r on it, as libfcgi's own threaded example does, without
 * serializing accept() (Linux wakes one waiter a connection).  SIGTERM
 * ends the process at once: it holds nothing worth finishing.
 */
#include <errno.h>
#include <fcgiapp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { THREADS_MAX = 64, RESPONSE_MAX = 1 << 20 };

static char *response;
static int   response_len;

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

	if (argc == 3)
		n = strtol(argv[2], &end, 10);
	if (argc < 2 || argc > 3 || (end != NULL && *end != '\0') || n < 1 ||
	    n > THREADS_MAX) {
		fputs("usage: bench-floor FILE [THREADS (1-64)]\n", stderr);
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
