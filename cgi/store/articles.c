/*
 * The content queries of the page handlers, each statement next to the
 * code that binds and reads it, on the read-only content connection.
 * Visibility is always "status = 'published' AND published_at <= :now",
 * with :now bound by the caller, so a scheduled article appears on time
 * with no cron and a draft never does.
 */
#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "store/db.h"
#include "store/store.h"

#define SUMMARY_COLUMNS \
	"a.id, a.slug, a.title, a.lead, a.image_url, a.image_caption, " \
	"a.published_at, c.slug, c.name, " \
	"i.width, i.height, i.variants, i.caption, i.credit"
enum { SUMMARY_NCOLUMNS = 14 };
/* The section, and the picture's row when image add made it (NULLs for
 * any other URL). */
#define SECTION_IMAGE \
	"JOIN categories c ON c.id = a.category_id " \
	"LEFT JOIN images i ON i.url = a.image_url "
#define VISIBLE "a.status = 'published' AND a.published_at <= :now"
#define FROM_VISIBLE "FROM articles a " SECTION_IMAGE
#define NEWEST "ORDER BY a.published_at DESC, a.id DESC "
#define STRING_(x) #x
#define STRING(x) STRING_(x)

static void
read_summary(struct sql *q, struct arena *a, struct summary *out)
{
	out->id = sql_col_int(q, 0);
	out->slug = sql_col_text(q, a, 1);
	out->title = sql_col_text(q, a, 2);
	out->lead = sql_col_text(q, a, 3);
	out->image_url = sql_col_text(q, a, 4);
	out->image_caption = sql_col_text(q, a, 5);
	out->published_at = sql_col_text(q, a, 6);
	out->section_slug = sql_col_text(q, a, 7);
	out->section_name = sql_col_text(q, a, 8);
	out->image_width = sql_col_int(q, 9);
	out->image_height = sql_col_int(q, 10);
	out->image_variants = sql_col_text(q, a, 11);
	out->image_default_caption = sql_col_text(q, a, 12);
	out->image_credit = sql_col_text(q, a, 13);
}

/* Every row of a bound summary query. */
static enum st
read_summaries(struct sql *q, struct arena *a, struct summaries *out)
{
	size_t cap = 0;

	out->items = NULL;
	out->n = 0;
	while (sql_row(q)) {
		if ((out->items = sql_grow(q, a, out->items, out->n, &cap,
		         sizeof(*out->items))) == NULL)
			break;
		read_summary(q, a, &out->items[out->n++]);
	}
	return sql_end(q);
}

/* The one count(*) of a bound query. */
static enum st
read_count(struct sql *q, int64_t *n)
{
	*n = sql_row(q) ? sql_col_int(q, 0) : 0;
	return sql_end(q);
}

/* One row of (id, slug, name), or ST_NOT_FOUND. */
static enum st
read_named(struct sql *q, struct arena *a, int64_t *id, const char **slug,
    const char **name)
{
	bool found;

	if ((found = sql_row(q))) {
		*id = sql_col_int(q, 0);
		*slug = sql_col_text(q, a, 1);
		*name = sql_col_text(q, a, 2);
	}
	if (sql_end(q) != ST_OK)
		return q->st;
	return found ? ST_OK : ST_NOT_FOUND;
}

enum st
store_sections(struct arena *a, struct section **out, size_t *n)
{
	static struct sql_def sections = {
		.sql =
		    "SELECT id, slug, name FROM categories WHERE parent_id IS "
		    "NULL ORDER BY position, id",
	};
	struct sql q;
	size_t     cap = 0;

	*out = NULL;
	*n = 0;
	sql_begin(&q, db_conn(), &sections, "listing sections");
	while (sql_row(&q)) {
		if ((*out = sql_grow(&q, a, *out, *n, &cap, sizeof(**out))) ==
		    NULL)
			break;
		(*out)[*n].id = sql_col_int(&q, 0);
		(*out)[*n].slug = sql_col_text(&q, a, 1);
		(*out)[*n].name = sql_col_text(&q, a, 2);
		(*n)++;
	}
	return sql_end(&q);
}

enum st
store_section(struct arena *a, const char *slug, struct section *out)
{
	static struct sql_def section = {
		.sql =
		    "SELECT id, slug, name FROM categories WHERE slug = :slug",
	};
	struct sql q;

	sql_begin(&q, db_conn(), &section, "reading a section");
	sql_text(&q, ":slug", slug);
	return read_named(&q, a, &out->id, &out->slug, &out->name);
}

enum st
store_article(struct arena *a, const char *now, int64_t id, struct article *out)
{
	static struct sql_def article = {
		.sql = "SELECT " SUMMARY_COLUMNS
		       ", a.body, a.body_format, a.author, a.source, "
		       "a.updated_at, a.category_id, a.view_count " FROM_VISIBLE
		       "WHERE a.id = :id AND " VISIBLE,
	};
	struct sql q;
	bool       found;

	sql_begin(&q, db_conn(), &article, "reading an article");
	sql_int(&q, ":id", id);
	sql_text(&q, ":now", now);
	if ((found = sql_row(&q))) {
		read_summary(&q, a, &out->s);
		out->body = sql_col_text(&q, a, SUMMARY_NCOLUMNS);
		out->body_format = sql_col_text(&q, a, SUMMARY_NCOLUMNS + 1);
		out->author = sql_col_text(&q, a, SUMMARY_NCOLUMNS + 2);
		out->source = sql_col_text(&q, a, SUMMARY_NCOLUMNS + 3);
		out->updated_at = sql_col_text(&q, a, SUMMARY_NCOLUMNS + 4);
		out->section_id = sql_col_int(&q, SUMMARY_NCOLUMNS + 5);
		out->view_count = sql_col_int(&q, SUMMARY_NCOLUMNS + 6);
	}
	if (sql_end(&q) != ST_OK)
		return q.st;
	return found ? ST_OK : ST_NOT_FOUND;
}

enum st
store_visible(const char *now, int64_t id)
{
	static struct sql_def visible = {
		.sql = "SELECT 1 FROM articles a WHERE a.id = :id AND " VISIBLE,
	};
	struct sql q;
	bool       found;

	sql_begin(&q, db_conn(), &visible, "reading an article");
	sql_int(&q, ":id", id);
	sql_text(&q, ":now", now);
	found = sql_row(&q);
	if (sql_end(&q) != ST_OK)
		return q.st;
	return found ? ST_OK : ST_NOT_FOUND;
}

enum st
store_latest(struct arena *a, const char *now, int64_t section_id, int limit,
    int64_t offset, struct summaries *out)
{
	static struct sql_def latest = {
		.sql =
		    "SELECT " SUMMARY_COLUMNS " " FROM_VISIBLE "WHERE " VISIBLE
		    " " NEWEST "LIMIT :limit OFFSET :offset",
	};
	static struct sql_def in_section = {
		.sql = "SELECT " SUMMARY_COLUMNS " " FROM_VISIBLE
		       "WHERE a.category_id = :section AND " VISIBLE " " NEWEST
		       "LIMIT :limit OFFSET :offset",
	};
	struct sql q;

	sql_begin(&q, db_conn(), section_id != 0 ? &in_section : &latest,
	    "listing articles");
	sql_text(&q, ":now", now);
	if (section_id != 0)
		sql_int(&q, ":section", section_id);
	sql_int(&q, ":limit", limit);
	sql_int(&q, ":offset", offset);
	return read_summaries(&q, a, out);
}

/* A visible article's status and date from the covering index rather than
 * its row, where they follow the body's overflow pages. */
#define VISIBLE_V \
	"JOIN articles v INDEXED BY articles_visibility " \
	"ON v.id = a.id AND v.status = 'published' "

enum st
store_count(const char *now, int64_t section_id, int64_t limit, int64_t *n)
{
	static struct sql_def all = {
		.sql = "SELECT count(*) FROM (SELECT 1 FROM articles v "
		       "INDEXED BY articles_visibility WHERE v.status = "
		       "'published' AND v.published_at <= :now LIMIT :limit)",
	};
	static struct sql_def in_section = {
		.sql =
		    "SELECT count(*) FROM (SELECT 1 FROM articles a "
		    "INDEXED BY articles_by_section " VISIBLE_V
		    "WHERE a.category_id = :section AND a.published_at <= :now "
		    "LIMIT :limit)",
	};
	struct sql q;

	sql_begin(&q, db_conn(), section_id != 0 ? &in_section : &all,
	    "counting articles");
	sql_text(&q, ":now", now);
	if (section_id != 0)
		sql_int(&q, ":section", section_id);
	sql_int(&q, ":limit", limit > 0 ? limit : -1);
	return read_count(&q, n);
}

enum st
store_summaries(struct arena *a, const char *now, const int64_t *ids, size_t n,
    struct summaries *out)
{
	static struct sql_def one = {
		.sql = "SELECT " SUMMARY_COLUMNS " " FROM_VISIBLE
		       "WHERE a.id = :id AND " VISIBLE,
	};
	struct sql q;

	out->n = 0;
	if ((out->items = arena_alloc(a, (n + 1) * sizeof(*out->items))) ==
	    NULL) {
		log_error("out of memory while reading summaries");
		return ST_NOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		sql_begin(&q, db_conn(), &one, "reading a summary");
		sql_int(&q, ":id", ids[i]);
		sql_text(&q, ":now", now);
		if (sql_row(&q))
			read_summary(&q, a, &out->items[out->n++]);
		if (sql_end(&q) != ST_OK)
			return q.st;
	}
	return ST_OK;
}

enum st
store_related(struct arena *a, const char *now, int64_t section, int64_t except,
    int limit, struct summaries *out)
{
	static struct sql_def related = {
		.sql = "SELECT " SUMMARY_COLUMNS " " FROM_VISIBLE
		       "WHERE a.category_id = :section AND a.id <> :id "
		       "AND " VISIBLE " " NEWEST "LIMIT :limit",
	};
	struct sql q;

	sql_begin(&q, db_conn(), &related, "listing related articles");
	sql_text(&q, ":now", now);
	sql_int(&q, ":section", section);
	sql_int(&q, ":id", except);
	sql_int(&q, ":limit", limit);
	return read_summaries(&q, a, out);
}

enum st
store_article_tags(struct arena *a, int64_t id, struct tag **out, size_t *n)
{
	static struct sql_def tags = {
		.sql =
		    "SELECT t.id, t.slug, t.name FROM article_tags at "
		    "JOIN tags t ON t.id = at.tag_id WHERE at.article_id = :id "
		    "ORDER BY t.name",
	};
	struct sql q;
	size_t     cap = 0;

	*out = NULL;
	*n = 0;
	sql_begin(&q, db_conn(), &tags, "listing an article's tags");
	sql_int(&q, ":id", id);
	while (sql_row(&q)) {
		if ((*out = sql_grow(&q, a, *out, *n, &cap, sizeof(**out))) ==
		    NULL)
			break;
		(*out)[*n].id = sql_col_int(&q, 0);
		(*out)[*n].slug = sql_col_text(&q, a, 1);
		(*out)[*n].name = sql_col_text(&q, a, 2);
		(*n)++;
	}
	return sql_end(&q);
}

enum st
store_tag(struct arena *a, const char *slug, struct tag *out)
{
	static struct sql_def tag = {
		.sql = "SELECT id, slug, name FROM tags WHERE slug = :slug",
	};
	struct sql q;

	sql_begin(&q, db_conn(), &tag, "reading a tag");
	sql_text(&q, ":slug", slug);
	return read_named(&q, a, &out->id, &out->slug, &out->name);
}

/*
 * A tag's page: its visible articles, newest first.  No index orders a
 * tag's articles by date, so either every one of them is sorted (from the
 * covering indexes, not their rows) or the articles are walked newest
 * first until enough carry the tag.  The walk costs about the articles it
 * passes, which is few for a common tag and the whole site for a rare
 * one: it is taken for tags of at least TAG_WALK articles.
 */
#define TAG_WALK 1000

#define TAGGED_PAGE(ids) \
	"SELECT " SUMMARY_COLUMNS " FROM (" ids ") t " \
	"JOIN articles a ON a.id = t.id " SECTION_IMAGE NEWEST

enum st
store_tagged(struct arena *a, const char *now, int64_t tag_id, int limit,
    int64_t offset, struct summaries *out)
{
	static struct sql_def size = {
		.sql = "SELECT count(*) FROM (SELECT 1 FROM article_tags "
		       "WHERE tag_id = :tag LIMIT " STRING(TAG_WALK) ")",
	};
	static struct sql_def sorted = {
		.sql = TAGGED_PAGE(
		    "SELECT a.id FROM article_tags at "
		    "JOIN articles a INDEXED BY articles_visibility "
		    "ON a.id = at.article_id WHERE at.tag_id = :tag "
		    "AND a.status = 'published' "
		    "AND a.published_at <= :now " NEWEST
		    "LIMIT :limit OFFSET :offset"),
	};
	static struct sql_def walked = {
		.sql = TAGGED_PAGE(
		    "SELECT a.id FROM articles a "
		    "INDEXED BY articles_by_date " VISIBLE_V
		    "WHERE a.published_at <= :now AND EXISTS "
		    "(SELECT 1 FROM article_tags at WHERE at.article_id = a.id "
		    "AND at.tag_id = :tag) " NEWEST
		    "LIMIT :limit OFFSET :offset"),
	};
	struct sql q;
	int64_t    n;
	enum st    st;

	sql_begin(&q, db_conn(), &size, "sizing a tag");
	sql_int(&q, ":tag", tag_id);
	if ((st = read_count(&q, &n)) != ST_OK)
		return st;
	sql_begin(&q, db_conn(), n >= TAG_WALK ? &walked : &sorted,
	    "listing tagged articles");
	sql_text(&q, ":now", now);
	sql_int(&q, ":tag", tag_id);
	sql_int(&q, ":limit", limit);
	sql_int(&q, ":offset", offset);
	return read_summaries(&q, a, out);
}

enum st
store_count_tagged(const char *now, int64_t tag_id, int64_t limit, int64_t *n)
{
	static struct sql_def count = {
		.sql = "SELECT count(*) FROM (SELECT 1 FROM article_tags at "
		       "JOIN articles a INDEXED BY articles_visibility "
		       "ON a.id = at.article_id WHERE at.tag_id = :tag "
		       "AND a.status = 'published' AND a.published_at <= :now "
		       "LIMIT :limit)",
	};
	struct sql q;

	sql_begin(&q, db_conn(), &count, "counting tagged articles");
	sql_text(&q, ":now", now);
	sql_int(&q, ":tag", tag_id);
	sql_int(&q, ":limit", limit > 0 ? limit : -1);
	return read_count(&q, n);
}

enum st
store_next_scheduled(const char *now, char out[24])
{
	static struct sql_def next = {
		.sql = "SELECT min(published_at) FROM articles "
		       "WHERE status = 'published' AND published_at > :now",
	};
	struct sql  q;
	size_t      len;
	const char *t;

	out[0] = '\0';
	sql_begin(&q, db_conn(), &next, "finding the next scheduled article");
	sql_text(&q, ":now", now);
	if (sql_row(&q) && (t = sql_col_blob(&q, 0, &len)) != NULL)
		snprintf(out, 24, "%.*s", (int)len, t);
	if (sql_end(&q) != ST_OK)
		return q.st;
	return out[0] != '\0' ? ST_OK : ST_NOT_FOUND;
}

/*
 * Search.  :match is a folded, quoted query on the ft_* columns; :phrase
 * (or NULL, for one word) the same words as one phrase; :exact (or NULL)
 * the words as typed with diacritics, on the ex_* columns.
 *
 * A common word matches most of a large site, and a rank would then be
 * computed and sorted for every match.  News readers want recent articles
 * anyway, so only the SEARCH_CANDIDATES newest matches (by id, which
 * follows publication) are ranked: phrase matches first, then exact-accent
 * ones, then BM25's term-frequency part (title 10, lead 4, body 1;
 * store/rank.c, without bm25()'s whole-doclist IDF scan) with a mild
 * recency boost.  The phrase and exact sets are taken the same way; being
 * subsets of the matches, their newest SEARCH_CANDIDATES hold every one
 * that falls among the candidates.
 */
/* The visible candidates, from the index alone, and how many there are. */
#define VISIBLE_CANDIDATES \
	"vis AS (SELECT cand.id, cand.score, v.published_at, " \
	"count(*) OVER () AS total FROM cand " \
	"JOIN articles v INDEXED BY articles_visibility ON v.id = cand.id " \
	"WHERE v.status = 'published' AND v.published_at <= :now)"
#define NEWEST_CANDIDATES "ORDER BY rowid DESC LIMIT " STRING(SEARCH_CANDIDATES)
#define CANDIDATES(query) \
	"SELECT rowid AS id FROM search_index WHERE search_index MATCH " query \
	" " NEWEST_CANDIDATES
/* The phrase and exact-accent sets (empty when :phrase, :exact is NULL). */
#define PHRASE_SET "phrase AS (" CANDIDATES("coalesce(:phrase, '\"\"')") ")"
#define EXACT_SET "exact AS (" CANDIDATES("coalesce(:exact, '\"\"')") ")"
#define FOUND_COLUMNS SUMMARY_COLUMNS ", a.body, a.body_format, ranked.total "

enum st
store_search(struct arena *a, const char *now, const char *match,
    const char *phrase, const char *exact, bool newest, int limit,
    int64_t offset, struct found **out, size_t *n, int64_t *total)
{
	static struct sql_def relevant = {
		.sql =
		    "WITH cand AS (SELECT rowid AS id, "
		    "bantin_rank(search_index, 10.0, 4.0, 1.0, 0.0, 0.0, 0.0) "
		    "AS score FROM search_index "
		    "WHERE search_index MATCH :match " NEWEST_CANDIDATES
		    "), " PHRASE_SET ", " EXACT_SET ", " VISIBLE_CANDIDATES ", "
		    "ranked AS (SELECT id, total FROM vis "
		    "ORDER BY (:phrase IS NOT NULL AND id IN phrase) DESC, "
		    "(:exact IS NOT NULL AND id IN exact) DESC, "
		    "score - 1.0 / (1.0 + (julianday(:now) - "
		    "julianday(published_at)) / 30.0), "
		    "id DESC LIMIT :limit OFFSET :offset) "
		    "SELECT " FOUND_COLUMNS "FROM ranked "
		    "JOIN articles a ON a.id = ranked.id " SECTION_IMAGE,
	};
	static struct sql_def newest_first = {
		.sql = "WITH cand AS (SELECT rowid AS id, 0 AS score "
		       "FROM search_index "
		       "WHERE search_index MATCH :match " NEWEST_CANDIDATES
		       "), " VISIBLE_CANDIDATES ", "
		       "ranked AS (SELECT id, total, published_at FROM vis "
		       "ORDER BY published_at DESC, id DESC "
		       "LIMIT :limit OFFSET :offset) "
		       "SELECT " FOUND_COLUMNS "FROM ranked "
		       "JOIN articles a ON a.id = ranked.id " SECTION_IMAGE
		       "ORDER BY ranked.published_at DESC, ranked.id DESC",
	};
	struct sql q;
	size_t     cap = 0;

	*out = NULL;
	*n = 0;
	*total = 0;
	sql_begin(&q, db_conn(), newest ? &newest_first : &relevant,
	    "searching");
	sql_text(&q, ":now", now);
	sql_text(&q, ":match", match);
	if (!newest) {
		sql_text(&q, ":phrase", phrase);
		sql_text(&q, ":exact", exact);
	}
	sql_int(&q, ":limit", limit);
	sql_int(&q, ":offset", offset);
	while (sql_row(&q)) {
		struct found *f;

		if ((*out = sql_grow(&q, a, *out, *n, &cap, sizeof(**out))) ==
		    NULL)
			break;
		f = &(*out)[(*n)++];
		read_summary(&q, a, &f->s);
		f->body = sql_col_text(&q, a, SUMMARY_NCOLUMNS);
		f->body_format = sql_col_text(&q, a, SUMMARY_NCOLUMNS + 1);
		*total = sql_col_int(&q, SUMMARY_NCOLUMNS + 2);
	}
	return sql_end(&q);
}

enum st
store_locators(struct arena *a, const char *now, int limit, int64_t offset,
    struct locator **out, size_t *n)
{
	static struct sql_def sitemap = {
		.sql = "SELECT a.id, a.slug, c.slug, a.updated_at " FROM_VISIBLE
		       "WHERE " VISIBLE
		       " ORDER BY a.id LIMIT :limit OFFSET :offset",
	};
	struct sql q;
	size_t     cap = 0;

	*out = NULL;
	*n = 0;
	sql_begin(&q, db_conn(), &sitemap, "listing the sitemap");
	sql_text(&q, ":now", now);
	sql_int(&q, ":limit", limit);
	sql_int(&q, ":offset", offset);
	while (sql_row(&q)) {
		struct locator *l;

		if ((*out = sql_grow(&q, a, *out, *n, &cap, sizeof(**out))) ==
		    NULL)
			break;
		l = &(*out)[(*n)++];
		l->id = sql_col_int(&q, 0);
		l->slug = sql_col_text(&q, a, 1);
		l->section_slug = sql_col_text(&q, a, 2);
		l->updated_at = sql_col_text(&q, a, 3);
	}
	return sql_end(&q);
}

enum st
store_since(struct arena *a, const char *now, const char *since, int limit,
    struct summaries *out)
{
	static struct sql_def recent = {
		.sql = "SELECT " SUMMARY_COLUMNS " " FROM_VISIBLE
		       "WHERE a.published_at > :since AND " VISIBLE " " NEWEST
		       "LIMIT :limit",
	};
	struct sql q;

	sql_begin(&q, db_conn(), &recent, "listing recent articles");
	sql_text(&q, ":now", now);
	sql_text(&q, ":since", since);
	sql_int(&q, ":limit", limit);
	return read_summaries(&q, a, out);
}
