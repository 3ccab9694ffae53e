/*
 * bantin-admin backup FILE [--force], snapshot OUT [--force] and restore
 * FILE [--force].
 *
 * backup copies the live database with SQLite's online backup API in one
 * step, that is inside one read transaction: in WAL mode a reader never
 * blocks the live writers, and one snapshot is never restarted.  Stepping
 * in chunks would release the snapshot between steps, and every commit of
 * a live worker in between restarts the copy from page 1, so under steady
 * hits a large database would never finish.  VACUUM INTO reads the same
 * single snapshot but rebuilds every table and index, holding it longer.
 *
 * snapshot is the same copy, made to be renamed over a web node's
 * database (docs/SCALING.md): replacing OUT, it keeps OUT's owner and
 * mode, so the node's workers still read it, and refuses an OUT with
 * transactions in its -wal, which SQLite would read as the new file's.
 *
 * restore puts a checked copy in place: beside the target and renamed when
 * no program has the database open, or written through SQLite into the
 * open database (one transaction the running workers see at once) when
 * --force overrides a running portal.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "admin/admin.h"
#include "base/config.h"
#include "store/db.h"
#include "store/version.h"

enum {
	SHM_DMS = 128, /* SQLite's unix VFS: every process with the
			* WAL index open read-locks this byte */
};

int
admin_file_and_flag(int argc, char **argv, const char *flag, const char **file,
    bool *set)
{
	*file = NULL;
	*set = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], flag) == 0)
			*set = true;
		else if (*file == NULL && argv[i][0] != '-')
			*file = argv[i];
		else
			return -1;
	}
	return *file == NULL ? -1 : 0;
}

bool
admin_in_use(const char *path, char *why, size_t size)
{
	struct flock fl = { .l_type = F_WRLCK,
		.l_whence = SEEK_SET,
		.l_start = SHM_DMS,
		.l_len = 1 };
	char         p[1100];
	bool         busy = false;
	int          fd;

	/* The live worker that checkpoints holds this flock for its life. */
	snprintf(p, sizeof(p), "%s-maint", path);
	if ((fd = open(p, O_RDONLY | O_CLOEXEC)) != -1) {
		if (flock(fd, LOCK_SH | LOCK_NB) == -1 &&
		    errno == EWOULDBLOCK) {
			snprintf(why, size, "a live worker holds %s", p);
			busy = true;
		}
		close(fd);
	}
	if (busy)
		return true;
	/* Any other connection (page workers, a running `sql`) keeps a read
	 * lock on the WAL index.  Closing this descriptor drops every POSIX
	 * lock of this process on the file: callers probe before opening
	 * the database themselves. */
	snprintf(p, sizeof(p), "%s-shm", path);
	if ((fd = open(p, O_RDONLY | O_CLOEXEC)) != -1) {
		if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK) {
			snprintf(why, size, "process %ld has it open",
			    (long)fl.l_pid);
			busy = true;
		}
		close(fd);
	}
	return busy;
}

int
admin_integrity(sqlite3 *db, const char *name)
{
	sqlite3_stmt *s;
	const char   *row;
	int           rc, problems = 0;

	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check(20)", -1, &s,
	        NULL) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", name, sqlite3_errmsg(db));
		return 1;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		row = (const char *)sqlite3_column_text(s, 0);
		if (row != NULL && strcmp(row, "ok") == 0)
			continue;
		fprintf(stderr, "%s: integrity: %s\n", name,
		    row != NULL ? row : "?");
		problems++;
	}
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "%s: %s\n", name, sqlite3_errmsg(db));
		problems++;
	}
	sqlite3_finalize(s);
	return problems;
}

int
admin_foreign_keys(sqlite3 *db, const char *say, int shown)
{
	sqlite3_stmt *s;
	int           rc, n = 0;

	if ((rc = sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &s,
	         NULL)) == SQLITE_OK) {
		while ((rc = sqlite3_step(s)) == SQLITE_ROW)
			if (n++ < shown)
				fprintf(stderr, "%s%s row %lld has no %s\n",
				    say,
				    (const char *)sqlite3_column_text(s, 0),
				    (long long)sqlite3_column_int64(s, 1),
				    (const char *)sqlite3_column_text(s, 2));
		sqlite3_finalize(s);
	}
	if (rc == SQLITE_DONE)
		return n;
	fprintf(stderr, "%sforeign_key_check: %s\n", say, sqlite3_errmsg(db));
	return n + 1;
}

/* The whole of src into dst, one snapshot of src, one transaction of dst;
 * a busy database is waited for by the connections' busy timeout
 * (admin_open: 5 s).  0 or -1 (reported). */
static int
copy_db(sqlite3 *src, sqlite3 *dst, const char *what)
{
	sqlite3_backup *b;
	int             rc;

	if ((b = sqlite3_backup_init(dst, "main", src, "main")) == NULL) {
		fprintf(stderr, "bantin-admin: %s: %s\n", what,
		    sqlite3_errmsg(dst));
		return -1;
	}
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc == SQLITE_DONE)
		return 0;
	fprintf(stderr, "bantin-admin: %s: %s%s\n", what, sqlite3_errstr(rc),
	    (rc & 0xff) == SQLITE_READONLY ?
	        " (the two databases' page "
	        "sizes differ: stop the portal and restore again)" :
	        "");
	return -1;
}

int
admin_sync(const char *path, bool folder)
{
	char copy[1100];
	int  fd, rc;

	snprintf(copy, sizeof(copy), "%s", path);
	if ((fd = open(folder ? dirname(copy) : copy, O_RDONLY | O_CLOEXEC)) ==
	    -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int
admin_temp_file(const char *path, const char *tag, char *tmp, size_t size)
{
	int fd;

	if ((size_t)snprintf(tmp, size, "%s.%s-XXXXXX", path, tag) >= size) {
		fprintf(stderr, "bantin-admin: %s: path too long\n", path);
		tmp[0] = '\0';
		return -1;
	}
	if ((fd = mkstemp(tmp)) == -1) {
		fprintf(stderr, "bantin-admin: cannot create %s: %s\n", tmp,
		    strerror(errno));
		tmp[0] = '\0';
		return -1;
	}
	/* mkstemp's 0600 less the umask: exactly 0600, whatever the umask. */
	if (fchmod(fd, 0600) == -1) {
		fprintf(stderr, "bantin-admin: chmod %s: %s\n", tmp,
		    strerror(errno));
		close(fd);
		unlink(tmp);
		tmp[0] = '\0';
		return -1;
	}
	close(fd);
	return 0;
}

/* What a copy that leaves the machine must not keep: the day's address
 * key and every hash made with it (README: What is kept of an address),
 * overwritten in the file, not only unlinked. */
static const char forget_addresses[] =
    "PRAGMA secure_delete = ON;"
    "BEGIN;"
    "DELETE FROM site_secrets WHERE name LIKE 'address:%';"
    "UPDATE poll_voters SET ip_hash = '' WHERE ip_hash <> '';"
    "DELETE FROM login_failures;"
    "DELETE FROM new_visitors;"
    "COMMIT;";

int
admin_copy(sqlite3 *src, const char *tmp, const char *mode, bool forget)
{
	sqlite3 *dst;
	char     sql[64];
	int      rc = -1;

	if ((dst = admin_open(tmp, SQLITE_OPEN_READWRITE)) == NULL)
		return -1;
	snprintf(sql, sizeof(sql), "PRAGMA journal_mode = %s", mode);
	if (copy_db(src, dst, tmp) == -1)
		goto out;
	if (forget &&
	    sqlite3_exec(dst, forget_addresses, NULL, NULL, NULL) !=
	        SQLITE_OK) {
		fprintf(stderr, "bantin-admin: %s: forgetting addresses: %s\n",
		    tmp, sqlite3_errmsg(dst));
		goto out;
	}
	if (sqlite3_exec(dst, sql, NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "bantin-admin: %s: %s\n", tmp,
		    sqlite3_errmsg(dst));
		goto out;
	}
	if (admin_integrity(dst, tmp) != 0)
		goto out;
	rc = 0;
out:
	if (sqlite3_close(dst) != SQLITE_OK)
		rc = -1;
	if (rc == 0 && admin_sync(tmp, false) == -1) {
		fprintf(stderr, "bantin-admin: fsync %s: %s\n", tmp,
		    strerror(errno));
		rc = -1;
	}
	return rc;
}

int
admin_rename_into_place(const char *tmp, const char *path)
{
	if (rename(tmp, path) == -1) {
		fprintf(stderr, "bantin-admin: rename %s to %s: %s\n", tmp,
		    path, strerror(errno));
		return -1;
	}
	if (admin_sync(path, true) == -1)
		fprintf(stderr,
		    "bantin-admin: warning: fsync of the folder of "
		    "%s: %s\n",
		    path, strerror(errno));
	return 0;
}

/* The new file takes the old one's owner and mode, so the workers can
 * still open it; a first database keeps admin_temp_file's 0600. */
static void
take_attributes(const char *tmp, const char *path)
{
	struct stat st;

	if (stat(path, &st) == -1)
		return;
	/* Not the owner and not root (EPERM): the workers may not be able to
	 * open the result, so say which owner it needs. */
	if (chown(tmp, st.st_uid, st.st_gid) == -1)
		fprintf(stderr,
		    "bantin-admin: warning: the new %s cannot "
		    "keep its owner %u:%u (%s): chown it, or the workers may "
		    "not open it\n",
		    path, (unsigned)st.st_uid, (unsigned)st.st_gid,
		    strerror(errno));
	if (chmod(tmp, st.st_mode & 07777) == -1)
		fprintf(stderr, "bantin-admin: warning: chmod %s: %s\n", tmp,
		    strerror(errno));
}

/* A WAL with transactions beside OUT belongs to the file being replaced:
 * a reader would apply it to the new one. */
static int
refuse_wal(const char *out)
{
	struct stat st;
	char        wal[1100];

	snprintf(wal, sizeof(wal), "%s-wal", out);
	if (stat(wal, &st) == -1 || st.st_size == 0)
		return 0;
	fprintf(stderr,
	    "bantin-admin: %s holds transactions of %s (%lld "
	    "bytes): a snapshot renamed over it would be read with them.  A "
	    "web node's database is only ever a snapshot, never written: "
	    "stop what writes it, or use `bantin-admin restore`\n",
	    wal, out, (long long)st.st_size);
	return -1;
}

/*
 * backup FILE and snapshot OUT: one checked copy of the database, written
 * beside FILE and renamed to it.  A snapshot replacing OUT takes its owner
 * and mode, after refuse_wal().
 */
static int
copy_out(int argc, char **argv, bool snapshot)
{
	const char     *file;
	struct stat     st;
	struct timespec t0, t1;
	sqlite3        *src = NULL;
	char            tmp[1100] = "";
	bool            force, exists;
	int             rc = 1, version = 0;

	if (admin_file_and_flag(argc, argv, "--force", &file, &force) == -1)
		return 2;
	exists = access(file, F_OK) == 0;
	if (!force && exists) {
		fprintf(stderr,
		    "bantin-admin: %s already exists; choose a new "
		    "name or add --force to replace it\n",
		    file);
		return 1;
	}
	if (access(config.db_path, F_OK) == -1) {
		fprintf(stderr, "bantin-admin: %s: %s\n", config.db_path,
		    strerror(errno));
		return 1;
	}
	if (snapshot && exists && refuse_wal(file) == -1)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (admin_temp_file(file, "tmp", tmp, sizeof(tmp)) == -1)
		goto out;
	if (snapshot && exists)
		take_attributes(tmp, file);
	if ((src = admin_open(config.db_path, SQLITE_OPEN_READONLY)) == NULL)
		goto out;
	/* A self-contained file: rollback journal, no -wal beside it. */
	if (admin_copy(src, tmp, "DELETE", true) == -1)
		goto out;
	store_read_version(src, &version);
	if (admin_rename_into_place(tmp, file) == -1)
		goto out;
	tmp[0] = '\0';
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (stat(file, &st) == -1)
		st.st_size = 0;
	printf("%s %s to %s: %lld KiB, schema version %d, integrity ok, "
	       "%ld ms\n",
	    snapshot ? "snapshot of" : "backed up", config.db_path, file,
	    (long long)st.st_size / 1024, version,
	    (long)((t1.tv_sec - t0.tv_sec) * 1000 +
	        (t1.tv_nsec - t0.tv_nsec) / 1000000));
	rc = 0;
out:
	sqlite3_close(src);
	if (tmp[0] != '\0')
		unlink(tmp);
	return rc;
}

int
cmd_backup(int argc, char **argv)
{
	return copy_out(argc, argv, false);
}

int
cmd_snapshot(int argc, char **argv)
{
	return copy_out(argc, argv, true);
}

/* The backup to restore: a sound database of a version this program can
 * serve or migrate. */
static sqlite3 *
open_checked(const char *file, int *version)
{
	sqlite3 *db;

	if (access(file, R_OK) == -1) {
		fprintf(stderr, "bantin-admin: %s: %s\n", file,
		    strerror(errno));
		return NULL;
	}
	if ((db = admin_open(file, SQLITE_OPEN_READONLY)) == NULL)
		return NULL;
	if (store_read_version(db, version) != SQLITE_OK) {
		fprintf(stderr,
		    "bantin-admin: %s is not a database: %s; "
		    "nothing was restored\n",
		    file, sqlite3_errmsg(db));
		goto fail;
	}
	if (*version <= 0 || *version > SCHEMA_VERSION) {
		admin_check_version(db);
		fprintf(stderr, "bantin-admin: nothing was restored\n");
		goto fail;
	}
	if (admin_integrity(db, file) != 0) {
		fprintf(stderr,
		    "bantin-admin: %s is damaged; nothing was "
		    "restored\n",
		    file);
		goto fail;
	}
	return db;
fail:
	sqlite3_close(db);
	return NULL;
}

/* Through SQLite into the open database: the running workers' connections
 * and its -wal and -shm stay consistent. */
static int
restore_live(sqlite3 *src, const char *file)
{
	sqlite3 *dst;
	int      rc;

	if ((dst = admin_open(config.db_path, SQLITE_OPEN_READWRITE)) == NULL)
		return 1;
	rc = copy_db(src, dst, config.db_path) == 0 ? 0 : 1;
	sqlite3_close(dst);
	if (rc == 0)
		printf("restored %s into the running database %s (one "
		       "transaction; the workers see it now)\n",
		    file, config.db_path);
	else
		fprintf(stderr, "bantin-admin: nothing was restored\n");
	return rc;
}

/* Beside the target, then renamed over it.  Nothing has the database
 * open, so its -wal and -shm belong to the file being replaced: a WAL
 * left beside the new file would be read as the new file's. */
static int
restore_rename(sqlite3 *src, const char *file)
{
	static const char *const side[] = { "-wal", "-shm" };
	char                     tmp[1100], p[1100];
	int                      rc = 1;

	if (admin_temp_file(config.db_path, "restore", tmp, sizeof(tmp)) == -1)
		return 1;
	take_attributes(tmp, config.db_path);
	if (admin_copy(src, tmp, "WAL", false) == -1)
		goto out;
	for (size_t i = 0; i < sizeof(side) / sizeof(side[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", config.db_path, side[i]);
		if (unlink(p) == -1 && errno != ENOENT) {
			fprintf(stderr, "bantin-admin: cannot remove %s: %s\n",
			    p, strerror(errno));
			goto out;
		}
	}
	if (admin_rename_into_place(tmp, config.db_path) == -1)
		goto out;
	printf("restored %s to %s\n", file, config.db_path);
	rc = 0;
out:
	if (rc != 0) {
		unlink(tmp);
		fprintf(stderr, "bantin-admin: nothing was restored\n");
	}
	return rc;
}

int
cmd_restore(int argc, char **argv)
{
	const char *file;
	sqlite3    *src;
	char        why[1200];
	bool        force, busy;
	int         rc, version;

	if (admin_file_and_flag(argc, argv, "--force", &file, &force) == -1)
		return 2;
	/* Probed before this process opens the target (see admin_in_use). */
	busy = admin_in_use(config.db_path, why, sizeof(why));
	if (busy && !force) {
		fprintf(stderr,
		    "bantin-admin: %s is in use by a running "
		    "portal (%s): stop its page and live workers first, or "
		    "add --force to restore into the running database\n",
		    config.db_path, why);
		return 1;
	}
	if ((src = open_checked(file, &version)) == NULL)
		return 1;
	rc = busy ? restore_live(src, file) : restore_rename(src, file);
	sqlite3_close(src);
	if (rc == 0 && version < SCHEMA_VERSION)
		printf("%s has schema version %d: run `bantin-admin migrate` "
		       "before starting the portal\n",
		    file, version);
	return rc;
}
