/*
 * The article store: what page handlers may ask of the content database.
 * Every function copies what it returns into the request arena and returns
 * ST_OK, ST_NOT_FOUND (no such row, or not visible at `now`), or a failure
 * (base/status.h), already logged.  Lists are complete: no function caps
 * what it returns except by the limit it is given.  `now` is an ISO 8601
 * UTC time, "YYYY-MM-DDTHH:MM:SSZ".
 */
#ifndef BANTIN_STORE_H
#define BANTIN_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/status.h"

struct section {
	int64_t     id;
	const char *slug;
	const char *name;
};

struct tag {
	int64_t     id;
	const char *slug;
	const char *name;
};

struct summary {
	int64_t     id;
	const char *slug;
	const char *title;
	const char *lead;
	const char *image_url;     /* may be NULL */
	const char *image_caption; /* may be NULL */
	const char *published_at;
	const char *section_slug;
	const char *section_name;
	/* The picture's images row (bantin-admin image add); variants NULL
	 * when image_url has none. */
	int64_t     image_width, image_height;
	const char *image_variants;        /* "360 720 1200" */
	const char *image_default_caption; /* may be NULL */
	const char *image_credit;          /* may be NULL */
};

struct article {
	struct summary s;
	const char    *body;
	const char    *body_format; /* text, html, markdown */
	const char    *author;      /* may be NULL */
	const char    *source;      /* may be NULL */
	const char    *updated_at;
	int64_t        section_id;
	int64_t        view_count;
};

struct summaries {
	struct summary *items;
	size_t          n;
};

enum st store_sections(struct arena *, struct section **, size_t *);
enum st store_section(struct arena *, const char *slug, struct section *);
enum st store_article(struct arena *, const char *now, int64_t id,
    struct article *);
/* ST_OK when article id is visible at now, else ST_NOT_FOUND. */
enum st store_visible(const char *now, int64_t id);
/* section_id 0: every section. */
enum st store_latest(struct arena *, const char *now, int64_t section_id,
    int limit, int64_t offset, struct summaries *);
/* Visible articles of a section (0: every section), counted up to limit
 * (0: all): a page of a list needs no more than the pages it links. */
enum st store_count(const char *now, int64_t section_id, int64_t limit,
    int64_t *);
/* The summaries of the articles ids[0..n) visible at now, in that order. */
enum st store_summaries(struct arena *, const char *now, const int64_t *ids,
    size_t n, struct summaries *);
/* The newest visible articles of a section but `except` (0: none). */
enum st store_related(struct arena *, const char *now, int64_t section,
    int64_t except, int limit, struct summaries *);
enum st store_article_tags(struct arena *, int64_t id, struct tag **, size_t *);
enum st store_tag(struct arena *, const char *slug, struct tag *);
enum st store_tagged(struct arena *, const char *now, int64_t tag_id, int limit,
    int64_t offset, struct summaries *);
enum st store_count_tagged(const char *now, int64_t tag_id, int64_t limit,
    int64_t *);
/* A sitemap entry. */
struct locator {
	int64_t     id;
	const char *slug;
	const char *section_slug;
	const char *updated_at;
};

/* Visible articles by id, for the sitemaps. */
enum st store_locators(struct arena *, const char *now, int limit,
    int64_t offset, struct locator **, size_t *);
/* Visible articles published after `since` (ISO), newest first. */
enum st store_since(struct arena *, const char *now, const char *since,
    int limit, struct summaries *);

/* Only this many of the newest matches are ranked and counted (see
 * cgi/store/articles.c): a common word must not cost a scan of the
 * site. */
#define SEARCH_CANDIDATES 500

enum { SEARCH_TERMS_MAX = 16 };

/* A reader's search text, as store_search() takes it. */
struct search_query {
	char  *terms[SEARCH_TERMS_MAX]; /* folded words */
	size_t nterms;
	char  *match;  /* FTS5 query on ft_*: every word */
	char  *phrase; /* the same words as one phrase; NULL for one */
	char  *exact;  /* the words as typed, on ex_*; NULL unless
			* some carry diacritics */
};

/* A byte of a word, as search splits text: ASCII letters and digits, and
 * any byte of a multi-byte character. */
bool search_word_byte(unsigned char);

/* Folds q and builds the FTS5 queries in the arena; false when q has no
 * word (or is not valid UTF-8). */
bool search_query_parse(struct arena *, const char *q, struct search_query *);

/* A search result: the summary, and the body for the snippet. */
struct found {
	struct summary s;
	const char    *body;
	const char    *body_format;
};

/* Articles visible at now matching `match` (an FTS5 query on the folded
 * columns, built by the caller from folded words only); those matching
 * `phrase` (the words in order) first, then, with `exact` (or NULL), those
 * containing the words as typed.  *total is the number of visible matches
 * among the candidates, counted in the same pass.  `newest` orders by
 * date instead of relevance. */
enum st store_search(struct arena *, const char *now, const char *match,
    const char *phrase, const char *exact, bool newest, int limit,
    int64_t offset, struct found **, size_t *, int64_t *total);

/* The next scheduled publication after now, into out[24]; ST_NOT_FOUND
 * if none. */
enum st store_next_scheduled(const char *now, char out[24]);

#endif
