/*
 * bantin-admin live export FILE [--force] and live import FILE [--replace]:
 * a site's live figures moved between backends (docs/SCALING.md, "Moving
 * a site between backends"), through the live store's own interface
 * (store/live.h: live_export(), live_import()).
 *
 * export writes every lasting figure of the configured store (live_store,
 * SQLite or Redis) to FILE: an SQLite database of its own, one table per
 * kind of figure (sqlite3 reads it), written beside FILE and renamed, mode
 * 0600 (it holds session hashes and the form key).  Figures of articles,
 * polls or members deleted since are left out, and counted.
 *
 * import checks every record of FILE (its types and ranges, and that the
 * content has what it names), refuses a store that holds figures unless
 * --replace, replaces the store's lasting figures by the file's, all or
 * nothing, then reads the store back and compares it with the file:
 * each kind's count and sum, and a digest of its records that no order
 * changes.  It prints both; exit 1 unless every one is equal.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "admin/admin.h"
#include "base/config.h"
#include "store/db.h"
#include "store/live.h"

enum { FORMAT = 1 };

/* Each kind's table in FILE.  Its select reads a record's fields in one
 * order: id, option, value, created, at, day, voter, key. */
static const struct table {
	const char *name;
	const char *label;
	const char *create;
	const char *insert;
	const char *select;
} tables[LIVE_KINDS] = {
	[LIVE_TOTAL_VISITS] = { "total_visits", "total visits",
	    "CREATE TABLE total_visits (value INTEGER NOT NULL)",
	    "INSERT INTO total_visits VALUES (:value)",
	    "SELECT 0, 0, value, 0, 0, '', '', x'' FROM total_visits" },
	[LIVE_VIEWS] = { "views", "article views",
	    "CREATE TABLE views (article_id INTEGER PRIMARY KEY, "
	    "views INTEGER NOT NULL)",
	    "INSERT INTO views VALUES (:id, :value)",
	    "SELECT article_id, 0, views, 0, 0, '', '', x'' FROM views" },
	[LIVE_DAY_VIEWS] = { "daily_views", "daily views",
	    "CREATE TABLE daily_views (article_id INTEGER NOT NULL, "
	    "day TEXT NOT NULL, views INTEGER NOT NULL, "
	    "PRIMARY KEY (article_id, day))",
	    "INSERT INTO daily_views VALUES (:id, :day, :value)",
	    "SELECT article_id, 0, views, 0, 0, day, '', x'' "
	    "FROM daily_views" },
	[LIVE_VOTES] = { "poll_votes", "poll votes",
	    "CREATE TABLE poll_votes (poll_id INTEGER NOT NULL, "
	    "option_id INTEGER NOT NULL, votes INTEGER NOT NULL, "
	    "PRIMARY KEY (poll_id, option_id))",
	    "INSERT INTO poll_votes VALUES (:id, :option, :value)",
	    "SELECT poll_id, option_id, votes, 0, 0, '', '', x'' "
	    "FROM poll_votes" },
	[LIVE_VOTER] = { "poll_voters", "poll voters",
	    "CREATE TABLE poll_voters (poll_id INTEGER NOT NULL, "
	    "voter TEXT NOT NULL, voted_at INTEGER NOT NULL, "
	    "PRIMARY KEY (poll_id, voter))",
	    "INSERT INTO poll_voters VALUES (:id, :voter, :at)",
	    "SELECT poll_id, 0, 0, 0, voted_at, '', voter, x'' "
	    "FROM poll_voters" },
	[LIVE_SESSION] = { "sessions", "sessions",
	    "CREATE TABLE sessions (id_hash BLOB PRIMARY KEY, "
	    "member_id INTEGER NOT NULL, created_at INTEGER NOT NULL, "
	    "last_seen INTEGER NOT NULL)",
	    "INSERT INTO sessions VALUES (:key, :id, :created, :at)",
	    "SELECT member_id, 0, 0, created_at, last_seen, '', '', id_hash "
	    "FROM sessions" },
	[LIVE_SECRET] = { "form_key", "form key",
	    "CREATE TABLE form_key (value BLOB NOT NULL)",
	    "INSERT INTO form_key VALUES (:key)",
	    "SELECT 0, 0, 0, 0, 0, '', '', value FROM form_key" },
};

/* Each kind's records counted, their values summed, and a digest of
 * them: the sum of a hash of each, so any order gives the same. */
struct tally {
	int64_t  records[LIVE_KINDS];
	int64_t  sum[LIVE_KINDS];
	uint64_t digest[LIVE_KINDS];
};

static void
tally_add(struct tally *t, const struct live_record *r)
{
	unsigned char h[8];
	char          line[300], key[2 * LIVE_SECRET_LEN + 1];
	uint64_t      n = 0;

	sodium_bin2hex(key, sizeof(key), r->key, sizeof(r->key));
	/* A voter's time is left out: Redis keeps none. */
	snprintf(line, sizeof(line), "%lld %lld %lld %lld %lld %s %s %s",
	    (long long)r->id, (long long)r->option, (long long)r->value,
	    (long long)r->created,
	    (long long)(r->kind == LIVE_VOTER ? 0 : r->at), r->day,
	    r->kind == LIVE_VOTER ? r->voter : "", key);
	crypto_generichash(h, sizeof(h), (const unsigned char *)line,
	    strlen(line), NULL, 0);
	for (size_t i = 0; i < sizeof(h); i++)
		n = n << 8 | h[i];
	t->records[r->kind]++;
	t->sum[r->kind] += r->value;
	t->digest[r->kind] += n;
}

/* "88619428", "1 234 in 56 articles", …: what a tally says of a kind. */
static const char *
describe(const struct tally *t, int kind, char *buf, size_t size)
{
	static const char *const of[LIVE_KINDS] = {
		[LIVE_VIEWS] = "articles",
		[LIVE_DAY_VIEWS] = "article-days",
		[LIVE_VOTES] = "options",
	};

	if (kind == LIVE_TOTAL_VISITS)
		snprintf(buf, size, "%lld", (long long)t->sum[kind]);
	else if (of[kind] != NULL)
		snprintf(buf, size, "%lld in %lld %s", (long long)t->sum[kind],
		    (long long)t->records[kind], of[kind]);
	else
		snprintf(buf, size, "%lld", (long long)t->records[kind]);
	return buf;
}

/* Whether a store holds figures (its form key aside, which every store
 * makes for itself). */
static bool
holds_figures(const struct tally *t)
{
	for (int kind = 0; kind < LIVE_KINDS; kind++)
		if (kind == LIVE_TOTAL_VISITS ?
		        t->sum[kind] > 0 :
		        kind != LIVE_SECRET && t->records[kind] > 0)
			return true;
	return false;
}

static void
print_tally(FILE *f, const struct tally *t)
{
	char buf[100];

	for (int kind = 0; kind < LIVE_KINDS; kind++)
		fprintf(f, "  %-14s %s\n", tables[kind].label,
		    describe(t, kind, buf, sizeof(buf)));
}

static enum st
count_record(void *arg, const struct live_record *r)
{
	tally_add(arg, r);
	return ST_OK;
}

/* The store's lasting figures, tallied. */
static enum st
tally_store(int64_t now, struct tally *t)
{
	struct live_sink sink = { count_record, t };

	memset(t, 0, sizeof(*t));
	return live_export(now, &sink);
}

/* The live store and the content, or 1 after a message naming them. */
static int
open_stores(void)
{
	char shown[600];

	if (db_begin_request() != ST_OK) {
		fprintf(stderr,
		    "bantin-admin: cannot read the database %s "
		    "(see above)\n",
		    config.db_path);
		return 1;
	}
	if (live_begin() != ST_OK) {
		fprintf(stderr,
		    "bantin-admin: the live store %s does not "
		    "answer (see above); check that it runs and that "
		    "live_store names it (bantin-admin check-config)\n",
		    live_store_shown(shown, sizeof(shown)));
		return 1;
	}
	return 0;
}

/* --- export --------------------------------------------------------------- */

struct writer {
	sqlite3      *db;
	const char   *path;
	sqlite3_stmt *insert[LIVE_KINDS];
	struct tally  tally;
	int64_t       left_out;
};

static void
bind_int(sqlite3_stmt *s, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(s, name);

	if (i > 0)
		sqlite3_bind_int64(s, i, v);
}

static enum st
write_record(void *arg, const struct live_record *r)
{
	struct writer *w = arg;
	sqlite3_stmt  *s = w->insert[r->kind];
	bool           has;
	int            i;
	enum st        st;

	if ((st = live_names_content(r, &has)) != ST_OK)
		return st;
	if (!has) {
		w->left_out++;
		return ST_OK;
	}
	bind_int(s, ":id", r->id);
	bind_int(s, ":option", r->option);
	bind_int(s, ":value", r->value);
	bind_int(s, ":created", r->created);
	bind_int(s, ":at", r->at);
	if ((i = sqlite3_bind_parameter_index(s, ":day")) > 0)
		sqlite3_bind_text(s, i, r->day, -1, SQLITE_STATIC);
	if ((i = sqlite3_bind_parameter_index(s, ":voter")) > 0)
		sqlite3_bind_text(s, i, r->voter, -1, SQLITE_STATIC);
	if ((i = sqlite3_bind_parameter_index(s, ":key")) > 0)
		sqlite3_bind_blob(s, i, r->key, sizeof(r->key), SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		fprintf(stderr, "bantin-admin: %s: %s\n", w->path,
		    sqlite3_errmsg(w->db));
		sqlite3_reset(s);
		return ST_DOWN;
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	tally_add(&w->tally, r);
	return ST_OK;
}

/* The file's tables and its first row, in w->db. */
static int
create_file(struct writer *w, int64_t now)
{
	sqlite3_stmt *s = NULL;
	char          shown[600];
	int           rc;

	rc = sqlite3_exec(w->db,
	    "BEGIN; CREATE TABLE live_export ("
	    "format INTEGER NOT NULL, store TEXT NOT NULL, "
	    "exported_at INTEGER NOT NULL)",
	    NULL, NULL, NULL);
	for (int kind = 0; rc == SQLITE_OK && kind < LIVE_KINDS; kind++)
		if ((rc = sqlite3_exec(w->db, tables[kind].create, NULL, NULL,
		         NULL)) == SQLITE_OK)
			rc = sqlite3_prepare_v2(w->db, tables[kind].insert, -1,
			    &w->insert[kind], NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(w->db,
		    "INSERT INTO live_export "
		    "VALUES (?1, ?2, ?3)",
		    -1, &s, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int(s, 1, FORMAT);
		sqlite3_bind_text(s, 2, live_store_shown(shown, sizeof(shown)),
		    -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, now);
		rc = sqlite3_step(s) == SQLITE_DONE ? SQLITE_OK :
		                                      sqlite3_errcode(w->db);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_OK)
		fprintf(stderr, "bantin-admin: %s: %s\n", w->path,
		    sqlite3_errmsg(w->db));
	return rc == SQLITE_OK ? 0 : 1;
}

static int
live_export_cmd(int argc, char **argv)
{
	struct writer    w = { .db = NULL };
	struct live_sink sink = { write_record, &w };
	const char      *file;
	char             tmp[1100] = "", shown[600];
	int64_t          now = (int64_t)time(NULL);
	bool             force;
	int              rc = 1;

	if (admin_file_and_flag(argc, argv, "--force", &file, &force) == -1)
		return 2;
	if (!force && access(file, F_OK) == 0) {
		fprintf(stderr,
		    "bantin-admin: %s already exists; choose a new "
		    "name or add --force to replace it\n",
		    file);
		return 1;
	}
	if (open_stores() != 0)
		return 1;
	if (admin_temp_file(file, "tmp", tmp, sizeof(tmp)) == -1)
		return 1;
	w.path = tmp;
	if ((w.db = admin_open(tmp, SQLITE_OPEN_READWRITE)) == NULL ||
	    create_file(&w, now) != 0)
		goto out;
	if (live_export(now, &sink) != ST_OK) {
		fprintf(stderr,
		    "bantin-admin: the live figures could not be "
		    "read (see above); nothing was exported\n");
		goto out;
	}
	for (int kind = 0; kind < LIVE_KINDS; kind++) {
		sqlite3_finalize(w.insert[kind]);
		w.insert[kind] = NULL;
	}
	if (sqlite3_exec(w.db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "bantin-admin: %s: %s\n", tmp,
		    sqlite3_errmsg(w.db));
		goto out;
	}
	if (sqlite3_close(w.db) != SQLITE_OK || admin_sync(tmp, false) == -1) {
		fprintf(stderr, "bantin-admin: %s: cannot write it out\n", tmp);
		w.db = NULL;
		goto out;
	}
	w.db = NULL;
	if (admin_rename_into_place(tmp, file) == -1)
		goto out;
	tmp[0] = '\0';
	printf("exported the live figures of %s to %s:\n",
	    live_store_shown(shown, sizeof(shown)), file);
	print_tally(stdout, &w.tally);
	if (w.left_out > 0)
		printf("left out %lld figures of articles, polls or members "
		       "deleted since\n",
		    (long long)w.left_out);
	rc = 0;
out:
	for (int kind = 0; kind < LIVE_KINDS; kind++)
		sqlite3_finalize(w.insert[kind]);
	sqlite3_close(w.db);
	if (tmp[0] != '\0')
		unlink(tmp);
	return rc;
}

/* --- import --------------------------------------------------------------- */

struct reader {
	sqlite3      *db;
	const char   *path;
	sqlite3_stmt *select[LIVE_KINDS];
	int           kind; /* the table being read */
	int64_t       row;
};

static enum st
read_rewind(void *arg)
{
	struct reader *rd = arg;

	for (int kind = 0; kind < LIVE_KINDS; kind++)
		sqlite3_reset(rd->select[kind]);
	rd->kind = 0;
	rd->row = 0;
	return ST_OK;
}

/* What is wrong with the types of the row s holds, or NULL. */
static const char *
wrong_types(sqlite3_stmt *s)
{
	for (int col = 0; col < 5; col++)
		if (sqlite3_column_type(s, col) != SQLITE_INTEGER ||
		    sqlite3_column_int64(s, col) < 0)
			return "a number that is not a whole number >= 0";
	if (sqlite3_column_type(s, 5) != SQLITE_TEXT ||
	    sqlite3_column_type(s, 6) != SQLITE_TEXT ||
	    sqlite3_column_type(s, 7) != SQLITE_BLOB)
		return "a day, voter or key of the wrong type";
	return NULL;
}

/* What is wrong with record r, or NULL. */
static const char *
invalid(const struct live_record *r, size_t key_len)
{
	const char *v = r->voter;
	size_t      n = strlen(v);

	if (r->id == 0 && r->kind != LIVE_TOTAL_VISITS &&
	    r->kind != LIVE_SECRET)
		return "no article, poll or member";
	if ((r->kind == LIVE_VOTES && r->option == 0) ||
	    (r->kind == LIVE_SESSION &&
	        (r->created == 0 || r->at < r->created)))
		return "no option, or session times out of order";
	if (r->kind == LIVE_DAY_VIEWS &&
	    (strlen(r->day) != 10 || strspn(r->day, "0123456789-") != 10 ||
	        r->day[4] != '-' || r->day[7] != '-'))
		return "a day that is not YYYY-MM-DD";
	if (r->kind == LIVE_VOTER &&
	    (n < 3 || n > 64 ||
	        (strncmp(v, "v:", 2) != 0 && strncmp(v, "m:", 2) != 0) ||
	        strspn(v + 2, "0123456789abcdefghijklmnopqrstuvwxyz") != n - 2))
		return "a voter that is not v:<visitor> or m:<member>";
	if ((r->kind == LIVE_SESSION || r->kind == LIVE_SECRET) &&
	    key_len != LIVE_SECRET_LEN)
		return "a key that is not 32 bytes";
	return NULL;
}

/* The next record of the file, checked: ST_NOT_FOUND after the last,
 * ST_BAD after a message. */
static enum st
read_next(void *arg, struct live_record *r)
{
	struct reader *rd = arg;
	sqlite3_stmt  *s;
	const char    *why;
	size_t         key_len;
	int            rc;

	for (; rd->kind < LIVE_KINDS; rd->kind++, rd->row = 0) {
		s = rd->select[rd->kind];
		if ((rc = sqlite3_step(s)) == SQLITE_DONE)
			continue;
		if (rc != SQLITE_ROW) {
			fprintf(stderr, "bantin-admin: %s: %s\n", rd->path,
			    sqlite3_errmsg(rd->db));
			return ST_DOWN;
		}
		rd->row++;
		memset(r, 0, sizeof(*r));
		r->kind = (enum live_kind)rd->kind;
		if ((why = wrong_types(s)) == NULL) {
			r->id = sqlite3_column_int64(s, 0);
			r->option = sqlite3_column_int64(s, 1);
			r->value = sqlite3_column_int64(s, 2);
			r->created = sqlite3_column_int64(s, 3);
			r->at = sqlite3_column_int64(s, 4);
			snprintf(r->day, sizeof(r->day), "%s",
			    (const char *)sqlite3_column_text(s, 5));
			r->voter = (const char *)sqlite3_column_text(s, 6);
			key_len = (size_t)sqlite3_column_bytes(s, 7);
			if (key_len == LIVE_SECRET_LEN)
				memcpy(r->key, sqlite3_column_blob(s, 7),
				    key_len);
			why = invalid(r, key_len);
		}
		if (why != NULL) {
			fprintf(stderr,
			    "bantin-admin: %s: table %s, row %lld: "
			    "%s (a file `bantin-admin live export` wrote is "
			    "never so)\n",
			    rd->path, tables[rd->kind].name, (long long)rd->row,
			    why);
			return ST_BAD;
		}
		return ST_OK;
	}
	return ST_NOT_FOUND;
}

/* FILE opened and its tables prepared: 0, or 1 after a message. */
static int
open_file(struct reader *rd, const char *file)
{
	sqlite3_stmt *s = NULL;
	int           format = 0;

	rd->path = file;
	if (access(file, R_OK) == -1) {
		fprintf(stderr, "bantin-admin: %s: %s\n", file,
		    strerror(errno));
		return 1;
	}
	if ((rd->db = admin_open(file, SQLITE_OPEN_READONLY)) == NULL)
		return 1;
	if (sqlite3_prepare_v2(rd->db, "SELECT format FROM live_export", -1, &s,
	        NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		format = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (format != FORMAT) {
		fprintf(stderr,
		    "bantin-admin: %s is not a live export of "
		    "this bantin (make one with `bantin-admin live export`)\n",
		    file);
		return 1;
	}
	for (int kind = 0; kind < LIVE_KINDS; kind++)
		if (sqlite3_prepare_v2(rd->db, tables[kind].select, -1,
		        &rd->select[kind], NULL) != SQLITE_OK) {
			fprintf(stderr, "bantin-admin: %s: %s\n", file,
			    sqlite3_errmsg(rd->db));
			return 1;
		}
	return 0;
}

/* Every record of the file checked (and the content has what it names),
 * and tallied: 0, or 1 after a message. */
static int
check_file(struct reader *rd, struct tally *t)
{
	struct live_record r;
	bool               has;
	enum st            st;

	memset(t, 0, sizeof(*t));
	read_rewind(rd);
	while ((st = read_next(rd, &r)) == ST_OK) {
		if (live_names_content(&r, &has) != ST_OK)
			return 1;
		if (!has) {
			fprintf(stderr,
			    "bantin-admin: %s: table %s, row %lld "
			    "names %s %lld (option %lld), which database %s "
			    "does not have: import into the site it was "
			    "exported from\n",
			    rd->path, tables[r.kind].name, (long long)rd->row,
			    r.kind == LIVE_SESSION ? "member" :
			        r.kind == LIVE_VOTER || r.kind == LIVE_VOTES ?
			                             "poll" :
			                             "article",
			    (long long)r.id, (long long)r.option,
			    config.db_path);
			return 1;
		}
		tally_add(t, &r);
	}
	if (st != ST_NOT_FOUND)
		return 1;
	if (t->records[LIVE_TOTAL_VISITS] != 1 || t->records[LIVE_SECRET] > 1) {
		fprintf(stderr,
		    "bantin-admin: %s: total_visits must have one "
		    "row and form_key one at most\n",
		    rd->path);
		return 1;
	}
	return 0;
}

/* The file's tally against the store's: each kind printed; 0 when every
 * one is equal. */
static int
compare(const struct tally *file, const struct tally *store)
{
	char a[100], b[100];
	int  differ = 0;

	printf("  %-14s %-28s %s\n", "", "in the file", "in the store");
	for (int kind = 0; kind < LIVE_KINDS; kind++) {
		bool same = file->records[kind] == store->records[kind] &&
		    file->sum[kind] == store->sum[kind] &&
		    file->digest[kind] == store->digest[kind];

		printf("  %-14s %-28s %s%s\n", tables[kind].label,
		    describe(file, kind, a, sizeof(a)),
		    describe(store, kind, b, sizeof(b)),
		    same ? "" : "   DIFFERENT");
		differ += !same;
	}
	return differ;
}

static int
live_import_cmd(int argc, char **argv)
{
	struct reader      rd = { .db = NULL };
	struct live_source source = { read_next, read_rewind, &rd };
	struct tally       file, store;
	const char        *path;
	char               shown[600], what[100];
	int64_t            now = (int64_t)time(NULL);
	bool               replace;
	int                rc = 1;

	if (admin_file_and_flag(argc, argv, "--replace", &path, &replace) == -1)
		return 2;
	if (open_file(&rd, path) != 0 || open_stores() != 0 ||
	    check_file(&rd, &file) != 0)
		goto out;
	live_store_shown(shown, sizeof(shown));
	if (tally_store(now, &store) != ST_OK)
		goto failed;
	if (holds_figures(&store) && !replace) {
		fprintf(stderr,
		    "bantin-admin: the live store %s holds figures "
		    "already (total visits %s, and more):\n",
		    shown,
		    describe(&store, LIVE_TOTAL_VISITS, what, sizeof(what)));
		print_tally(stderr, &store);
		fprintf(stderr,
		    "add --replace to replace them with %s's "
		    "(`bantin-admin live export` keeps a copy first)\n",
		    path);
		goto out;
	}
	if (live_import(now, &source) != ST_OK)
		goto failed;
	if (tally_store(now, &store) != ST_OK) {
		fprintf(stderr,
		    "bantin-admin: %s was imported, but the live "
		    "store %s could not be read back to check it (see "
		    "above)\n",
		    path, shown);
		goto out;
	}
	printf("imported %s into %s:\n", path, shown);
	if (compare(&file, &store) != 0) {
		fprintf(stderr,
		    "bantin-admin: the store does not hold what "
		    "%s holds (above): did a live worker write meanwhile? "
		    "Stop them and import again with --replace\n",
		    path);
		goto out;
	}
	printf("checked: the store holds every figure of %s, count for "
	       "count and record for record\n",
	    path);
	rc = 0;
	goto out;
failed:
	fprintf(stderr,
	    "bantin-admin: the live store %s failed (see above); "
	    "nothing was imported\n",
	    shown);
out:
	for (int kind = 0; kind < LIVE_KINDS; kind++)
		sqlite3_finalize(rd.select[kind]);
	sqlite3_close(rd.db);
	return rc;
}

int
cmd_live(int argc, char **argv)
{
	int rc = 2;

	if (argc >= 2 && strcmp(argv[1], "export") == 0)
		rc = live_export_cmd(argc - 1, argv + 1);
	else if (argc >= 2 && strcmp(argv[1], "import") == 0)
		rc = live_import_cmd(argc - 1, argv + 1);
	live_close();
	db_close();
	return rc;
}
