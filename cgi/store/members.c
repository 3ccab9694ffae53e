#include "store/db.h"
#include "store/members.h"

#define MEMBER_COLUMNS "id, display_name, password_hash, status = 'active'"

/* One member row of a bound query, or ST_NOT_FOUND. */
static enum st
read_member(struct sql *q, struct arena *a, struct member *m)
{
	bool found;

	if ((found = sql_row(q))) {
		m->id = sql_col_int(q, 0);
		m->display_name = sql_col_text(q, a, 1);
		m->password_hash = sql_col_text(q, a, 2);
		m->active = sql_col_int(q, 3) != 0;
	}
	if (sql_end(q) != ST_OK)
		return q->st;
	return found ? ST_OK : ST_NOT_FOUND;
}

enum st
member_find(struct arena *a, const char *key, struct member *m)
{
	static struct sql_def find = {
		.sql = "SELECT " MEMBER_COLUMNS " FROM members "
		       "WHERE username_key = :key",
	};
	struct sql q;

	sql_begin(&q, db_conn(), &find, "finding a member");
	sql_text(&q, ":key", key);
	return read_member(&q, a, m);
}

enum st
member_by_id(struct arena *a, int64_t id, struct member *m)
{
	static struct sql_def by_id = {
		.sql = "SELECT " MEMBER_COLUMNS " FROM members WHERE id = :id",
	};
	struct sql q;

	sql_begin(&q, db_conn(), &by_id, "reading a member");
	sql_int(&q, ":id", id);
	return read_member(&q, a, m);
}
