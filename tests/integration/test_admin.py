#!/usr/bin/env python3
"""Integration tests of bantin-admin on scratch databases: a script is
applied whole or not at all, it cannot switch the schema's rules off,
every script of db/examples/ does what its comment says, the files that
hold secrets are private, and `member list` keeps its columns in line
whatever the names.

Run by tests/integration/run.sh with BUILD and T (the harness temp dir).
No server is needed: pages and live fragments are asked of bantin.fcgi
and bantin-live.fcgi run as plain CGI on each scratch database.  The last
line printed is "N passed, M failed".
"""
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bantin_http as bh  # noqa: E402
from test_ops import env_with, integrity, schema_objects  # noqa: E402

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.abspath(os.environ.get("BUILD") or os.path.join(TOP, "build"))
T = os.environ.get("T")
SAMPLE = os.path.join(TOP, "db", "sample.sql")
query = bh.query


def admin(db, *args, stdin="", umask=None):
    """bantin-admin run from the top of the tree, as the documents do."""
    r = subprocess.run(
        [os.path.join(BUILD, "bantin-admin")] + list(args), cwd=TOP,
        env=env_with(BANTIN_DB=db), input=stdin, capture_output=True,
        text=True, timeout=120,
        preexec_fn=None if umask is None else lambda: os.umask(umask))
    return r


def dump(db):
    """Every row and schema object of db, as SQL text."""
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()


@unittest.skipUnless(T, "T not set")
class Scratch(unittest.TestCase):
    """A temp dir under $T holding the sample site's database, copied
    afresh for each test that writes."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="admin.", dir=T)
        cls.sample = os.path.join(cls.dir, "sample.db")
        r = admin(cls.sample, "create", SAMPLE)
        if r.returncode != 0:
            raise RuntimeError("bantin-admin create failed: %s" % r.stderr)
        cls.files = 0

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def path(self, suffix):
        type(self).files += 1
        return os.path.join(self.dir, "f%d%s" % (self.files, suffix))

    def fresh(self):
        db = self.path(".db")
        shutil.copyfile(self.sample, db)
        return db

    def script(self, text):
        f = self.path(".sql")
        with open(f, "w", encoding="utf-8") as out:
            out.write(text)
        return f

    def apply(self, db, text):
        r = admin(db, "sql", self.script(text))
        self.assertEqual(r.returncode, 0, r.stderr)


# --- item 2: all or nothing ------------------------------------------------

# Transaction control in every spelling: (the statement, with what comes
# before it, and the line of the statement itself within that text).
TRANSACTION_CONTROL = (
    ("-- ghi chú\nCOMMIT;", 2),
    ("/* x */ END;", 1),
    ("commit transaction;", 1),
    ("End Transaction;", 1),
    ("\tCoMmIt ;", 1),
    ("ROLLBACK;", 1),
    ("-- a\n/* b\n   c */ rollback transaction;", 3),
    ("BEGIN;", 1),
    ("begin immediate transaction;", 1),
    ("BEGIN EXCLUSIVE;", 1),
    ("SAVEPOINT s;", 1),
    ("/*x*/savepoint s;", 1),
    ("RELEASE s;", 1),
    ("release savepoint s;", 1),
    ("ROLLBACK TO s;", 1),
    ("rollback transaction to savepoint s;", 1),
)

BEFORE = "UPDATE site_counters SET value = 111 WHERE name = 'total_visits';\n"
AFTER = ("\nUPDATE site_counters SET value = 222 "
         "WHERE name = 'total_visits';\n"
         "INSERT INTO categories (name) VALUES ('Sau giao dịch');\n")


class AllOrNothing(Scratch):
    def refused(self, text, line, words):
        """Applies text to a fresh database: refused at line, saying words,
        and the database is really unchanged."""
        db = self.fresh()
        before = dump(db)
        f = self.script(text)
        r = admin(db, "sql", f)
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("%s:%d: " % (f, line), r.stderr)
        self.assertIn(words, r.stderr)
        self.assertIn("rolled back; the database is unchanged", r.stderr)
        self.assertEqual(dump(db), before, "the database was changed")
        return db

    def test_transaction_control_refused(self):
        for statement, line in TRANSACTION_CONTROL:
            with self.subTest(statement=statement):
                self.refused(BEFORE + statement + AFTER, line + 1,
                             "one transaction")

    def test_end_as_the_last_word(self):
        self.refused(BEFORE + "-- xong\nend", 3, "one transaction")

    def test_create_with_a_refused_script(self):
        db = self.path(".db")
        r = admin(db, "create", self.script(BEFORE + "COMMIT;" + AFTER))
        self.assertEqual(r.returncode, 1)
        self.assertIn("one transaction", r.stderr)
        self.assertFalse(os.path.exists(db), "a failed create left a file")
        self.assertFalse(os.path.exists(db + ".new"))


# --- item 3: the schema's rules stay on ------------------------------------

HOSTILE = (
    # (the script after the line of BEFORE, what the refusal says)
    ("PRAGMA ignore_check_constraints = ON;\n"
     "INSERT INTO articles (category_id, title, body, status) "
     "VALUES (1, 'x', 'y', 'bogus');", "PRAGMA ignore_check_constraints"),
    ("PRAGMA writable_schema = ON;\n"
     "UPDATE sqlite_schema SET sql = replace(sql, 'status IN', "
     "'1 OR status IN') WHERE name = 'articles';", "PRAGMA writable_schema"),
    ("UPDATE sqlite_schema SET sql = sql WHERE name = 'articles';",
     "may not be modified"),
    ("DELETE FROM search_index_data;", "may not be modified"),
    ("PRAGMA foreign_keys = OFF;", "PRAGMA foreign_keys"),
    ("pragma Foreign_Keys=0;", "PRAGMA Foreign_Keys"),
    ("PRAGMA journal_mode = OFF;", "PRAGMA journal_mode"),
    ("PRAGMA main.journal_mode = DELETE;", "PRAGMA journal_mode"),
    ("PRAGMA synchronous = OFF;", "PRAGMA synchronous"),
    ("PRAGMA trusted_schema = ON;", "PRAGMA trusted_schema"),
    ("PRAGMA legacy_alter_table = ON;", "PRAGMA legacy_alter_table"),
    ("PRAGMA schema_version = 1;", "PRAGMA schema_version"),
    ("PRAGMA user_version = 1;", "PRAGMA user_version"),
    ("PRAGMA recursive_triggers = ON;", "PRAGMA recursive_triggers"),
    ("PRAGMA cell_size_check = OFF;", "PRAGMA cell_size_check"),
    ("PRAGMA query_only = ON;", "PRAGMA query_only"),
    ("PRAGMA table_info(articles);", "PRAGMA table_info"),
    ("SELECT * FROM pragma_table_info('articles');", "PRAGMA table_info"),
    ("ATTACH DATABASE '@DIR@/stolen.db' AS stolen;\n"
     "CREATE TABLE stolen.m AS SELECT * FROM members;", "ATTACH"),
    ("DETACH DATABASE temp;", "DETACH"),
    ("VACUUM INTO '@DIR@/copy.db';", "VACUUM"),
    ("DROP TRIGGER articles_slug_on_insert;", "db/migrations"),
    ("CREATE TRIGGER undo AFTER INSERT ON articles "
     "BEGIN DELETE FROM articles WHERE id = NEW.id; END;", "db/migrations"),
    ("ALTER TABLE articles ADD COLUMN x TEXT;", "db/migrations"),
    ("ALTER TABLE tags RENAME TO old_tags;", "db/migrations"),
    ("DROP TABLE members;", "db/migrations"),
    ("DROP INDEX articles_visibility;", "db/migrations"),
    ("SELECT load_extension('@DIR@/x.so');", "not authorized"),
)


class Defences(Scratch):
    def assert_intact(self, db, objects):
        """The schema of the sample site, sound, its CHECKs enforced."""
        self.assertEqual(integrity(db), "ok")
        self.assertEqual(schema_objects(db), objects)
        f = self.script("INSERT INTO articles (category_id, title, body, "
                        "status) VALUES (1, 'Kiểm tra', 'x', 'bogus');\n")
        r = admin(db, "sql", f)
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("CHECK constraint failed: article_status", r.stderr)

    def test_hostile_scripts_refused(self):
        objects = schema_objects(self.sample)
        for text, words in HOSTILE:
            with self.subTest(script=text):
                db = self.fresh()
                before = dump(db)
                f = self.script(BEFORE + text.replace("@DIR@", self.dir) +
                                "\n")
                r = admin(db, "sql", f)
                self.assertEqual(r.returncode, 1, r.stdout)
                self.assertIn("%s:2: " % f, r.stderr)
                self.assertIn(words, r.stderr)
                self.assertIn("the database is unchanged", r.stderr)
                self.assertEqual(dump(db), before, "the database changed")
                self.assert_intact(db, objects)
                for other in ("stolen.db", "copy.db"):
                    self.assertFalse(os.path.exists(
                        os.path.join(self.dir, other)), other)

    def test_what_scripts_may_do(self):
        # Deferred foreign keys (still checked at the end), reading a
        # pragma, TEMP tables and triggers, new tables, indexes and views.
        db = self.fresh()
        self.apply(db, "PRAGMA foreign_keys;\n"
                   "CREATE TABLE words (id INTEGER PRIMARY KEY, w TEXT);\n"
                   "CREATE INDEX words_by_w ON words(w);\n"
                   "CREATE VIEW word_count AS SELECT count(*) FROM words;\n"
                   "CREATE TEMP TRIGGER t AFTER INSERT ON words "
                   "BEGIN SELECT 1; END;\n"
                   "DROP TRIGGER t;\n"
                   "PRAGMA defer_foreign_keys = ON;\n"
                   "INSERT INTO articles (id, category_id, title, body) "
                   "VALUES (900, 90, 'Bài trước', 'x');\n"
                   "INSERT INTO categories (id, name) "
                   "VALUES (90, 'Mục sau');\n"
                   "CREATE TEMP TABLE renames (id, title);\n"
                   "INSERT INTO renames VALUES (900, 'Bài đã đổi tên');\n"
                   "UPDATE articles SET title = renames.title "
                   "FROM renames WHERE articles.id = renames.id;\n")
        self.assertEqual(query(db, "SELECT category_id, title FROM articles "
                                   "WHERE id = 900"), [(90, "Bài đã đổi tên")])
        before = dump(db)
        f = self.script("PRAGMA defer_foreign_keys = ON;\n"
                        "INSERT INTO articles (category_id, title, body) "
                        "VALUES (91, 'Không có mục', 'x');\n")
        r = admin(db, "sql", f)
        self.assertEqual(r.returncode, 1)
        self.assertIn("FOREIGN KEY constraint failed", r.stderr)
        self.assertEqual(dump(db), before)

if __name__ == "__main__":
    sys.exit(bh.run([AllOrNothing, Defences], "admin"))
