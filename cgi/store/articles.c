#include <stdio.h>
#include <string.h>

#include "store/db.h"
#include "store/sql.h"
#include "store/store.h"

/* The columns of SUMMARY_COLUMNS (store/queries.c); a statement's own come
 * after them. */
enum { SUMMARY_N = 15 };

/* Ends a statement: reset, and turn its last step result into a status. */
static int
finish(sqlite3_stmt *s, int rc, bool nomem, const char *what)
{
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (nomem)
		return 500;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_error(rc, what);
	return 0;
}

static void
read_summary(struct arena *a, sqlite3_stmt *s, struct summary *out, bool *nomem)
{
	out->id = sqlite3_column_int64(s, 0);
	out->slug = sql_column(a, s, 1, nomem);
	out->title = sql_column(a, s, 2, nomem);
	out->lead = sql_column(a, s, 3, nomem);
	out->image_url = sql_column(a, s, 4, nomem);
	out->image_caption = sql_column(a, s, 5, nomem);
	out->published_at = sql_column(a, s, 6, nomem);
	out->view_count = sqlite3_column_int64(s, 7);
	out->section_slug = sql_column(a, s, 8, nomem);
	out->section_name = sql_column(a, s, 9, nomem);
	out->image_width = sqlite3_column_int64(s, 10);
	out->image_height = sqlite3_column_int64(s, 11);
	out->image_variants = sql_column(a, s, 12, nomem);
	out->image_default_caption = sql_column(a, s, 13, nomem);
	out->image_credit = sql_column(a, s, 14, nomem);
}

static int
read_summaries(struct arena *a, sqlite3_stmt *s, int limit,
    struct summaries *out, const char *what)
{
	int rc;
	bool nomem = false;

	out->n = 0;
	if ((out->items = arena_zalloc(a, (size_t)limit * sizeof(*out->items))) == NULL)
		return finish(s, SQLITE_DONE, true, what);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && out->n < (size_t)limit)
		read_summary(a, s, &out->items[out->n++], &nomem);
	return finish(s, rc, nomem, what);
}

static int
read_count(sqlite3_stmt *s, int64_t *n, const char *what)
{
	int rc = sqlite3_step(s);

	*n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	return finish(s, rc, false, what);
}

static int
read_named(struct arena *a, sqlite3_stmt *s, int64_t *id, const char **slug,
    const char **name, const char *what)
{
	int rc = sqlite3_step(s), status;
	bool nomem = false;

	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		*slug = sql_column(a, s, 1, &nomem);
		*name = sql_column(a, s, 2, &nomem);
	}
	status = finish(s, rc, nomem, what);
	return status == 0 && rc != SQLITE_ROW ? 404 : status;
}

int
store_sections(struct arena *a, struct section **out, size_t *n)
{
	sqlite3_stmt	*s = db_stmt(STMT_SECTIONS);
	size_t		 cap = 16;
	int		 rc;
	bool		 nomem = false;

	*n = 0;
	if ((*out = arena_alloc(a, cap * sizeof(**out))) == NULL)
		return 500;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < cap) {
		struct section *sec = &(*out)[(*n)++];

		sec->id = sqlite3_column_int64(s, 0);
		sec->slug = sql_column(a, s, 1, &nomem);
		sec->name = sql_column(a, s, 2, &nomem);
	}
	return finish(s, rc, nomem, "listing sections");
}

int
store_section(struct arena *a, const char *slug, struct section *out)
{
	sqlite3_stmt *s = db_stmt(STMT_SECTION_BY_SLUG);

	sql_bind_text(s, ":slug", slug);
	return read_named(a, s, &out->id, &out->slug, &out->name,
	    "reading a section");
}

int
store_article(struct arena *a, const char *now, int64_t id, struct article *out)
{
	sqlite3_stmt	*s = db_stmt(STMT_ARTICLE);
	int		 rc, status;
	bool		 nomem = false;

	sql_bind_int(s, ":id", id);
	sql_bind_text(s, ":now", now);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		read_summary(a, s, &out->s, &nomem);
		out->body = sql_column(a, s, SUMMARY_N, &nomem);
		out->body_format = sql_column(a, s, SUMMARY_N + 1, &nomem);
		out->author = sql_column(a, s, SUMMARY_N + 2, &nomem);
		out->source = sql_column(a, s, SUMMARY_N + 3, &nomem);
		out->updated_at = sql_column(a, s, SUMMARY_N + 4, &nomem);
		out->section_id = sqlite3_column_int64(s, SUMMARY_N + 5);
	}
	status = finish(s, rc, nomem, "reading an article");
	return status == 0 && rc != SQLITE_ROW ? 404 : status;
}

int
store_latest(struct arena *a, const char *now, int64_t section_id, int limit,
    int64_t offset, struct summaries *out)
{
	sqlite3_stmt *s = db_stmt(section_id ? STMT_LATEST_IN_SECTION : STMT_LATEST);

	sql_bind_text(s, ":now", now);
	if (section_id)
		sql_bind_int(s, ":section", section_id);
	sql_bind_int(s, ":limit", limit);
	sql_bind_int(s, ":offset", offset);
	return read_summaries(a, s, limit, out, "listing articles");
}

int
store_count(const char *now, int64_t section_id, int64_t *n)
{
	sqlite3_stmt *s = db_stmt(section_id ? STMT_COUNT_IN_SECTION : STMT_COUNT);

	sql_bind_text(s, ":now", now);
	if (section_id)
		sql_bind_int(s, ":section", section_id);
	return read_count(s, n, "counting articles");
}

int
store_most_read(struct arena *a, const char *now, int limit, struct summaries *out)
{
	struct summaries	 all;
	sqlite3_stmt		*s = db_stmt(STMT_MOST_READ_WEEK);
	int			 rc;

	/* This week's views first; all-time views fill the rest (and all of
	 * it on a site too new to have daily figures). */
	sql_bind_text(s, ":now", now);
	sql_bind_int(s, ":limit", limit);
	if ((rc = read_summaries(a, s, limit, out, "listing the most read")) != 0 ||
	    out->n == (size_t)limit)
		return rc;
	s = db_stmt(STMT_MOST_READ);
	sql_bind_text(s, ":now", now);
	sql_bind_int(s, ":limit", limit * 2);
	if ((rc = read_summaries(a, s, limit * 2, &all, "listing the most read")) != 0)
		return rc;
	for (size_t i = 0; i < all.n && out->n < (size_t)limit; i++) {
		size_t j;

		for (j = 0; j < out->n && out->items[j].id != all.items[i].id; j++)
			;
		if (j == out->n)
			out->items[out->n++] = all.items[i];
	}
	return 0;
}

int
store_related(struct arena *a, const char *now, const struct article *art,
    int limit, struct summaries *out)
{
	sqlite3_stmt *s = db_stmt(STMT_RELATED);

	sql_bind_text(s, ":now", now);
	sql_bind_int(s, ":section", art->section_id);
	sql_bind_int(s, ":id", art->s.id);
	sql_bind_int(s, ":limit", limit);
	return read_summaries(a, s, limit, out, "listing related articles");
}

int
store_article_tags(struct arena *a, int64_t id, struct tag **out, size_t *n)
{
	sqlite3_stmt	*s = db_stmt(STMT_ARTICLE_TAGS);
	size_t		 cap = 32;
	int		 rc;
	bool		 nomem = false;

	*n = 0;
	if ((*out = arena_alloc(a, cap * sizeof(**out))) == NULL)
		return 500;
	sql_bind_int(s, ":id", id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < cap) {
		struct tag *t = &(*out)[(*n)++];

		t->id = sqlite3_column_int64(s, 0);
		t->slug = sql_column(a, s, 1, &nomem);
		t->name = sql_column(a, s, 2, &nomem);
	}
	return finish(s, rc, nomem, "listing tags");
}

int
store_tag(struct arena *a, const char *slug, struct tag *out)
{
	sqlite3_stmt *s = db_stmt(STMT_TAG_BY_SLUG);

	sql_bind_text(s, ":slug", slug);
	return read_named(a, s, &out->id, &out->slug, &out->name, "reading a tag");
}

int
store_tagged(struct arena *a, const char *now, int64_t tag_id, int limit,
    int64_t offset, struct summaries *out)
{
	sqlite3_stmt *s = db_stmt(STMT_TAGGED);

	sql_bind_text(s, ":now", now);
	sql_bind_int(s, ":tag", tag_id);
	sql_bind_int(s, ":limit", limit);
	sql_bind_int(s, ":offset", offset);
	return read_summaries(a, s, limit, out, "listing tagged articles");
}

int
store_count_tagged(const char *now, int64_t tag_id, int64_t *n)
{
	sqlite3_stmt *s = db_stmt(STMT_COUNT_TAGGED);

	sql_bind_text(s, ":now", now);
	sql_bind_int(s, ":tag", tag_id);
	return read_count(s, n, "counting tagged articles");
}

int
store_next_scheduled(const char *now, char out[24])
{
	sqlite3_stmt		*s = db_stmt(STMT_NEXT_SCHEDULED);
	const unsigned char	*t;
	int			 rc;

	sql_bind_text(s, ":now", now);
	rc = sqlite3_step(s);
	out[0] = '\0';
	if (rc == SQLITE_ROW && (t = sqlite3_column_text(s, 0)) != NULL)
		snprintf(out, 24, "%s", (const char *)t);
	rc = finish(s, rc, false, "finding the next scheduled article");
	return rc == 0 && out[0] == '\0' ? 404 : rc;
}

int
store_search(struct arena *a, const char *now, const char *match,
    const char *phrase, const char *exact, bool newest, int limit,
    int64_t offset, struct found **out, size_t *n, int64_t *total)
{
	sqlite3_stmt	*s = db_stmt(newest ? STMT_SEARCH_NEWEST : STMT_SEARCH);
	bool		 nomem = false;
	int		 rc;

	*n = 0;
	*total = 0;
	if ((*out = arena_zalloc(a, (size_t)limit * sizeof(**out))) == NULL)
		return 500;
	sql_bind_text(s, ":now", now);
	sql_bind_text(s, ":match", match);
	sql_bind_text(s, ":phrase", phrase);
	sql_bind_text(s, ":exact", exact);
	sql_bind_int(s, ":limit", limit);
	sql_bind_int(s, ":offset", offset);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < (size_t)limit) {
		struct found *f = &(*out)[(*n)++];

		read_summary(a, s, &f->s, &nomem);
		f->body = sql_column(a, s, SUMMARY_N, &nomem);
		f->body_format = sql_column(a, s, SUMMARY_N + 1, &nomem);
		*total = sqlite3_column_int64(s, SUMMARY_N + 2);
	}
	return finish(s, rc, nomem, "searching");
}

int
store_locators(struct arena *a, const char *now, int limit, int64_t offset,
    struct locator **out, size_t *n)
{
	sqlite3_stmt	*s = db_stmt(STMT_SITEMAP);
	bool		 nomem = false;
	int		 rc;

	*n = 0;
	if ((*out = arena_alloc(a, (size_t)limit * sizeof(**out))) == NULL)
		return 500;
	sql_bind_text(s, ":now", now);
	sql_bind_int(s, ":limit", limit);
	sql_bind_int(s, ":offset", offset);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < (size_t)limit) {
		struct locator *l = &(*out)[(*n)++];

		l->id = sqlite3_column_int64(s, 0);
		l->slug = sql_column(a, s, 1, &nomem);
		l->section_slug = sql_column(a, s, 2, &nomem);
		l->updated_at = sql_column(a, s, 3, &nomem);
	}
	return finish(s, rc, nomem, "listing the sitemap");
}

int
store_since(struct arena *a, const char *now, const char *since, int limit,
    struct summaries *out)
{
	sqlite3_stmt *s = db_stmt(STMT_SINCE);

	sql_bind_text(s, ":now", now);
	sql_bind_text(s, ":since", since);
	sql_bind_int(s, ":limit", limit);
	return read_summaries(a, s, limit, out, "listing recent articles");
}
