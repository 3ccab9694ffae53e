/*
 * bantin-admin sql --dry-run FILE [--preview DIR]: what FILE would change,
 * and the pages it would change, without changing the site.
 *
 * The database is copied as `backup` copies it (admin_copy: SQLite's
 * backup API, one snapshot, while the live workers go on writing) into a
 * private temporary file, and FILE is applied to the copy exactly as `sql`
 * applies it (admin_apply: the same guards, all or nothing, errors at
 * FILE:LINE).  SQLite's session extension follows every row the script
 * changes, its triggers' and cascades' included, by primary key: that
 * gives the rows added, changed and removed per table (a table without a
 * primary key, which sessions cannot follow, by the difference of its row
 * count) and the articles, sections and tags whose pages change.  With
 * DIR, the page program itself (core_handle() with pages_app, its
 * database the copy) renders the front page and those pages into DIR,
 * each as its own file, with an index.html.  The live fragments stay as
 * the SSI include lines every page carries: nothing of the live store is
 * read.  The copy is deleted at the end.
 */
/* The session extension, which Debian's libsqlite3 is built with. */
#define SQLITE_ENABLE_SESSION
#define SQLITE_ENABLE_PREUPDATE_HOOK

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin/admin.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/config.h"
#include "core/core.h"
#include "html/escape.h"
#include "pages/page.h"
#include "site/site.h"

enum {
	PREVIEW_MAX = 100,  /* pages rendered, the front page included */
	NAME_MAX_LEN = 512, /* a page's file name in DIR */
};

/* What a changed row of a content table is a page of. */
enum kind { ARTICLE, SECTION, TAG, KINDS };

static const struct {
	const char *table, *what;
	/* Its key, slug and title; for an article its section too. */
	const char *id, *slug, *title, *parent;
} kinds[KINDS] = {
	[ARTICLE] = { "articles", "article", "id", "slug", "title",
	    "category_id" },
	[SECTION] = { "categories", "section", "id", "slug", "name", NULL },
	[TAG] = { "tags", "tag", "id", "slug", "name", NULL },
};

/* A row of article_tags changes the page of its article and its tag. */
static const struct {
	const char *column;
	enum kind   kind;
} tagging[] = { { "article_id", ARTICLE }, { "tag_id", TAG } };

/* The ops of a changeset, in the report's order. */
static const int ops[] = { SQLITE_INSERT, SQLITE_UPDATE, SQLITE_DELETE };
static const char *const op_names[] = { "new", "changed", "removed" };

struct table {
	const char *name;
	int64_t     n[3];   /* added, changed, removed (ops[]) */
	int64_t     before; /* its rows, when it has no key */
	bool        keyed;  /* followed by the session */
	bool        listed; /* reported (not SQLite's own) */
};

struct page {
	enum kind   kind;
	int         op; /* index into ops[] */
	int64_t     id;
	int64_t     parent;       /* a removed article's section */
	const char *slug, *title; /* removed rows: as they were */
	const char *url;          /* NULL: none can be built */
	const char *note;         /* why readers do not see it, or "" */
	/* the rendered page's; 0: not rendered */
	int         status;
	char        file[NAME_MAX_LEN];
};

struct dry_run {
	struct arena  arena;
	sqlite3      *db; /* the copy */
	struct table *tables;
	size_t        ntables;
	struct page  *pages;
	size_t        npages;
	int           col[KINDS][4]; /* id, slug, title, parent; -1 */
	int           tag_col[2];    /* article_tags' tagging[] columns */
};

static int
op_index(int op)
{
	for (int i = 0; i < 3; i++)
		if (ops[i] == op)
			return i;
	return 1;
}

/* The column's position in table (the changeset's order), or -1. */
static int
column_of(sqlite3 *db, const char *table, const char *name)
{
	sqlite3_stmt *s;
	int           cid = -1;

	if (name == NULL ||
	    sqlite3_prepare_v2(db,
	        "SELECT cid FROM "
	        "pragma_table_info(?1) WHERE name = ?2",
	        -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		cid = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return cid;
}

static void
find_columns(struct dry_run *d)
{
	for (int k = 0; k < KINDS; k++) {
		const char *names[4] = { kinds[k].id, kinds[k].slug,
			kinds[k].title, kinds[k].parent };

		for (int i = 0; i < 4; i++)
			d->col[k][i] =
			    column_of(d->db, kinds[k].table, names[i]);
	}
	for (int i = 0; i < 2; i++)
		d->tag_col[i] =
		    column_of(d->db, "article_tags", tagging[i].column);
}

static struct table *
table_of(struct dry_run *d, const char *name)
{
	struct table *t;

	for (size_t i = 0; i < d->ntables; i++)
		if (strcmp(d->tables[i].name, name) == 0)
			return &d->tables[i];
	if ((t = reallocarray(d->tables, d->ntables + 1, sizeof(*t))) == NULL)
		return NULL;
	d->tables = t;
	t = &d->tables[d->ntables];
	memset(t, 0, sizeof(*t));
	if ((t->name = arena_strdup(&d->arena, name)) == NULL)
		return NULL;
	d->ntables++;
	return t;
}

static int64_t
row_count(sqlite3 *db, const char *table)
{
	sqlite3_stmt *s = NULL;
	char         *sql;
	int64_t       n = -1;

	/* A name read from the schema, quoted as an identifier. */
	if ((sql = sqlite3_mprintf("SELECT count(*) FROM main.\"%w\"",
	         table)) == NULL)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_free(sql);
	return n;
}

/*
 * The tables of the copy that admins know: main's own, not SQLite's
 * (sqlite_…) nor a virtual table's shadow tables (the search index's).
 * Before the script (after false), those without a primary key and
 * their row counts; after it, every one is marked for the report and
 * the unkeyed ones' counts are compared.  0 or -1.
 */
static int
count_tables(struct dry_run *d, bool after)
{
	sqlite3_stmt *s;
	struct table *t;
	int64_t       n;
	int           rc;

	if (sqlite3_prepare_v2(d->db,
	        "SELECT t.name, EXISTS (SELECT 1 FROM "
	        "pragma_table_info(t.name) WHERE pk > 0) FROM "
	        "pragma_table_list t WHERE t.schema = 'main' AND t.type = "
	        "'table' AND t.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY "
	        "t.name",
	        -1, &s, NULL) != SQLITE_OK)
		goto fail;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);
		bool        keyed = sqlite3_column_int(s, 1) != 0;

		if (!after && keyed)
			continue;
		if ((t = table_of(d, name)) == NULL)
			goto fail;
		t->keyed = keyed;
		t->listed = after;
		if (keyed)
			continue;
		if ((n = row_count(d->db, name)) == -1)
			goto fail;
		if (!after)
			t->before = n;
		else if (n > t->before)
			t->n[0] = n - t->before;
		else
			t->n[2] = t->before - n;
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return 0;
fail:
	fprintf(stderr, "bantin-admin: counting the rows of the copy: %s\n",
	    sqlite3_errmsg(d->db));
	return -1;
}

/* A new entry for the page of row id of kind; the same page may be
 * noted again (merge_pages). */
static struct page *
add_page(struct dry_run *d, enum kind kind, int64_t id, int op)
{
	struct page *p;

	if (d->npages % 256 == 0) {
		if ((p = reallocarray(d->pages, d->npages + 256, sizeof(*p))) ==
		    NULL)
			return NULL;
		d->pages = p;
	}
	p = &d->pages[d->npages++];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->id = id;
	p->op = op;
	p->note = "";
	return p;
}

static int
by_page(const void *a, const void *b)
{
	const struct page *p = a, *q = b;

	if (p->kind != q->kind)
		return p->kind < q->kind ? -1 : 1;
	return p->id < q->id ? -1 : p->id > q->id;
}

/* By page; of one page's entries, the row's own addition or removal
 * before a change of its tags. */
static int
by_key(const void *a, const void *b)
{
	const struct page *p = a, *q = b;
	int                c = by_page(a, b);

	return c != 0 ? c : (p->op == 1) - (q->op == 1);
}

/* One entry per page, sorted by_key (find_page). */
static void
merge_pages(struct dry_run *d)
{
	size_t n = 0;

	qsort(d->pages, d->npages, sizeof(*d->pages), by_key);
	for (size_t i = 0; i < d->npages; i++)
		if (n == 0 || by_page(&d->pages[n - 1], &d->pages[i]) != 0)
			d->pages[n++] = d->pages[i];
	d->npages = n;
}

static struct page *
find_page(struct dry_run *d, enum kind kind, int64_t id)
{
	struct page key = { .kind = kind, .id = id };

	return bsearch(&key, d->pages, d->npages, sizeof(*d->pages), by_page);
}

/* Column i of the change: its new value when the row was added, else
 * its old one (the key of a changed row; every column of a removed one). */
static sqlite3_value *
value_of(sqlite3_changeset_iter *it, int op, int i)
{
	sqlite3_value *v = NULL;

	if (i < 0)
		return NULL;
	if (ops[op] == SQLITE_INSERT)
		sqlite3changeset_new(it, i, &v);
	else
		sqlite3changeset_old(it, i, &v);
	return v;
}

static const char *
text_of(struct dry_run *d, sqlite3_value *v)
{
	const unsigned char *s = v != NULL ? sqlite3_value_text(v) : NULL;

	return s != NULL ? arena_strdup(&d->arena, (const char *)s) : NULL;
}

/* The pages a changed row of `table` belongs to.  0 or -1. */
static int
note_pages(struct dry_run *d, sqlite3_changeset_iter *it, const char *table,
    int op)
{
	struct page   *p;
	sqlite3_value *v;

	if (strcmp(table, "article_tags") == 0) {
		for (int i = 0; i < 2; i++)
			if ((v = value_of(it, op, d->tag_col[i])) != NULL &&
			    add_page(d, tagging[i].kind, sqlite3_value_int64(v),
			        1) == NULL)
				return -1;
		return 0;
	}
	for (int k = 0; k < KINDS; k++) {
		if (strcmp(table, kinds[k].table) != 0)
			continue;
		if ((v = value_of(it, op, d->col[k][0])) == NULL)
			return 0;
		if ((p = add_page(d, k, sqlite3_value_int64(v), op)) == NULL)
			return -1;
		if (ops[op] != SQLITE_DELETE)
			return 0;
		/* Gone from the copy: its URL from what it was. */
		p->slug = text_of(d, value_of(it, op, d->col[k][1]));
		p->title = text_of(d, value_of(it, op, d->col[k][2]));
		if ((v = value_of(it, op, d->col[k][3])) != NULL)
			p->parent = sqlite3_value_int64(v);
		return 0;
	}
	return 0;
}

/* Every row the session saw change, counted per table and noted as the
 * page it belongs to.  0 or -1. */
static int
read_changes(struct dry_run *d, sqlite3_session *session)
{
	sqlite3_changeset_iter *it = NULL;
	struct table           *t;
	const char             *table;
	void                   *set = NULL;
	int                     n, rc, ncol, op, indirect;

	if ((rc = sqlite3session_changeset(session, &n, &set)) != SQLITE_OK ||
	    (rc = sqlite3changeset_start(&it, n, set)) != SQLITE_OK)
		goto out;
	while (sqlite3changeset_next(it) == SQLITE_ROW) {
		if ((rc = sqlite3changeset_op(it, &table, &ncol, &op,
		         &indirect)) != SQLITE_OK)
			break;
		op = op_index(op);
		if ((t = table_of(d, table)) == NULL ||
		    note_pages(d, it, table, op) == -1) {
			rc = SQLITE_NOMEM;
			break;
		}
		t->n[op]++;
	}
	n = sqlite3changeset_finalize(it);
	if (rc == SQLITE_OK)
		rc = n;
out:
	sqlite3_free(set);
	if (rc == SQLITE_OK)
		return 0;
	fprintf(stderr, "bantin-admin: reading what the script changed: %s\n",
	    sqlite3_errstr(rc));
	return -1;
}

static const char *
column_text(struct dry_run *d, sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t != NULL ? arena_strdup(&d->arena, (const char *)t) : NULL;
}

/* The section slug of a removed article: its section's in the copy, or
 * that of the section removed with it. */
static const char *
section_slug(struct dry_run *d, int64_t id)
{
	sqlite3_stmt *s;
	struct page  *p;
	const char   *slug = NULL;

	if (sqlite3_prepare_v2(d->db,
	        "SELECT slug FROM categories WHERE "
	        "id = ?",
	        -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(s, 1, id);
		if (sqlite3_step(s) == SQLITE_ROW)
			slug = column_text(d, s, 0);
		sqlite3_finalize(s);
	}
	if (slug == NULL && (p = find_page(d, SECTION, id)) != NULL)
		slug = p->slug;
	return slug;
}

/* An added or changed row as the copy has it now: slug, title, section
 * slug and whether readers see it. */
static const char *const now_sql[KINDS] = {
	[ARTICLE] =
	    "SELECT a.slug, a.title, c.slug, CASE WHEN a.status <> "
	    "'published' THEN 'draft: readers do not see it' WHEN "
	    "a.published_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now') THEN "
	    "'scheduled for ' || a.published_at || ' UTC: readers do not see "
	    "it yet' ELSE '' END FROM articles a JOIN categories c ON c.id = "
	    "a.category_id WHERE a.id = ?",
	[SECTION] = "SELECT slug, name, NULL, '' FROM categories WHERE id = ?",
	[TAG] = "SELECT slug, name, NULL, '' FROM tags WHERE id = ?",
};

/* Each page's URL, as the site builds it.  0 or -1. */
static int
find_urls(struct dry_run *d)
{
	struct request req = { .arena = &d->arena };
	sqlite3_stmt  *s[KINDS] = { NULL };
	const char    *section = NULL;
	char          *url;
	int            rc = -1;

	for (int k = 0; k < KINDS; k++)
		if (sqlite3_prepare_v2(d->db, now_sql[k], -1, &s[k], NULL) !=
		    SQLITE_OK)
			goto out;
	for (size_t i = 0; i < d->npages; i++) {
		struct page *p = &d->pages[i];

		if (ops[p->op] == SQLITE_DELETE)
			section = p->kind == ARTICLE ?
			    section_slug(d, p->parent) :
			    NULL;
		else {
			sqlite3_reset(s[p->kind]);
			sqlite3_bind_int64(s[p->kind], 1, p->id);
			if (sqlite3_step(s[p->kind]) != SQLITE_ROW)
				goto out;
			p->slug = column_text(d, s[p->kind], 0);
			p->title = column_text(d, s[p->kind], 1);
			section = column_text(d, s[p->kind], 2);
			if ((p->note = column_text(d, s[p->kind], 3)) == NULL)
				p->note = "";
		}
		if (p->slug == NULL || (p->kind == ARTICLE && section == NULL))
			continue;
		if (p->kind == ARTICLE)
			p->url =
			    page_article_path(&req, section, p->slug, p->id);
		else if (p->kind == SECTION)
			p->url = page_section_path(&req, p->slug);
		else if ((url = arena_alloc(&d->arena, strlen(p->slug) + 6)) !=
		    NULL) {
			sprintf(url, "/tag/%s", p->slug);
			p->url = url;
		}
		if (p->url == NULL)
			goto out;
	}
	rc = 0;
out:
	if (rc == -1)
		fprintf(stderr,
		    "bantin-admin: reading the changed rows of the "
		    "copy: %s\n",
		    sqlite3_errmsg(d->db));
	for (int k = 0; k < KINDS; k++)
		sqlite3_finalize(s[k]);
	return rc;
}

static int
by_kind(const void *a, const void *b)
{
	const struct page *p = a, *q = b;

	if (p->kind != q->kind)
		return p->kind < q->kind ? -1 : 1;
	if (p->op != q->op)
		return p->op < q->op ? -1 : 1;
	return p->id < q->id ? -1 : p->id > q->id;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct table *)a)->name,
	    ((const struct table *)b)->name);
}

static void
report(struct dry_run *d)
{
	bool any = false;

	qsort(d->tables, d->ntables, sizeof(*d->tables), by_name);
	qsort(d->pages, d->npages, sizeof(*d->pages), by_kind);
	for (size_t i = 0; i < d->ntables; i++) {
		const struct table *t = &d->tables[i];

		if (!t->listed ||
		    (t->n[0] == 0 && t->n[1] == 0 && t->n[2] == 0))
			continue;
		if (!any)
			printf("%-24s %8s %8s %8s\n", "table", "added",
			    "changed", "removed");
		any = true;
		printf("%-24s %8" PRId64 " %8" PRId64 " %8" PRId64 "%s\n",
		    t->name, t->n[0], t->n[1], t->n[2],
		    t->keyed ?
		        "" :
		        "  (no primary key: the change of its row count)");
	}
	if (!any)
		printf("no row would change\n");
	for (size_t i = 0; i < d->npages; i++) {
		const struct page *p = &d->pages[i];
		char               what[32];

		snprintf(what, sizeof(what), "%s %s", op_names[p->op],
		    kinds[p->kind].what);
		if (p->url != NULL)
			printf("%-16s %s", what, p->url);
		else
			printf("%-16s %s %" PRId64, what, kinds[p->kind].table,
			    p->id);
		printf("%s%s%s\n", *p->note != '\0' ? " (" : "", p->note,
		    *p->note != '\0' ? ")" : "");
	}
}

/* Refuses DIR unless it is new (in an existing folder) or empty, and
 * outside the folders the web server serves.  0 or -1. */
static int
check_dir(const char *dir)
{
	const char    *served[] = { config.www_dir, config.images_dir };
	struct dirent *e;
	struct stat    st;
	char           parent[PATH_MAX], real[PATH_MAX], top[PATH_MAX];
	const char    *slash;
	DIR           *dp;
	size_t         n;

	if ((dp = opendir(dir)) != NULL) {
		while ((e = readdir(dp)) != NULL)
			if (strcmp(e->d_name, ".") != 0 &&
			    strcmp(e->d_name, "..") != 0)
				break;
		closedir(dp);
		if (e != NULL) {
			fprintf(stderr,
			    "bantin-admin: %s is not empty: give a "
			    "new or empty folder for the preview (nothing in "
			    "it is replaced)\n",
			    dir);
			return -1;
		}
		snprintf(parent, sizeof(parent), "%s", dir);
	} else if (errno == ENOENT) {
		slash = strrchr(dir, '/');
		n = slash == NULL ? 1 :
		    slash == dir  ? 1 :
		                    (size_t)(slash - dir);
		snprintf(parent, sizeof(parent), "%.*s", (int)n,
		    slash == NULL ? "." : dir);
		if (stat(parent, &st) == -1 || !S_ISDIR(st.st_mode)) {
			fprintf(stderr,
			    "bantin-admin: %s: no folder %s to "
			    "make it in\n",
			    dir, parent);
			return -1;
		}
	} else {
		fprintf(stderr, "bantin-admin: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	if (realpath(parent, real) == NULL) {
		fprintf(stderr, "bantin-admin: %s: %s\n", parent,
		    strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < sizeof(served) / sizeof(served[0]); i++) {
		if (realpath(served[i], top) == NULL)
			continue;
		n = strlen(top);
		if (strncmp(real, top, n) == 0 &&
		    (real[n] == '\0' || real[n] == '/' || n == 1)) {
			fprintf(stderr,
			    "bantin-admin: %s is inside %s, which "
			    "the web server serves: readers would see the "
			    "preview; choose a folder outside it\n",
			    dir, served[i]);
			return -1;
		}
	}
	return 0;
}

/* The page's file in DIR: its path with every '/' written '_', then
 * ".html" ('_' is never in a path the site builds, so no two pages
 * share a file, and none is index.html). */
static void
file_name(char *out, size_t size, const char *path)
{
	size_t i;

	for (i = 0; path[i] != '\0' && i + 6 < size; i++)
		out[i] = path[i] == '/' ? '_' : path[i];
	snprintf(out + i, size - i, ".html");
}

/* Writes data to the new file DIR/name (never an existing one). */
static int
write_file(const char *dir, const char *name, const char *data, size_t len)
{
	char  path[PATH_MAX];
	FILE *f;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path)) {
		fprintf(stderr, "bantin-admin: %s/%s: path too long\n", dir,
		    name);
		return -1;
	}
	if ((f = fopen(path, "wx")) == NULL || fwrite(data, 1, len, f) != len ||
	    fclose(f) != 0) {
		fprintf(stderr, "bantin-admin: writing %s: %s\n", path,
		    strerror(errno));
		if (f != NULL)
			fclose(f);
		return -1;
	}
	return 0;
}

/* GET path through the page program into DIR; the page's status. */
static int
render_page(struct response *resp, const char *dir, const char *path,
    char *file, size_t size)
{
	struct http_input in = {
		.method = "GET",
		.uri = path,
		.remote_addr = "127.0.0.1",
		.user_agent = "bantin-admin (preview)",
	};
	const char *body;
	size_t      len;

	core_handle(&pages_app, &in, resp);
	body = response_body(resp, &len);
	file_name(file, size, path);
	return write_file(dir, file, body, len) == -1 ? -1 : resp->status;
}

static void
index_entry(struct buf *b, const char *file, const char *url, const char *what,
    const char *title, int status)
{
	buf_puts(b, "<li>");
	if (file != NULL) {
		buf_puts(b, "<a href=\"");
		html_escape(b, file, strlen(file));
		buf_puts(b, "\">");
	}
	html_escape(b, url, strlen(url));
	buf_puts(b, file != NULL ? "</a> " : " ");
	html_escape(b, what, strlen(what));
	if (title != NULL) {
		buf_puts(b, ": ");
		html_escape(b, title, strlen(title));
	}
	if (status > 0)
		buf_printf(b, " (HTTP %d)", status);
	buf_puts(b, "</li>\n");
}

/* index.html: every page reported, linked to its file when rendered. */
static int
write_index(const struct dry_run *d, const char *dir, const char *script,
    int home)
{
	struct buf b;
	char       what[64];
	int        rc;

	buf_init(&b);
	buf_puts(&b,
	    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>Preview of ");
	html_escape(&b, script, strlen(script));
	buf_puts(&b, "</title>\n</head>\n<body>\n<h1>Preview of ");
	html_escape(&b, script, strlen(script));
	buf_puts(&b,
	    "</h1>\n<p>The pages as the site would serve them once "
	    "the script is applied (it is not). Live parts (statistics, "
	    "polls, the account box, view counts) are left as their SSI "
	    "include lines.</p>\n<ul>\n");
	index_entry(&b, "_.html", "/", "front page", NULL, home);
	for (size_t i = 0; i < d->npages; i++) {
		const struct page *p = &d->pages[i];

		snprintf(what, sizeof(what), "%s %s%s", op_names[p->op],
		    kinds[p->kind].what,
		    p->url != NULL && p->status == 0 &&
		            ops[p->op] != SQLITE_DELETE ?
		        " (not rendered)" :
		        "");
		index_entry(&b, p->status > 0 ? p->file : NULL,
		    p->url != NULL ? p->url : kinds[p->kind].table, what,
		    p->title, p->status);
	}
	buf_puts(&b, "</ul>\n</body>\n</html>\n");
	rc = buf_failed(&b) ? -1 : write_file(dir, "index.html", b.data, b.len);
	buf_free(&b);
	return rc;
}

/* The front page and each new or changed page, rendered from the copy by
 * the page program, into DIR.  0 or -1. */
static int
render(struct dry_run *d, const char *dir, const char *copy, const char *script)
{
	struct response resp;
	char            home[16];
	size_t          shown = 1, skipped = 0;
	int             status, rc = -1;

	if (mkdir(dir, 0777) == -1 && errno != EEXIST) {
		fprintf(stderr, "bantin-admin: mkdir %s: %s\n", dir,
		    strerror(errno));
		return -1;
	}
	/* This process serves no other request: the page program's database
	 * is the copy from now on. */
	snprintf(config.db_path, sizeof(config.db_path), "%s", copy);
	config.access_log = false;
	response_init(&resp);
	if (core_init() != 0 || pages_init() != 0)
		goto out;
	if ((status = render_page(&resp, dir, "/", home, sizeof(home))) == -1)
		goto out;
	for (size_t i = 0; i < d->npages; i++) {
		struct page *p = &d->pages[i];

		if (p->url == NULL || ops[p->op] == SQLITE_DELETE)
			continue;
		if (shown == PREVIEW_MAX) {
			skipped++;
			continue;
		}
		if ((p->status = render_page(&resp, dir, p->url, p->file,
		         sizeof(p->file))) == -1)
			goto out;
		shown++;
	}
	if (write_index(d, dir, script, status) == -1)
		goto out;
	printf("preview          %s/index.html: %zu page%s rendered\n", dir,
	    shown, shown == 1 ? "" : "s");
	if (skipped > 0)
		printf("preview          %zu more not rendered (at most %d "
		       "pages)\n",
		    skipped, PREVIEW_MAX);
	rc = 0;
out:
	response_free(&resp);
	pages_shutdown();
	core_shutdown();
	return rc;
}

/* A private temporary file for the copy, under TMPDIR, into tmp. */
static int
temp_copy(char *tmp, size_t size)
{
	const char *dir = getenv("TMPDIR");
	char        base[PATH_MAX];

	snprintf(base, sizeof(base), "%s/bantin",
	    dir != NULL && *dir != '\0' ? dir : "/tmp");
	return admin_temp_file(base, "dry-run", tmp, size);
}

int
admin_dry_run(const char *file, const char *dir)
{
	struct dry_run   d = { 0 };
	sqlite3_session *session = NULL;
	sqlite3         *live;
	char             tmp[PATH_MAX] = "", journal[PATH_MAX + 16];
	char             path[sizeof(config.db_path)];
	int              rc = 1;

	/* render() points the page program at the copy. */
	memcpy(path, config.db_path, sizeof(path));
	arena_init(&d.arena, 0);
	if (dir != NULL && check_dir(dir) == -1)
		goto out;
	if ((live = admin_open(config.db_path, SQLITE_OPEN_READONLY)) == NULL)
		goto out;
	if (admin_check_version(live) != 0 ||
	    temp_copy(tmp, sizeof(tmp)) == -1 ||
	    admin_copy(live, tmp, "DELETE", false) == -1) {
		sqlite3_close(live);
		goto out;
	}
	sqlite3_close(live);
	if ((d.db = admin_open(tmp, SQLITE_OPEN_READWRITE)) == NULL ||
	    count_tables(&d, false) == -1)
		goto out;
	if (sqlite3session_create(d.db, "main", &session) != SQLITE_OK ||
	    sqlite3session_attach(session, NULL) != SQLITE_OK) {
		fprintf(stderr, "bantin-admin: cannot follow the changes: %s\n",
		    sqlite3_errmsg(d.db));
		goto out;
	}
	if (admin_apply(d.db, file, "a private copy of the database") != 0)
		goto out;
	find_columns(&d);
	if (read_changes(&d, session) == -1 || count_tables(&d, true) == -1)
		goto out;
	merge_pages(&d);
	if (find_urls(&d) == -1)
		goto out;
	sqlite3session_delete(session);
	session = NULL;
	sqlite3_close(d.db);
	d.db = NULL;
	report(&d);
	if (dir != NULL && render(&d, dir, tmp, file) == -1)
		goto out;
	printf("dry run: nothing was written to %s\n", path);
	rc = 0;
out:
	if (session != NULL)
		sqlite3session_delete(session);
	sqlite3_close(d.db);
	if (tmp[0] != '\0') {
		unlink(tmp);
		snprintf(journal, sizeof(journal), "%s-journal", tmp);
		unlink(journal);
	}
	free(d.tables);
	free(d.pages);
	arena_free(&d.arena);
	return rc;
}
