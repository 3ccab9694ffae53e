#include <string.h>

#include "store/members.h"

/* One row read by `q` (bound), or ST_NOT_FOUND. */
static enum st
one_row(struct sql *q, bool found)
{
	if (sql_end(q) != ST_OK)
		return q->st;
	return found ? ST_OK : ST_NOT_FOUND;
}

enum st
member_find(struct sql_conn *c, struct arena *a, const char *key,
    struct member *m)
{
	static struct sql_def find = { .sql =
		"SELECT id, display_name, password_hash, status = 'active' "
		"FROM members WHERE username_key = :key" };
	struct sql	q;
	bool		found;

	sql_begin(&q, c, &find, "finding a member");
	sql_text(&q, ":key", key);
	if ((found = sql_row(&q))) {
		m->id = sql_col_int(&q, 0);
		m->display_name = sql_col_text(&q, a, 1);
		m->password_hash = sql_col_text(&q, a, 2);
		m->active = sql_col_int(&q, 3) != 0;
	}
	return one_row(&q, found);
}

struct attempt {
	const char	*key;
	const char	*address;
	int64_t		 now;
	int64_t		*retry_after;
};

/* Failures for one username or address within the window: how many, and
 * when the limit lifts if there are `limit` of them (else 0). */
static enum st
failures(struct sql_conn *c, struct sql_def *def, const char *name,
    const char *value, int64_t now, int64_t limit, int64_t *until)
{
	struct sql q;

	sql_begin(&q, c, def, "counting failed logins");
	sql_text(&q, name, value);
	sql_int(&q, ":since", now - LOGIN_FAILURE_WINDOW);
	/* The limit lifts when the oldest failure leaves the window. */
	if (sql_row(&q) && sql_col_int(&q, 0) >= limit &&
	    sql_col_int(&q, 1) + LOGIN_FAILURE_WINDOW > *until)
		*until = sql_col_int(&q, 1) + LOGIN_FAILURE_WINDOW;
	return sql_end(&q);
}

static enum st
attempt_body(struct sql_conn *c, void *ctx)
{
	static struct sql_def by_username = { .sql =
		"SELECT count(*), min(failed_at) FROM login_failures "
		"WHERE username_key = :key AND failed_at > :since" };
	static struct sql_def by_address = { .sql =
		"SELECT count(*), min(failed_at) FROM login_failures "
		"WHERE address = :address AND failed_at > :since" };
	static struct sql_def add = { .sql =
		"INSERT INTO login_failures (username_key, address, failed_at) "
		"VALUES (:key, :address, :now)" };
	const struct attempt	*t = ctx;
	struct sql		 q;
	int64_t			 until = 0;
	enum st			 st;

	if ((st = failures(c, &by_username, ":key", t->key, t->now,
	    LOGIN_FAILURES_PER_USERNAME, &until)) != ST_OK ||
	    (st = failures(c, &by_address, ":address", t->address, t->now,
	    LOGIN_FAILURES_PER_ADDRESS, &until)) != ST_OK)
		return st;
	if (until > 0) {
		*t->retry_after = until - t->now > 0 ? until - t->now : 1;
		return ST_LIMITED;
	}
	sql_begin(&q, c, &add, "recording a login attempt");
	sql_text(&q, ":key", t->key);
	sql_text(&q, ":address", t->address);
	sql_int(&q, ":now", t->now);
	return sql_run(&q);
}

enum st
login_attempt(struct sql_conn *c, const char *key, const char *address,
    int64_t now, int64_t *retry_after)
{
	struct attempt t = { key, address, now, retry_after };

	return sql_transaction(c, attempt_body, &t,
	    "checking the login limits");
}

/* Ends a session; the visitor, if any, is a guest again. */
static enum st
end_session(struct sql_conn *c, const unsigned char *hash, const char *vid)
{
	static struct sql_def end = { .sql = "DELETE FROM sessions WHERE id_hash = :hash" };
	static struct sql_def guest = { .sql = "UPDATE visitors SET member_id = NULL WHERE id = :vid" };
	struct sql q;

	sql_begin(&q, c, &end, "ending a session");
	sql_blob(&q, ":hash", hash, SESSION_HASH_LEN);
	if (sql_run(&q) != ST_OK || vid == NULL)
		return q.st;
	sql_begin(&q, c, &guest, "counting a visitor as a guest");
	sql_text(&q, ":vid", vid);
	return sql_run(&q);
}

struct login_call {
	const struct login	*login;
	int64_t			 now;
};

static enum st
login_body(struct sql_conn *c, void *ctx)
{
	static struct sql_def session = { .sql =
		"INSERT INTO sessions (id_hash, member_id, created_at, "
		"last_seen) VALUES (:hash, :member, :now, :now)" };
	static struct sql_def forget = { .sql = "DELETE FROM login_failures WHERE username_key = :key" };
	static struct sql_def visitor = { .sql = "UPDATE visitors SET member_id = :member WHERE id = :vid" };
	static struct sql_def rehash = { .sql = "UPDATE members SET password_hash = :rehash WHERE id = :member" };
	const struct login_call	*lc = ctx;
	const struct login	*l = lc->login;
	struct sql		 q;
	enum st			 st;

	sql_begin(&q, c, &session, "starting a session");
	sql_blob(&q, ":hash", l->session, SESSION_HASH_LEN);
	sql_int(&q, ":member", l->member);
	sql_int(&q, ":now", lc->now);
	if (sql_run(&q) != ST_OK)
		return q.st;
	sql_begin(&q, c, &forget, "forgetting failed logins");
	sql_text(&q, ":key", l->key);
	if (sql_run(&q) != ST_OK)
		return q.st;
	/* The session the browser came with ends; its visitor is counted
	 * as the member just below. */
	if (l->old_session != NULL &&
	    (st = end_session(c, l->old_session, NULL)) != ST_OK)
		return st;
	if (l->vid != NULL) {
		sql_begin(&q, c, &visitor, "counting a visitor as a member");
		sql_int(&q, ":member", l->member);
		sql_text(&q, ":vid", l->vid);
		if (sql_run(&q) != ST_OK)
			return q.st;
	}
	if (l->rehash == NULL)
		return ST_OK;
	sql_begin(&q, c, &rehash, "replacing a password hash");
	sql_text(&q, ":rehash", l->rehash);
	sql_int(&q, ":member", l->member);
	return sql_run(&q);
}

enum st
member_login(struct sql_conn *c, const struct login *l, int64_t now)
{
	struct login_call lc = { l, now };

	return sql_transaction(c, login_body, &lc, "logging a member in");
}

enum st
session_find(struct sql_conn *c, struct arena *a, const unsigned char *hash,
    int64_t now, int64_t idle, int64_t lifetime, struct session *out)
{
	static struct sql_def find = { .sql =
		"SELECT s.member_id, m.display_name, s.last_seen "
		"FROM sessions s JOIN members m ON m.id = s.member_id "
		"WHERE s.id_hash = :hash AND m.status = 'active' "
		"AND s.last_seen > :now - :idle "
		"AND s.created_at > :now - :lifetime" };
	struct sql	q;
	bool		found;

	sql_begin(&q, c, &find, "finding a session");
	sql_blob(&q, ":hash", hash, SESSION_HASH_LEN);
	sql_int(&q, ":now", now);
	sql_int(&q, ":idle", idle);
	sql_int(&q, ":lifetime", lifetime);
	if ((found = sql_row(&q))) {
		out->member = sql_col_int(&q, 0);
		out->display_name = sql_col_text(&q, a, 1);
		out->last_seen = sql_col_int(&q, 2);
	}
	return one_row(&q, found);
}

struct touch {
	const unsigned char	*hash;
	int64_t			 now;
};

static enum st
touch_body(struct sql_conn *c, void *ctx)
{
	static struct sql_def touch = { .sql = "UPDATE sessions SET last_seen = :now WHERE id_hash = :hash" };
	const struct touch	*t = ctx;
	struct sql		 q;

	sql_begin(&q, c, &touch, "refreshing a session");
	sql_int(&q, ":now", t->now);
	sql_blob(&q, ":hash", t->hash, SESSION_HASH_LEN);
	return sql_run(&q);
}

enum st
session_touch(struct sql_conn *c, const unsigned char *hash, int64_t now)
{
	struct touch t = { hash, now };

	return sql_transaction(c, touch_body, &t, "refreshing a session");
}

struct end {
	const unsigned char	*hash;
	const char		*vid;
};

static enum st
end_body(struct sql_conn *c, void *ctx)
{
	const struct end *e = ctx;

	return end_session(c, e->hash, e->vid);
}

enum st
session_end(struct sql_conn *c, const unsigned char *hash, const char *vid)
{
	struct end e = { hash, vid };

	return sql_transaction(c, end_body, &e, "logging a member out");
}

enum st
members_prune(struct sql_conn *c, int64_t now, int64_t idle, int64_t lifetime,
    int batch)
{
	static struct sql_def sessions = { .sql =
		"DELETE FROM sessions WHERE id_hash IN (SELECT id_hash "
		"FROM sessions WHERE last_seen <= :now - :idle "
		"OR created_at <= :now - :lifetime LIMIT :batch)" };
	static struct sql_def failures = { .sql =
		"DELETE FROM login_failures WHERE rowid IN (SELECT rowid "
		"FROM login_failures WHERE failed_at <= :since LIMIT :batch)" };
	struct sql q;

	sql_begin(&q, c, &sessions, "pruning expired sessions");
	sql_int(&q, ":now", now);
	sql_int(&q, ":idle", idle);
	sql_int(&q, ":lifetime", lifetime);
	sql_int(&q, ":batch", batch);
	if (sql_run(&q) != ST_OK)
		return q.st;
	sql_begin(&q, c, &failures, "pruning old failed logins");
	sql_int(&q, ":since", now - LOGIN_FAILURE_WINDOW);
	sql_int(&q, ":batch", batch);
	return sql_run(&q);
}
