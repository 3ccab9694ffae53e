#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "admin/admin.h"
#include "base/config.h"
#include "store/db.h"
#include "store/functions.h"
#include "store/version.h"
#include "text/text.h"

enum { SCRIPT_MAX = 64 << 20 };

sqlite3 *
admin_open(const char *path, int flags)
{
	sqlite3 *db = NULL;

	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
		fprintf(stderr, "bantin-admin: cannot open %s: %s\n", path,
		    db != NULL ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 5000);
	sqlite3_extended_result_codes(db, 1);
	/* No writable_schema, journal_mode = OFF, schema_version writes or
	 * writes to FTS5's shadow tables, whatever a script says. */
	if (sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "bantin-admin: %s: %s\n", path,
		    sqlite3_errmsg(db));
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	if (sql_register_functions(db) != SQLITE_OK) {
		fprintf(stderr, "bantin-admin: %s\n", sqlite3_errmsg(db));
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/* Reads the script, checks UTF-8, returns it in NFC (malloc'd). */
static char *
read_script(const char *file)
{
	FILE       *f;
	struct stat st;
	char       *raw = NULL, *nfc = NULL;
	size_t      n;

	if ((f = fopen(file, "r")) == NULL) {
		fprintf(stderr, "bantin-admin: %s: %s\n", file,
		    strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size > SCRIPT_MAX) {
		fprintf(stderr,
		    "bantin-admin: %s: not a regular file of at "
		    "most 64 MiB\n",
		    file);
		goto out;
	}
	if ((raw = malloc((size_t)st.st_size + 1)) == NULL)
		goto out;
	n = fread(raw, 1, (size_t)st.st_size, f);
	raw[n] = '\0';
	if (!text_valid_utf8(raw, n)) {
		fprintf(stderr,
		    "bantin-admin: %s: not valid UTF-8 (save it as "
		    "UTF-8 without NUL bytes)\n",
		    file);
		goto out;
	}
	/* Vietnamese typed on some systems arrives decomposed (NFD). */
	nfc = text_nfc(raw, n, NULL);
out:
	free(raw);
	fclose(f);
	return nfc;
}

/* Past whitespace, comments and empty statements: where the statement
 * itself begins. */
const char *
statement_start(const char *p)
{
	for (;;) {
		while (isspace((unsigned char)*p) || *p == ';')
			p++;
		if (p[0] == '-' && p[1] == '-')
			p += strcspn(p, "\n");
		else if (p[0] == '/' && p[1] == '*') {
			const char *end = strstr(p + 2, "*/");

			if (end == NULL)
				return p;
			p = end + 2;
		} else
			return p;
	}
}

static int
line_at(const char *s, const char *p)
{
	int line = 1;

	for (; s < p; s++)
		line += *s == '\n';
	return line;
}

/* What a script may do, decided by SQLite's authorizer as it prepares each
 * statement, so no spelling or comment gets round it.  Refused: ending or
 * nesting the one transaction the script runs in (a COMMIT would keep the
 * statements before it whatever came after), reaching other files
 * (ATTACH, DETACH; VACUUM INTO cannot run inside a transaction), and
 * every PRAGMA given a value but defer_foreign_keys: the others switch
 * the schema's rules off (ignore_check_constraints, foreign_keys,
 * writable_schema, trusted_schema, legacy_alter_table, recursive_triggers)
 * or risk the file (journal_mode, synchronous, schema_version,
 * user_version).  Reading one is harmless, and FTS5 reads data_version
 * for every write to the search index; so is table_info, given the table
 * it describes, which SQLite's session extension reads of every table
 * whose rows a dry run follows (admin/preview.c).  An admin script
 * changes content: it may add tables, indexes and views, and TEMP
 * anything, but DROP, ALTER TABLE and CREATE TRIGGER could undo the
 * schema's rules as surely, so they are for migrations only. */
struct guard {
	enum admin_script kind;
	char              why[200]; /* why it refused */
};

static int
authorize(void *arg, int action, const char *a1, const char *a2,
    const char *dbname, const char *trigger)
{
	struct guard *g = arg;

	(void)dbname;
	(void)trigger;
	switch (action) {
	case SQLITE_TRANSACTION:
	case SQLITE_SAVEPOINT:
		snprintf(g->why, sizeof(g->why),
		    "remove this BEGIN, COMMIT, "
		    "END, ROLLBACK, SAVEPOINT or RELEASE: bantin-admin runs "
		    "the whole file as one transaction");
		return SQLITE_DENY;
	case SQLITE_ATTACH:
	case SQLITE_DETACH:
		snprintf(g->why, sizeof(g->why),
		    "ATTACH and DETACH are "
		    "refused: a script works on this database alone");
		return SQLITE_DENY;
	case SQLITE_PRAGMA:
		if (a2 == NULL || strcasecmp(a1, "defer_foreign_keys") == 0 ||
		    strcasecmp(a1, "table_info") == 0)
			return SQLITE_OK;
		snprintf(g->why, sizeof(g->why),
		    "PRAGMA %s with a value (%s) "
		    "is refused: the schema's rules stay on (a script may set "
		    "only defer_foreign_keys)",
		    a1, a2);
		return SQLITE_DENY;
	case SQLITE_CREATE_TRIGGER:
	case SQLITE_DROP_INDEX:
	case SQLITE_DROP_TABLE:
	case SQLITE_DROP_TRIGGER:
	case SQLITE_DROP_VIEW:
	case SQLITE_DROP_VTABLE:
	case SQLITE_ALTER_TABLE:
		if (g->kind == ADMIN_MIGRATION)
			return SQLITE_OK;
		snprintf(g->why, sizeof(g->why),
		    "DROP, ALTER TABLE and CREATE "
		    "TRIGGER are refused: the schema changes only by "
		    "db/migrations and `bantin-admin migrate` (a script may "
		    "add tables, indexes and views, and TEMP triggers)");
		return SQLITE_DENY;
	}
	return SQLITE_OK;
}

int
admin_run_script(sqlite3 *db, const char *file, enum admin_script kind,
    int *statements)
{
	struct guard  guard = { kind, "" };
	sqlite3_stmt *s;
	const char   *sql, *tail, *start;
	char         *script;
	int           rc = 1, step;

	if ((script = read_script(file)) == NULL)
		return 1;
	*statements = 0;
	sqlite3_set_authorizer(db, authorize, &guard);
	for (sql = script; *sql != '\0'; sql = tail) {
		s = NULL;
		start = statement_start(sql);
		if (sqlite3_prepare_v2(db, sql, -1, &s, &tail) != SQLITE_OK)
			goto fail;
		if (s == NULL) /* whitespace or a comment */
			continue;
		while ((step = sqlite3_step(s)) == SQLITE_ROW)
			;
		sqlite3_finalize(s);
		if (step != SQLITE_DONE)
			goto fail;
		(*statements)++;
	}
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "%s:%d: %s\n", file, line_at(script, start),
	    guard.why[0] != '\0' ? guard.why : sqlite3_errmsg(db));
out:
	sqlite3_set_authorizer(db, NULL, NULL);
	free(script);
	return rc;
}

int
admin_apply(sqlite3 *db, const char *file, const char *onto)
{
	int statements;

	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr,
		    "bantin-admin: %s: cannot start a transaction: "
		    "%s\n",
		    file, sqlite3_errmsg(db));
		return 1;
	}
	if (admin_run_script(db, file, ADMIN_SCRIPT, &statements) != 0)
		goto rollback;
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr,
		    "bantin-admin: %s: commit failed: %s; nothing "
		    "was changed\n",
		    file, sqlite3_errmsg(db));
		goto rollback;
	}
	printf("%s: %d statement%s applied%s%s\n", file, statements,
	    statements == 1 ? "" : "s", onto != NULL ? " to " : "",
	    onto != NULL ? onto : "");
	return 0;
rollback:
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	fprintf(stderr, "%s: rolled back; the database is unchanged\n", file);
	return 1;
}

int
admin_check_version(sqlite3 *db)
{
	bool logged = false;

	if (store_check_version(db, &logged) == SQLITE_OK)
		return 0;
	if (!logged)
		fprintf(stderr,
		    "bantin-admin: %s is not a readable database: "
		    "%s\n",
		    sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
	return 1;
}

int
admin_connect(struct sql_conn *c)
{
	if ((c->h = admin_open(config.db_path, SQLITE_OPEN_READWRITE)) == NULL)
		return 1;
	if (admin_check_version(c->h) != 0) {
		sql_conn_close(c);
		return 1;
	}
	return 0;
}

/* sql FILE, or sql --dry-run FILE [--preview DIR], in any order. */
int
cmd_sql(int argc, char **argv)
{
	const char     *file = NULL, *dir = NULL;
	struct sql_conn c = { .h = NULL };
	bool            dry_run = false;
	int             rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0)
			dry_run = true;
		else if (strcmp(argv[i], "--preview") == 0 && i + 1 < argc &&
		    dir == NULL)
			dir = argv[++i];
		else if (file == NULL && argv[i][0] != '-')
			file = argv[i];
		else
			return 2;
	}
	if (file == NULL || (dir != NULL && !dry_run))
		return 2;
	if (access(config.db_path, F_OK) == -1) {
		fprintf(stderr,
		    "bantin-admin: %s does not exist; create it "
		    "with `bantin-admin create` or set BANTIN_DB\n",
		    config.db_path);
		return 1;
	}
	if (dry_run)
		return admin_dry_run(file, dir);
	if (admin_connect(&c) != 0)
		return 1;
	rc = admin_apply(c.h, file, NULL);
	sql_conn_close(&c);
	return rc;
}

int
cmd_create(int argc, char **argv)
{
	const char *schema = config.schema_path;
	char        tmp[1100], *text;
	sqlite3    *db = NULL;
	int         rc = 1;

	if (access(config.db_path, F_OK) == 0) {
		fprintf(stderr,
		    "bantin-admin: %s already exists; remove it "
		    "first to create it anew\n",
		    config.db_path);
		return 1;
	}
	if ((text = read_script(schema)) == NULL)
		return 1;
	/* Built beside the target and renamed into place: a failed create
	 * leaves nothing behind.  Private from the start (SQLite gives the
	 * -wal and -shm the database's mode). */
	if (admin_temp_file(config.db_path, "new", tmp, sizeof(tmp)) == -1 ||
	    (db = admin_open(tmp, SQLITE_OPEN_READWRITE)) == NULL)
		goto out;
	/* The shipped schema is trusted: its pragmas and tables are the
	 * point.  The scripts after it are admin scripts. */
	if (sqlite3_exec(db, text, NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "bantin-admin: %s: %s\n", schema,
		    sqlite3_errmsg(db));
		goto out;
	}
	for (int i = 1; i < argc; i++)
		if (admin_apply(db, argv[i], NULL) != 0)
			goto out;
	if (sqlite3_close(db) != SQLITE_OK) {
		fprintf(stderr, "bantin-admin: closing %s: %s\n", tmp,
		    sqlite3_errmsg(db));
		goto out;
	}
	db = NULL;
	if (rename(tmp, config.db_path) == -1) {
		fprintf(stderr, "bantin-admin: rename %s to %s: %s\n", tmp,
		    config.db_path, strerror(errno));
		goto out;
	}
	printf("created %s\n", config.db_path);
	rc = 0;
out:
	sqlite3_close(db);
	if (rc != 0 && tmp[0] != '\0')
		unlink(tmp);
	free(text);
	return rc;
}
