#!/usr/bin/env python3
"""Integration tests of `bantin-admin sql --dry-run FILE [--preview DIR]`
(cgi/admin/preview.c): the report of what a script would change, the
pages rendered exactly as bantin.fcgi serves them once the script is
applied, a failing script (its file:line, nothing rendered), the folders
refused, the bound on rendered pages, the commands README.md gives, and
the running nginx site's database left alone while the live workers
write.

Run by tests/integration/run.sh with BUILD, T (the harness temp dir) and
NGINX_URL.  Scratch databases live in a temp dir under $T; pages are
asked of bantin.fcgi run as plain CGI.  The last line printed is "N
passed, M failed".
"""
import contextlib
import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bantin_http as bh  # noqa: E402
from test_ops import NGINX_URL, Hitter, Scratch  # noqa: E402
from test_ops import digest, env_with, total_visits  # noqa: E402
from test_admin import cgi  # noqa: E402

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.abspath(os.environ.get("BUILD") or os.path.join(TOP, "build"))
T = os.environ.get("T")
query = bh.query

# A new section, an article in it and a new tag on the article.  Its times
# are given, so that applying it later renders the same bytes.
SECTION = ("Văn hóa dân gian", "van-hoa-dan-gian")
TAG = ("Lễ hội truyền thống", "le-hoi-truyen-thong")
TITLE = "Lễ hội đền Hùng khai mạc với nghi lễ dâng hương"
SLUG = "le-hoi-den-hung-khai-mac-voi-nghi-le-dang-huong"


def add_script(when):
    return """-- A section, an article in it, a tag on the article.
INSERT INTO categories (name, position) VALUES ('%s', 9);
INSERT INTO articles (category_id, title, lead, body, published_at,
                      updated_at)
VALUES ((SELECT id FROM categories WHERE slug = '%s'), '%s',
        'Sáng nay, lễ hội khai mạc.', 'Đoạn một.

Đoạn hai.', '%s', '%s');
INSERT INTO tags (name) VALUES ('%s');
INSERT INTO article_tags (article_id, tag_id)
SELECT (SELECT max(id) FROM articles), id FROM tags WHERE slug = '%s';
""" % (SECTION[0], SECTION[1], TITLE, when, when, TAG[0], TAG[1])


def an_hour_ago():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 3600))


def admin(db, *args, tmpdir=None, cwd=TOP):
    """bantin-admin with its temporary files in tmpdir."""
    env = env_with(BANTIN_DB=db)
    if tmpdir is not None:
        env["TMPDIR"] = tmpdir
    return subprocess.run([os.path.join(BUILD, "bantin-admin")] +
                          list(args), cwd=cwd, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=300)


def file_of(url):
    """A page's file in the preview: its path, '/' written '_'."""
    return url.replace("/", "_") + ".html"


def article_url(db, id_):
    row = query(db, "SELECT c.slug, a.slug FROM articles a JOIN categories "
                "c ON c.id = a.category_id WHERE a.id = ?", id_)[0]
    return "/%s/%s-%d.htm" % (row[0], row[1], id_)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def table_row(name, added, changed, removed):
    return re.compile(r"^%s +%d +%d +%d$" % (re.escape(name), added, changed,
                                             removed), re.M)


def content(db):
    """A digest of what pages show: every content row, the articles' view
    counts (which the live workers write) left out."""
    h = hashlib.sha256()
    for sql in ("SELECT id, category_id, slug, title, lead, body, "
                "body_format, image_url, image_caption, author, source, "
                "status, published_at, updated_at FROM articles",
                "SELECT * FROM categories", "SELECT * FROM tags",
                "SELECT * FROM article_tags", "SELECT * FROM images",
                "SELECT * FROM content_version"):
        h.update(repr(query(db, sql + " ORDER BY 1, 2")).encode())
    return h.hexdigest()


@unittest.skipUnless(T, "T not set")
class DryRun(Scratch):
    """On scratch copies of the sample site's database."""

    def setUp(self):
        self.db = self.copy("dry-%s.db" % self._testMethodName)
        self.tmp = tempfile.mkdtemp(prefix="tmp.", dir=self.dir)
        self.n = 0

    def tearDown(self):
        # The private copy is gone, and its journal with it.
        self.assertEqual(os.listdir(self.tmp), [])

    def script(self, text):
        self.n += 1
        f = self.path("%s-%d.sql" % (self._testMethodName, self.n))
        with open(f, "w", encoding="utf-8") as out:
            out.write(text)
        return f

    def out_dir(self):
        self.n += 1
        return self.path("%s-preview-%d" % (self._testMethodName, self.n))

    def dry_run(self, *args):
        return admin(self.db, "sql", "--dry-run", *args, tmpdir=self.tmp)

    def test_report_and_pages(self):
        when = an_hour_ago()
        f = self.script(add_script(when))
        out = self.out_dir()
        new_id = query(self.db, "SELECT max(id) + 1 FROM articles")[0][0]
        url = "/%s/%s-%d.htm" % (SECTION[1], SLUG, new_id)
        before = digest(self.db)
        r = self.dry_run(f, "--preview", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(digest(self.db), before, "the database changed")
        self.assertEqual(r.stderr, "")
        lines = r.stdout.splitlines()
        self.assertEqual(lines[0], "%s: 4 statements applied to a private "
                         "copy of the database" % f)
        for row in (("articles", 1, 0, 0), ("categories", 1, 0, 0),
                    ("tags", 1, 0, 0), ("article_tags", 1, 0, 0),
                    ("content_version", 0, 1, 0)):
            self.assertRegex(r.stdout, table_row(*row))
        pages = [(l.split()[0] + " " + l.split()[1], l.split()[2])
                 for l in lines if re.match(r"(new|changed|removed) ", l)]
        self.assertEqual(pages, [("new article", url),
                                 ("new section", "/%s/" % SECTION[1]),
                                 ("new tag", "/tag/%s" % TAG[1])])
        self.assertIn("preview          %s/index.html: 4 pages rendered"
                      % out, lines)
        self.assertEqual(lines[-1], "dry run: nothing was written to %s"
                         % self.db)

        # One file per page, and the index linking them.
        urls = ["/", url, "/%s/" % SECTION[1], "/tag/%s" % TAG[1]]
        self.assertEqual(sorted(os.listdir(out)),
                         sorted([file_of(u) for u in urls] + ["index.html"]))
        index = bh.parse_html(read(os.path.join(out, "index.html")))
        self.assertEqual([(a.attrs["href"], a.norm_text())
                          for a in index.find_all("a")],
                         [(file_of(u), u) for u in urls])
        self.assertIn(TITLE, index.norm_text())

        art = bh.parse_html(read(os.path.join(out, file_of(url))))
        self.assertEqual(art.find("h1").norm_text(), TITLE)
        self.assertIn(("/tag/%s" % TAG[1], TAG[0]), art.links())
        section = bh.parse_html(read(os.path.join(out, file_of(urls[2]))))
        self.assertIn(url, [h for h, _ in section.links()])
        tag = bh.parse_html(read(os.path.join(out, file_of(urls[3]))))
        self.assertIn(url, [h for h, _ in tag.links()])
        home = read(os.path.join(out, "_.html"))
        # The live parts stay the include lines a web server expands.
        for text, page in (('href="%s"' % url, home),
                           ('href="/%s/"' % SECTION[1], home),
                           ('<!--#include virtual="/live/widgets" -->', home),
                           ('<!--#include virtual="/live/views?article=%d" -->'
                            % new_id, read(os.path.join(out, file_of(url))))):
            self.assertTrue(text in page, "no %s in the preview" % text)

        # Exactly the bytes bantin.fcgi serves once the script is applied.
        applied = self.copy("applied.db")
        r = admin(applied, "sql", f)
        self.assertEqual(r.returncode, 0, r.stderr)
        for u in urls:
            status, body = cgi("bantin.fcgi", applied, u)
            self.assertEqual(status, 200, u)
            self.assertTrue(read(os.path.join(out, file_of(u))) == body,
                            "%s differs from the page served" % u)

    def test_failing_script_writes_nothing(self):
        f = self.script("INSERT INTO tags (name) VALUES ('Thẻ tạm');\n"
                        "-- then a bad status\n\n"
                        "UPDATE articles SET status = 'hidden' WHERE id = 1;\n")
        before = digest(self.db)
        out = self.out_dir()
        r = self.dry_run(f, "--preview", out)
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("%s:4: CHECK constraint failed: article_status" % f,
                      r.stderr)
        self.assertNotIn("preview", r.stdout)
        self.assertFalse(os.path.exists(out), "a preview was made")
        # An empty folder given stays empty.
        os.mkdir(out + "-empty")
        r = self.dry_run(f, "--preview", out + "-empty")
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertEqual(os.listdir(out + "-empty"), [])
        self.assertEqual(digest(self.db), before)

    def test_folders_refused(self):
        f = self.script(add_script(an_hour_ago()))
        full = self.out_dir()
        os.mkdir(full)
        with open(os.path.join(full, "index.html"), "w") as g:
            g.write("mine")
        r = self.dry_run(f, "--preview", full)
        self.assertEqual(r.returncode, 1)
        self.assertIn("%s is not empty" % full, r.stderr)
        self.assertEqual(os.listdir(full), ["index.html"])
        self.assertEqual(read(os.path.join(full, "index.html")), "mine")
        # Where the web server would serve it to readers.
        www = os.path.join(TOP, "www", "preview-test")
        r = self.dry_run(f, "--preview", www)
        self.assertEqual(r.returncode, 1)
        self.assertIn("which the web server serves", r.stderr)
        self.assertFalse(os.path.exists(www))
        r = self.dry_run(f, "--preview", self.path("no/such/folder"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("no folder", r.stderr)
        # --preview is for a dry run only.
        r = admin(self.db, "sql", f, "--preview", self.out_dir())
        self.assertEqual(r.returncode, 2)
        self.assertIn("usage:", r.stderr)
        self.assertEqual(query(self.db, "SELECT count(*) FROM tags WHERE "
                               "slug = ?", TAG[1])[0][0], 0)

    def test_changed_removed_hidden(self):
        ids = [r[0] for r in query(
            self.db, "SELECT id FROM articles WHERE status = 'published' "
            "AND published_at <= strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
            "ORDER BY id LIMIT 3")]
        urls = [article_url(self.db, i) for i in ids]
        tags = query(self.db, "SELECT count(*) FROM article_tags WHERE "
                     "article_id = ?", ids[1])[0][0]
        self.assertGreater(tags, 0, "the sample's article has no tag")
        new_id = query(self.db, "SELECT max(id) + 1 FROM articles")[0][0]
        f = self.script(
            "UPDATE articles SET status = 'draft' WHERE id = %d;\n"
            "DELETE FROM articles WHERE id = %d;\n"
            "UPDATE articles SET title = 'Tiêu đề đã sửa' WHERE id = %d;\n"
            "INSERT INTO articles (category_id, title, body, published_at) "
            "VALUES (1, 'Bài hẹn giờ', 'Thân.', '2099-01-01T00:00:00Z');\n"
            % tuple(ids))
        out = self.out_dir()
        r = self.dry_run(f, "--preview", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, table_row("articles", 1, 2, 1))
        self.assertRegex(r.stdout, table_row("article_tags", 0, 0, tags))
        later = "/thoi-su/bai-hen-gio-%d.htm" % new_id
        for line in ("changed article  %s (draft: readers do not see it)"
                     % urls[0],
                     "changed article  %s" % urls[2],
                     "removed article  %s" % urls[1],
                     "new article      %s (scheduled for "
                     "2099-01-01T00:00:00Z UTC: readers do not see it yet)"
                     % later):
            self.assertIn(line, r.stdout.splitlines())
        # Rendered as the site would answer: the hidden ones are 404.
        index = read(os.path.join(out, "index.html"))
        for u, status in ((urls[0], 404), (urls[2], 200), (later, 404)):
            self.assertRegex(index, r'<a href="%s">%s</a> [^<]*\(HTTP %d\)'
                             % (re.escape(file_of(u)), re.escape(u), status))
        self.assertIn("<li>%s removed article" % urls[1], index)
        self.assertFalse(os.path.exists(os.path.join(out, file_of(urls[1]))))
        h1 = bh.parse_html(read(os.path.join(out, file_of(urls[2]))))
        self.assertEqual(h1.find("h1").norm_text(), "Tiêu đề đã sửa")

    def test_at_most_100_pages(self):
        f = self.script(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
            "WHERE i < 120)\nINSERT INTO articles (category_id, title, body)"
            "\nSELECT 1, 'Bài số ' || i, 'Thân.' FROM n;\n")
        out = self.out_dir()
        r = self.dry_run(f, "--preview", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, table_row("articles", 120, 0, 0))
        self.assertEqual(len([l for l in r.stdout.splitlines()
                              if l.startswith("new article ")]), 120)
        self.assertIn("100 pages rendered", r.stdout)
        self.assertIn("21 more not rendered (at most 100 pages)", r.stdout)
        self.assertEqual(len(os.listdir(out)), 101)
        self.assertEqual(read(os.path.join(out, "index.html"))
                         .count("(not rendered)"), 21)

    def test_readme_commands(self):
        """Every dry run README.md gives, run as written from the top of a
        tree: build/bantin-admin, my-script.sql and the preview folder."""
        with open(os.path.join(TOP, "README.md"), encoding="utf-8") as g:
            blocks = re.findall(r"^```sh\n(.*?)^```$", g.read(), re.M | re.S)
        commands = [c for b in blocks for c in b.splitlines()
                    if "bantin-admin sql --dry-run" in c]
        self.assertEqual(len(commands), 1, commands)
        top = tempfile.mkdtemp(prefix="readme.", dir=self.dir)
        os.symlink(BUILD, os.path.join(top, "build"))
        with open(os.path.join(top, "my-script.sql"), "w",
                  encoding="utf-8") as g:
            g.write(add_script(an_hour_ago()))
        argv = shlex.split(commands[0])
        self.assertEqual(argv[0], "build/bantin-admin")
        r = admin(self.db, *argv[1:], tmpdir=self.tmp, cwd=top)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("new article ", r.stdout)
        self.assertTrue(os.path.isfile(os.path.join(top, argv[-1],
                                                    "index.html")))


@contextlib.contextmanager
def hitting(n):
    """n threads of pixel hits through nginx while the block runs; the
    Counter of their answers' statuses is complete once it ends."""
    statuses = Counter()
    hitters = [Hitter() for _ in range(n)]
    list(map(Hitter.start, hitters))
    try:
        yield statuses
    finally:
        list(map(lambda h: h.stop.set(), hitters))
        for h in hitters:
            h.join(timeout=30)
            statuses.update(h.statuses)


@unittest.skipUnless(T and NGINX_URL, "T and NGINX_URL not set")
class RunningSite(Scratch):
    """Dry runs of the nginx site's own database while it serves."""
    live = property(lambda self: os.path.join(T, "nginx.db"))

    def dry_run(self, out):
        f = self.path("live.sql")
        with open(f, "w", encoding="utf-8") as g:
            g.write(add_script(an_hour_ago()))
        tmp = tempfile.mkdtemp(prefix="tmp.", dir=self.dir)
        r = admin(self.live, "sql", "--dry-run", f, "--preview", out,
                  tmpdir=tmp)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, table_row("articles", 1, 0, 0))
        self.assertEqual(os.listdir(tmp), [])
        return r

    def leftovers(self):
        return [n for n in os.listdir(T) if "dry-run" in n]

    def test_while_the_live_workers_write(self):
        before = content(self.live)
        visits = total_visits()
        with hitting(6) as statuses:
            time.sleep(0.5)
            for i in range(3):
                self.dry_run(self.path("live-%d" % i))
                time.sleep(0.3)
        after = total_visits()
        print("\n    hits during 3 dry runs: %s; total visits %d → %d"
              % (dict(statuses), visits, after), flush=True)
        self.assertGreater(after - visits, 50, "the load did not write")
        self.assertGreaterEqual(statuses.get(200, 0),
                                0.99 * sum(statuses.values()),
                                "the dry runs disturbed the live writers")
        self.assertEqual(content(self.live), before,
                         "the dry run changed the site's content")
        self.assertNotIn(TITLE, bh.get(NGINX_URL, "/").text)
        self.assertEqual(bh.get(NGINX_URL, "/%s/" % SECTION[1]).status, 404)
        self.assertEqual(self.leftovers(), [])

    def test_bytes_at_rest(self):
        # No writer now: the database and its WAL keep every byte.
        files = [self.live, self.live + "-wal"]
        before = [digest(p) if os.path.exists(p) else None for p in files]
        self.dry_run(self.path("rest"))
        self.assertEqual([digest(p) if os.path.exists(p) else None
                          for p in files], before)


def main():
    return bh.run((DryRun, RunningSite), "preview tests")


if __name__ == "__main__":
    sys.exit(main())
