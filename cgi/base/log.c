/*
 * Log lines with the program name and the request id (see log.h).
 *
 * The request id is process state, not part of struct request, because
 * the store and the templates log from deep below any request pointer; a
 * worker serves one request at a time, and core_handle() brackets each
 * one with log_begin() and log_end().
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"

static struct {
	char     id[LOG_ID_MAX + 1];
	bool     in_request;
	bool     journal; /* standard error is the journal */
	bool     stamp;   /* it is a file: lines carry the time */
	unsigned counter; /* fallback ids when getrandom fails */
} lg;

static bool
id_valid(const char *s)
{
	size_t n;

	if (s == NULL)
		return false;
	for (n = 0; s[n] != '\0'; n++)
		if (n >= LOG_ID_MAX ||
		    strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		           "abcdefghijklmnopqrstuvwxyz0123456789@_.-",
		        s[n]) == NULL)
			return false;
	return n > 0;
}

const char *
log_begin(const char *id)
{
	unsigned char r[8];

	if (id_valid(id))
		memcpy(lg.id, id, strlen(id) + 1);
	else if (getrandom(r, sizeof(r), GRND_NONBLOCK) == (ssize_t)sizeof(r))
		snprintf(lg.id, sizeof(lg.id),
		    "%02x%02x%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2], r[3],
		    r[4], r[5], r[6], r[7]);
	else
		snprintf(lg.id, sizeof(lg.id), "%08x%08x", (unsigned)getpid(),
		    lg.counter++);
	lg.in_request = true;
	return lg.id;
}

void
log_end(void)
{
	lg.in_request = false;
}

/*
 * Under systemd with StandardError=journal, a "<N>" prefix sets the
 * line's priority.  JOURNAL_STREAM names the journal's stream as
 * "device:inode"; it is inherited, so it counts only while it is still
 * standard error (sd_journal_stream_fd(3)).  A regular file (spawn-fcgi's
 * `2>>/var/log/bantin/pages.log`) has nobody to add the time, so each line
 * starts with it; a terminal, a pipe (runit's svlogd, Apache's error log)
 * or the journal stamp lines themselves.
 */
void
log_init(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	struct stat st;
	char        me[64];

	lg.journal = lg.stamp = false;
	if (fstat(STDERR_FILENO, &st) == -1)
		return;
	lg.stamp = S_ISREG(st.st_mode);
	if (js == NULL)
		return;
	snprintf(me, sizeof(me), "%llu:%llu", (unsigned long long)st.st_dev,
	    (unsigned long long)st.st_ino);
	lg.journal = strcmp(me, js) == 0;
}

/* Appends to line[n..cut), cutting what does not fit; returns the new
 * length, at most cut - 1. */
__attribute__((format(printf, 4, 5))) static size_t
appendf(char *line, size_t n, size_t cut, const char *fmt, ...)
{
	va_list ap;
	int     r;

	if (n + 1 >= cut)
		return n;
	va_start(ap, fmt);
	r = vsnprintf(line + n, cut - n, fmt, ap);
	va_end(ap);
	if (r < 0)
		return n;
	return (size_t)r < cut - n ? n + (size_t)r : cut - 1;
}

/* "2026-11-26T03:17:00.123Z ", UTC. */
static size_t
timestamp(char *line, size_t cut)
{
	struct timespec ts;
	struct tm       tm;
	char            when[32];

	if (clock_gettime(CLOCK_REALTIME, &ts) == -1 ||
	    gmtime_r(&ts.tv_sec, &tm) == NULL ||
	    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		return 0;
	return appendf(line, 0, cut, "%s.%03ldZ ", when, ts.tv_nsec / 1000000);
}

static void
vlog(int priority, const char *level, const char *fmt, va_list ap)
{
	static const char *const prefix[] = { "<3>", "<4>", "<5>", "<6>" };
	char                     msg[LOG_LINE_MAX], line[LOG_LINE_MAX];
	/* Room for an escape, "…" and the newline after the last character. */
	size_t                   n, cut = sizeof(line) - 4 - sizeof("…");
	int                      saved = errno;

	n = lg.stamp ? timestamp(line, cut) : 0;
	/* The name too is bounded: argv[0] can be anything (exec -a). */
	n = appendf(line, n, cut,
	    "%s%s: %s: ", lg.journal ? prefix[priority] : "",
	    program_invocation_short_name, level);
	if (lg.in_request)
		n = appendf(line, n, cut, "[%s] ", lg.id);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	for (const char *p = msg; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '\n' && p[1] == '\0')
			break; /* a caller's own line end */
		if (n + 1 >= cut) {
			memcpy(line + n, "…", strlen("…"));
			n += strlen("…");
			break;
		}
		if (c < 0x20 || c == 0x7f)
			n += (size_t)snprintf(line + n, 5, "\\x%02x", c);
		else
			line[n++] = (char)c;
	}
	line[n++] = '\n';
	/* One write per line: lines of concurrent workers never interleave.
	 * If standard error fails there is nowhere to say so. */
	(void)!write(STDERR_FILENO, line, n);
	errno = saved;
}

#define LOG_FN(name, priority, level) \
	void name(const char *fmt, ...) \
	{ \
		va_list ap; \
\
		va_start(ap, fmt); \
		vlog(priority, level, fmt, ap); \
		va_end(ap); \
	}

LOG_FN(log_error, 0, "error")
LOG_FN(log_warn, 1, "warning")
LOG_FN(log_notice, 2, "notice")
LOG_FN(log_access, 3, "access")
