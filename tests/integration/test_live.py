#!/usr/bin/env python3
"""HTTP integration tests of bantin's live statistics (the live handler).

Run by tests/integration/run.sh after test_pages.py, with
    DEV_URL, NGINX_URL, APACHE_URL, CGI_URL
                         base URLs of the running servers (loopback)
    BUILD                absolute build directory (bantin-live.fcgi, bantin-admin)
    T                    the harness temp dir (dev.db, nginx.db, ..., live.sock)

Per server (LiveMixin, bantin_http.run()): the counting pixel and its cookie, the
statistics widget in a page and stats.json, reloads, bots, article views,
a forged X-Forwarded-For, the bound on new visitors per address (hits
without a cookie or with one the site never issued).  Against
nginx only (NginxLoad): 8 concurrent clients on the 4 live workers, then
the same load while live workers are killed with SIGKILL.  The databases
are only read here (read-only URI), except that the dev database's
total_visits is set once through bantin-admin, as an admin would.  The
last line printed is "N passed, M failed".
"""
import http.client
import json
import multiprocessing
import os
import random
import re
import signal
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
DEV_URL = (os.environ.get("DEV_URL") or "").rstrip("/")
NGINX_URL = (os.environ.get("NGINX_URL") or "").rstrip("/")

BROWSER_UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
              "(KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36")
# None: no User-Agent header at all.
BOT_UAS = ["Googlebot/2.1", "curl/8.0", "", None, "facebookexternalhit/1.1",
           "Zalo",
           "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"]
VID_COOKIE = re.compile(r"^bantin_vid=([0-9a-f]{32})(;|$)")
GROUPED = re.compile(r"^\d{1,3}(\.\d{3})*$")
GIF = b"GIF89a"
PUBLISHED, DRAFT, SCHEDULED = 1, 47, 48
NO_POLL = "Hiện tại không có bình chọn nào đang hoạt động."
WIDGET_WORDS = ["Thống kê truy cập", "Người trực tuyến", "Khách", "Thành viên",
                "Tổng", "Tổng lượt truy cập:"]


# cgi/store/live.h
NEW_VISITORS, NEW_VISITOR_WINDOW, VISIT_GAP = 30, 600, 1800


def one_window(need=20):
    """Waits, if need be, so that the next `need` seconds are in one
    new-visitor window (now / NEW_VISITOR_WINDOW)."""
    left = NEW_VISITOR_WINDOW - time.time() % NEW_VISITOR_WINDOW
    if left < need:
        time.sleep(left + 0.5)


def new_vid():
    return os.urandom(16).hex()


def hit_target(article=None):
    return "/live/hit" if article is None else "/live/hit?article=%d" % article


# nginx keeps a guest's sidebar for the second its worker's
# X-Accel-Expires says, counted in whole seconds: up to two after a hit,
# a page it serves may show the figures from before.
SHARED_SECONDS = 2.1
_last_hit = [0.0]


def request(base, target, ua=BROWSER_UA, cookie=None, extra=None,
            source=None):
    """GET with exactly the headers given (bantin_http.request always sends
    its own User-Agent, which would make two), from loopback address
    `source` if given."""
    if target.startswith("/live/hit"):
        _last_hit[0] = time.monotonic()
    host, port = bh.split_base(base)
    lines = ["GET %s HTTP/1.1" % target, "Host: %s:%d" % (host, port),
             "Connection: close"]
    if ua is not None:
        lines.append("User-Agent: %s" % ua)
    if cookie is not None:
        lines.append("Cookie: %s" % cookie)
    for k, v in (extra or {}).items():
        lines.append("%s: %s" % (k, v))
    data = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    return bh.parse_response(bh.raw_exchange(host, port, data,
                                             source=source), "GET")


def parse_count(text):
    """A count as shown to readers: 88.619.428 → 88619428."""
    text = text.strip()
    if not GROUPED.match(text):
        raise AssertionError("not a grouped count: %r" % text)
    return int(text.replace(".", ""))


def db_path(server):
    return os.path.join(T or "/nonexistent", "%s.db" % server)


def db_query(server, sql, args=()):
    """One row from the server's database, opened read-only."""
    con = sqlite3.connect("file:%s?mode=ro" % db_path(server), uri=True,
                          timeout=10)
    try:
        return con.execute(sql, args).fetchone()
    finally:
        con.close()


def db_view_count(server, article):
    return db_query(server, "SELECT view_count FROM articles WHERE id = ?",
                    (article,))[0]


def integrity(server):
    return db_query(server, "PRAGMA integrity_check")[0]


class LiveMixin:
    """The live statistics, subclassed once per server."""
    base = None
    server = None
    only_on = {"test_admin_start_value_grouped": ("dev",)}

    # --- helpers ---------------------------------------------------------

    def setUp(self):
        # New visitors are bounded per address (and nginx limits hits
        # without a cookie): each test's hits come from an address of its
        # own, whose allowance no other test spends.
        self.source = bh.own_address()

    def hit(self, article=None, status=200, **kw):
        kw.setdefault("source", self.source)
        r = request(self.base, hit_target(article), **kw)
        self.assertEqual(r.status, status, "%s %s\n%s" % (
            self.server, hit_target(article), r.describe()))
        return r

    def stats(self):
        r = request(self.base, "/live/stats.json")
        self.assertEqual(r.status, 200, r.describe())
        self.assertEqual(r.header("Content-Type"), "application/json")
        self.assertEqual(r.header("Cache-Control"), "no-store")
        st = json.loads(r.text)
        for k in ("guests", "members", "online", "total_visits",
                  "window_seconds"):
            self.assertIn(k, st, r.text)
            self.assertIs(type(st[k]), int, "%s: %r" % (k, st[k]))
            self.assertGreaterEqual(st[k], 0, k)
        self.assertEqual(st["guests"] + st["members"], st["online"], r.text)
        self.assertGreater(st["window_seconds"], 0)
        return st

    def views(self, article):
        r = request(self.base, "/live/views?article=%d" % article)
        self.assertEqual(r.status, 200, r.describe())
        self.assertEqual(r.header("Cache-Control"), "no-store")
        return parse_count(r.text)

    def canonical_of(self, id_):
        r = request(self.base, "/x/%d.htm" % id_)
        self.assertEqual(r.status, 301, r.describe())
        loc = r.header("Location")
        self.assertTrue(loc and loc.startswith(self.base + "/"), loc)
        return loc[len(self.base):]

    def widget(self, path):
        """The statistics widget of a page: (numbers, tree, page text)."""
        if self.base == NGINX_URL:
            wait = _last_hit[0] + SHARED_SECONDS - time.monotonic()
            if wait > 0:
                time.sleep(wait)
        r = request(self.base, path)
        self.assertEqual(r.status, 200, r.describe())
        text = r.text
        tree = bh.parse_html(text)
        box = tree.find("section", cls="stats-box")
        self.assertIsNotNone(box, "%s: no statistics widget in %s\n%s" % (
            self.server, path, r.describe(3000)))
        words = box.norm_text()
        for w in WIDGET_WORDS:
            self.assertIn(w, words, "%s: %r missing from the widget: %s" % (
                self.server, w, words))
        nums = {}
        for key, cls in (("guests", "stat-guests"), ("members", "stat-members"),
                         ("online", "stat-online"),
                         ("total_visits", "stat-visits")):
            e = box.find(cls=cls)
            self.assertIsNotNone(e, "no .%s in the widget" % cls)
            nums[key] = parse_count(e.norm_text())
        return nums, tree, text

    # --- the pixel and its cookie ------------------------------------------

    def test_pixel_issues_cookie(self):
        before = self.stats()
        r = self.hit()
        self.assertEqual(r.header("Content-Type"), "image/gif")
        self.assertEqual(r.header("Cache-Control"), "no-store")
        self.assertTrue(r.body.startswith(GIF), r.body[:20])
        cookies = [c for c in r.header_all("Set-Cookie")
                   if c.startswith("bantin_vid=")]
        self.assertEqual(len(cookies), 1, r.describe())
        self.assertRegex(cookies[0], VID_COOKIE)
        attrs = [a.strip() for a in cookies[0].split(";")[1:]]
        for a in ("HttpOnly", "SameSite=Lax", "Path=/"):
            self.assertIn(a, attrs, cookies[0])
        after = self.stats()
        self.assertEqual(after["total_visits"], before["total_visits"] + 1)
        self.assertEqual(after["guests"], before["guests"] + 1)
        # The cookie identifies the visitor: sent back, no new cookie.
        vid = VID_COOKIE.match(cookies[0]).group(1)
        r = self.hit(cookie="bantin_vid=" + vid)
        self.assertEqual(r.header_all("Set-Cookie"), [], r.describe())
        self.assertEqual(self.stats()["total_visits"], after["total_visits"])

    def test_widget_in_page_and_json(self):
        path = self.canonical_of(PUBLISHED)
        self.assertTrue(path.startswith("/quoc-phong-an-ninh/"), path)
        self.assertTrue(path.endswith("-1.htm"), path)
        self.hit()      # at least one visitor online
        for _ in range(5):
            before = self.stats()
            nums, tree, text = self.widget(path)
            after = self.stats()
            if before == after:
                break
        self.assertEqual(before, after, "the figures kept moving")
        for k in ("guests", "members", "online", "total_visits"):
            self.assertEqual(nums[k], after[k], "%s: widget %s=%d, json %r" % (
                self.server, k, nums[k], after))
        self.assertEqual(nums["guests"] + nums["members"], nums["online"])
        self.assertGreaterEqual(nums["online"], 1)
        poll = tree.find("section", cls="poll-box")
        if poll is not None and poll.find("form") is not None:
            pass    # a poll is open: the "no poll" sentence is not shown
        else:
            self.assertIn(NO_POLL, text)
        # The page's view count is the live one.
        span = tree.find("span", cls="view-count")
        self.assertIsNotNone(span, "no view count in the article page")
        self.assertEqual(parse_count(span.norm_text()), self.views(PUBLISHED))
        # Nothing in the page or the widget is cacheable by the client.
        r = request(self.base, "/live/widgets")
        self.assertEqual(r.status, 200, r.describe())
        self.assertEqual(r.header("Cache-Control"), "no-store")

    # --- reloads, bots ---------------------------------------------------

    def test_reloads_are_one_visit(self):
        before = self.stats()
        r = self.hit()
        vid = VID_COOKIE.match(r.header("Set-Cookie")).group(1)
        for _ in range(4):
            r = self.hit(cookie="bantin_vid=" + vid)
            self.assertEqual(r.header_all("Set-Cookie"), [])
        after = self.stats()
        self.assertEqual(after["total_visits"], before["total_visits"] + 1,
                         "5 hits of one visitor: %r → %r" % (before, after))
        self.assertEqual(after["online"], before["online"] + 1)
        # Among other cookies, and with the article: still the same visitor.
        self.hit(cookie="a=1; bantin_vid=%s; b=2" % vid)
        self.assertEqual(self.stats()["total_visits"], after["total_visits"])

    def test_bots_count_nothing(self):
        before = self.stats()
        views = self.views(PUBLISHED)
        db_views = db_view_count(self.server, PUBLISHED)
        for ua in BOT_UAS:
            for cookie in (None, "bantin_vid=" + new_vid()):
                r = self.hit(PUBLISHED, ua=ua, cookie=cookie)
                self.assertEqual(r.header("Content-Type"), "image/gif")
                self.assertTrue(r.body.startswith(GIF))
                self.assertEqual(r.header_all("Set-Cookie"), [],
                                 "cookie for bot %r" % ua)
        after = self.stats()
        self.assertEqual(after["total_visits"], before["total_visits"])
        self.assertEqual(after["online"], before["online"])
        self.assertEqual(self.views(PUBLISHED), views)
        self.assertEqual(db_view_count(self.server, PUBLISHED), db_views)

    # --- article views ---------------------------------------------------

    def test_article_views(self):
        vid = new_vid()
        v0 = self.views(PUBLISHED)
        self.hit(PUBLISHED, cookie="bantin_vid=" + vid)
        self.assertEqual(self.views(PUBLISHED), v0 + 1)
        self.assertEqual(db_view_count(self.server, PUBLISHED), v0 + 1)
        self.hit(PUBLISHED, cookie="bantin_vid=" + vid)
        self.hit(PUBLISHED, cookie="bantin_vid=" + vid)
        self.assertEqual(self.views(PUBLISHED), v0 + 1)
        # Another visitor, and a new one without a cookie: two views.
        self.hit(PUBLISHED, cookie="bantin_vid=" + new_vid())
        self.hit(PUBLISHED)
        self.assertEqual(self.views(PUBLISHED), v0 + 3)
        # A hit without the article is no view.
        self.hit(cookie="bantin_vid=" + new_vid())
        self.assertEqual(self.views(PUBLISHED), v0 + 3)

    def test_hidden_articles_never_viewed(self):
        for article in (DRAFT, SCHEDULED):
            before = db_view_count(self.server, article)
            for cookie in ("bantin_vid=" + new_vid(), None,
                           "bantin_vid=" + new_vid()):
                self.hit(article, cookie=cookie)
            r = request(self.base, "/live/views?article=%d" % article)
            self.assertEqual(r.status, 404, "%s article %d\n%s" % (
                self.server, article, r.describe()))
            self.assertEqual(db_view_count(self.server, article), before,
                             "article %d" % article)
            self.assertEqual(request(self.base, "/x/%d.htm" % article).status,
                             404)
        self.assertEqual(
            request(self.base, "/live/views?article=999999").status, 404)
        self.assertEqual(request(self.base, "/live/views").status, 400)

    # --- forged X-Forwarded-For, made-up cookies -------------------------

    def hit_from(self, source, cookie=None, extra=()):
        """A browser's hit from loopback address `source`."""
        headers = [("User-Agent", BROWSER_UA)] + list(extra)
        if cookie is not None:
            headers.append(("Cookie", cookie))
        r = bh.http(self.base, "GET", "/live/hit", headers, source=source)
        self.assertEqual(r.status, 200, r.describe())
        self.assertTrue(r.body.startswith(GIF))
        return r

    def admin_sql(self, sql):
        """An admin's script on the server's database, while it runs."""
        fd, script = tempfile.mkstemp(suffix=".sql", dir=T)
        with os.fdopen(fd, "w") as f:
            f.write(sql + "\n")
        try:
            env = dict(os.environ, BANTIN_DB=db_path(self.server))
            r = subprocess.run([os.path.join(BUILD, "bantin-admin"), "sql",
                                script], env=env, stdin=subprocess.DEVNULL,
                               capture_output=True, timeout=30)
            self.assertEqual(r.returncode, 0, r.stderr)
        finally:
            os.unlink(script)

    def test_forwarded_for_ignored(self):
        # No trusted proxy is configured, so X-Forwarded-For is ignored:
        # a hit claiming another address is answered the same and counts
        # against the allowance of the address it came from.
        one_window()
        xff = [("X-Forwarded-For", "203.0.113.9")]

        def shape(r):
            return (r.status, r.header("Content-Type"),
                    r.header("Cache-Control"), r.body,
                    len(r.header_all("Set-Cookie")))
        a = self.hit_from("127.0.0.9")
        b = self.hit_from("127.0.0.9", extra=xff)
        self.assertEqual(shape(a), shape(b))
        self.assertEqual(re.sub(r"=[0-9a-f]{32}", "=X", a.header("Set-Cookie")),
                         re.sub(r"=[0-9a-f]{32}", "=X", b.header("Set-Cookie")))
        before = self.stats()["total_visits"]
        for _ in range(NEW_VISITORS - 2):
            self.hit_from("127.0.0.9", "bantin_vid=" + new_vid())
        self.assertEqual(self.stats()["total_visits"], before + NEW_VISITORS - 2)
        self.hit_from("127.0.0.9", "bantin_vid=" + new_vid(), xff)
        self.hit_from("127.0.0.9", extra=xff)
        self.assertEqual(self.stats()["total_visits"], before + NEW_VISITORS - 2,
                         "%s: X-Forwarded-For escaped the bound" % self.server)

    def test_made_up_cookies_bounded(self):
        # A visitor id the site never issued is a new visitor, like a hit
        # without a cookie: a script sending made-up cookies counts at most
        # NEW_VISITORS per address in a window.  A reader whose cookie the
        # site issued earlier is known: back after the visit gap, from the
        # same address, their visit counts.
        one_window()
        r = self.hit_from("127.0.0.10")
        reader = VID_COOKIE.match(r.header("Set-Cookie") or "")
        self.assertIsNotNone(reader, r.describe())
        reader = reader.group(1)
        # Their last hit, half an hour ago and more (VISIT_GAP).
        self.admin_sql("UPDATE visitors SET last_seen = last_seen - %d, "
                       "first_seen = first_seen - %d WHERE id = '%s';"
                       % (VISIT_GAP + 60, VISIT_GAP + 60, reader))
        before = self.stats()["total_visits"]
        for _ in range(NEW_VISITORS - 1):
            r = self.hit_from("127.0.0.10", "bantin_vid=" + new_vid())
            self.assertEqual(r.header_all("Set-Cookie"), [])
        self.assertEqual(self.stats()["total_visits"],
                         before + NEW_VISITORS - 1)
        for _ in range(5):
            self.hit_from("127.0.0.10", "bantin_vid=" + new_vid())
        self.assertEqual(self.stats()["total_visits"],
                         before + NEW_VISITORS - 1,
                         "%s: made-up visitor cookies beyond the bound of "
                         "an address were counted" % self.server)
        # The reader is known: a new visit.
        self.hit_from("127.0.0.10", "bantin_vid=" + reader)
        self.assertEqual(self.stats()["total_visits"], before + NEW_VISITORS)
        # So is a made-up id the site counted: within its visit, no more.
        self.hit_from("127.0.0.10", "bantin_vid=" + reader)
        self.assertEqual(self.stats()["total_visits"], before + NEW_VISITORS)

    def test_new_visitors_per_address(self):
        # Cookieless hits from one address count at most 30 new visitors
        # in a 10-minute window (now / 600); past that they are answered
        # (the GIF and a cookie) but not counted.  From loopback addresses
        # no other test uses.
        one_window()
        hit_from = self.hit_from
        before = self.stats()["total_visits"]
        for _ in range(30):
            self.assertEqual(len(hit_from("127.0.0.7").header_all(
                "Set-Cookie")), 1)
        self.assertEqual(self.stats()["total_visits"], before + 30)
        r = hit_from("127.0.0.7")
        m = VID_COOKIE.match(r.header("Set-Cookie") or "")
        self.assertIsNotNone(m, r.describe())
        self.assertEqual(self.stats()["total_visits"], before + 30,
                         "%s: a 31st new visitor from one address was "
                         "counted" % self.server)
        # The cookie it got names a visitor the site never counted: still
        # a new one, bounded with its address.
        hit_from("127.0.0.7", "bantin_vid=" + m.group(1))
        self.assertEqual(self.stats()["total_visits"], before + 30)
        # Another address has its own allowance.
        hit_from("127.0.0.8")
        self.assertEqual(self.stats()["total_visits"], before + 31)

    def test_database_intact(self):
        self.assertEqual(integrity(self.server), "ok")

    def test_admin_start_value_grouped(self):
        # As an admin moving from an old site would, while the site runs.
        self.admin_sql("UPDATE site_counters SET value = 88619428 "
                       "WHERE name = 'total_visits';")
        self.assertEqual(self.stats()["total_visits"], 88619428)
        path = self.canonical_of(PUBLISHED)
        _, tree, _ = self.widget(path)
        self.assertEqual(tree.find("strong", cls="stat-visits").norm_text(),
                         "88.619.428")
        self.hit()
        self.assertEqual(self.stats()["total_visits"], 88619429)
        nums, tree, _ = self.widget(path)
        self.assertEqual(tree.find("strong", cls="stat-visits").norm_text(),
                         "88.619.429")


# --- load against nginx and the 4 live workers -------------------------------

def load_client(args):
    """One client process: n hits, each a distinct new visitor, over a
    kept-alive connection from a loopback address of its own, another
    every NEW_VISITORS hits (new visitors are bounded per address; `net`
    keeps each run's addresses apart).  Retries 503 (after Retry-After, at
    most `retries` times) and, when `tolerant`, 502 and lost connections
    too, with the same cookie, so a retried hit is the same visitor's
    reload.  Returns a dict of counts."""
    base, n, retries, tolerant, net, seed = args
    random.seed(seed)
    host, port = bh.split_base(base)
    out = {"attempted": 0, "acked": 0, "failed": 0, "retries": 0,
           "statuses": {}, "errors": 0}

    def connect(i):
        k = i // NEW_VISITORS
        source = "127.%d.%d.%d" % (net + seed, k // 250, 1 + k % 250)
        return http.client.HTTPConnection(host, port, timeout=15,
                                          source_address=(source, 0))
    conn = connect(0)
    for i in range(n):
        if i % NEW_VISITORS == 0 and i > 0:
            conn.close()
            conn = connect(i)
        vid = os.urandom(16).hex()
        headers = {"User-Agent": BROWSER_UA, "Cookie": "bantin_vid=" + vid}
        out["attempted"] += 1
        for attempt in range(retries + 1):
            status, wait = None, 0.0
            try:
                conn.request("GET", "/live/hit", headers=headers)
                r = conn.getresponse()
                r.read()
                status = r.status
                if status == 503:
                    try:
                        wait = min(float(r.getheader("Retry-After") or 1), 3.0)
                    except ValueError:
                        wait = 1.0
            except (OSError, http.client.HTTPException):
                out["errors"] += 1
                conn.close()
                conn = connect(i)
                if not tolerant:
                    break
                wait = 0.05
            if status is not None:
                key = str(status)
                out["statuses"][key] = out["statuses"].get(key, 0) + 1
            if status is not None and 200 <= status < 300:
                out["acked"] += 1
                break
            retryable = status == 503 or (tolerant and status in (502, None))
            if not retryable or attempt == retries:
                out["failed"] += 1
                break
            out["retries"] += 1
            time.sleep(wait + random.random() * 0.05)
    conn.close()
    return out


def run_load(base, clients, per_client, retries, tolerant, net):
    """Runs the clients in parallel processes, from 127.<net + i>.x.y;
    (merged counts, seconds)."""
    ctx = multiprocessing.get_context("fork")
    args = [(base, per_client, retries, tolerant, net, i)
            for i in range(clients)]
    start = time.monotonic()
    with ctx.Pool(clients) as pool:
        results = pool.map(load_client, args)
    took = time.monotonic() - start
    total = {"attempted": 0, "acked": 0, "failed": 0, "retries": 0,
             "errors": 0, "statuses": {}}
    for r in results:
        for k in ("attempted", "acked", "failed", "retries", "errors"):
            total[k] += r[k]
        for k, v in r["statuses"].items():
            total["statuses"][k] = total["statuses"].get(k, 0) + v
    return total, took


def stats_of(base):
    r = request(base, "/live/stats.json")
    if r.status != 200:
        raise AssertionError(r.describe())
    return json.loads(r.text)


# The harness's live workers, found through /proc, never anything else.

def _read(path, mode="rb"):
    try:
        with open(path, mode) as f:
            return f.read()
    except OSError:
        return None


def _cmdline(pid):
    raw = _read("/proc/%d/cmdline" % pid)
    return raw.split(b"\0")[:-1] if raw else None


def _ppid(pid):
    raw = _read("/proc/%d/status" % pid)
    if raw is None:
        return None
    m = re.search(rb"^PPid:\s+(\d+)$", raw, re.M)
    return int(m.group(1)) if m else None


def _unix_socket_paths():
    """inode → path of the bound Unix sockets."""
    out = {}
    raw = _read("/proc/net/unix") or b""
    for line in raw.splitlines()[1:]:
        f = line.split()
        if len(f) >= 8:
            out[f[6].decode()] = f[7].decode("utf-8", "replace")
    return out


def live_workers(program="bantin-live.fcgi", sock="live.sock"):
    """PIDs of bantin-live.fcgi (or `program`) workers started by this
    harness: argv is exactly [$BUILD/bantin-live.fcgi]; the parent is
    multiwatch running that program; the environment has
    BANTIN_DB=$T/nginx.db; fd 0 is the listening socket $T/live.sock."""
    if not T:
        return []
    prog = os.path.join(BUILD, program).encode()
    want_env = ("BANTIN_DB=%s" % os.path.join(T, "nginx.db")).encode()
    want_sock = os.path.join(T, sock)
    socks = None
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        pid = int(name)
        if _cmdline(pid) != [prog]:
            continue
        parent = _ppid(pid)
        pargv = _cmdline(parent) if parent else None
        if not pargv or not pargv[0].endswith(b"multiwatch") or prog not in pargv:
            continue
        env = _read("/proc/%d/environ" % pid)
        if env is None or want_env not in env.split(b"\0"):
            continue
        try:
            fd0 = os.readlink("/proc/%d/fd/0" % pid)
        except OSError:
            continue
        m = re.match(r"^socket:\[(\d+)\]$", fd0)
        if not m:
            continue
        if socks is None:
            socks = _unix_socket_paths()
        if socks.get(m.group(1)) != want_sock:
            continue
        found.append(pid)
    return sorted(found)


def _age(pid):
    """Seconds since the process started, or None."""
    raw = _read("/proc/%d/stat" % pid)
    up = _read("/proc/uptime")
    if raw is None or up is None:
        return None
    fields = raw[raw.rindex(b")") + 2:].split()
    start = int(fields[19]) / os.sysconf("SC_CLK_TCK")
    return float(up.split()[0]) - start


class Killer(threading.Thread):
    """Kills a random live worker every ~0.3 s.  multiwatch gives up on a
    child that dies within 10 s of its start more than 3 times in a row, so
    each worker line (a killed worker and its replacement) is killed at most
    3 times in quick succession: the pool must survive the test."""
    PERIOD = 0.3
    MAX_QUICK = 3

    def __init__(self):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.kills = 0
        self.skipped = 0
        self.quick = {}         # pid → quick deaths of its line so far

    def run(self):
        known = set(live_workers())
        pending = []            # quick-death counts owed to new workers
        while not self.stop.wait(self.PERIOD * random.uniform(0.7, 1.3)):
            now = live_workers()
            for pid in sorted(set(now) - known):
                self.quick[pid] = pending.pop(0) if pending else 0
            known = set(now)
            if pending:          # a replacement is not up yet
                self.skipped += 1
                continue
            candidates = []
            for pid in now:
                age = _age(pid)
                if age is None:
                    continue
                depth = 0 if age > 11 else self.quick.get(pid, 0)
                if depth < self.MAX_QUICK:
                    candidates.append((pid, depth))
            if not candidates:
                self.skipped += 1
                continue
            pid, depth = random.choice(candidates)
            # Check again right before the kill: the pid is still ours.
            if pid not in live_workers():
                continue
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                continue
            self.kills += 1
            known.discard(pid)
            pending.append(depth + 1)


# The WAL's bound under sustained writes with readers always present
# (docs/ARCHITECTURE.md): the maintenance worker's TRUNCATE waits longer
# each time readers beat it, so the WAL is restarted within about a
# second whatever the load; at the test's few thousand hits a second that
# is some tens of MB.  Without the doubling wait it passed 140 MB on a
# loaded machine.
WAL_BOUND = 48 * 1024 * 1024


class Pressure(threading.Thread):
    """Readers that never let up (pages, the sidebar, statistics) while
    the WAL's size is sampled every 20 ms."""

    def __init__(self, base, wal):
        super().__init__(daemon=True)
        self.base, self.wal = base, wal
        self.stop = threading.Event()
        self.largest = 0
        self.readers = [threading.Thread(target=self.read, daemon=True)
                        for _ in range(3)]

    def read(self):
        paths = ["/live/stats.json", "/live/widgets", "/"]
        i = 0
        while not self.stop.is_set():
            try:
                request(self.base, paths[i % len(paths)])
            except OSError:
                pass
            i += 1

    def run(self):
        for r in self.readers:
            r.start()
        while not self.stop.is_set():
            try:
                self.largest = max(self.largest, os.stat(self.wal).st_size)
            except OSError:
                pass
            time.sleep(0.02)
        for r in self.readers:
            r.join(5)


@unittest.skipUnless(NGINX_URL and T, "NGINX_URL and T not set")
class NginxLoad(unittest.TestCase):
    base = NGINX_URL

    def test_concurrent_distinct_visitors_then_the_widget(self):
        clients, per_client = 8, 2000
        before = stats_of(self.base)
        pressure = Pressure(self.base, os.path.join(T, "nginx.db-wal"))
        pressure.start()
        try:
            counts, took = run_load(self.base, clients, per_client,
                                    retries=5, tolerant=False, net=100)
        finally:
            pressure.stop.set()
            pressure.join(10)
        after = stats_of(self.base)
        print("    the WAL reached %.1f MB (bound %d MB)"
              % (pressure.largest / 2**20, WAL_BOUND // 2**20), flush=True)
        self.assertLessEqual(pressure.largest, WAL_BOUND)
        n = clients * per_client
        print("\n    %d hits by %d clients in %.2f s: %.0f hits/s; "
              "statuses %s, retries %d, errors %d"
              % (n, clients, took, n / took, counts["statuses"],
                 counts["retries"], counts["errors"]), flush=True)
        self.assertEqual(counts["attempted"], n)
        self.assertEqual(counts["failed"], 0, counts)
        self.assertEqual(counts["acked"], n, counts)
        self.assertEqual(after["total_visits"] - before["total_visits"], n,
                         "%r → %r" % (before, after))
        self.assertGreaterEqual(after["online"] - before["online"], n)
        self.assertEqual(integrity("nginx"), "ok")
        # The sidebar nginx keeps shows the total after the load, grouped
        # (once the second it keeps it is past: SHARED_SECONDS).
        time.sleep(SHARED_SECONDS)
        r = request(self.base, "/live/widgets")
        self.assertEqual(r.status, 200, r.describe())
        e = bh.parse_html(r.text).find("strong", cls="stat-visits")
        self.assertIsNotNone(e, r.describe())
        text = e.norm_text()
        self.assertRegex(text, r"^\d{1,3}(\.\d{3})+$")
        self.assertEqual(int(text.replace(".", "")),
                         stats_of(self.base)["total_visits"])

    def test_kill_workers_during_load(self):
        workers = live_workers()
        self.assertEqual(len(workers), 4,
                         "expected the harness's 4 live workers, found %r"
                         % workers)
        clients, per_client = 4, 1500
        before = stats_of(self.base)
        killer = Killer()
        killer.start()
        try:
            counts, took = run_load(self.base, clients, per_client,
                                    retries=8, tolerant=True, net=120)
        finally:
            killer.stop.set()
            killer.join(5)
        # The pool is whole again: multiwatch restarted every worker.
        deadline = time.monotonic() + 5
        while len(live_workers()) != 4 and time.monotonic() < deadline:
            time.sleep(0.1)
        after = stats_of(self.base)
        attempted = counts["attempted"]
        gained = after["total_visits"] - before["total_visits"]
        print("\n    %d hits in %.2f s with %d workers killed (%d ticks "
              "skipped): acknowledged %d, counted %d; statuses %s, "
              "retries %d, connection errors %d"
              % (attempted, took, killer.kills, killer.skipped,
                 counts["acked"], gained, counts["statuses"],
                 counts["retries"], counts["errors"]), flush=True)
        self.assertGreater(killer.kills, 0, "no worker was killed")
        self.assertEqual(len(live_workers()), 4,
                         "multiwatch did not restart the workers")
        self.assertEqual(attempted, clients * per_client)
        self.assertGreaterEqual(gained, counts["acked"],
                                "acknowledged hits were lost")
        self.assertLessEqual(gained, attempted, "hits counted twice")
        self.assertEqual(integrity("nginx"), "ok")
        # And it still serves.
        r = request(self.base, "/live/hit", source=bh.own_address())
        self.assertEqual(r.status, 200, r.describe())


@unittest.skipUnless(NGINX_URL and T, "NGINX_URL and T not set")
class NginxPixelLimit(unittest.TestCase):
    """deploy/nginx/bantin.conf's limit on cookieless pixel hits: per
    address, a burst of 30, then 10 a minute, a 429 beyond; a browser
    holding its cookie is never limited.  From a loopback address of its
    own, so that no other test shares the zone's count."""

    def hit(self, source, cookie=None):
        headers = [("User-Agent", BROWSER_UA)]
        if cookie is not None:
            headers.append(("Cookie", cookie))
        return bh.http(NGINX_URL, "GET", "/live/hit", headers, source=source)

    def test_cookieless_flood_is_limited(self):
        source = bh.own_address()
        answers = [self.hit(source) for _ in range(45)]
        statuses = [r.status for r in answers]
        self.assertEqual(statuses[:31], [200] * 31, statuses)
        self.assertGreaterEqual(statuses.count(429), 12, statuses)
        self.assertEqual(set(statuses), {200, 429}, statuses)
        cookie = next(c.split(";")[0] for c in
                      answers[0].header_all("Set-Cookie")
                      if c.startswith("bantin_vid="))
        for _ in range(5):
            self.assertEqual(self.hit(source, cookie).status, 200)


# --- runner -----------------------------------------------------------------

def main():
    return bh.run((LiveMixin, NginxLoad, NginxPixelLimit), "live tests")


if __name__ == "__main__":
    sys.exit(main())
