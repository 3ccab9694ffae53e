/*
 * bantin-admin check: is the database sound, of this program's version,
 * with a bounded WAL?  Prints one line per fact and exits 1 when any is a
 * problem.  Reads only; safe while the portal is running.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admin/admin.h"
#include "base/config.h"
#include "store/db.h"
#include "store/version.h"

/* The live maintainer keeps the WAL near 4 MiB; far past that its
 * checkpoints are failing (or a reader holds one snapshot very long). */
enum { WAL_PROBLEM = 64 << 20 };

/* Counts of the main tables: each column printed by its name.  A table
 * this version lacks (members before version 2) prints "absent". */
static const struct {
	const char *label;
	const char *sql;
} counts[] = {
	{ "articles",
	    "SELECT count(*) FILTER (WHERE status = 'published' AND "
	    "published_at <= :now_iso) AS published, count(*) FILTER (WHERE "
	    "status = 'draft') AS draft, count(*) FILTER (WHERE status = "
	    "'published' AND published_at > :now_iso) AS scheduled "
	    "FROM articles" },
	{ "categories", "SELECT count(*) AS total FROM categories" },
	{ "tags", "SELECT count(*) AS total FROM tags" },
	{ "polls",
	    "SELECT count(*) AS total, count(*) FILTER (WHERE status "
	    "= 'open') AS open FROM polls" },
	{ "members",
	    "SELECT count(*) AS total, count(*) FILTER (WHERE status "
	    "= 'active') AS active FROM members" },
	{ "sessions", "SELECT count(*) AS total FROM sessions" },
	{ "visitors",
	    "SELECT count(*) FILTER (WHERE last_seen > :now - "
	    ":window) AS online, count(*) AS known FROM visitors" },
	{ "total visits",
	    "SELECT value AS total FROM site_counters "
	    "WHERE name = 'total_visits'" },
};

/* The counts share one set of values; each binds those it names. */
static void
bind_counts(sqlite3_stmt *s, const char *iso, int64_t now)
{
	int i;

	if ((i = sqlite3_bind_parameter_index(s, ":now_iso")) > 0)
		sqlite3_bind_text(s, i, iso, -1, SQLITE_STATIC);
	if ((i = sqlite3_bind_parameter_index(s, ":now")) > 0)
		sqlite3_bind_int64(s, i, now);
	if ((i = sqlite3_bind_parameter_index(s, ":window")) > 0)
		sqlite3_bind_int64(s, i, config.online_window);
}

static void
print_counts(sqlite3 *db)
{
	sqlite3_stmt *s;
	time_t        now = time(NULL);
	struct tm     tm;
	char          iso[32];

	gmtime_r(&now, &tm);
	strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &tm);
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		printf("%-13s ", counts[i].label);
		if (sqlite3_prepare_v2(db, counts[i].sql, -1, &s, NULL) !=
		    SQLITE_OK) {
			printf("%s\n",
			    strstr(sqlite3_errmsg(db), "no such table") ?
			        "absent" :
			        sqlite3_errmsg(db));
			continue;
		}
		bind_counts(s, iso, now);
		if (sqlite3_step(s) == SQLITE_ROW)
			for (int c = 0; c < sqlite3_column_count(s); c++)
				printf("%s%s %lld", c > 0 ? ", " : "",
				    sqlite3_column_name(s, c),
				    (long long)sqlite3_column_int64(s, c));
		else
			printf("unreadable: %s", sqlite3_errmsg(db));
		printf("\n");
		sqlite3_finalize(s);
	}
}

int
cmd_check(int argc, char **argv)
{
	struct stat st, wal;
	sqlite3    *db;
	char        p[1100], why[1200];
	int         problems = 0, n, version;

	(void)argv;
	if (argc != 1)
		return 2;
	if (stat(config.db_path, &st) == -1) {
		fprintf(stderr, "bantin-admin: %s: %s\n", config.db_path,
		    strerror(errno));
		return 1;
	}
	printf("database      %s, %lld KiB\n", config.db_path,
	    (long long)st.st_size / 1024);
	/* Before this process opens it (see admin_in_use). */
	printf("in use        %s\n",
	    admin_in_use(config.db_path, why, sizeof(why)) ? why : "no");
	snprintf(p, sizeof(p), "%s-wal", config.db_path);
	if (stat(p, &wal) == -1)
		wal.st_size = 0;
	printf("wal           %lld KiB%s\n", (long long)wal.st_size / 1024,
	    wal.st_size > WAL_PROBLEM ?
	        " — too large: are the live workers' "
	        "checkpoints failing? (see docs/OPERATIONS.md)" :
	        "");
	problems += wal.st_size > WAL_PROBLEM;
	if ((db = admin_open(config.db_path, SQLITE_OPEN_READONLY)) == NULL)
		return 1;
	if (store_read_version(db, &version) != SQLITE_OK) {
		fprintf(stderr,
		    "bantin-admin: %s is not a readable database: "
		    "%s\n",
		    config.db_path, sqlite3_errmsg(db));
		printf("result        not a database\n");
		sqlite3_close(db);
		return 1;
	}
	printf("schema        version %d (this program: %d)\n", version,
	    SCHEMA_VERSION);
	problems += admin_check_version(db);
	n = admin_integrity(db, config.db_path);
	printf("integrity     %s\n", n == 0 ? "ok" : "FAILED (above)");
	problems += n;
	n = admin_foreign_keys(db, "foreign key: ", 10);
	printf("foreign keys  %s\n", n == 0 ? "ok" : "FAILED (above)");
	problems += n;
	print_counts(db);
	sqlite3_close(db);
	if (problems == 0)
		printf("result        ok\n");
	else
		printf("result        %d problem%s\n", problems,
		    problems == 1 ? "" : "s");
	return problems == 0 ? 0 : 1;
}
