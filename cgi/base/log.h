/*
 * Log lines on standard error (the web server's error log, or the journal
 * under systemd), one write(2) per line so concurrent workers never
 * interleave:
 *
 *   bantin.fcgi: error: [0f3c9a…] database error while reading tags: …
 *
 * The program name comes first, then the level, then the id of the request
 * being served (none outside a request).  When standard error is a regular
 * file, each line starts with the UTC time ("2026-11-26T03:17:00.123Z ").
 * The same id is sent to the client as X-Request-Id, so a reported failure
 * leads to its log lines.  Control characters in a message are escaped,
 * so no text can forge a line.
 * Never pass a password, cookie, token or session id to these functions.
 */
#ifndef BANTIN_LOG_H
#define BANTIN_LOG_H

#include <stdbool.h>
#include <stddef.h>

enum {
	LOG_ID_MAX = 64,     /* longest request id accepted from a server */
	LOG_LINE_MAX = 4096, /* PIPE_BUF: one atomic write; longer is cut */
};

/* Once at start-up, before the first line: whether standard error is
 * systemd's journal (then each line is prefixed with its priority) or a
 * file (then with the time). */
void log_init(void);

/* Starts a request: uses `id` if it is 1..LOG_ID_MAX characters of
 * [A-Za-z0-9@_.-] (nginx's $request_id, Apache's UNIQUE_ID), else a fresh
 * random 16-hex-digit one.  Returns the id in effect until log_end(). */
const char *log_begin(const char *id);
/* Ends the request: later lines carry no id. */
void        log_end(void);

void log_error(const char *, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void log_notice(const char *, ...) __attribute__((format(printf, 1, 2)));
/* The per-request access line (core.c). */
void log_access(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif
