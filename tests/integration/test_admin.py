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
import shlex
import sqlite3
import subprocess
import sys
import time
import unicodedata
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bantin_http as bh  # noqa: E402
from test_ops import Scratch as OpsScratch  # noqa: E402
from test_ops import env_with, integrity, schema_objects  # noqa: E402

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.abspath(os.environ.get("BUILD") or os.path.join(TOP, "build"))
T = os.environ.get("T")
EXAMPLES = os.path.join(TOP, "db", "examples")
UA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
query = bh.query


def admin(db, *args, stdin="", umask=None):
    """bantin-admin run from the top of the tree, as the documents do."""
    return subprocess.run(
        [os.path.join(BUILD, "bantin-admin")] + list(args), cwd=TOP,
        env=env_with(BANTIN_DB=db), input=stdin, capture_output=True,
        text=True, timeout=120,
        preexec_fn=None if umask is None else lambda: os.umask(umask))


def documented(db, command):
    """A command as a document writes it: build/bantin-admin …"""
    argv = shlex.split(command)
    assert argv[0] == "build/bantin-admin", command
    return admin(db, *argv[1:])


def cgi(program, db, target):
    """One GET to a worker run as plain CGI: (status, body)."""
    r = subprocess.run(
        [os.path.join(BUILD, program)],
        env=env_with(BANTIN_DB=db, REQUEST_METHOD="GET", REQUEST_URI=target,
                     SERVER_PROTOCOL="HTTP/1.1", REMOTE_ADDR="127.0.0.1",
                     HTTP_USER_AGENT=UA),
        stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
    head, _, body = r.stdout.partition(b"\r\n\r\n")
    m = re.match(rb"Status: (\d{3})", head)
    return int(m.group(1)) if m else None, body.decode("utf-8", "replace")


def dump(db):
    """Every row and schema object of db, as SQL text."""
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()


def mode(path):
    return os.stat(path).st_mode & 0o777


@unittest.skipUnless(T, "T not set")
class Scratch(OpsScratch):
    """test_ops' temp dir under $T with the sample site's database
    (good.db), copied afresh for each test that writes."""
    files = 0

    def unique(self, suffix):
        type(self).files += 1
        return self.path("f%d%s" % (self.files, suffix))

    def fresh(self):
        return self.copy(os.path.basename(self.unique(".db")))

    def script(self, text):
        f = self.unique(".sql")
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
        db = self.unique(".db")
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
    ("PRAGMA index_list(articles);", "PRAGMA index_list"),
    ("SELECT * FROM pragma_index_list('articles');", "PRAGMA index_list"),
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
        objects = schema_objects(self.good)
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
        # pragma or a table's columns (what a dry run's session reads),
        # TEMP tables and triggers, new tables, indexes and views.
        db = self.fresh()
        self.apply(db, "PRAGMA foreign_keys;\n"
                   "PRAGMA table_info(articles);\n"
                   "SELECT * FROM pragma_table_info('articles');\n"
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


# --- item 4: every example does what it says ------------------------------

def header(name):
    """The comment lines that open db/examples/name."""
    lines = []
    with open(os.path.join(EXAMPLES, name), encoding="utf-8") as f:
        for line in f:
            if not line.startswith("--"):
                break
            lines.append(line)
    return "".join(lines)


def article_url(db, id_):
    (section, slug), = query(db, "SELECT c.slug, a.slug FROM articles a "
                                 "JOIN categories c ON c.id = a.category_id "
                                 "WHERE a.id = ?", id_)
    return "/%s/%s-%d.htm" % (section, slug, id_)


def newest_article(db):
    return query(db, "SELECT max(id) FROM articles")[0][0]


def nav_links(db):
    page = bh.parse_html(cgi("bantin.fcgi", db, "/")[1])
    return [href for href, _ in page.find("nav", cls="site-nav").links()]


def widgets(db):
    status, body = cgi("bantin-live.fcgi", db, "/live/widgets?from=/")
    assert status == 200, body
    return body


NO_POLL = "Hiện tại không có bình chọn nào đang hoạt động."


class Examples(Scratch):
    """Each example on a copy of the sample site, applied with the commands
    its header gives, in their order, and checked for what it says."""

    def apply_example(self, db, name):
        commands = re.findall(r"build/bantin-admin sql \S+\.sql", header(name))
        self.assertEqual(commands[-1:],
                         ["build/bantin-admin sql db/examples/" + name],
                         "the header of %s does not say how to apply it"
                         % name)
        for command in commands:
            r = documented(db, command)
            self.assertEqual(r.returncode, 0, "%s: %s" % (command, r.stderr))
            self.assertIn("applied", r.stdout)

    def test_every_example_is_checked(self):
        checked = {n[len("test_"):].replace("_", "-") + ".sql"
                   for n in dir(self) if n.startswith("test_") and
                   n != "test_every_example_is_checked"}
        self.assertEqual(set(os.listdir(EXAMPLES)), checked)

    def check_add_article(self, db):
        pairs = set(query(db, "SELECT article_id, tag_id FROM article_tags"))
        self.apply_example(db, "add-article.sql")
        id_ = newest_article(db)
        row = query(db, "SELECT c.slug, a.slug, a.status, a.body_format, "
                        "a.image_url, a.author, a.source, a.published_at "
                        "FROM articles a JOIN categories c "
                        "ON c.id = a.category_id WHERE a.id = ?", id_)[0]
        self.assertEqual(row[:7], (
            "thoi-su", "ha-noi-khai-truong-tuyen-xe-buyt-dien-noi-san-bay-"
            "noi-bai", "published", "text",
            "/img/ae/aee10d015ebf364b66453c93ccc76683-1200.jpg",
            "Minh Anh", "Chinhphu.vn"))
        self.assertLessEqual(row[7], time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                   time.gmtime()))
        # The sample's picture, as `image add` wrote it (make pictures).
        self.assertTrue(os.path.isfile(os.path.join(
            TOP, "www", row[4].lstrip("/"))))
        self.assertEqual(query(db, "SELECT count(*) FROM images "
                                   "WHERE url = ?", row[4]), [(1,)])
        # The new article, and it alone, is tagged, with one tag per slug.
        added = set(query(db, "SELECT article_id, t.slug FROM article_tags "
                              "JOIN tags t ON t.id = tag_id "
                              "WHERE (article_id, tag_id) NOT IN (VALUES %s)"
                              % ",".join("(%d,%d)" % p for p in pairs)))
        self.assertEqual(added, {(id_, "giao-thong"), (id_, "xe-buyt-dien")})
        self.assertEqual(query(db, "SELECT slug, count(*) FROM tags WHERE "
                                   "slug IS NULL OR name IN ('Giao thông', "
                                   "'Xe buýt điện') GROUP BY slug"),
                         [("giao-thong", 1), ("xe-buyt-dien", 1)])
        status, body = cgi("bantin.fcgi", db, article_url(db, id_))
        self.assertEqual(status, 200, body)
        page = bh.parse_html(body)
        self.assertEqual(page.find("h1").norm_text(), "Hà Nội khai trương "
                         "tuyến xe buýt điện nối sân bay Nội Bài")
        self.assertIn("<p>Giá vé 45.000 đồng một lượt;", body)
        self.assertIn(("/tag/xe-buyt-dien", "Xe buýt điện"), page.links())
        self.assertIn(("/tag/giao-thong", "Giao thông"), page.links())
        return id_

    def test_add_article(self):
        # New tags (neither exists), one new and one known (the sample
        # site's "Giao thông"), then both known: tags are reused.
        db = self.fresh()
        self.apply(db, "DELETE FROM tags WHERE slug = 'giao-thong';\n")
        self.check_add_article(db)
        db = self.fresh()
        first = self.check_add_article(db)
        self.assertNotEqual(self.check_add_article(db), first)

    def test_add_section(self):
        db = self.fresh()
        self.apply_example(db, "add-section.sql")
        rows = query(db, "SELECT c.slug, c.name, p.slug, c.position "
                         "FROM categories c LEFT JOIN categories p "
                         "ON p.id = c.parent_id WHERE c.id > 7 ORDER BY c.id")
        self.assertEqual(rows, [
            ("khoa-hoc-cong-nghe", "Khoa học – Công nghệ", None, 80),
            ("chuyen-doi-so", "Chuyển đổi số", "khoa-hoc-cong-nghe", 1)])
        status, body = cgi("bantin.fcgi", db, "/khoa-hoc-cong-nghe/")
        self.assertEqual(status, 200, body)
        # Top level only, ordered by position (80: after the others).
        links = nav_links(db)
        self.assertEqual(links[-1], "/khoa-hoc-cong-nghe/")
        self.assertNotIn("/chuyen-doi-so/", links)

    def check_poll_open(self, db, question):
        body = widgets(db)
        self.assertIn(question, body)
        self.assertEqual(body.count('type="radio"'), 4)
        for label in ("Rất tốt", "Tốt", "Bình thường", "Cần cải thiện"):
            self.assertIn("> %s</label>" % label, body)

    def test_open_poll(self):
        db = self.fresh()
        self.assertIn(NO_POLL, widgets(db))
        self.apply_example(db, "open-poll.sql")
        (id_, question, status, multiple, days), = query(
            db, "SELECT id, question, status, multiple, "
                "julianday(ends_at) - julianday(starts_at) FROM polls "
                "WHERE starts_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now', "
                "'-5 minutes')")
        self.assertEqual((status, multiple, days), ("open", 1, 30.0))
        self.assertEqual(query(db, "SELECT label FROM poll_options WHERE "
                                   "poll_id = ? ORDER BY position", id_),
                         [("Rất tốt",), ("Tốt",), ("Bình thường",),
                          ("Cần cải thiện",)])
        self.check_poll_open(db, question)

    def test_close_poll(self):
        db = self.fresh()
        self.apply_example(db, "close-poll.sql")
        (question, status), = query(db, "SELECT question, status FROM polls "
                                        "WHERE id = 3")
        self.assertEqual(status, "closed")
        self.assertEqual(query(db, "SELECT count(*) FROM poll_options "
                                   "WHERE poll_id = 3"), [(4,)])
        self.assertIn(NO_POLL, widgets(db))
        status, body = cgi("bantin.fcgi", db, "/binh-chon/")
        self.assertEqual(status, 200, body)
        self.assertIn('href="/binh-chon/3"', body)
        # Reopened within its dates.
        self.apply(db, "UPDATE polls SET status = 'open' WHERE id = 3;\n")
        self.check_poll_open(db, question)

    def test_fix_typo(self):
        db = self.fresh()
        url = article_url(db, 1)
        (updated,), = query(db, "SELECT updated_at FROM articles WHERE id = 1")
        self.apply_example(db, "fix-typo.sql")
        title, body, stamped = query(db, "SELECT title, body, updated_at "
                                         "FROM articles WHERE id = 1")[0]
        self.assertIn("hợp tác về an ninh mạng", title)
        self.assertIn("kinh tế - xã hội", body)
        self.assertNotIn("kinh tế-xã hội", body)
        self.assertGreater(stamped, updated)
        self.assertEqual(article_url(db, 1), url, "the slug changed")
        status, page = cgi("bantin.fcgi", db, url)
        self.assertEqual(status, 200, page)
        self.assertIn("Cập nhật", page)
        # slug = NULL derives a new one; the old URL answers 301 to it.
        self.apply(db, "UPDATE articles SET slug = NULL WHERE id = 1;\n")
        new = article_url(db, 1)
        self.assertIn("hop-tac-ve-an-ninh-mang", new)
        status, _ = cgi("bantin.fcgi", db, url)
        self.assertEqual(status, 301)

    def test_schedule_article(self):
        db = self.fresh()
        self.apply_example(db, "schedule-article.sql")
        id_ = newest_article(db)
        self.assertEqual(query(db, "SELECT status, published_at FROM articles"
                                   " WHERE id = ?", id_),
                         [("published", "2030-01-01T01:00:00Z")])
        status, body = cgi("bantin.fcgi", db, article_url(db, id_))
        self.assertEqual(status, 404, body)
        section = cgi("bantin.fcgi", db, "/kinh-te/")[1]
        self.assertNotIn("-%d.htm" % id_, section)

    def test_set_total_visits(self):
        db = self.fresh()
        self.apply_example(db, "set-total-visits.sql")
        status, body = cgi("bantin-live.fcgi", db, "/live/stats.json")
        self.assertIn('"total_visits":88619428', body)
        # New visits are added to it.
        self.assertEqual(cgi("bantin-live.fcgi", db, "/live/hit")[0], 200)
        status, body = cgi("bantin-live.fcgi", db, "/live/stats.json")
        self.assertIn('"total_visits":88619429', body)

    def test_unpublish_article(self):
        db = self.fresh()
        (id_,) = re.search(r"\(/quoc-te/\.\.\.-(\d+)\.htm → \1\)",
                           header("unpublish-article.sql")).groups()
        url = article_url(db, int(id_))
        self.assertEqual(cgi("bantin.fcgi", db, url)[0], 200)
        self.apply_example(db, "unpublish-article.sql")
        self.assertEqual(cgi("bantin.fcgi", db, url)[0], 404)
        self.apply(db, "UPDATE articles SET status = 'published' "
                       "WHERE id = %s;\n" % id_)
        self.assertEqual(cgi("bantin.fcgi", db, url)[0], 200)


# --- item 6: private files -------------------------------------------------

class FileModes(Scratch):
    def test_create_is_private(self):
        # Password, session hashes and the site secret: 0600 whatever the
        # umask, and SQLite gives the -wal and -shm the database's mode.
        for umask in (0o022, 0o000):
            with self.subTest(umask=oct(umask)):
                db = self.unique(".db")
                r = admin(db, "create", umask=umask)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(oct(mode(db)), "0o600")
                con = sqlite3.connect(db)
                con.execute("UPDATE site_counters SET value = 1")
                con.commit()
                for side in ("-wal", "-shm"):
                    self.assertEqual(oct(mode(db + side)), "0o600", side)
                con.close()

    @unittest.skipUnless(os.geteuid() == 0, "needs root (chown)")
    def test_owner_and_mode_kept(self):
        # As root, on a database of the workers' user: the -wal and -shm
        # root's connection creates are theirs too, and a restore keeps
        # the replaced file's owner and mode.
        nobody = 65534
        db = self.fresh()
        os.chown(db, nobody, nobody)
        os.chmod(db, 0o640)
        con = sqlite3.connect(db)
        con.execute("UPDATE site_counters SET value = 1")
        con.commit()
        for side in ("-wal", "-shm"):
            st = os.stat(db + side)
            self.assertEqual((st.st_uid, oct(st.st_mode & 0o777)),
                             (nobody, "0o640"), side)
        con.close()
        backup = self.unique(".db")
        self.assertEqual(admin(db, "backup", backup).returncode, 0)
        self.assertEqual(oct(mode(backup)), "0o600")
        r = admin(db, "restore", backup)
        self.assertEqual(r.returncode, 0, r.stderr)
        st = os.stat(db)
        self.assertEqual((st.st_uid, st.st_gid, oct(st.st_mode & 0o777)),
                         (nobody, nobody, "0o640"))


# --- member list ------------------------------------------------------------

def width(s):
    """Terminal columns: combining marks and format characters none, East
    Asian wide and fullwidth characters two."""
    return sum(0 if unicodedata.category(c) in ("Mn", "Me", "Cf") else
               2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in s)


class MemberList(Scratch):
    def test_columns_line_up(self):
        db = self.fresh()
        nfd = unicodedata.normalize("NFD", "Nguyễn_Thị_Ánh")
        r = admin(db, "member", "add", nfd, "--name",
                  unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết"),
                  "--email", "anh@example.vn", stdin="mot-mat-khau-dai\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        members = [
            ("Nguyễn_Thị_Ánh", "Nguyễn Thị Ánh Tuyết", "anh@example.vn"),
            # Written by another tool, decomposed.
            ("Đặng", unicodedata.normalize("NFD", "Đặng Quốc Việt"), None),
            ("wang", "王小明", "wang@example.cn"),
            ("Tôn_Nữ_Thị_Phương_Hoàng_Lan",
             "Công Tôn Nữ Thị Phương Hoàng Lan Hương Giang",
             "ton.nu.thi.phuong.hoang.lan.huong.giang@bo-ngoai-giao.gov.vn"),
        ]
        con = sqlite3.connect(db)
        con.create_function("bantin_casefold", 1, str.casefold)
        con.executemany("INSERT INTO members (username, display_name, email, "
                        "password_hash) VALUES (?, ?, ?, '$argon2id$x')",
                        members[1:])
        con.commit()
        con.close()
        r = admin(db, "member", "list")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        titles = ("id", "username", "display name", "email", "status",
                  "created", "sessions")
        starts = [lines[0].index(t) for t in titles]
        rows = query(db, "SELECT id, username, display_name, "
                         "coalesce(email, '-'), status, created_at, 0 "
                         "FROM members ORDER BY id")
        self.assertEqual(len(rows), len(members))
        self.assertEqual(len(lines), 1 + len(rows))
        for line, row in zip(lines[1:], rows):
            at = 0
            for cell, start in zip(map(str, row), starts):
                at = line.index(cell, at)
                self.assertEqual(width(line[:at]), start,
                                 "%r in %r" % (cell, line))
                at += len(cell)

if __name__ == "__main__":
    sys.exit(bh.run([AllOrNothing, Defences, Examples, FileModes,
                     MemberList], "admin"))
