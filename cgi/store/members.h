/*
 * Members on the live handler's read-write connection: finding an account
 * at login, the failed-login record behind the rate limits, and sessions.
 * Accounts themselves are created by bantin-admin (cgi/admin/member.c).
 *
 * Every function returns ST_OK, ST_NOT_FOUND when the row does not exist,
 * or a failure (base/status.h).
 */
#ifndef BANTIN_MEMBERS_H
#define BANTIN_MEMBERS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/status.h"
#include "store/sql.h"

enum {
	SESSION_HASH_LEN = 32,
	/* The login limits: this many failures within the window. */
	LOGIN_FAILURE_WINDOW = 15 * 60,
	LOGIN_FAILURES_PER_USERNAME = 5,
	LOGIN_FAILURES_PER_ADDRESS = 20,
};

struct member {
	int64_t		 id;
	const char	*display_name;
	const char	*password_hash;
	bool		 active;
};

/* The member whose caseless name (text_casefold) is key. */
enum st	member_find(struct sql_conn *, struct arena *, const char *key, struct member *);

/* A login attempt, counted as a failure until member_login() forgets it:
 * in one transaction, so the limits hold across worker processes however
 * the attempts interleave.  ST_LIMITED (nothing recorded, *retry_after set to the
 * seconds until the limit lifts) after LOGIN_FAILURES_PER_USERNAME
 * failures for the username or LOGIN_FAILURES_PER_ADDRESS for the address
 * within LOGIN_FAILURE_WINDOW seconds. */
enum st	login_attempt(struct sql_conn *, const char *key, const char *address, int64_t now,
	    int64_t *retry_after);

/* A successful login, in one transaction: the new session, the end of the
 * session the browser came with (if any), the visitor now counted as the
 * member, the username's failures (this attempt's too) forgotten, and the password hash
 * replaced when it was made with weaker parameters. */
struct login {
	int64_t			 member;
	const char		*key;
	const unsigned char	*session;	/* SESSION_HASH_LEN bytes */
	const unsigned char	*old_session;	/* or NULL */
	const char		*vid;		/* or NULL */
	const char		*rehash;	/* or NULL */
};
enum st	member_login(struct sql_conn *, const struct login *, int64_t now);

/* The live session with this hash: an active member, used within `idle`
 * seconds and started within `lifetime` seconds. */
struct session {
	int64_t		 member;
	const char	*display_name;
	int64_t		 last_seen;
};
enum st	session_find(struct sql_conn *, struct arena *, const unsigned char *hash, int64_t now,
	    int64_t idle, int64_t lifetime, struct session *);
enum st	session_touch(struct sql_conn *, const unsigned char *hash, int64_t now);
/* Ends the session and counts the visitor (if any) as a guest again. */
enum st	session_end(struct sql_conn *, const unsigned char *hash, const char *vid);

/* For store/live.c: one batch of the hourly removal of expired sessions
 * and old failures. */
enum st	members_prune(struct sql_conn *, int64_t now, int64_t idle,
	    int64_t lifetime, int batch);

#endif
