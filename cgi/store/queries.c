/*
 * Every SQL statement of the page handlers, prepared once per connection.
 * Visibility is always "status = 'published' AND published_at <= :now", with
 * :now bound by the caller, so a scheduled article appears on time with no
 * cron and a draft never does.
 */
#include "store/db.h"
#include "store/store.h"

#define SUMMARY_COLUMNS \
	"a.id, a.slug, a.title, a.lead, a.image_url, a.image_caption, " \
	"a.published_at, a.view_count, c.slug, c.name, " \
	"i.width, i.height, i.variants, i.caption, i.credit"
/* The picture's row when image add made it; NULLs for any other URL. */
#define IMAGE " LEFT JOIN images i ON i.url = a.image_url"
#define VISIBLE "a.status = 'published' AND a.published_at <= :now"

const char *const stmt_sql[STMT__COUNT] = {
	[STMT_SECTIONS] =
	    "SELECT id, slug, name FROM categories WHERE parent_id IS NULL "
	    "ORDER BY position, id",
	[STMT_SECTION_BY_SLUG] =
	    "SELECT id, slug, name FROM categories WHERE slug = :slug",
	[STMT_ARTICLE] =
	    "SELECT " SUMMARY_COLUMNS ", a.body, a.body_format, a.author, "
	    "a.source, a.updated_at, a.category_id "
	    "FROM articles a JOIN categories c ON c.id = a.category_id" IMAGE " "
	    "WHERE a.id = :id AND " VISIBLE,
	[STMT_LATEST] =
	    "SELECT " SUMMARY_COLUMNS " FROM articles a "
	    "JOIN categories c ON c.id = a.category_id" IMAGE " WHERE " VISIBLE " "
	    "ORDER BY a.published_at DESC, a.id DESC LIMIT :limit OFFSET :offset",
	[STMT_LATEST_IN_SECTION] =
	    "SELECT " SUMMARY_COLUMNS " FROM articles a "
	    "JOIN categories c ON c.id = a.category_id" IMAGE " "
	    "WHERE a.category_id = :section AND " VISIBLE " "
	    "ORDER BY a.published_at DESC, a.id DESC LIMIT :limit OFFSET :offset",
	[STMT_COUNT] =
	    "SELECT count(*) FROM articles a WHERE " VISIBLE,
	[STMT_COUNT_IN_SECTION] =
	    "SELECT count(*) FROM articles a "
	    "WHERE a.category_id = :section AND " VISIBLE,
	[STMT_MOST_READ] =
	    "SELECT " SUMMARY_COLUMNS " FROM articles a "
	    "JOIN categories c ON c.id = a.category_id" IMAGE " WHERE " VISIBLE " "
	    "ORDER BY a.view_count DESC, a.id DESC LIMIT :limit",
	/* From the small daily table, not by summing over every article. */
	[STMT_MOST_READ_WEEK] =
	    "SELECT " SUMMARY_COLUMNS " FROM (SELECT article_id, "
	    "sum(views) AS week FROM article_daily_views "
	    "WHERE day >= date(:now, '-6 days') GROUP BY article_id "
	    "ORDER BY week DESC LIMIT 100) w "
	    "JOIN articles a ON a.id = w.article_id "
	    "JOIN categories c ON c.id = a.category_id" IMAGE " WHERE " VISIBLE " "
	    "ORDER BY w.week DESC, a.view_count DESC, a.id DESC LIMIT :limit",
	[STMT_RELATED] =
	    "SELECT " SUMMARY_COLUMNS " FROM articles a "
	    "JOIN categories c ON c.id = a.category_id" IMAGE " "
	    "WHERE a.category_id = :section AND a.id <> :id AND " VISIBLE " "
	    "ORDER BY a.published_at DESC, a.id DESC LIMIT :limit",
	[STMT_ARTICLE_TAGS] =
	    "SELECT t.id, t.slug, t.name FROM article_tags at "
	    "JOIN tags t ON t.id = at.tag_id WHERE at.article_id = :id "
	    "ORDER BY t.name",
	[STMT_TAG_BY_SLUG] =
	    "SELECT id, slug, name FROM tags WHERE slug = :slug",
	[STMT_TAGGED] =
	    "SELECT " SUMMARY_COLUMNS " FROM article_tags at "
	    "JOIN articles a ON a.id = at.article_id "
	    "JOIN categories c ON c.id = a.category_id" IMAGE " "
	    "WHERE at.tag_id = :tag AND " VISIBLE " "
	    "ORDER BY a.published_at DESC, a.id DESC LIMIT :limit OFFSET :offset",
	[STMT_COUNT_TAGGED] =
	    "SELECT count(*) FROM article_tags at "
	    "JOIN articles a ON a.id = at.article_id "
	    "WHERE at.tag_id = :tag AND " VISIBLE,
	[STMT_NEXT_SCHEDULED] =
	    "SELECT min(published_at) FROM articles "
	    "WHERE status = 'published' AND published_at > :now",
	[STMT_SITEMAP] =
	    "SELECT a.id, a.slug, c.slug, a.updated_at FROM articles a "
	    "JOIN categories c ON c.id = a.category_id WHERE " VISIBLE " "
	    "ORDER BY a.id LIMIT :limit OFFSET :offset",
	[STMT_SINCE] =
	    "SELECT " SUMMARY_COLUMNS " FROM articles a "
	    "JOIN categories c ON c.id = a.category_id" IMAGE " "
	    "WHERE a.published_at > :since AND " VISIBLE " "
	    "ORDER BY a.published_at DESC, a.id DESC LIMIT :limit",
	/*
	 * Search.  :match is a folded, quoted query on the ft_* columns;
	 * :phrase (or NULL, for one word) the same words as one phrase; :exact (or NULL) the words as
	 * typed with diacritics, on the ex_* columns.
	 *
	 * A common word matches most of a large site, and bm25 would then be
	 * computed and sorted for every match.  News readers want recent
	 * articles anyway, so only the SEARCH_CANDIDATES newest matches (by
	 * id, which follows publication) are ranked: phrase matches first,
	 * then exact-accent ones, then BM25's term-frequency part (title 10,
	 * lead 4, body 1; store/rank.c, without bm25()'s whole-doclist IDF
	 * scan) with a mild recency boost.  The phrase and exact sets are taken the same
	 * way; being subsets of the matches, their newest SEARCH_CANDIDATES
	 * hold every one that falls among the candidates.
	 */
/* The visible candidates, from the index alone, and how many there are. */
#define VISIBLE_CANDIDATES \
	"vis AS (SELECT cand.id, cand.score, v.published_at, " \
	"count(*) OVER () AS total FROM cand " \
	"JOIN articles v INDEXED BY articles_visibility ON v.id = cand.id " \
	"WHERE v.status = 'published' AND v.published_at <= :now)"
#define STRING_(x) #x
#define STRING(x) STRING_(x)
#define CANDIDATES(query) \
	"SELECT rowid AS id FROM search_index WHERE search_index MATCH " \
	query " ORDER BY rowid DESC LIMIT " STRING(SEARCH_CANDIDATES)
	[STMT_SEARCH] =
	    "WITH cand AS (SELECT rowid AS id, "
	    "bantin_rank(search_index, 10.0, 4.0, 1.0, 0.0, 0.0, 0.0) AS score "
	    "FROM search_index WHERE search_index MATCH :match "
	    "ORDER BY rowid DESC LIMIT " STRING(SEARCH_CANDIDATES) "), "
	    "phrase AS (" CANDIDATES("coalesce(:phrase, '\"\"')") "), "
	    "exact AS (" CANDIDATES("coalesce(:exact, '\"\"')") "), "
	    VISIBLE_CANDIDATES ", "
	    "ranked AS (SELECT id, total FROM vis "
	    "ORDER BY (:phrase IS NOT NULL AND id IN phrase) DESC, "
	    "(:exact IS NOT NULL AND id IN exact) DESC, "
	    "score - 1.0 / (1.0 + (julianday(:now) - julianday(published_at)) / 30.0), "
	    "id DESC LIMIT :limit OFFSET :offset) "
	    "SELECT " SUMMARY_COLUMNS ", a.body, a.body_format, ranked.total "
	    "FROM ranked JOIN articles a ON a.id = ranked.id "
	    "JOIN categories c ON c.id = a.category_id" IMAGE,
	[STMT_SEARCH_NEWEST] =
	    "WITH cand AS (SELECT rowid AS id, 0 AS score FROM search_index "
	    "WHERE search_index MATCH :match ORDER BY rowid DESC LIMIT "
	    STRING(SEARCH_CANDIDATES) "), " VISIBLE_CANDIDATES ", "
	    "ranked AS (SELECT id, total, published_at FROM vis "
	    "ORDER BY published_at DESC, id DESC LIMIT :limit OFFSET :offset) "
	    "SELECT " SUMMARY_COLUMNS ", a.body, a.body_format, ranked.total "
	    "FROM ranked JOIN articles a ON a.id = ranked.id "
	    "JOIN categories c ON c.id = a.category_id" IMAGE " "
	    "ORDER BY ranked.published_at DESC, ranked.id DESC",
	[STMT_CONTENT_VERSION] =
	    "SELECT n FROM content_version",
};
