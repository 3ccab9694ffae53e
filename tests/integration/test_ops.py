#!/usr/bin/env python3
"""Integration tests of the database operations of bantin-admin: backup,
check, restore, migrate, and every program refusing a database of another
schema version.

Run by tests/integration/run.sh last (it writes the nginx database), with
    NGINX_URL   the nginx server: 4 page and 4 live FastCGI workers on $T/nginx.db
    BUILD       absolute build directory
    T           the harness temp dir
Scratch databases live in a temp dir under $T; the workers of the
migration and version tests run as plain CGI (one request, no port).  The
last line printed is "N passed, M failed".
"""
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bantin_http as bh  # noqa: E402

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.abspath(os.environ.get("BUILD") or os.path.join(TOP, "build"))
T = os.environ.get("T")
NGINX_URL = (os.environ.get("NGINX_URL") or "").rstrip("/")
SCHEMA = os.path.join(TOP, "schema.sql")
SAMPLE = os.path.join(TOP, "db", "sample.sql")
UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
      "(KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36")
# The commit whose schema.sql is version 1, the first released schema.
V1_COMMIT = "7fa18ab"


def schema_version():
    with open(SCHEMA, encoding="utf-8") as f:
        return int(re.search(r"PRAGMA user_version = (\d+);", f.read()).group(1))


CURRENT = schema_version()


def env_with(**extra):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("BANTIN_") and k not in (
               "REQUEST_METHOD", "REQUEST_URI", "QUERY_STRING", "PORT")}
    env["BANTIN_WWW"] = os.path.join(TOP, "www")
    env["BANTIN_BOTS"] = os.path.join(TOP, "deploy", "bots.txt")
    env["BANTIN_SCHEMA"] = SCHEMA
    env.update({k: str(v) for k, v in extra.items()})
    return env


def admin(db, *args, schema=SCHEMA, timeout=120):
    r = subprocess.run([os.path.join(BUILD, "bantin-admin")] + list(args),
                       env=env_with(BANTIN_DB=db, BANTIN_SCHEMA=schema),
                       stdin=subprocess.DEVNULL, capture_output=True,
                       timeout=timeout)
    r.out = r.stdout.decode("utf-8", "replace")
    r.err = r.stderr.decode("utf-8", "replace")
    return r


def cgi(program, db, uri):
    """One request to a worker run as plain CGI: (status, stderr)."""
    r = subprocess.run([os.path.join(BUILD, program)],
                       env=env_with(BANTIN_DB=db, REQUEST_METHOD="GET",
                                    REQUEST_URI=uri, SERVER_PROTOCOL="HTTP/1.1",
                                    REMOTE_ADDR="127.0.0.1",
                                    HTTP_USER_AGENT=UA),
                       stdin=subprocess.DEVNULL, capture_output=True,
                       timeout=30)
    m = re.match(rb"Status: (\d{3})", r.stdout)
    return (int(m.group(1)) if m else None,
            r.stderr.decode("utf-8", "replace"))


query = bh.query


def user_version(db):
    return query(db, "PRAGMA user_version")[0][0]


def set_user_version(db, v):
    c = sqlite3.connect(db)
    c.execute("PRAGMA user_version = %d" % v)
    c.commit()
    c.close()


def integrity(db):
    return query(db, "PRAGMA integrity_check")[0][0]


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def corrupt(src, dst):
    """A copy of src whose pages after the first two are garbage: page 1
    still says "SQLite format 3", the tables under it are broken."""
    with open(src, "rb") as f:
        data = bytearray(f.read())
    page = int.from_bytes(data[16:18], "big")
    for i in range(2 * page, len(data), 97):
        data[i] = (data[i] * 31 + 7) & 0xff
    with open(dst, "wb") as f:
        f.write(data)


def schema_objects(db):
    return {(t, n, " ".join((s or "").split())) for t, n, s in query(
        db, "SELECT type, name, sql FROM sqlite_schema "
            "WHERE name NOT LIKE 'sqlite_%'")}


class Scratch(unittest.TestCase):
    """A temp dir under $T and a fresh database of the current schema."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="ops.", dir=T)
        cls.good = os.path.join(cls.dir, "good.db")
        r = admin(cls.good, "create", SAMPLE)
        if r.returncode != 0:
            raise RuntimeError("bantin-admin create failed: %s" % r.err)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def copy(self, name, src=None):
        p = self.path(name)
        shutil.copyfile(src or self.good, p)
        return p


# --- backup and restore of the running nginx database --------------------

def new_visitor_hit():
    """A counting-pixel hit of a browser that already holds a visitor
    cookie of its own, seen for the first time, from an address of its own
    (new visitors are bounded per address)."""
    return bh.http(NGINX_URL, "GET", "/live/hit",
                   [("User-Agent", UA),
                    ("Cookie", "bantin_vid=" + os.urandom(16).hex())],
                   source=bh.own_address())


class Hitter(threading.Thread):
    """Counting-pixel hits of new visitors (each one a write transaction)
    through nginx until stopped."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.statuses = {}

    def run(self):
        while not self.stop.is_set():
            try:
                s = new_visitor_hit().status
            except OSError:
                s = "error"
            self.statuses[s] = self.statuses.get(s, 0) + 1


def total_visits():
    r = bh.request(NGINX_URL, "GET", "/live/stats.json",
                   headers={"User-Agent": UA})
    if r.status != 200:
        raise AssertionError(r.describe())
    return json.loads(r.text)["total_visits"]


@unittest.skipUnless(T and NGINX_URL, "T and NGINX_URL not set")
class LiveBackup(Scratch):
    live = property(lambda self: os.path.join(T, "nginx.db"))

    def test_backup_while_writing(self):
        before = total_visits()
        articles = query(self.live, "SELECT count(*) FROM articles")[0][0]
        hitters = [Hitter() for _ in range(8)]
        for h in hitters:
            h.start()
        backups = []
        try:
            time.sleep(0.5)
            for i in range(3):
                b = self.path("live-%d.db" % i)
                r = admin(self.live, "backup", b)
                self.assertEqual(r.returncode, 0, r.err)
                self.assertIn("integrity ok", r.out)
                backups.append(b)
                time.sleep(0.4)
        finally:
            for h in hitters:
                h.stop.set()
            for h in hitters:
                h.join(timeout=30)
        after = total_visits()
        statuses = {}
        for h in hitters:
            for k, v in h.statuses.items():
                statuses[k] = statuses.get(k, 0) + v
        print("\n    hits during 3 backups: %s; total visits %d → %d"
              % (statuses, before, after), flush=True)
        self.assertGreater(after - before, 100, "the load did not write")
        ok = statuses.get(200, 0)
        self.assertGreaterEqual(ok, 0.99 * sum(statuses.values()),
                                "the backups disturbed the live writers")
        seen = [before]
        for b in backups:
            self.assertEqual(integrity(b), "ok")
            self.assertFalse(os.path.exists(b + "-wal"))
            self.assertEqual(os.stat(b).st_mode & 0o777, 0o600)
            visits = query(b, "SELECT value FROM site_counters "
                              "WHERE name = 'total_visits'")[0][0]
            # A snapshot taken during the load: between the figures around
            # it, never going back.
            self.assertGreaterEqual(visits, seen[-1])
            self.assertLessEqual(visits, after)
            seen.append(visits)
            self.assertEqual(query(b, "SELECT count(*) FROM articles")[0][0],
                             articles)
        self.assertGreater(seen[-1], before, "no backup saw the load")
        # A backup restores to a database that passes check.
        target = self.path("restored.db")
        r = admin(target, "restore", backups[-1])
        self.assertEqual(r.returncode, 0, r.err)
        r = admin(target, "check")
        self.assertEqual(r.returncode, 0, r.out + r.err)
        self.assertIn("integrity     ok", r.out)
        self.assertRegex(r.out, r"total visits +total %d\n" % seen[-1])

    def test_backup_never_overwrites(self):
        b = self.copy("existing.db", self.good)
        old = digest(b)
        r = admin(self.live, "backup", b)
        self.assertEqual(r.returncode, 1)
        self.assertIn("--force", r.err)
        self.assertEqual(digest(b), old)
        r = admin(self.live, "backup", b, "--force")
        self.assertEqual(r.returncode, 0, r.err)
        self.assertNotEqual(digest(b), old)
        self.assertEqual(integrity(b), "ok")
        self.assertEqual([n for n in os.listdir(self.dir) if ".tmp-" in n], [])

    def test_restore_refuses_a_running_portal(self):
        b = self.path("for-restore.db")
        self.assertEqual(admin(self.live, "backup", b).returncode, 0)
        ino = os.stat(self.live).st_ino
        r = admin(self.live, "restore", b)
        self.assertEqual(r.returncode, 1, r.out)
        self.assertIn("in use by a running portal", r.err)
        self.assertIn("--force", r.err)
        self.assertEqual(os.stat(self.live).st_ino, ino)
        r = admin(self.live, "check")
        self.assertRegex(r.out, r"in use +(a live worker holds|process \d+)")

    def test_forced_restore_into_the_running_portal(self):
        # The live content itself (later suites rely on it), with a
        # counter no worker would reach by itself.
        b = self.path("forced.db")
        self.assertEqual(admin(self.live, "backup", b).returncode, 0)
        want = total_visits() + 100000
        c = sqlite3.connect(b)
        c.execute("UPDATE site_counters SET value = ? "
                  "WHERE name = 'total_visits'", (want,))
        c.commit()
        c.close()
        r = admin(self.live, "restore", b, "--force")
        self.assertEqual(r.returncode, 0, r.err)
        self.assertIn("running database", r.out)
        # The workers see the restored content at once, and keep working.
        self.assertEqual(total_visits(), want)
        r = new_visitor_hit()
        self.assertEqual(r.status, 200, r.describe())
        self.assertEqual(total_visits(), want + 1)
        self.assertEqual(bh.get(NGINX_URL, "/").status, 200)
        self.assertEqual(integrity(self.live), "ok")


# --- what a copy keeps of readers' addresses -----------------------------

@unittest.skipUnless(T, "T not set")
class CopiesForgetAddresses(Scratch):
    """A backup or a snapshot keeps no address key or address hash: the
    day's key would let whoever holds the copy tell which address voted,
    long after the live database forgot it (README: What is kept of an
    address)."""

    KEY = bytes(range(32)) + b"the-days-address-key"
    HASH = "f00d" * 16

    def planted(self):
        db = self.copy("addresses.db")
        c = sqlite3.connect(db)
        day = int(time.time()) // 86400
        c.execute("INSERT INTO site_secrets VALUES (?, ?)",
                  ("address:%d" % day, self.KEY))
        poll = c.execute("SELECT id FROM polls LIMIT 1").fetchone()[0]
        c.execute("INSERT INTO poll_voters VALUES (?, 'v:' || ?, ?, ?)",
                  (poll, "ab" * 16, self.HASH, int(time.time())))
        c.execute("INSERT INTO login_failures VALUES ('lan', ?, ?)",
                  (self.HASH, int(time.time())))
        c.execute("INSERT INTO new_visitors VALUES (?, ?, 1)",
                  (self.HASH, int(time.time()) // 600))
        c.commit()
        c.close()
        return db

    def assertForgotten(self, copy):
        voters = query(self.good, "SELECT count(*) FROM poll_voters")[0][0]
        self.assertEqual(query(copy, """
            SELECT (SELECT count(*) FROM site_secrets
                    WHERE name LIKE 'address:%'),
                   (SELECT count(*) FROM poll_voters WHERE ip_hash <> ''),
                   (SELECT count(*) FROM login_failures),
                   (SELECT count(*) FROM new_visitors),
                   (SELECT count(*) FROM poll_voters)"""),
            [(0, 0, 0, 0, voters + 1)])
        with open(copy, "rb") as f:
            raw = f.read()
        self.assertNotIn(self.KEY, raw, "the key is in a free page")
        self.assertNotIn(self.HASH.encode(), raw, "a hash is in the file")
        self.assertEqual(integrity(copy), "ok")

    def test_backup(self):
        db = self.planted()
        out = self.path("backup-of-addresses.db")
        r = admin(db, "backup", out)
        self.assertEqual(r.returncode, 0, r.err)
        self.assertForgotten(out)
        # The database itself keeps them for the day's limits.
        self.assertEqual(query(db, "SELECT count(*) FROM site_secrets "
                                   "WHERE name LIKE 'address:%'"), [(1,)])

    def test_snapshot(self):
        out = self.path("snapshot-of-addresses.db")
        r = admin(self.planted(), "snapshot", out)
        self.assertEqual(r.returncode, 0, r.err)
        self.assertForgotten(out)


# --- restore, check: refusing bad files ----------------------------------

@unittest.skipUnless(T, "T not set")
class RestoreAndCheck(Scratch):
    def test_check_healthy(self):
        r = admin(self.good, "check")
        self.assertEqual(r.returncode, 0, r.out + r.err)
        for line in ("integrity     ok", "foreign keys  ok", "in use        no",
                     "schema        version %d (this program: %d)"
                     % (CURRENT, CURRENT), "result        ok"):
            self.assertIn(line, r.out)
        pub, draft, sched = query(self.good, """
            SELECT count(*) FILTER (WHERE status = 'published'
                                    AND published_at <= strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
                   count(*) FILTER (WHERE status = 'draft'),
                   count(*) FILTER (WHERE status = 'published'
                                    AND published_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
            FROM articles""")[0]
        self.assertIn("articles      published %d, draft %d, scheduled %d"
                      % (pub, draft, sched), r.out)

    def test_check_corrupt(self):
        bad = self.path("corrupt.db")
        corrupt(self.good, bad)
        r = admin(bad, "check")
        self.assertEqual(r.returncode, 1, r.out)
        self.assertNotIn("result        ok", r.out)
        junk = self.path("junk.db")
        with open(junk, "wb") as f:
            f.write(b"not a database at all\n" * 500)
        r = admin(junk, "check")
        self.assertEqual(r.returncode, 1, r.out)
        self.assertIn("not a readable database", r.err)

    def test_check_foreign_key_violation(self):
        bad = self.copy("fk.db")
        c = sqlite3.connect(bad)   # foreign keys off in Python's sqlite3
        c.execute("UPDATE articles SET category_id = 9999 WHERE id = 1")
        c.commit()
        c.close()
        r = admin(bad, "check")
        self.assertEqual(r.returncode, 1, r.out)
        self.assertIn("foreign keys  FAILED", r.out)
        self.assertIn("articles row 1 has no categories", r.err)

    def restore_refused(self, source, message):
        target = self.copy("target.db")
        old = digest(target)
        r = admin(target, "restore", source)
        self.assertEqual(r.returncode, 1, r.out)
        self.assertIn(message, r.err)
        self.assertIn("nothing was restored", r.err)
        self.assertEqual(digest(target), old)
        self.assertEqual([n for n in os.listdir(self.dir) if ".restore-" in n], [])

    def test_restore_refuses_corrupt_files(self):
        bad = self.path("corrupt-src.db")
        corrupt(self.good, bad)
        self.restore_refused(bad, "damaged")
        junk = self.path("junk-src.db")
        with open(junk, "wb") as f:
            f.write(b"\0junk" * 3000)
        self.restore_refused(junk, "not a database")
        future = self.copy("future-src.db")
        set_user_version(future, 99)
        self.restore_refused(future, "newer than this program's")

    def test_restore_replaces_wal_and_shm(self):
        target = self.copy("replaced.db")
        # The target's WAL holds a committed change the restore must drop.
        c = sqlite3.connect(target)
        c.execute("PRAGMA journal_mode = WAL")
        c.execute("PRAGMA wal_autocheckpoint = 0")
        c.execute("UPDATE site_counters SET value = 777 WHERE name = 'total_visits'")
        c.commit()
        stale = target + ".stale"
        for side in ("-wal", "-shm"):
            shutil.copyfile(target + side, stale + side)
        c.close()
        shutil.copyfile(stale + "-wal", target + "-wal")
        shutil.copyfile(stale + "-shm", target + "-shm")
        backup = self.path("replacement.db")
        self.assertEqual(admin(self.good, "backup", backup).returncode, 0)
        r = admin(target, "restore", backup)
        self.assertEqual(r.returncode, 0, r.err)
        self.assertFalse(os.path.exists(target + "-wal")
                         and os.path.getsize(target + "-wal") > 0)
        self.assertEqual(query(target, "SELECT value FROM site_counters "
                                       "WHERE name = 'total_visits'")[0][0], 0)
        self.assertEqual(integrity(target), "ok")
        self.assertEqual(query(target, "PRAGMA journal_mode")[0][0], "wal")
        self.assertEqual(admin(target, "check").returncode, 0)

    def test_restore_a_missing_database(self):
        target = self.path("new/none.db")
        os.makedirs(os.path.dirname(target))
        r = admin(target, "restore", self.good)
        self.assertEqual(r.returncode, 0, r.err)
        self.assertEqual(integrity(target), "ok")
        # It holds password and session hashes: private, as a backup is.
        self.assertEqual(os.stat(target).st_mode & 0o777, 0o600)


# --- migrate and schema versions -----------------------------------------

@unittest.skipUnless(T, "T not set")
class Versions(Scratch):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A version 1 database holds what version 1 could: its schema and
        # its sample (today's has rows for later tables).
        cls.have_v1 = True
        for name in ("schema.sql", "db/sample.sql"):
            r = subprocess.run(["git", "-C", TOP, "show",
                                "%s:%s" % (V1_COMMIT, name)],
                               capture_output=True)
            cls.have_v1 = cls.have_v1 and r.returncode == 0
            with open(os.path.join(cls.dir, "v1-" + os.path.basename(name)),
                      "wb") as f:
                f.write(r.stdout)
        cls.v1_schema = os.path.join(cls.dir, "v1-schema.sql")
        cls.v1_sample = os.path.join(cls.dir, "v1-sample.sql")

    def v1_db(self, name):
        if not self.have_v1:
            self.skipTest("no git history: %s:schema.sql" % V1_COMMIT)
        db = self.path(name)
        r = admin(db, "create", self.v1_sample, schema=self.v1_schema)
        self.assertEqual(r.returncode, 0, r.err)
        self.assertEqual(user_version(db), 1)
        return db

    def test_older_database_refused_until_migrated(self):
        db = self.v1_db("v1.db")
        if CURRENT == 1:
            self.skipTest("schema.sql is still version 1")
        status, err = cgi("bantin.fcgi", db, "/")
        self.assertEqual(status, 503, err)
        self.assertIn("schema version 1, older than this program's %d" % CURRENT, err)
        self.assertIn("bantin-admin migrate", err)
        status, err = cgi("bantin-live.fcgi", db, "/live/stats.json")
        self.assertEqual(status, 503, err)
        self.assertIn("bantin-admin migrate", err)
        r = admin(db, "sql", SAMPLE)
        self.assertEqual(r.returncode, 1)
        self.assertIn("bantin-admin migrate", r.err)

        r = admin(db, "migrate")
        self.assertEqual(r.returncode, 0, r.err)
        self.assertIn("from version 1 to %d" % CURRENT, r.out)
        self.assertEqual(user_version(db), CURRENT)
        self.assertEqual(integrity(db), "ok")
        # The same schema as a database created at the current version.
        self.assertEqual(schema_objects(db), schema_objects(self.good))
        # The content is kept, and the workers serve it.
        self.assertEqual(query(db, "SELECT count(*) FROM articles"),
                         query(self.good, "SELECT count(*) FROM articles"))
        status, err = cgi("bantin.fcgi", db, "/")
        self.assertEqual(status, 200, err)
        status, err = cgi("bantin-live.fcgi", db, "/live/stats.json")
        self.assertEqual(status, 200, err)
        status, err = cgi("bantin-live.fcgi", db, "/live/hit")
        self.assertEqual(status, 200, err)
        self.assertEqual(admin(db, "check").returncode, 0)
        r = admin(db, "migrate")
        self.assertEqual(r.returncode, 0, r.err)
        self.assertIn("already at version %d" % CURRENT, r.out)

    def migrations_copy(self, name):
        """A schema folder of our own: schema.sql plus a copy of
        db/migrations, to break."""
        d = self.path(name)
        shutil.copytree(os.path.join(TOP, "db", "migrations"),
                        os.path.join(d, "db", "migrations"))
        shutil.copyfile(SCHEMA, os.path.join(d, "schema.sql"))
        return d

    def test_failed_migration_changes_nothing(self):
        db = self.v1_db("v1-fail.db")
        if CURRENT == 1:
            self.skipTest("schema.sql is still version 1")
        d = self.migrations_copy("broken")
        mig = os.path.join(d, "db", "migrations")
        last = sorted(n for n in os.listdir(mig) if n.endswith(".sql"))[-1]
        with open(os.path.join(mig, last), "a", encoding="utf-8") as f:
            f.write("\nCREATE TABLE migration_probe (x);\n"
                    "-- a comment\nINSERT INTO no_such_table VALUES (1);\n")
        with open(os.path.join(mig, last), encoding="utf-8") as f:
            line = f.read().count("\n")
        old = digest(db)
        r = admin(db, "migrate", schema=os.path.join(d, "schema.sql"))
        self.assertEqual(r.returncode, 1, r.out)
        self.assertIn("%s:%d: no such table: no_such_table"
                      % (os.path.join(mig, last), line), r.err)
        self.assertIn("still at version 1", r.err)
        self.assertEqual(user_version(db), 1)
        self.assertEqual(query(db, "SELECT count(*) FROM sqlite_schema WHERE "
                                   "name IN ('members', 'migration_probe')"),
                         [(0,)])
        self.assertEqual(digest(db), old)

    def test_missing_migration(self):
        db = self.v1_db("v1-missing.db")
        if CURRENT == 1:
            self.skipTest("schema.sql is still version 1")
        d = self.migrations_copy("missing")
        mig = os.path.join(d, "db", "migrations")
        for n in os.listdir(mig):
            if n.startswith("%03d-" % CURRENT):
                os.unlink(os.path.join(mig, n))
        r = admin(db, "migrate", schema=os.path.join(d, "schema.sql"))
        self.assertEqual(r.returncode, 1, r.out)
        self.assertIn("no migration to version %d" % CURRENT, r.err)
        self.assertEqual(user_version(db), 1)

    def test_database_from_the_future(self):
        db = self.copy("v99.db")
        set_user_version(db, 99)
        old = digest(db)
        msg = "schema version 99, newer than this program's %d" % CURRENT
        for args in (("check",), ("sql", SAMPLE), ("migrate",)):
            r = admin(db, *args)
            self.assertEqual(r.returncode, 1, (args, r.out))
            self.assertIn(msg, r.err, args)
        status, err = cgi("bantin.fcgi", db, "/")
        self.assertEqual(status, 503, err)
        self.assertRegex(err, r"bantin\.fcgi: error: .*database %s has %s"
                         % (re.escape(db), re.escape(msg)))
        self.assertEqual(err.count(msg), 1, err)
        status, err = cgi("bantin-live.fcgi", db, "/live/stats.json")
        self.assertEqual(status, 503, err)
        self.assertRegex(err, r"bantin-live\.fcgi: error: .*database %s has "
                         "%s" % (re.escape(db), re.escape(msg)))
        self.assertEqual(err.count(msg), 1, err)
        # The pixel is still answered (a page never shows a broken image),
        # but nothing is counted: the database is left as it was.
        status, err = cgi("bantin-live.fcgi", db, "/live/hit")
        self.assertEqual(status, 200, err)
        self.assertEqual(err.count(msg), 1, err)
        self.assertEqual(user_version(db), 99)
        self.assertEqual(digest(db), old)


def main():
    return bh.run((RestoreAndCheck, CopiesForgetAddresses, Versions,
                   LiveBackup), "ops tests")


if __name__ == "__main__":
    sys.exit(main())
