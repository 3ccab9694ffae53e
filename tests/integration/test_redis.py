#!/usr/bin/env python3
"""A web node on Redis, as docs/SCALING.md draws it: the live figures in a
Redis server running the shipped deploy/redis/bantin.conf (on a private
socket here), the content a snapshot of an editorial database, and nginx
with the shipped site in front of the page and live workers (the systemd
units' ExecStart, test_restart.SocketActivated).

Run by tests/integration/run.sh (as root: nginx's workers are www-data),
with T, BUILD and NGINX_URL set.

Snapshots: wrk against the node's pages, its live parts and the pixel
while an article is published on the editorial database and a new copy
replaces the node's database, again and again: renamed over it by
`bantin-admin snapshot --force`, or written beside the editorial one and
pulled by rsync (which renames its copy into place): every answer 2xx,
the last article served at the end, the node's file keeping its mode.

Outage: Redis stopped under a running node.  Pages are served (200) and
still render: nginx leaves a failed live include out, never pasting an
error into the page; a fragment asked directly, the statistics, a vote
and a login answer 503 with Retry-After (a vote and a login with their
page); the pixel answers its GIF without counting.  Each live worker
logs the outage once, however many requests meet it.  Redis started
again, the workers reconnect by themselves (at most one attempt a second
each), count again, and say so; a second outage is logged again.  Redis
full (maxmemory, noeviction: it refuses writes) is the same for what
writes: the pixel counts nothing, a vote is 503, one line a worker;
the statistics are still read; room again, the counts go on.

Durability: hits and votes answered 2xx, then Redis stopped by
`redis-cli shutdown`, by SIGTERM and by SIGKILL, and started again with
the same configuration: every figure is back, read from the append-only
file, and no request fails on a connection the restart closed.  (A
power loss can cost the last second: appendfsync everysec.)

LiveMove: `bantin-admin live export` and `live import` move the sample
site's live figures and generated ones (total visits 88619428, views of
every article, daily views of ten days, two thousand voters, sessions
alive and expired) from SQLite to Redis and back: each import checks
and prints the figures equal, the files of both exports hold the same
rows, a web node shows the moved figures.  Refused, changing nothing: a
store holding figures without --replace, a file naming an article the
site lacks, a file with a wrong value, a file that is no export.

CheckConfig: `bantin-admin check-config` with live_store on Redis: it
answers (socket with a password, TCP with a password and a db), or it
does not (a wrong password, nothing listening), each said with the URL
and what to fix, exit 1; no output of check-config or `member disable`
ever holds the password.
"""
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bantin_http as bh  # noqa: E402
from test_restart import (SEARCH, SocketActivated,  # noqa: E402
                          assert_no_error_under_load, free_port,
                          private_nginx)

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.abspath(os.environ.get("BUILD") or os.path.join(TOP, "build"))
T = os.environ.get("T") or ""
ADMIN = os.path.join(BUILD, "bantin-admin")
REDIS_CONF = os.path.join(TOP, "deploy", "redis", "bantin.conf")
UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"
POLL, OPTIONS = 3, (8, 9, 10, 11)
DAY = 24 * 60 * 60
ARTICLE = ("/quoc-phong-an-ninh/"
           "bo-quoc-phong-duy-tri-hieu-qua-quoc-te-hop-tac-an-ninh-mang-1.htm")


def run(*argv, env=None, check=True):
    r = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=120)
    if check and r.returncode != 0:
        raise AssertionError("%s exited %d\n%s%s" % (
            " ".join(argv), r.returncode, r.stdout, r.stderr))
    return r


def admin(db, *args, check=True, **settings):
    """bantin-admin with BANTIN_DB=db and BANTIN_<NAME>=value settings."""
    env = dict(os.environ, BANTIN_DB=db,
               BANTIN_SCHEMA=os.path.join(TOP, "schema.sql"))
    env.update({"BANTIN_" + k.upper(): str(v) for k, v in settings.items()})
    return run(ADMIN, *args, env=env, check=check)


def admin_sql(db, text):
    with tempfile.NamedTemporaryFile("w", suffix=".sql", dir=T,
                                     encoding="utf-8") as f:
        f.write(text)
        f.flush()
        return admin(db, "sql", f.name)


class Redis:
    """redis-server with deploy/redis/bantin.conf, its socket, files and log
    in `directory` (the only settings changed: paths)."""

    def __init__(self, directory, *extra):
        self.dir = directory
        self.extra = list(extra)
        self.sock = os.path.join(directory, "redis.sock")
        self.log = os.path.join(directory, "redis.log")
        self.proc = None

    @property
    def url(self):
        return "redis://" + self.sock

    def start(self):
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                ["redis-server", REDIS_CONF, "--unixsocket", self.sock,
                 "--pidfile", os.path.join(self.dir, "redis.pid"),
                 "--dir", self.dir] + self.extra,
                stdin=subprocess.DEVNULL, stdout=log,
                stderr=log)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.cli("PING", check=False).stdout.strip() == "PONG":
                return
            time.sleep(0.05)
        raise AssertionError("redis-server did not start; its log:\n" +
                             open(self.log).read())

    def cli(self, *args, check=True):
        env = dict(os.environ)
        if "--requirepass" in self.extra:
            env["REDISCLI_AUTH"] = self.extra[self.extra.index(
                "--requirepass") + 1]
        return run("redis-cli", "-s", self.sock, *args, env=env,
                   check=check)

    def stop(self, how="shutdown"):
        """shutdown (redis-cli), or a signal's name (TERM, KILL)."""
        if self.proc is None or self.proc.poll() is not None:
            return
        if how == "shutdown":
            self.cli("SHUTDOWN", check=False)
        else:
            self.proc.send_signal(getattr(signal, "SIG" + how))
        self.proc.wait(timeout=30)


class Node:
    """A web node of its own in a fresh folder under $T: Redis, the page
    and live workers on the node's database (a snapshot of `editorial`),
    nginx.  Everything stops at the test's cleanup."""

    def __init__(self, test, editorial, **settings):
        self.dir = tempfile.mkdtemp(prefix="node.", dir=T)
        os.chmod(self.dir, 0o711)
        self.redis = Redis(self.dir)
        self.redis.start()
        test.addCleanup(self.redis.stop)
        self.db = os.path.join(self.dir, "bantin.db")
        admin(editorial, "snapshot", self.db)
        port = free_port()
        self.base = "http://127.0.0.1:%d" % port
        env = dict(os.environ, BANTIN_DB=self.db, BANTIN_BASE_URL=self.base,
                   BANTIN_LIVE_STORE=self.redis.url)
        env.update({"BANTIN_" + k.upper(): str(v)
                    for k, v in settings.items()})
        self.log = os.path.join(self.dir, "workers.log")
        self.units = {}
        for name in ("pages", "live"):
            unit = SocketActivated(os.path.join(self.dir, name + ".sock"),
                                   "bantin-%s.service" % name, self.log, env)
            test.addCleanup(unit.close)
            self.units[name] = unit
        _, self.error_log = private_nginx(test, self.dir, port)


def editorial_db():
    """A fresh editorial database: the sample site, the test fixtures and
    an open poll (db/examples/open-poll.sql: poll POLL, options
    OPTIONS)."""
    db = os.path.join(tempfile.mkdtemp(prefix="editorial.", dir=T),
                      "bantin.db")
    admin(db, "create", os.path.join(TOP, "db", "sample.sql"),
          os.path.join(TOP, "tests", "integration", "fixtures.sql"),
          os.path.join(TOP, "db", "examples", "open-poll.sql"))
    assert bh.query(db, "SELECT max(id) FROM polls") == [(POLL,)]
    assert bh.query(db, "SELECT id FROM poll_options WHERE poll_id = ? "
                    "ORDER BY id", POLL) == [(o,) for o in OPTIONS]
    return db


def visitor():
    return "bantin_vid=" + os.urandom(16).hex()


def hit(base, cookie, article=1, source=None):
    return bh.http(base, "GET", "/live/hit?article=%d" % article,
                   [("User-Agent", UA), ("Cookie", cookie)], source=source)


def stats(base):
    """/live/stats.json, or None while it answers 503."""
    r = bh.http(base, "GET", "/live/stats.json", [("User-Agent", UA)])
    return json.loads(r.text) if r.status == 200 else None


def from_site(base, path):
    """What a browser sends with a form posted from a page of this site."""
    return [("User-Agent", UA), ("Origin", base),
            ("Sec-Fetch-Site", "same-origin"), ("Referer", base + path),
            ("Content-Type", "application/x-www-form-urlencoded")]


def lines_since(path, offset, pattern):
    with open(path, "rb") as f:
        f.seek(offset)
        text = f.read().decode("utf-8", "replace")
    return [ln for ln in text.splitlines() if re.search(pattern, ln)]


def redis_back(node):
    """Redis started again, and the time its live workers wait before they
    try it again (at most once a second each, cgi/store/live_redis.c):
    the next request each one serves reconnects it."""
    node.redis.start()
    time.sleep(1.2)


def needs_root(test):
    if not T or not os.environ.get("NGINX_URL") or os.geteuid() != 0:
        test.skipTest("T, NGINX_URL and root (nginx's workers are "
                      "www-data) are needed")


class Snapshots(unittest.TestCase):
    SECONDS = 10
    SWAPS = 6

    def setUp(self):
        needs_root(self)
        self.editorial = editorial_db()
        self.node = Node(self, self.editorial)
        # The node's workers read it: a mode of the operator's choosing,
        # which every snapshot keeps.
        os.chmod(self.node.db, 0o640)

    def test_swap_under_load(self):
        node = self.node
        titles = []
        staged = os.path.join(os.path.dirname(self.editorial), "snapshot.db")

        def publish_and_swap():
            for i in range(self.SWAPS):
                titles.append("Bản tin ảnh chụp %d lúc %d" %
                              (i, time.time()))
                admin_sql(self.editorial,
                          "INSERT INTO articles (category_id, title, lead) "
                          "VALUES (1, '%s', 'Phát hành qua ảnh chụp.');"
                          % titles[-1])
                # Straight over the node's file, or as docs/SCALING.md
                # ships it: rsync, which renames its copy into place.
                out = node.db if i % 2 else staged
                r = admin(self.editorial, "snapshot", out, "--force")
                self.assertRegex(r.stdout, r"^snapshot of .* to %s: \d+ "
                                 r"KiB, schema version \d+, integrity ok"
                                 % re.escape(out))
                if out == staged:
                    run("rsync", "-t", staged, node.db)
                time.sleep(self.SECONDS / (self.SWAPS + 2))
        inode = os.stat(node.db).st_ino
        # The home page, a section, an article (with its live includes),
        # a search, and the pixel.  Under load nginx makes some page views
        # wait seconds, swaps or not: its cache lock on the live fragments
        # wakes its waiters every 500 ms.  A stalled view is no lost one.
        assert_no_error_under_load(self, node.base, self.SECONDS,
                                   publish_and_swap,
                                   ('"/"', '"/thoi-su/"', '"%s"' % ARTICLE,
                                    SEARCH), timeout=15)
        self.assertNotEqual(os.stat(node.db).st_ino, inode)
        self.assertEqual(oct(os.stat(node.db).st_mode & 0o777), "0o640")
        self.assertFalse(os.path.exists(node.db + "-wal"),
                         "a reader of a snapshot wrote a WAL")
        # Past the pages' one-second cache, the last article is served.
        time.sleep(1.1)
        home = bh.get(node.base, "/")
        self.assertEqual(home.status, 200)
        self.assertIn(titles[-1], home.text)
        with open(node.error_log) as f:
            errors = [ln for ln in f if re.search(
                r"\[(error|crit|alert|emerg)\]", ln)]
        self.assertEqual(errors, [])


class Outage(unittest.TestCase):
    WORKERS = 4         # the live unit's multiwatch -f 4
    DOWN = r"bantin-live\.fcgi: error: .*redis .* unavailable"
    BACK = r"bantin-live\.fcgi: notice: .*redis .* is available again"
    FULL = r"bantin-live\.fcgi: error: .*redis .* is full while"
    AGAIN = r"bantin-live\.fcgi: notice: .*redis .* takes writes again"

    def setUp(self):
        needs_root(self)
        self.node = Node(self, editorial_db())

    def page_renders(self, path):
        r = bh.http(self.node.base, "GET", path, [("User-Agent", UA)])
        self.assertEqual(r.status, 200, r.describe())
        self.assertTrue(r.text.rstrip().endswith("</html>"), path)
        # An include that failed is left out, its error never pasted in.
        self.assertFalse("tạm thời không khả dụng" in r.text,
                         path + ": the fragment's error in the page")
        self.assertEqual(r.text.count("<html"), 1, path + ": a page inside")
        return r.text

    def login(self, cookie, token):
        return bh.http(self.node.base, "POST", "/dang-nhap",
                       from_site(self.node.base, "/dang-nhap") +
                       [("Cookie", cookie)], "username=lan&password="
                       "mat-khau-lan&token=" + token)

    def login_token(self, cookie):
        r = bh.http(self.node.base, "GET", "/dang-nhap",
                    [("User-Agent", UA), ("Cookie", cookie)])
        m = re.search(r'name="token" value="([0-9a-f]{32})"', r.text)
        self.assertIsNotNone(m, r.describe())
        return m.group(1)

    def outage(self):
        """Every kind of request while Redis is down."""
        node = self.node
        pixel = visitor()
        token = self.login_token(pixel)
        offset = os.path.getsize(node.log)
        node.redis.stop()
        self.wait_widgets_down()
        for _ in range(10):
            self.page_renders("/")
            article = self.page_renders(ARTICLE)
            views = re.search(r'<span class="view-count">(.*?)</span>',
                              article, re.S)
            self.assertIsNotNone(views, article)
            self.assertNotIn("<", views.group(1))
            for target in ("/live/widgets", "/live/stats.json",
                           "/live/views?article=1"):
                r = bh.http(node.base, "GET", target, [("User-Agent", UA)])
                self.assertEqual(r.status, 503, (target, r.describe()))
                self.assertEqual(r.header("Retry-After"), "2", target)
            r = hit(node.base, pixel)
            self.assertEqual(r.status, 200, r.describe())
            self.assertEqual(r.header("Content-Type"), "image/gif")
            r = bh.http(node.base, "POST", "/live/vote",
                        from_site(node.base, ARTICLE) + [("Cookie", pixel)],
                        "poll=%d&option=%d" % (POLL, OPTIONS[0]))
            self.assertEqual(r.status, 503, r.describe())
            self.assertEqual(r.header("Retry-After"), "2")
            self.assertIn("Hệ thống đang bận", r.text)
            self.assertLogin503(self.login(pixel, token))
        down = lines_since(node.log, offset, self.DOWN)
        self.assertTrue(1 <= len(down) <= self.WORKERS, down)
        return pixel, offset

    def wait_widgets_down(self):
        """nginx keeps a guest's sidebar for the second its
        X-Accel-Expires gives (up to two by its clock): past that, the
        outage shows."""
        deadline = time.monotonic() + 3
        while True:
            r = bh.http(self.node.base, "GET", "/live/widgets",
                        [("User-Agent", UA)])
            if r.status == 503 or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        self.assertEqual(r.status, 503, r.describe())

    def assertLogin503(self, r):
        self.assertEqual(r.status, 503, r.describe())
        self.assertEqual(r.header("Retry-After"), "5", r.describe())
        self.assertIn("<title>", r.text)

    def back(self, offset):
        """Redis started again: the node counts again, by itself."""
        node = self.node
        redis_back(node)
        for _ in range(3 * self.WORKERS):
            self.assertIsNotNone(stats(node.base), "no reconnection")
        back = lines_since(node.log, offset, self.BACK)
        self.assertTrue(1 <= len(back) <= self.WORKERS, back)

    def test_redis_down_and_back(self):
        node = self.node
        self.assertEqual(hit(node.base, visitor()).status, 200)
        self.assertEqual(stats(node.base)["total_visits"], 1)
        pixel, offset = self.outage()
        self.back(offset)
        # What the outage met was not counted; what follows is.
        self.assertEqual(stats(node.base)["total_visits"], 1)
        self.assertEqual(hit(node.base, pixel).status, 200)
        self.assertEqual(stats(node.base)["total_visits"], 2)
        # The next outage is logged again, and mended again.
        _, offset = self.outage()
        self.back(offset)
        self.assertEqual(stats(node.base)["total_visits"], 2)

    def test_workers_started_during_the_outage(self):
        """Workers that never reached Redis cannot judge a form's token
        (its key is kept there): a login is still 503, not 'expired'."""
        node = self.node
        cookie = visitor()
        token = self.login_token(cookie)
        node.redis.stop()
        node.units["live"].stop()
        node.units["live"].start()
        for _ in range(8):
            self.assertLogin503(self.login(cookie, token))
        redis_back(node)
        r = self.login(cookie, token)
        self.assertEqual(r.status, 303, r.describe())

    def test_redis_full(self):
        """At maxmemory (noeviction) Redis refuses writes: as an outage
        for what writes, logged once a worker; reads go on."""
        node = self.node
        self.assertEqual(hit(node.base, visitor()).status, 200)
        offset = os.path.getsize(node.log)
        node.redis.cli("CONFIG", "SET", "maxmemory", "1")
        # Workers that first reach it now read its keys too.
        node.units["live"].stop()
        node.units["live"].start()
        for _ in range(10):
            self.page_renders(ARTICLE)
            r = hit(node.base, visitor())
            self.assertEqual(r.status, 200, r.describe())
            self.assertEqual(r.header("Content-Type"), "image/gif")
            r = bh.http(node.base, "POST", "/live/vote",
                        from_site(node.base, ARTICLE) +
                        [("Cookie", visitor())],
                        "poll=%d&option=%d" % (POLL, OPTIONS[0]))
            self.assertEqual(r.status, 503, r.describe())
            self.assertEqual(r.header("Retry-After"), "2")
        self.assertEqual(stats(node.base)["total_visits"], 1)
        full = lines_since(node.log, offset, self.FULL)
        self.assertTrue(1 <= len(full) <= self.WORKERS, full)
        node.redis.cli("CONFIG", "SET", "maxmemory", "1gb")
        for i in range(self.WORKERS * 3):
            self.assertEqual(hit(node.base, visitor()).status, 200)
        self.assertEqual(stats(node.base)["total_visits"],
                         1 + self.WORKERS * 3)
        again = lines_since(node.log, offset, self.AGAIN)
        self.assertTrue(1 <= len(again) <= self.WORKERS, again)


class Durability(unittest.TestCase):
    HITS = 60

    def setUp(self):
        needs_root(self)
        self.node = Node(self, editorial_db())

    def figures(self):
        """Every figure the hits and votes below move, read in Redis, and
        the statistics as the site reads them."""
        cli = self.node.redis.cli
        return {"total_visits": cli("GET", "bantin:total_visits").stdout,
                "views": cli("ZRANGE", "bantin:views", "0", "-1",
                             "WITHSCORES").stdout,
                "voters": cli("SCARD", "bantin:poll:%d:voters" % POLL).stdout,
                "votes": cli("HGETALL", "bantin:poll:%d:votes" % POLL).stdout,
                "site": stats(self.node.base)["total_visits"]}

    def test_restarts_keep_what_was_acknowledged(self):
        node = self.node
        total = 0
        for n, how in enumerate(("shutdown", "TERM", "KILL")):
            for i in range(self.HITS):
                cookie = visitor()
                # New visitors, 20 per address (they are bounded by it).
                source = "127.0.%d.%d" % (10 + n, 1 + i // 20)
                self.assertEqual(hit(node.base, cookie, 1 + i % 3,
                                     source).status, 200)
                if i % 10 == 0:
                    r = bh.http(node.base, "POST", "/live/vote",
                                from_site(node.base, ARTICLE) +
                                [("Cookie", cookie)],
                                "poll=%d&option=%d" % (POLL,
                                                       OPTIONS[i % 4]))
                    self.assertEqual(r.status, 303, r.describe())
            total += self.HITS
            before = self.figures()
            self.assertEqual(before["site"], total)
            offset = os.path.getsize(node.redis.log)
            node.redis.stop(how)
            node.redis.start()
            self.assertTrue(lines_since(node.redis.log, offset,
                                        r"DB loaded from append only file"),
                            how)
            # No request fails on a connection the restart closed: each
            # worker sees it closed and connects again before using it.
            for _ in range(3 * Outage.WORKERS):
                self.assertIsNotNone(stats(node.base), how)
            self.assertEqual(self.figures(), before, how)


def generate_figures(db):
    """Figures as a busy site's live workers leave them, written into the
    database: what LiveMove moves.  Returns the figures an export keeps
    (sessions alive, the days kept)."""
    now = int(time.time())
    con = sqlite3.connect(db, timeout=20)
    with con:
        con.execute("UPDATE site_counters SET value = 88619428 "
                    "WHERE name = 'total_visits'")
        con.execute("UPDATE articles SET view_count = id * 37 + 5")
        for back in range(10):
            day = time.strftime("%Y-%m-%d", time.gmtime(now - back * DAY))
            con.executemany("INSERT INTO article_daily_views VALUES "
                            "(?, ?, ?)", [(a, day, a + back)
                                          for a in range(1, 30)])
        for i in range(2000):
            voter = "v:%032x" % (i * 7919)
            con.execute("INSERT INTO poll_voters VALUES (?, ?, '', ?)",
                        (POLL, voter, now - i))
            con.execute("INSERT INTO poll_votes (poll_id, option_id, voter,"
                        " voted_at) VALUES (?, ?, ?, ?)",
                        (POLL, OPTIONS[i % 4], voter, now - i))
        # Alive (used a minute ago), and past the idle time.
        con.executemany("INSERT INTO sessions VALUES (?, 2, ?, ?)",
                        [(os.urandom(32), now - 3600, now - 60)
                         for _ in range(50)] +
                        [(os.urandom(32), now - 7200, now - 7000)
                         for _ in range(5)])
    con.close()
    kept = time.strftime("%Y-%m-%d", time.gmtime(now - 8 * DAY))
    q = lambda sql, *a: bh.query(db, sql, *a)[0][0]  # noqa: E731
    return {"total visits": 88619428,
            "article views": q("SELECT sum(view_count) FROM articles"),
            "daily views": q("SELECT sum(views) FROM article_daily_views "
                             "WHERE day >= ?", kept),
            "poll voters": q("SELECT count(*) FROM poll_voters"),
            "poll votes": q("SELECT sum(votes) FROM poll_options"),
            "sessions": 50}


def printed(out):
    """The figures an export or import printed: {label: [numbers]}."""
    figures = {}
    for line in out.splitlines():
        m = re.match(r"  ([a-z ]+?)  +(\d.*)$", line)
        if m:
            figures[m.group(1)] = [int(n) for n in
                                   re.findall(r"\d+", m.group(2))]
    return figures


def rows(db):
    """The rows of a live export's tables (a voter's time aside: Redis
    keeps none)."""
    out = {}
    for table in ("total_visits", "views", "daily_views", "poll_votes",
                  "sessions", "form_key"):
        out[table] = sorted(bh.query(db, "SELECT * FROM " + table))
    out["poll_voters"] = sorted(bh.query(db, "SELECT poll_id, voter "
                                         "FROM poll_voters"))
    return out


def live_tables(db):
    """The lasting live figures as the SQLite store keeps them."""
    q = lambda sql: sorted(bh.query(db, sql))  # noqa: E731
    return (q("SELECT * FROM site_counters"),
            q("SELECT id, view_count FROM articles"),
            q("SELECT * FROM article_daily_views"),
            q("SELECT id, votes FROM poll_options"),
            q("SELECT poll_id, voter FROM poll_voters"),
            q("SELECT * FROM sessions"))


class LiveMove(unittest.TestCase):
    def setUp(self):
        if not T:
            self.skipTest("T is needed")
        self.dir = tempfile.mkdtemp(prefix="move.", dir=T)
        self.redis = Redis(self.dir)
        self.redis.start()
        self.addCleanup(self.redis.stop)
        self.db = editorial_db()
        self.figures = generate_figures(self.db)

    def path(self, name):
        return os.path.join(self.dir, name)

    def live(self, *args, redis=False, check=True):
        settings = {"live_store": self.redis.url} if redis else {}
        return admin(self.db, "live", *args, check=check, **settings)

    def assertFigures(self, out, columns):
        """Each figure printed `columns` times, each time as generated."""
        got = printed(out)
        for label, want in self.figures.items():
            self.assertEqual(got[label][::len(got[label]) // columns],
                             [want] * columns, (label, out))

    def test_there_and_back(self):
        a, b = self.path("from-sqlite.db"), self.path("from-redis.db")
        before = live_tables(self.db)
        r = self.live("export", a)
        print(r.stdout)
        self.assertFigures(r.stdout, 1)
        self.assertEqual(oct(os.stat(a).st_mode & 0o777), "0o600")
        r = self.live("import", a, redis=True)
        print(r.stdout)
        self.assertFigures(r.stdout, 2)
        self.assertIn("checked: the store holds every figure", r.stdout)
        self.assertEqual(self.redis.cli("GET", "bantin:total_visits")
                         .stdout.strip(), "88619428")
        # Views of an article deleted since stay behind.
        self.redis.cli("ZADD", "bantin:views", "7", "999999")
        r = self.live("export", b, redis=True)
        self.assertIn("left out 1 figures of articles, polls or members "
                      "deleted since", r.stdout)
        self.assertEqual(rows(b), rows(a))
        # Back into the database, which still holds its own figures.
        r = self.live("import", b, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("holds figures already (total visits 88619428",
                      r.stderr)
        self.assertIn("add --replace", r.stderr)
        self.assertEqual(live_tables(self.db), before)
        r = self.live("import", b, "--replace")
        print(r.stdout)
        self.assertFigures(r.stdout, 2)
        self.assertIn("checked: the store holds every figure", r.stdout)
        after = live_tables(self.db)
        kept = time.strftime("%Y-%m-%d",
                             time.gmtime(time.time() - 8 * DAY))
        live = bh.query(self.db, "SELECT * FROM sessions")
        self.assertEqual(len(live), 50)
        self.assertEqual(after[:2] + after[3:5], before[:2] + before[3:5])
        self.assertEqual(after[2], [d for d in before[2] if d[1] >= kept])
        self.assertEqual(after[5], sorted(s for s in before[5]
                                          if s[3] > time.time() - 1800))

    def test_a_web_node_shows_the_moved_figures(self):
        needs_root(self)
        a = self.path("from-sqlite.db")
        self.live("export", a)
        node = Node(self, self.db)
        admin(self.db, "live", "import", a, "--replace",
              live_store=node.redis.url)
        self.assertEqual(stats(node.base)["total_visits"], 88619428)
        r = bh.http(node.base, "GET", "/live/views?article=1",
                    [("User-Agent", UA)])
        self.assertEqual((r.status, r.text), (200, "42"))

    def test_refusals_change_nothing(self):
        a = self.path("a.db")
        self.live("export", a)
        r = self.live("export", a, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("already exists", r.stderr)
        # The store as an admin's first connection leaves it: its key.
        self.live("export", self.path("empty.db"), redis=True)
        empty = self.redis.cli("DBSIZE").stdout
        for name, sql, message in (
                ("missing.db", "INSERT INTO views VALUES (999999, 5)",
                 "names article 999999"),
                ("wrong.db", "UPDATE views SET views = 'many' "
                 "WHERE article_id = 3",
                 "table views, row 3: a number that is not"),
                ("voter.db", "UPDATE poll_voters SET voter = 'x:<b>' "
                 "WHERE rowid = 1", "a voter that is not")):
            shutil.copy(a, self.path(name))
            con = sqlite3.connect(self.path(name))
            with con:
                con.execute(sql)
            con.close()
            r = self.live("import", self.path(name), redis=True,
                          check=False)
            self.assertEqual(r.returncode, 1, name)
            self.assertIn(message, r.stderr, name)
            self.assertEqual(self.redis.cli("DBSIZE").stdout, empty, name)
        r = self.live("import", self.db, redis=True, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("is not a live export", r.stderr)
        # The store down: said, with the URL.
        self.redis.stop()
        r = self.live("export", self.path("down.db"), redis=True,
                      check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("the live store %s does not answer" % self.redis.url,
                      r.stderr)
        self.assertFalse(os.path.exists(self.path("down.db")))


class CheckConfig(unittest.TestCase):
    PASSWORD = "mat-khau-redis-" + os.urandom(8).hex()

    def setUp(self):
        if not T:
            self.skipTest("T is needed")
        self.dir = tempfile.mkdtemp(prefix="conf.", dir=T)
        self.redis = Redis(self.dir, "--requirepass", self.PASSWORD)
        self.redis.start()
        self.addCleanup(self.redis.stop)
        self.db = editorial_db()

    def check(self, url, *args):
        r = admin(self.db, *(args or ("check-config",)), check=False,
                  live_store=url)
        self.assertNotIn(self.PASSWORD, r.stdout + r.stderr)
        return r

    def test_socket_with_a_password(self):
        url = "%s?db=3&password=%s" % (self.redis.url, self.PASSWORD)
        r = self.check(url)
        self.assertEqual(r.returncode, 0, r.stderr)
        shown = "%s?db=3&password=***" % self.redis.url
        self.assertIn("live_store %s answers" % shown, r.stderr)
        self.assertIn("live_store = %s\t# environment" % shown, r.stdout)
        r = self.check(url.replace(self.PASSWORD, "sai"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("the password was refused", r.stderr)
        self.assertIn("live_store %s does not answer" % shown, r.stderr)

    def test_tcp_with_a_password(self):
        port = free_port()
        tcp = Redis(tempfile.mkdtemp(prefix="tcp.", dir=self.dir),
                    "--port", str(port), "--bind", "127.0.0.1",
                    "--requirepass", self.PASSWORD)
        tcp.start()
        self.addCleanup(tcp.stop)
        r = self.check("redis://:%s@127.0.0.1:%d/2" % (self.PASSWORD, port))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("live_store redis://:***@127.0.0.1:%d/2 answers"
                      % port, r.stderr)
        tcp.stop()
        r = self.check("redis://:%s@127.0.0.1:%d/2" % (self.PASSWORD, port))
        self.assertEqual(r.returncode, 1)
        self.assertIn("redis 127.0.0.1:%d unavailable while connecting"
                      % port, r.stderr)
        self.assertIn("start redis-server", r.stderr)

    def test_member_disable_never_shows_it(self):
        self.redis.stop()
        r = self.check("%s?password=%s" % (self.redis.url, self.PASSWORD),
                       "member", "disable", "lan")
        self.assertEqual(r.returncode, 1)
        self.assertIn("the live store (%s?password=***) did not answer"
                      % self.redis.url, r.stderr)


def main():
    return bh.run((Snapshots, Outage, Durability, LiveMove, CheckConfig),
                  "redis and snapshot tests")


if __name__ == "__main__":
    sys.exit(main())
