/*
 * Members on the live handler's read-write connection: finding an account
 * at login, the failed-login record behind the rate limits, and sessions.
 * Accounts themselves are created by bantin-admin (cgi/admin/member.c).
 *
 * Every function returns 0, 404 when the row does not exist, or the HTTP
 * status of a database failure (503 busy or unavailable, 500).
 */
#ifndef BANTIN_MEMBERS_H
#define BANTIN_MEMBERS_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"

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
int	member_find(struct arena *, const char *key, struct member *);

/* A login attempt, counted as a failure until member_login() forgets it:
 * in one transaction, so the limits hold across worker processes however
 * the attempts interleave.  429 (nothing recorded, *retry_after set to the
 * seconds until the limit lifts) after LOGIN_FAILURES_PER_USERNAME
 * failures for the username or LOGIN_FAILURES_PER_ADDRESS for the address
 * within LOGIN_FAILURE_WINDOW seconds. */
int	login_attempt(const char *key, const char *address, int64_t now,
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
int	member_login(const struct login *, int64_t now);

/* The live session with this hash: an active member, used within `idle`
 * seconds and started within `lifetime` seconds. */
struct session {
	int64_t		 member;
	const char	*display_name;
	int64_t		 last_seen;
};
int	session_find(struct arena *, const unsigned char *hash, int64_t now,
	    int64_t idle, int64_t lifetime, struct session *);
int	session_touch(const unsigned char *hash, int64_t now);
/* Ends the session and counts the visitor (if any) as a guest again. */
int	session_end(const unsigned char *hash, const char *vid);

/* For store/live.c: the statements' life on the live connection, and the
 * hourly removal of expired sessions and old failures (these two return
 * SQLite codes). */
int	members_prepare(sqlite3 *);
void	members_reset(void);
void	members_finalize(void);
int	members_prune(int64_t now, int64_t idle, int64_t lifetime);

#endif
