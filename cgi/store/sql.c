#include "store/sql.h"

void
sql_bind_text(sqlite3_stmt *s, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(s, name);

	if (i > 0)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

void
sql_bind_int(sqlite3_stmt *s, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(s, name);

	if (i > 0)
		sqlite3_bind_int64(s, i, v);
}

const char *
sql_column(struct arena *a, sqlite3_stmt *s, int i, bool *nomem)
{
	const unsigned char	*t = sqlite3_column_text(s, i);
	char			*p;

	if (t == NULL)
		return NULL;
	if ((p = arena_strndup(a, (const char *)t,
	    (size_t)sqlite3_column_bytes(s, i))) == NULL)
		*nomem = true;
	return p;
}
