#!/usr/bin/env python3
"""HTTP integration tests of bantin's polls: the widget, POST /live/vote and
the results pages (/binh-chon/).

Run by tests/integration/run.sh with
    DEV_URL, NGINX_URL, APACHE_URL, CGI_URL
                         base URLs of the running servers (loopback)
    BUILD                absolute build directory (bantin-dev, bantin-admin)
    T                    the harness temp dir (dev.db, nginx.db, ...)

Every poll used here is created by admin SQL (bantin-admin sql, as an admin
would) with a question unique to this run, and closed again at the end of
its test, so nothing depends on other suites' polls or on global counts.
The databases are otherwise only read (read-only URI).  Per server
(PollsMixin, bantin_http.run()): the widget, votes, CSRF, errors, one vote per voter
under concurrency, the archive.  NginxCache: the 1-second page microcache
with fresh live figures.  AddressCap: a dev server of our own with
BANTIN_VOTES_PER_ADDRESS=3, with and without a trusted proxy.  Invariants
(last): the tallies of every poll in every server's database.  The last line printed
is "N passed, M failed".
"""
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bantin_http as bh  # noqa: E402

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.abspath(os.environ.get("BUILD") or os.path.join(TOP, "build"))
T = os.environ.get("T")
DEV_URL = (os.environ.get("DEV_URL") or "").rstrip("/")
NGINX_URL = (os.environ.get("NGINX_URL") or "").rstrip("/")
WWW = os.environ.get("BANTIN_WWW") or os.path.join(TOP, "www")
BOTS = os.environ.get("BANTIN_BOTS") or os.path.join(TOP, "deploy", "bots.txt")
CAP_PORT = 19390

BROWSER_UA = ("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 "
              "Firefox/128.0")
REF_PATH = ("/quoc-phong-an-ninh/"
            "bo-quoc-phong-duy-tri-hieu-qua-quoc-te-hop-tac-an-ninh-mang-1.htm")
NO_POLL = "Hiện tại không có bình chọn nào đang hoạt động."
SAMPLE_POLLS = {
    1: "Bạn thường đọc tin tức trên thiết bị nào?",
    2: "Những dịch vụ công trực tuyến nào bạn đã sử dụng? (chọn tối đa 2)",
}
VID_COOKIE = re.compile(r"^bantin_vid=([0-9a-f]{32})(;|$)")
TOKEN = re.compile(r'<input type="hidden" name="token" value="([^"]*)">')
STAT_VISITS = re.compile(r'class="stat-visits">([0-9.]+)<')
RUN_TAG = "%s-%d" % (os.urandom(3).hex(), os.getpid())
ISO = "%Y-%m-%dT%H:%M:%SZ"

_seq = [0]
_seq_lock = threading.Lock()


def unique(what):
    with _seq_lock:
        _seq[0] += 1
        return "Kiểm thử bình chọn %s %s số %d?" % (what, RUN_TAG, _seq[0])


# --- HTTP -------------------------------------------------------------------

http = bh.http


class Visitor:
    """A browser: its visitor cookie from the counting pixel."""

    def __init__(self, base):
        self.base = base
        r = http(base, "GET", "/live/hit", {"User-Agent": BROWSER_UA})
        if r.status != 200:
            raise AssertionError("GET /live/hit → %d\n%s" % (r.status,
                                                            r.describe()))
        m = None
        for c in r.header_all("Set-Cookie"):
            m = VID_COOKIE.match(c) or m
        if m is None:
            raise AssertionError("no bantin_vid cookie from /live/hit\n%s" %
                                 r.describe())
        self.vid = m.group(1)
        self.cookie = "bantin_vid=" + self.vid
        self._token = None

    def get(self, target, extra=()):
        return http(self.base, "GET", target, [("User-Agent", BROWSER_UA),
                                                ("Cookie", self.cookie)] +
                    list(extra))

    def token(self, path=REF_PATH):
        if self._token is None:
            r = self.get(path)
            if r.status != 200:
                raise AssertionError("GET %s → %d" % (path, r.status))
            m = TOKEN.search(r.text)
            if m is None:
                raise AssertionError("no token in the widget of %s (no "
                                     "active poll?)\n%s" % (path, r.describe(3000)))
            self._token = m.group(1)
        return self._token


def post_vote(base, fields, cookie=None, origin=None, extra=()):
    """POST /live/vote with the form fields (list of pairs)."""
    headers = [("User-Agent", BROWSER_UA),
               ("Content-Type", "application/x-www-form-urlencoded")]
    if cookie is not None:
        headers.append(("Cookie", cookie))
    if origin is not None:
        headers.append(("Origin", origin))
    headers += list(extra)
    return http(base, "POST", "/live/vote", headers,
                urllib.parse.urlencode(fields))


def vote(v, poll, options, token=None, origin=True, from_=REF_PATH, extra=()):
    """A vote by visitor v the way its browser sends it."""
    fields = [("poll", str(poll))] + [("option", str(o)) for o in options]
    fields.append(("token", token if token is not None else v.token()))
    if from_ is not None:
        fields.append(("from", from_))
    return post_vote(v.base, fields, cookie=v.cookie,
                     origin=v.base if origin is True else origin, extra=extra)


def stats_total(base):
    r = http(base, "GET", "/live/stats.json", {"User-Agent": BROWSER_UA})
    if r.status != 200:
        raise AssertionError("stats.json → %d\n%s" % (r.status, r.describe()))
    return json.loads(r.text)["total_visits"]


def grouped_int(s):
    return int(s.replace(".", ""))


# --- the database (read-only) and admin SQL ----------------------------------

def query(db, sql, args=()):
    return bh.query(db, sql, *args)


def sql_str(s):
    return "'" + s.replace("'", "''") + "'"


def admin_sql(db, text):
    fd, path = tempfile.mkstemp(prefix="polls.", suffix=".sql",
                                dir=T if T else None)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    env = dict(os.environ, BANTIN_DB=db)
    try:
        r = subprocess.run([os.path.join(BUILD, "bantin-admin"), "sql", path],
                           env=env, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=60)
    finally:
        os.unlink(path)
    if r.returncode != 0:
        raise AssertionError("bantin-admin sql failed (%d): %s\n%s" % (
            r.returncode, r.stderr.decode("utf-8", "replace"), text))
    return r


def when(offset):
    """An SQL expression for now + offset (an SQLite modifier, '' = now)."""
    if not offset:
        return "strftime('%s', 'now')" % ISO
    return "strftime('%s', 'now', '%s')" % (ISO, offset)


def create_poll(db, question, labels, multiple=1, starts="-1 seconds",
                ends="+1 days"):
    """Creates an open poll by admin SQL; returns (id, [option ids])."""
    q = sql_str(question)
    text = ("INSERT INTO polls (question, starts_at, ends_at, multiple) "
            "VALUES (%s, %s, %s, %d);\n" % (q, when(starts), when(ends),
                                              multiple))
    text += "INSERT INTO poll_options (poll_id, label, position) VALUES\n"
    text += ",\n".join("  ((SELECT id FROM polls WHERE question = %s), %s, %d)"
                       % (q, sql_str(l), i + 1) for i, l in enumerate(labels))
    text += ";\n"
    admin_sql(db, text)
    rows = query(db, "SELECT id FROM polls WHERE question = ?", (question,))
    assert len(rows) == 1, rows
    pid = rows[0][0]
    opts = [r[0] for r in query(db, "SELECT id FROM poll_options WHERE "
                                "poll_id = ? ORDER BY position, id", (pid,))]
    return pid, opts


def close_poll(db, pid):
    admin_sql(db, "UPDATE polls SET status = 'closed' WHERE id = %d;\n" % pid)


def tallies(db, pid):
    """({option id: votes}, voters, vote rows) of a poll."""
    votes = dict(query(db, "SELECT id, votes FROM poll_options "
                       "WHERE poll_id = ?", (pid,)))
    voters = query(db, "SELECT count(*) FROM poll_voters WHERE poll_id = ?",
                   (pid,))[0][0]
    rows = query(db, "SELECT count(*) FROM poll_votes WHERE poll_id = ?",
                 (pid,))[0][0]
    return votes, voters, rows


def active_polls(db):
    now = time.strftime(ISO, time.gmtime())
    return query(db, "SELECT id, question FROM polls WHERE status = 'open' "
                 "AND (starts_at IS NULL OR starts_at <= ?) "
                 "AND (ends_at IS NULL OR ends_at >= ?)", (now, now))


# --- HTML -------------------------------------------------------------------

def poll_box(tree):
    return tree.find("section", cls="poll-box")


def poll_div(tree, pid):
    box = poll_box(tree)
    return None if box is None else box.find("div", id="binh-chon-%d" % pid)


def results_of(elem):
    """[(label, percent text, votes text, meter value)] and the totals
    line of a results block (ul.poll-results + p.poll-totals)."""
    ul = elem.find("ul", cls="poll-results")
    if ul is None:
        return None, None
    rows = []
    for li in ul.find_all("li"):
        meter = li.find("meter")
        fig = li.find("span", cls="poll-figures")
        rows.append((li.find("span", cls="poll-label").norm_text(),
                     fig.find("strong").norm_text() if fig else None,
                     fig.norm_text() if fig else None,
                     meter.attrs.get("value") if meter is not None else None))
    tot = elem.find("p", cls="poll-totals")
    return rows, tot.norm_text() if tot is not None else None


def totals_text(votes, voters):
    return "Tổng số phiếu: %s · Số người bình chọn: %s" % (votes, voters)


class PollsMixin:
    """Every test against one server; subclassed once per server."""
    base = None
    server = None
    closed_here = None      # polls this class closed: the archive shows them

    @property
    def db(self):
        return os.path.join(T or "", self.server + ".db")

    @classmethod
    def setUpClass(cls):
        cls.closed_here = []

    # --- helpers ----------------------------------------------------------

    def assertStatus(self, resp, status, what=""):
        self.assertEqual(resp.status, status, "%s %s\n%s" % (
            self.server, what, resp.describe(1500)))

    def page(self, v=None, path=REF_PATH):
        r = (v.get(path) if v is not None else
             http(self.base, "GET", path, {"User-Agent": BROWSER_UA}))
        self.assertStatus(r, 200, "GET " + path)
        return r, bh.parse_html(r.text)

    def new_poll(self, what, labels, multiple=1, **kw):
        q = unique("%s %s" % (what, self.server))
        pid, opts = create_poll(self.db, q, labels, multiple, **kw)
        self.addCleanup(self.close, pid)
        return pid, opts, q

    def close(self, pid):
        close_poll(self.db, pid)
        if pid not in self.closed_here:
            self.closed_here.append(pid)

    def assertVoted(self, r, pid, from_=REF_PATH):
        self.assertStatus(r, 303, "vote in poll %d" % pid)
        self.assertEqual(r.header("Location"),
                         "%s%s#binh-chon-%d" % (self.base, from_, pid),
                         r.describe())

    def assertUnchanged(self, before, pid, what):
        self.assertEqual(tallies(self.db, pid), before,
                         "%s %s changed the tallies" % (self.server, what))

    def assertForm(self, tree, pid, input_type, opts, what="",
                   from_=REF_PATH):
        div = poll_div(tree, pid)
        self.assertIsNotNone(div, "%s %s: poll %d not in the widget" % (
            self.server, what, pid))
        form = div.find("form", cls="poll-form")
        self.assertIsNotNone(form, "%s %s: no form for poll %d" % (
            self.server, what, pid))
        self.assertEqual(form.attrs.get("method"), "post")
        self.assertEqual(form.attrs.get("action"), "/live/vote")
        hidden = {i.attrs.get("name"): i.attrs.get("value")
                  for i in form.find_all("input", type="hidden")}
        self.assertEqual(hidden.get("poll"), str(pid))
        self.assertRegex(hidden.get("token") or "", r"^[0-9a-f]{32}$")
        self.assertEqual(hidden.get("from"), from_)
        inputs = list(form.find_all("input", name="option"))
        self.assertEqual([i.attrs.get("type") for i in inputs],
                         [input_type] * len(opts), what)
        self.assertEqual([i.attrs.get("value") for i in inputs],
                         [str(o) for o in opts], what)
        self.assertIsNone(div.find("ul", cls="poll-results"),
                          "%s: results shown with the form" % what)
        return form, hidden

    # --- 1. no active poll; a poll that has not started ---------------------

    def test_01_no_active_poll_and_future_start(self):
        r, tree = self.page()
        box = poll_box(tree)
        self.assertIsNotNone(box, "no poll box in the page")
        others = active_polls(self.db)
        notes = [p.norm_text() for p in box.find_all("p", cls="box-note")]
        if not others:
            self.assertEqual(notes, [NO_POLL], r.describe(4000))
            self.assertIn('<p class="box-note">%s</p>' % NO_POLL, r.text)
            self.assertEqual(list(box.find_all("div", cls="poll")), [])
        else:   # another suite left a poll open: then it is shown
            self.assertEqual(notes, [], others)
            self.assertNotIn(NO_POLL, r.text)

        pid, opts, q = self.new_poll("chưa bắt đầu", ["Có", "Không"],
                                     starts="+1 hours", ends="+2 hours")
        v = Visitor(self.base)
        r, tree = self.page(v)
        self.assertNotIn(q, r.text, "a poll that starts in an hour is shown")
        self.assertIsNone(poll_div(tree, pid))
        if not others:
            self.assertIn(NO_POLL, r.text)
        # No form for it, so the token comes from the poll's own widget
        # once shown; the token does not depend on the poll.
        token_seen = TOKEN.search(r.text)
        before = tallies(self.db, pid)

        admin_sql(self.db, "UPDATE polls SET starts_at = %s WHERE id = %d;\n"
                  % (when("-1 seconds"), pid))
        r, tree = self.page(v)
        self.assertIn(q, r.text, "the poll is not shown once started")
        self.assertNotIn(NO_POLL, r.text)
        self.assertForm(tree, pid, "radio", opts, "started poll")
        token = TOKEN.search(r.text).group(1)
        if token_seen is not None:
            self.assertEqual(token_seen.group(1), token)

        # Back into the future: a vote now is refused with 409.
        admin_sql(self.db, "UPDATE polls SET starts_at = %s WHERE id = %d;\n"
                  % (when("+1 hours"), pid))
        r = vote(v, pid, [opts[0]], token=token)
        self.assertStatus(r, 409, "vote in a poll not yet started")
        self.assertUnchanged(before, pid, "a 409 vote")
        r, tree = self.page(v)
        self.assertIsNone(poll_div(tree, pid), "shown again before its start")

        admin_sql(self.db, "UPDATE polls SET starts_at = %s WHERE id = %d;\n"
                  % (when("-1 seconds"), pid))
        r, tree = self.page(v)
        self.assertForm(tree, pid, "radio", opts, "started again")

    # --- 2. a radio poll: vote, results, results page -------------------------

    def test_02_radio_poll_vote_and_results(self):
        labels = ["Rất tốt", "Tốt", "Bình thường", "Cần cải thiện"]
        pid, opts, q = self.new_poll("một lựa chọn", labels)
        v = Visitor(self.base)
        r, tree = self.page(v)
        div = poll_div(tree, pid)
        self.assertIsNotNone(div, r.describe(4000))
        self.assertEqual(div.find("p", cls="poll-question").norm_text(), q)
        form, hidden = self.assertForm(tree, pid, "radio", opts)
        self.assertNotIn("Chọn tối đa", div.norm_text())
        self.assertEqual([l.norm_text() for l in form.find_all("label")],
                         labels)
        self.assertIn(("/binh-chon/%d" % pid, "Xem kết quả"), div.links())

        r = vote(v, pid, [opts[1]], token=hidden["token"])
        self.assertVoted(r, pid)
        self.assertEqual(tallies(self.db, pid),
                         ({o: int(o == opts[1]) for o in opts}, 1, 1))

        r, tree = self.page(v)
        div = poll_div(tree, pid)
        self.assertIsNotNone(div, r.describe(4000))
        self.assertIsNone(div.find("form"), "the voter still sees the form")
        rows, totals = results_of(div)
        self.assertIsNotNone(rows, "no results for the voter\n%s" %
                             r.describe(4000))
        self.assertEqual(len(list(div.find_all("meter"))), 4)
        self.assertEqual(rows, [
            (l, "100%" if i == 1 else "0%",
             "%d%% · %d phiếu" % ((100, 1) if i == 1 else (0, 0)),
             "100" if i == 1 else "0") for i, l in enumerate(labels)])
        self.assertEqual(totals, totals_text(1, 1))
        self.assertIn("Tổng số phiếu", r.text)

        # A fresh visitor still gets the form.
        w = Visitor(self.base)
        r, tree = self.page(w)
        self.assertForm(tree, pid, "radio", opts, "fresh visitor")
        # And a request without any cookie too (no token then: it cannot vote).
        r, tree = self.page()
        self.assertIsNotNone(poll_div(tree, pid).find("form"))

        # The results page shows the figures, the vote included.
        rr = http(self.base, "GET", "/binh-chon/%d" % pid,
                  {"User-Agent": BROWSER_UA})
        self.assertStatus(rr, 200, "results page")
        tree = bh.parse_html(rr.text)
        art = tree.find("article", cls="poll-page")
        self.assertIsNotNone(art, rr.describe(3000))
        self.assertEqual(art.find("h1").norm_text(), q)
        self.assertEqual(art.find("p", cls="card-meta").norm_text(),
                         "Đang diễn ra")
        rows, totals = results_of(art)
        self.assertEqual([(l, p) for l, p, _, _ in rows],
                         [(l, "100%" if i == 1 else "0%")
                          for i, l in enumerate(labels)],
                         "%s results page after a vote (X-Cache: %s)" % (
                             self.server, rr.header("X-Cache")))
        self.assertEqual(totals, totals_text(1, 1))

        # Voting again (same voter, another option): 303, nothing changes.
        before = tallies(self.db, pid)
        r = vote(v, pid, [opts[2]], token=hidden["token"])
        self.assertVoted(r, pid)
        self.assertUnchanged(before, pid, "a second vote")

        # `from` defaults to /.
        x = Visitor(self.base)
        r = vote(x, pid, [opts[0]], from_=None)
        self.assertVoted(r, pid, "/")
        self.assertEqual(tallies(self.db, pid)[1:], (2, 2))

    def test_02c_results_page_fresh_after_vote(self):
        # /binh-chon/N is "not cached: the figures move with every vote"
        # (cgi/pages/poll.c).  A reader who looked at the results, votes and
        # comes back (the vote redirects there when voting from that page)
        # must see the vote counted.
        pid, opts, q = self.new_poll("kết quả tươi", ["Một", "Hai"])
        target = "/binh-chon/%d" % pid
        v = Visitor(self.base)
        r, tree = self.page(v, target)
        rows, totals = results_of(tree.find("article", cls="poll-page"))
        self.assertEqual(totals, totals_text(0, 0))
        form, hidden = self.assertForm(tree, pid, "radio", opts, from_=target)
        r = vote(v, pid, [opts[0]], token=hidden["token"], from_=target)
        self.assertVoted(r, pid, target)
        r, tree = self.page(v, target)
        rows, totals = results_of(tree.find("article", cls="poll-page"))
        self.assertEqual((totals, [p for _, p, _, _ in rows]),
                         (totals_text(1, 1), ["100%", "0%"]),
                         "%s: GET %s right after the vote (X-Cache: %s) shows "
                         "the figures from before it" % (
                             self.server, target, r.header("X-Cache")))
        # The sidebar of the same page has them (a live include).
        rows, totals = results_of(poll_div(tree, pid))
        self.assertEqual(totals, totals_text(1, 1))

    def test_02b_results_page_ids_unique(self):
        # The results page of an active poll also has the poll in its
        # sidebar: the #binh-chon-N anchor a vote returns to must be one.
        pid, opts, q = self.new_poll("mã neo", ["Một", "Hai"])
        r, tree = self.page(path="/binh-chon/%d" % pid)
        ids = [e.attrs.get("id") for e in tree.iter() if e.attrs.get("id")]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        self.assertEqual(dup, [], "%s: duplicate id attributes on "
                         "/binh-chon/%d" % (self.server, pid))

    # --- 3. a checkbox poll -------------------------------------------------

    def test_03_checkbox_poll(self):
        labels = ["Một", "Hai", "Ba", "Bốn"]
        pid, opts, q = self.new_poll("nhiều lựa chọn", labels, multiple=2)
        v = Visitor(self.base)
        r, tree = self.page(v)
        self.assertForm(tree, pid, "checkbox", opts)
        div = poll_div(tree, pid)
        self.assertEqual(div.find("p", cls="poll-hint").norm_text(),
                         "Chọn tối đa 2 phương án.")
        self.assertIn('type="checkbox"', r.text)

        zero = tallies(self.db, pid)
        for what, chosen in [("3 options", opts[:3]), ("no option", []),
                             ("the same option twice", [opts[0], opts[0]]),
                             ("4 options", opts)]:
            x = Visitor(self.base)
            r = vote(x, pid, chosen)
            self.assertStatus(r, 400, what)
            self.assertUnchanged(zero, pid, what)
            self.assertEqual(query(self.db, "SELECT count(*) FROM poll_voters "
                                   "WHERE voter = ?", ("v:" + x.vid,))[0][0], 0)

        r = vote(v, pid, [opts[0], opts[2]])
        self.assertVoted(r, pid)
        votes, voters, rows = tallies(self.db, pid)
        self.assertEqual((voters, rows), (1, 2))
        self.assertEqual(votes, {opts[0]: 1, opts[1]: 0, opts[2]: 1,
                                 opts[3]: 0})

        # One option is fine too.
        w = Visitor(self.base)
        self.assertVoted(vote(w, pid, [opts[2]]), pid)
        self.assertEqual(tallies(self.db, pid),
                         ({opts[0]: 1, opts[1]: 0, opts[2]: 2, opts[3]: 0},
                          2, 3))

        r, tree = self.page(v)
        rows, totals = results_of(poll_div(tree, pid))
        self.assertIsNotNone(rows, r.describe(4000))
        self.assertEqual([p for _, p, _, _ in rows],
                         ["33%", "0%", "67%", "0%"])
        self.assertEqual(totals, totals_text(3, 2))

    # --- 4. CSRF --------------------------------------------------------------

    def test_04_csrf(self):
        pid, opts, q = self.new_poll("chống giả mạo", ["Đồng ý", "Không"])
        a, b = Visitor(self.base), Visitor(self.base)
        ta, tb = a.token(), b.token()
        self.assertNotEqual(ta, tb)
        before = tallies(self.db, pid)
        form = lambda token: ([("poll", str(pid)), ("option", str(opts[0]))] +
                              ([("token", token)] if token else []) +
                              [("from", REF_PATH)])
        other = "%032x" % (int(ta, 16) ^ 1)
        cases = [
            ("no token", form(None), a.cookie, self.base, ()),
            ("an empty token", form(""), a.cookie, self.base, ()),
            ("a wrong token", form(other), a.cookie, self.base, ()),
            ("another visitor's token", form(tb), a.cookie, self.base, ()),
            ("no cookie", form(ta), None, self.base, ()),
            ("no cookie, no Origin", form(ta), None, None, ()),
            ("Origin: http://evil.example", form(ta), a.cookie,
             "http://evil.example", ()),
            ("an Origin extending ours", form(ta), a.cookie,
             self.base + ".evil.example", ()),
            ("Origin: null", form(ta), a.cookie, "null", ()),
            ("Sec-Fetch-Site: cross-site", form(ta), a.cookie, self.base,
             [("Sec-Fetch-Site", "cross-site")]),
            ("Sec-Fetch-Site: cross-site, no Origin", form(ta), a.cookie,
             None, [("Sec-Fetch-Site", "cross-site")]),
        ]
        for what, fields, cookie, origin, extra in cases:
            with self.subTest(what):
                r = post_vote(self.base, fields, cookie=cookie, origin=origin,
                              extra=extra)
                self.assertStatus(r, 403, what)
                self.assertUnchanged(before, pid, what)
        self.assertEqual(query(self.db, "SELECT count(*) FROM poll_voters "
                               "WHERE voter IN (?, ?)",
                               ("v:" + a.vid, "v:" + b.vid))[0][0], 0)

        # The same requests done right are counted: the 403s were for the
        # reasons tested.
        r = post_vote(self.base, form(ta), cookie=a.cookie, origin=self.base,
                      extra=[("Sec-Fetch-Site", "same-origin")])
        self.assertVoted(r, pid)
        r = post_vote(self.base, form(tb), cookie=b.cookie)     # no Origin
        self.assertVoted(r, pid)
        self.assertEqual(tallies(self.db, pid),
                         ({opts[0]: 2, opts[1]: 0}, 2, 2))

    # --- 5. closed, unknown, foreign options, GET ------------------------------

    def test_05_errors(self):
        pid, opts, q = self.new_poll("lỗi A", ["A1", "A2", "A3"], multiple=2)
        pid_b, opts_b, _ = self.new_poll("lỗi B", ["B1", "B2"])
        v = Visitor(self.base)
        v.token()
        before = tallies(self.db, pid)

        for what, chosen, status in [
                ("an option of another poll", [opts_b[0]], 400),
                ("an own and a foreign option", [opts[0], opts_b[0]], 400),
                ("an option of sample poll 1", [1], 400),
                ("an option that does not exist", [999999999], 400)]:
            r = vote(v, pid, chosen)
            self.assertStatus(r, status, what)
            self.assertUnchanged(before, pid, what)
        r = post_vote(self.base, [("option", str(opts[0])),
                                  ("token", v.token())], cookie=v.cookie)
        self.assertStatus(r, 400, "no poll field")

        r = vote(v, 999999999, [opts[0]])
        self.assertStatus(r, 404, "unknown poll")
        r = vote(v, 1, [1])
        self.assertStatus(r, 409, "sample poll 1 (closed)")

        self.close(pid)
        r = vote(v, pid, [opts[0]])
        self.assertStatus(r, 409, "closed poll")
        self.assertUnchanged(before, pid, "a vote in a closed poll")
        self.assertEqual(r.header("Content-Type"), "text/html; charset=utf-8")
        self.assertIn("đã kết thúc", r.text)
        r, tree = self.page(v)
        self.assertIsNone(poll_div(tree, pid), "a closed poll is shown")
        self.assertNotIn(q, r.text)

        # Open, but past its end: not active either.
        pid_c, opts_c, qc = self.new_poll("lỗi C", ["C1", "C2"],
                                          starts="-2 days", ends="-1 days")
        r = vote(v, pid_c, [opts_c[0]])
        self.assertStatus(r, 409, "open poll past its end")
        self.assertEqual(tallies(self.db, pid_c)[1:], (0, 0))
        rr = http(self.base, "GET", "/binh-chon/%d" % pid_c,
                  {"User-Agent": BROWSER_UA})
        self.assertStatus(rr, 200, "results page of an ended poll")
        self.assertIn("Đã kết thúc", rr.text)

        # Poll B is still open and the voter may vote there.
        self.assertVoted(vote(v, pid_b, [opts_b[1]]), pid_b)
        self.assertEqual(tallies(self.db, pid_b)[0], {opts_b[0]: 0,
                                                      opts_b[1]: 1})

    def test_05b_get_vote_is_405(self):
        pid, opts, q = self.new_poll("phương thức", ["Một", "Hai"])
        v = Visitor(self.base)
        for target in ("/live/vote", "/live/vote?poll=%d&option=%d&token=%s"
                       % (pid, opts[0], v.token())):
            r = v.get(target)
            self.assertStatus(r, 405, "GET " + target)
            self.assertEqual(tallies(self.db, pid)[1:], (0, 0))
            allow = [m.strip() for m in (r.header("Allow") or "").split(",")]
            self.assertIn("POST", allow, "%s GET /live/vote → 405 with "
                          "Allow: %r" % (self.server, r.header("Allow")))
            self.assertNotIn("GET", allow, "%s GET /live/vote → 405 with "
                             "Allow: %r" % (self.server, r.header("Allow")))

    # --- 6. one vote per voter, under concurrency --------------------------------

    def test_06_concurrent_same_voter(self):
        n = 50
        pid, opts, q = self.new_poll("đồng thời", ["X", "Y", "Z"])
        v = Visitor(self.base)
        token = v.token()
        before = sum(tallies(self.db, pid)[0].values())
        barrier = threading.Barrier(n)
        results = [None] * n

        def worker(i):
            try:
                barrier.wait(timeout=20)
                results[i] = vote(v, pid, [opts[i % 3]], token=token)
            except Exception as e:      # noqa: BLE001 — reported below
                results[i] = e

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        errors = [r for r in results if not isinstance(r, bh.Response)]
        self.assertEqual(errors, [], "%s: requests failed" % self.server)
        statuses = sorted(r.status for r in results)
        self.assertEqual(statuses, [303] * n, "%s: %r\n%s" % (
            self.server, statuses,
            next((r.describe() for r in results if r.status != 303), "")))
        for r in results:
            self.assertEqual(r.header("Location"),
                             "%s%s#binh-chon-%d" % (self.base, REF_PATH, pid))
        voter = "v:" + v.vid
        self.assertEqual(query(self.db, "SELECT count(*) FROM poll_voters "
                               "WHERE poll_id = ? AND voter = ?",
                               (pid, voter))[0][0], 1)
        self.assertEqual(query(self.db, "SELECT count(*) FROM poll_votes "
                               "WHERE poll_id = ? AND voter = ?",
                               (pid, voter))[0][0], 1)
        votes, voters, rows = tallies(self.db, pid)
        self.assertEqual(sum(votes.values()), before + 1)
        self.assertEqual((voters, rows), (1, 1))

    # --- 10. the archive ----------------------------------------------------

    def test_10_archive(self):
        pid, opts, q = self.new_poll("lưu trữ", ["Ừ", "Không"])
        v = Visitor(self.base)
        self.assertVoted(vote(v, pid, [opts[0]]), pid)
        self.close(pid)

        seen, page = {}, 1
        while True:
            target = "/binh-chon/" if page == 1 else "/binh-chon/?page=%d" % page
            r, tree = self.page(path=target)
            sections = list(tree.find_all("section", cls="poll-page"))
            self.assertLessEqual(len(sections), 10, target)
            self.assertGreater(len(sections), 0, target)
            for s in sections:
                a = s.find("h2", cls="card-title").find("a")
                m = re.match(r"^/binh-chon/(\d+)$", a.attrs.get("href") or "")
                self.assertIsNotNone(m, a.attrs)
                self.assertNotIn(int(m.group(1)), seen, "listed twice")
                seen[int(m.group(1))] = (a.norm_text(), results_of(s))
            nxt = tree.find("a", cls="page-next")
            if nxt is None:
                break
            page += 1
            self.assertEqual(nxt.attrs.get("href"), "/binh-chon/?page=%d" % page)
            self.assertLess(page, 50, "runaway pagination")
        now = time.strftime(ISO, time.gmtime())
        closed = query(self.db, "SELECT count(*) FROM polls WHERE "
                       "status = 'closed' OR ends_at < ?", (now,))[0][0]
        self.assertEqual(len(seen), closed)
        self.assertEqual(page, max(1, (closed + 9) // 10))

        for id_, question in SAMPLE_POLLS.items():
            self.assertIn(id_, seen)
            self.assertEqual(seen[id_][0], question)
        rows, totals = seen[1][1]
        self.assertEqual([(l, p) for l, p, _, _ in rows],
                         [("Điện thoại di động", "70%"),
                          ("Máy tính để bàn hoặc xách tay", "20%"),
                          ("Máy tính bảng", "10%")])
        self.assertEqual(totals, totals_text(70, 70))
        self.assertEqual(seen[2][1][1], totals_text(67, 50))
        for p in self.closed_here:
            self.assertIn(p, seen, "%s: closed poll %d not in the archive" % (
                self.server, p))
        self.assertEqual(seen[pid][0], q)
        self.assertEqual(seen[pid][1][1], totals_text(1, 1))
        self.assertEqual([p for _, p, _, _ in seen[pid][1][0]],
                         ["100%", "0%"])

        for target in ("/binh-chon/?page=%d" % (page + 1), "/binh-chon/?page=99",
                       "/binh-chon/999999"):
            r = http(self.base, "GET", target, {"User-Agent": BROWSER_UA})
            self.assertStatus(r, 404, target)
            self.assertIn('<html lang="vi">', r.text)
        r, tree = self.page(path="/binh-chon/%d" % pid)
        self.assertIn("Đã kết thúc", r.text)
        r, tree = self.page(path="/binh-chon/1")
        self.assertEqual(tree.find("h1").norm_text(), SAMPLE_POLLS[1])


# --- 9. nginx's page cache and the live figures ---------------------------------

@unittest.skipUnless(NGINX_URL and T, "NGINX_URL and T not set")
class NginxCache(unittest.TestCase):
    base = NGINX_URL
    db = os.path.join(T or "", "nginx.db")

    def get(self, cookie=None):
        h = [("User-Agent", BROWSER_UA)]
        if cookie:
            h.append(("Cookie", cookie))
        r = http(self.base, "GET", REF_PATH, h)
        self.assertEqual(r.status, 200, r.describe())
        return r

    def test_09a_second_get_is_a_hit(self):
        seen = []
        for _ in range(8):
            self.get()
            r = self.get()
            seen.append(r.header("X-Cache"))
            if seen[-1] == "HIT":
                break
        self.assertEqual(seen[-1], "HIT", seen)

    def test_09b_statistics_fresh_in_a_cached_page(self):
        seen = []
        for _ in range(8):
            old = stats_total(self.base)
            r1 = self.get()
            Visitor(self.base)
            new = stats_total(self.base)
            r2 = self.get()
            seen.append((r1.header("X-Cache"), r2.header("X-Cache")))
            if r2.header("X-Cache") == "HIT":
                break
        self.assertEqual(seen[-1][1], "HIT", seen)
        self.assertEqual(new, old + 1, "a new visitor's hit was not counted")
        m1, m2 = STAT_VISITS.search(r1.text), STAT_VISITS.search(r2.text)
        self.assertIsNotNone(m2, r2.describe(5000))
        self.assertEqual(grouped_int(m1.group(1)), old)
        self.assertEqual(grouped_int(m2.group(1)), new,
                         "the cached page (HIT) shows a stale total")

    def test_09c_vote_results_in_a_cached_page(self):
        q = unique("trang đệm nginx")
        pid, opts = create_poll(self.db, q, ["Nhanh", "Chậm"])
        self.addCleanup(close_poll, self.db, pid)
        v = Visitor(self.base)
        r = self.get(v.cookie)          # the page, now cached, with the form
        self.assertIn('name="poll" value="%d"' % pid, r.text)
        r = vote(v, pid, [opts[1]])
        self.assertEqual(r.status, 303, r.describe())
        seen = []
        for _ in range(8):
            r = self.get(v.cookie)
            seen.append(r.header("X-Cache"))
            div = poll_div(bh.parse_html(r.text), pid)
            self.assertIsNotNone(div)
            self.assertIsNone(div.find("form"), "X-Cache %s: the voter sees "
                              "the form after voting" % seen[-1])
            rows, totals = results_of(div)
            self.assertEqual([p for _, p, _, _ in rows], ["0%", "100%"])
            self.assertEqual(totals, totals_text(1, 1))
            if seen[-1] == "HIT":
                break
        self.assertEqual(seen[-1], "HIT", seen)
        # The same cached page still has the form for anyone else.
        w = Visitor(self.base)
        r = self.get(w.cookie)
        div = poll_div(bh.parse_html(r.text), pid)
        self.assertIsNotNone(div.find("form"), "X-Cache %s" % r.header("X-Cache"))

    def test_09d_an_edit_replaces_the_cached_page(self):
        # nginx keeps the cache's files open (open_file_cache): a page
        # refreshed after an edit must come from the new file, at once and
        # for good, never from the descriptor of the old one.
        seen = []
        for _ in range(8):
            self.get()
            seen.append(self.get().header("X-Cache"))
            if seen[-1] == "HIT":
                break
        self.assertEqual(seen[-1], "HIT", seen)
        db = sqlite3.connect(self.db, timeout=10)
        author, updated = db.execute(
            "SELECT author, updated_at FROM articles WHERE id = 1").fetchone()

        def restore():
            with db:
                db.execute("UPDATE articles SET author = ?, updated_at = ? "
                           "WHERE id = 1", (author, updated))
            db.close()
        self.addCleanup(restore)
        new = "Phóng viên %s" % RUN_TAG
        old_line = '<p class="article-author">%s</p>' % author
        new_line = '<p class="article-author">%s</p>' % new
        self.assertIn(old_line, self.get().text)
        with db:
            db.execute("UPDATE articles SET author = ? WHERE id = 1", (new,))
        edited = time.monotonic()
        while new_line not in self.get().text:
            self.assertLess(time.monotonic() - edited, 3.0,
                            "the edit did not reach the cached page in 3 s")
            time.sleep(0.02)
        # For the next 2.5 s (two cache lifetimes): only the new page,
        # served from the cache again.
        shown = time.monotonic()
        after = []
        while time.monotonic() - shown < 2.5:
            r = self.get()
            self.assertNotIn(old_line, r.text, "X-Cache %s: the old page is "
                             "back after the edit" % r.header("X-Cache"))
            self.assertIn(new_line, r.text)
            after.append(r.header("X-Cache"))
            time.sleep(0.02)
        self.assertIn("HIT", after, after)


# --- 8. the per-address cap ------------------------------------------------------

def port_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@unittest.skipUnless(DEV_URL and T, "DEV_URL and T not set")
class AddressCap(unittest.TestCase):
    base = "http://127.0.0.1:%d" % CAP_PORT

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="polls-cap.", dir=T)
        cls.db = os.path.join(cls.dir, "cap.db")
        src = sqlite3.connect("file:%s?mode=ro" % os.path.join(T, "dev.db"),
                              uri=True, timeout=20)
        dst = sqlite3.connect(cls.db)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
        cls.proc = None

    @classmethod
    def tearDownClass(cls):
        cls.stop()
        shutil.rmtree(cls.dir, ignore_errors=True)

    @classmethod
    def start(cls, **extra):
        env = dict(os.environ)
        for k in ("BANTIN_TRUSTED_PROXIES", "DEV_URL", "NGINX_URL"):
            env.pop(k, None)
        env.update(PORT=str(CAP_PORT), BANTIN_DB=cls.db,
                   BANTIN_VOTES_PER_ADDRESS="3", BANTIN_WWW=WWW,
                   BANTIN_BOTS=BOTS, BANTIN_BASE_URL=cls.base)
        env.update(extra)
        if not port_free(CAP_PORT):
            raise AssertionError("port %d is taken" % CAP_PORT)
        cls.log = os.path.join(cls.dir, "dev-%d.log" % time.monotonic_ns())
        with open(cls.log, "wb") as log:
            cls.proc = subprocess.Popen([os.path.join(BUILD, "bantin-dev")],
                                        env=env, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=log)
        if not bh.wait_for_port(CAP_PORT, 15, cls.proc):
            cls.stop()
            with open(cls.log, encoding="utf-8", errors="replace") as f:
                raise AssertionError("own dev server did not start:\n" +
                                     f.read())

    @classmethod
    def stop(cls):
        p, cls.proc = cls.proc, None
        if p is None:
            return
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=5)
        with open(cls.log, encoding="utf-8", errors="replace") as f:
            log = f.read()
        for word in ("AddressSanitizer", "LeakSanitizer", "runtime error:"):
            if word in log:
                raise AssertionError("sanitizer report in %s:\n%s" % (
                    cls.log, log[-4000:]))

    def voters(self, pid):
        return tallies(self.db, pid)[1:]

    def test_08_votes_per_address(self):
        q = unique("giới hạn địa chỉ")
        pid, opts = create_poll(self.db, q, ["Đúng", "Sai"])
        self.start()
        self.addCleanup(self.stop)
        vs = [Visitor(self.base) for _ in range(9)]

        for i in range(3):
            r = vote(vs[i], pid, [opts[i % 2]])
            self.assertEqual(r.status, 303, "visitor %d\n%s" % (i + 1,
                                                                r.describe()))
        self.assertEqual(self.voters(pid), (3, 3))
        r = vote(vs[3], pid, [opts[0]])
        self.assertEqual(r.status, 429, "4th voter\n" + r.describe())
        self.assertIn("quá nhiều phiếu", r.text)
        self.assertEqual(self.voters(pid), (3, 3))
        # X-Forwarded-For / X-Real-IP from an untrusted client: ignored.
        for i, hdr in [(4, "X-Forwarded-For"), (5, "X-Forwarded-For"),
                       (6, "X-Real-IP")]:
            r = vote(vs[i], pid, [opts[0]],
                     extra=[(hdr, "203.0.113.%d" % (i + 1))])
            self.assertEqual(r.status, 429, "%s %s\n%s" % (
                i + 1, hdr, r.describe()))
        r = vote(vs[7], pid, [opts[0]],
                 extra=[("X-Forwarded-For", "198.51.100.1, 198.51.100.2")])
        self.assertEqual(r.status, 429, r.describe())
        self.assertEqual(self.voters(pid), (3, 3))
        self.assertEqual(tallies(self.db, pid)[0], {opts[0]: 2, opts[1]: 1})

        # Behind a trusted proxy: its X-Forwarded-For names the client.
        self.stop()
        self.start(BANTIN_TRUSTED_PROXIES="127.0.0.1")
        for i in (3, 4):
            r = vote(vs[i], pid, [opts[1]],
                     extra=[("X-Forwarded-For", "203.0.113.%d" % (100 + i))])
            self.assertEqual(r.status, 303, "voter %d, own XFF\n%s" % (
                i + 1, r.describe()))
        self.assertEqual(self.voters(pid), (5, 5))
        # The proxy's own address (no XFF) is still capped.
        r = vote(vs[5], pid, [opts[1]])
        self.assertEqual(r.status, 429, r.describe())
        # Each forwarded address has a cap of its own: two more from
        # 203.0.113.103, then the 4th from it is refused.
        for i, status in ((5, 303), (6, 303), (7, 429)):
            r = vote(vs[i], pid, [opts[0]],
                     extra=[("X-Forwarded-For", "203.0.113.103")])
            self.assertEqual(r.status, status, "voter %d\n%s" % (
                i + 1, r.describe()))
        self.assertEqual(self.voters(pid), (7, 7))
        self.assertEqual(tallies(self.db, pid)[0], {opts[0]: 4, opts[1]: 3})
        self.stop()
        check_invariants(self, self.db)


# --- 7. invariants over every poll (last) -----------------------------------------

def check_invariants(tc, db):
    polls = query(db, "SELECT id, multiple FROM polls ORDER BY id")
    tc.assertGreaterEqual(len(polls), 2)
    for pid, multiple in polls:
        s = query(db, "SELECT coalesce(sum(votes), 0) FROM poll_options "
                  "WHERE poll_id = ?", (pid,))[0][0]
        n = query(db, "SELECT count(*) FROM poll_votes WHERE poll_id = ?",
                  (pid,))[0][0]
        voters = query(db, "SELECT count(*) FROM poll_voters WHERE "
                       "poll_id = ?", (pid,))[0][0]
        tc.assertEqual(s, n, "%s poll %d: Σ votes %d, %d vote rows" % (
            db, pid, s, n))
        if n > 0:
            tc.assertGreaterEqual(voters, 1, "%s poll %d" % (db, pid))
        # Each option's figure is its own rows; each voter chose 1..multiple.
        bad = query(db, "SELECT o.id, o.votes, (SELECT count(*) FROM "
                    "poll_votes v WHERE v.option_id = o.id) FROM poll_options o "
                    "WHERE o.poll_id = ? AND o.votes <> (SELECT count(*) FROM "
                    "poll_votes v WHERE v.option_id = o.id)", (pid,))
        tc.assertEqual(bad, [], "%s poll %d" % (db, pid))
        bad = query(db, "SELECT r.voter, (SELECT count(*) FROM poll_votes v "
                    "WHERE v.poll_id = r.poll_id AND v.voter = r.voter) AS c "
                    "FROM poll_voters r WHERE r.poll_id = ? AND "
                    "(c < 1 OR c > ?)", (pid, multiple))
        tc.assertEqual(bad, [], "%s poll %d: voters with a wrong number of "
                       "votes" % (db, pid))
        bad = query(db, "SELECT v.id FROM poll_votes v JOIN poll_options o "
                    "ON o.id = v.option_id WHERE v.poll_id = ? AND "
                    "o.poll_id <> v.poll_id", (pid,))
        tc.assertEqual(bad, [], "%s poll %d: votes for other polls' options"
                       % (db, pid))
    tc.assertEqual(query(db, "PRAGMA integrity_check"), [("ok",)], db)
    tc.assertEqual(query(db, "PRAGMA foreign_key_check"), [], db)


@unittest.skipUnless(T, "T not set")
class Invariants(unittest.TestCase):
    def test_07_every_database(self):
        self.assertTrue(bh.targets(), "no server URL set")
        for server, _ in bh.targets():
            with self.subTest(server=server):
                check_invariants(self, os.path.join(T, server + ".db"))


# --- runner -------------------------------------------------------------------

def main():
    return bh.run((PollsMixin, NginxCache, AddressCap, Invariants),
                  "poll tests")


if __name__ == "__main__":
    sys.exit(main())
