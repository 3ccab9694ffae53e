#include <stdio.h>

#include "store/live_db.h"
#include "store/members.h"
#include "store/sql.h"

enum member_stmt {
	M_FIND,
	M_FAILURES_USERNAME,
	M_FAILURES_ADDRESS,
	M_FAILURE_ADD,
	M_FAILURES_FORGET,
	M_SESSION_ADD,
	M_SESSION_END,
	M_SESSION_FIND,
	M_SESSION_TOUCH,
	M_VISITOR_MEMBER,
	M_REHASH,
	M_PRUNE_SESSIONS,
	M_PRUNE_FAILURES,
	M__COUNT
};

static const char *const member_sql[M__COUNT] = {
	[M_FIND] =
	    "SELECT id, display_name, password_hash, status = 'active' "
	    "FROM members WHERE username_key = :key",
	[M_FAILURES_USERNAME] =
	    "SELECT count(*), min(failed_at) FROM login_failures "
	    "WHERE username_key = :key AND failed_at > :since",
	[M_FAILURES_ADDRESS] =
	    "SELECT count(*), min(failed_at) FROM login_failures "
	    "WHERE address = :address AND failed_at > :since",
	[M_FAILURE_ADD] =
	    "INSERT INTO login_failures (username_key, address, failed_at) "
	    "VALUES (:key, :address, :now)",
	[M_FAILURES_FORGET] = "DELETE FROM login_failures WHERE username_key = :key",
	[M_SESSION_ADD] =
	    "INSERT INTO sessions (id_hash, member_id, created_at, last_seen) "
	    "VALUES (:hash, :member, :now, :now)",
	[M_SESSION_END] = "DELETE FROM sessions WHERE id_hash = :hash",
	[M_SESSION_FIND] =
	    "SELECT s.member_id, m.display_name, s.last_seen "
	    "FROM sessions s JOIN members m ON m.id = s.member_id "
	    "WHERE s.id_hash = :hash AND m.status = 'active' "
	    "AND s.last_seen > :now - :idle AND s.created_at > :now - :lifetime",
	[M_SESSION_TOUCH] =
	    "UPDATE sessions SET last_seen = :now WHERE id_hash = :hash",
	[M_VISITOR_MEMBER] =
	    "UPDATE visitors SET member_id = nullif(:member, 0) WHERE id = :vid",
	[M_REHASH] = "UPDATE members SET password_hash = :rehash WHERE id = :member",
	/* In batches, as store/live.c prunes: each write stays short (a flood
	 * of failed logins leaves many rows); the next hour continues. */
	[M_PRUNE_SESSIONS] =
	    "DELETE FROM sessions WHERE id_hash IN (SELECT id_hash FROM sessions "
	    "WHERE last_seen <= :now - :idle OR created_at <= :now - :lifetime "
	    "LIMIT 2000)",
	[M_PRUNE_FAILURES] =
	    "DELETE FROM login_failures WHERE rowid IN (SELECT rowid "
	    "FROM login_failures WHERE failed_at <= :since LIMIT 2000)",
};

static sqlite3_stmt *stmt[M__COUNT];

int
members_prepare(sqlite3 *h)
{
	int rc = SQLITE_OK;

	for (int i = 0; rc == SQLITE_OK && i < M__COUNT; i++)
		rc = sqlite3_prepare_v3(h, member_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &stmt[i], NULL);
	return rc;
}

void
members_reset(void)
{
	for (int i = 0; i < M__COUNT; i++)
		if (stmt[i] != NULL)
			sqlite3_reset(stmt[i]);
}

void
members_finalize(void)
{
	for (int i = 0; i < M__COUNT; i++) {
		sqlite3_finalize(stmt[i]);
		stmt[i] = NULL;
	}
}

static void
bind_hash(sqlite3_stmt *s, const char *name, const unsigned char *hash)
{
	int i = sqlite3_bind_parameter_index(s, name);

	if (i > 0)
		sqlite3_bind_blob(s, i, hash, SESSION_HASH_LEN, SQLITE_STATIC);
}

/* The end of a one-row read: 0, 404 (no row), 500 (no memory) or the
 * status of an SQLite failure. */
static int
row_done(sqlite3_stmt *s, int rc, bool nomem, const char *what)
{
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return 404;
	if (rc != SQLITE_ROW)
		return live_status(rc, what);
	return nomem ? 500 : 0;
}

int
member_find(struct arena *a, const char *key, struct member *m)
{
	sqlite3_stmt	*s = stmt[M_FIND];
	bool		 nomem = false;
	int		 rc;

	sql_bind_text(s, ":key", key);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		m->id = sqlite3_column_int64(s, 0);
		m->display_name = sql_column(a, s, 1, &nomem);
		m->password_hash = sql_column(a, s, 2, &nomem);
		m->active = sqlite3_column_int(s, 3) != 0;
	}
	return row_done(s, rc, nomem, "finding a member");
}

/* How many rows of a failure count query, and the oldest one's time. */
static int
count_since(enum member_stmt id, int64_t *n, int64_t *oldest, int *rc)
{
	sqlite3_stmt *s = stmt[id];

	if ((*rc = sqlite3_step(s)) == SQLITE_ROW) {
		*n = sqlite3_column_int64(s, 0);
		*oldest = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	return *rc == SQLITE_ROW ? 0 : -1;
}

struct attempt_call {
	const char	*key;
	const char	*address;
	int64_t		 now;
	int64_t		*retry_after;
};

static int
attempt_body(void *ctx, int *rc)
{
	const struct attempt_call	*c = ctx;
	int64_t				 user = 0, user_oldest = 0;
	int64_t				 addr = 0, addr_oldest = 0;
	int64_t				 until = 0;

	for (int i = M_FAILURES_USERNAME; i <= M_FAILURE_ADD; i++) {
		sql_bind_text(stmt[i], ":key", c->key);
		sql_bind_text(stmt[i], ":address", c->address);
		sql_bind_int(stmt[i], ":since", c->now - LOGIN_FAILURE_WINDOW);
		sql_bind_int(stmt[i], ":now", c->now);
	}
	if (count_since(M_FAILURES_USERNAME, &user, &user_oldest, rc) == -1 ||
	    count_since(M_FAILURES_ADDRESS, &addr, &addr_oldest, rc) == -1)
		return -1;
	/* The limit lifts when the oldest failure leaves the window. */
	if (user >= LOGIN_FAILURES_PER_USERNAME)
		until = user_oldest + LOGIN_FAILURE_WINDOW;
	if (addr >= LOGIN_FAILURES_PER_ADDRESS &&
	    addr_oldest + LOGIN_FAILURE_WINDOW > until)
		until = addr_oldest + LOGIN_FAILURE_WINDOW;
	if (until > 0) {
		*c->retry_after = until - c->now > 0 ? until - c->now : 1;
		return 429;
	}
	if ((*rc = live_step(stmt[M_FAILURE_ADD])) != SQLITE_OK)
		return -1;
	return 0;
}

int
login_attempt(const char *key, const char *address, int64_t now,
    int64_t *retry_after)
{
	struct attempt_call c = { key, address, now, retry_after };

	return live_transaction(attempt_body, &c, "checking the login limits");
}

struct login_call {
	const struct login	*login;
	int64_t			 now;
};

static int
login_body(void *ctx, int *rc)
{
	static const enum member_stmt login[] = {
		M_SESSION_ADD, M_FAILURES_FORGET, M_VISITOR_MEMBER, M_REHASH
	};
	const struct login_call	*c = ctx;
	const struct login	*l = c->login;

	for (size_t i = 0; i < sizeof(login) / sizeof(login[0]); i++) {
		sqlite3_stmt *s = stmt[login[i]];

		sql_bind_text(s, ":key", l->key);
		sql_bind_int(s, ":member", l->member);
		sql_bind_int(s, ":now", c->now);
		bind_hash(s, ":hash", l->session);
		sql_bind_text(s, ":vid", l->vid);
		sql_bind_text(s, ":rehash", l->rehash);
	}
	if ((*rc = live_step(stmt[M_SESSION_ADD])) != SQLITE_OK ||
	    (*rc = live_step(stmt[M_FAILURES_FORGET])) != SQLITE_OK)
		return -1;
	if (l->old_session != NULL) {
		bind_hash(stmt[M_SESSION_END], ":hash", l->old_session);
		if ((*rc = live_step(stmt[M_SESSION_END])) != SQLITE_OK)
			return -1;
	}
	if (l->vid != NULL &&
	    (*rc = live_step(stmt[M_VISITOR_MEMBER])) != SQLITE_OK)
		return -1;
	if (l->rehash != NULL && (*rc = live_step(stmt[M_REHASH])) != SQLITE_OK)
		return -1;
	return 0;
}

int
member_login(const struct login *l, int64_t now)
{
	struct login_call c = { l, now };

	return live_transaction(login_body, &c, "logging a member in");
}

int
session_find(struct arena *a, const unsigned char *hash, int64_t now,
    int64_t idle, int64_t lifetime, struct session *out)
{
	sqlite3_stmt	*s = stmt[M_SESSION_FIND];
	bool		 nomem = false;
	int		 rc;

	bind_hash(s, ":hash", hash);
	sql_bind_int(s, ":now", now);
	sql_bind_int(s, ":idle", idle);
	sql_bind_int(s, ":lifetime", lifetime);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		out->member = sqlite3_column_int64(s, 0);
		out->display_name = sql_column(a, s, 1, &nomem);
		out->last_seen = sqlite3_column_int64(s, 2);
	}
	return row_done(s, rc, nomem, "finding a session");
}

struct touch_call {
	const unsigned char	*hash;
	int64_t			 now;
};

static int
touch_body(void *ctx, int *rc)
{
	const struct touch_call *c = ctx;

	bind_hash(stmt[M_SESSION_TOUCH], ":hash", c->hash);
	sql_bind_int(stmt[M_SESSION_TOUCH], ":now", c->now);
	return (*rc = live_step(stmt[M_SESSION_TOUCH])) == SQLITE_OK ? 0 : -1;
}

int
session_touch(const unsigned char *hash, int64_t now)
{
	struct touch_call c = { hash, now };

	return live_transaction(touch_body, &c, "refreshing a session");
}

struct end_call {
	const unsigned char	*hash;
	const char		*vid;
};

static int
end_body(void *ctx, int *rc)
{
	const struct end_call *c = ctx;

	bind_hash(stmt[M_SESSION_END], ":hash", c->hash);
	if ((*rc = live_step(stmt[M_SESSION_END])) != SQLITE_OK)
		return -1;
	if (c->vid == NULL)
		return 0;
	sql_bind_int(stmt[M_VISITOR_MEMBER], ":member", 0);
	sql_bind_text(stmt[M_VISITOR_MEMBER], ":vid", c->vid);
	if ((*rc = live_step(stmt[M_VISITOR_MEMBER])) != SQLITE_OK)
		return -1;
	return 0;
}

int
session_end(const unsigned char *hash, const char *vid)
{
	struct end_call c = { hash, vid };

	return live_transaction(end_body, &c, "logging a member out");
}

int
members_prune(int64_t now, int64_t idle, int64_t lifetime)
{
	int rc;

	sql_bind_int(stmt[M_PRUNE_SESSIONS], ":now", now);
	sql_bind_int(stmt[M_PRUNE_SESSIONS], ":idle", idle);
	sql_bind_int(stmt[M_PRUNE_SESSIONS], ":lifetime", lifetime);
	sql_bind_int(stmt[M_PRUNE_FAILURES], ":since", now - LOGIN_FAILURE_WINDOW);
	if ((rc = live_step(stmt[M_PRUNE_SESSIONS])) != SQLITE_OK)
		return rc;
	return live_step(stmt[M_PRUNE_FAILURES]);
}
