#!/usr/bin/env python3
"""HTTP integration tests of bantin's polls: the widget, POST /live/vote and
the results pages (/binh-chon/) with their live figures (/live/poll).

Run by tests/integration/run.sh with
    DEV_URL, NGINX_URL, APACHE_URL, CGI_URL
                         base URLs of the running servers (loopback)
    BUILD                absolute build directory (bantin-dev, bantin-admin)
    T                    the harness temp dir (dev.db, nginx.db, ...)

The rules tested: a guest's sidebar (/live/widgets) is the same bytes for
every guest, its forms without a token; a vote is taken only when Origin,
else Sec-Fetch-Site, else Referer shows it was posted from this site, and a
member's vote also needs the token of their own form; a first-time
reader's vote counts (its answer issues the visitor cookie); a vote answers
303 to the poll's results page, whose figures are a live include.

Every poll used here is created by admin SQL (bantin-admin sql, as an admin
would) with a question unique to this run, and closed again at the end of
its test, so nothing depends on other suites' polls or on global counts.
The servers' databases are otherwise only read (read-only URI).  Per server
(PollsMixin, bantin_http.run()): the widget, votes, first votes, CSRF,
member tokens, errors, one vote per voter under concurrency, the archive,
exact figures.  NginxCache: the 1-second page microcache with fresh live
figures.  AddressCap: a dev server of our own with
BANTIN_VOTES_PER_ADDRESS=3 (with and without a trusted proxy, the UTC
day's keyed address hash, the live store unavailable).  After each test
of PollsMixin and NginxCache: the invariants of the tallies of every poll
in its server's database.  The last line printed is "N passed, M failed".
"""
import hashlib
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

BROWSER_UA = ("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 "
              "Firefox/128.0")
REF_PATH = ("/quoc-phong-an-ninh/"
            "bo-quoc-phong-duy-tri-hieu-qua-quoc-te-hop-tac-an-ninh-mang-1.htm")
NO_POLL = "Hiện tại không có bình chọn nào đang hoạt động."
SAMPLE_POLLS = {
    1: "Bạn thường đọc tin tức trên thiết bị nào?",
    2: "Những dịch vụ công trực tuyến nào bạn đã sử dụng? (chọn tối đa 2)",
}
MEMBER, MEMBER_PW = "lan", "mat-khau-lan"      # tests/integration/fixtures.sql
VID_SET_COOKIE = re.compile(r"^bantin_vid=([0-9a-f]{32}); Path=/; "
                            r"Max-Age=31536000; HttpOnly; SameSite=Lax$")
TOKEN = re.compile(r'<input type="hidden" name="token" value="([^"]*)">')
STAT_VISITS = re.compile(r'class="stat-visits">([0-9.]+)<')
RUN_TAG = "%s-%d" % (os.urandom(3).hex(), os.getpid())
ISO = "%Y-%m-%dT%H:%M:%SZ"
DAY = 24 * 60 * 60

_seq = [0]
_seq_lock = threading.Lock()


def unique(what):
    with _seq_lock:
        _seq[0] += 1
        return "Kiểm thử bình chọn %s %s số %d?" % (what, RUN_TAG, _seq[0])


# --- HTTP -------------------------------------------------------------------

# nginx keeps what every guest shares -- the sidebar (polls, statistics),
# the most-read box, a poll's figures -- for the second its worker's
# X-Accel-Expires says, counted in whole seconds: up to two.  A GET to
# nginx here first waits until whatever it kept from before the last
# change (an admin script, a vote, a counted hit) has expired.
SHARED_SECONDS = 2.1
_changed = [0.0]


def changed():
    _changed[0] = time.monotonic()


def http(base, method, target, headers=(), body=None, **kw):
    if method != "POST" and not target.startswith(("/live/hit",
                                                   "/live/stats.json")) and \
            base == NGINX_URL:
        wait = _changed[0] + SHARED_SECONDS - time.monotonic()
        if wait > 0:
            time.sleep(wait)
    try:
        return bh.http(base, method, target, headers, body, **kw)
    finally:
        if method == "POST" or target.startswith("/live/hit"):
            changed()


def from_site(base, path=REF_PATH):
    """The headers a browser sends with a form posted from a page of this
    site: Origin, Sec-Fetch-Site and Referer all say so."""
    return [("Origin", base), ("Sec-Fetch-Site", "same-origin"),
            ("Referer", base + path)]


class Visitor:
    """A browser and its cookie jar.  It already holds a visitor cookie of
    its own, counted by its first pixel hit, sent from a loopback address
    of its own unless `source` is given (new visitors are bounded per
    address, and every test comes from 127.0.0.1); fresh: a first-time
    reader without any cookie.  `source` is the loopback address it
    connects from (nginx limits form posts per address)."""

    def __init__(self, base, fresh=False, source=None):
        self.base = base
        self.source = source
        self.cookies = {}
        self.member = None          # the member id once logged in
        if fresh:
            return
        self.cookies["bantin_vid"] = os.urandom(16).hex()
        r = http(base, "GET", "/live/hit", [
            ("User-Agent", BROWSER_UA), ("Cookie", self.cookie)],
            source=source or bh.own_address())
        if r.status != 200 or r.header_all("Set-Cookie"):
            raise AssertionError("GET /live/hit with a new visitor's cookie"
                                 "\n%s" % r.describe())

    @property
    def vid(self):
        return self.cookies.get("bantin_vid")

    @property
    def cookie(self):
        return "; ".join("%s=%s" % kv for kv in self.cookies.items())

    @property
    def voter(self):
        """Its poll_voters.voter: the member, else the visitor."""
        if self.member is not None:
            return "m:%d" % self.member
        return "v:%s" % self.vid

    def request(self, method, target, extra=(), fields=None):
        headers = [("User-Agent", BROWSER_UA)]
        if self.cookies:
            headers.append(("Cookie", self.cookie))
        body = None
        if fields is not None:
            headers.append(("Content-Type",
                            "application/x-www-form-urlencoded"))
            body = urllib.parse.urlencode(fields)
        r = http(self.base, method, target, headers + list(extra), body,
                 source=self.source)
        for c in r.header_all("Set-Cookie"):
            name, _, rest = c.partition("=")
            if "Max-Age=0" in c:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = rest.split(";")[0]
        return r

    def get(self, target, extra=()):
        return self.request("GET", target, extra)

    def page_token(self, path):
        r = self.get(path)
        m = TOKEN.search(r.text)
        if r.status != 200 or m is None:
            raise AssertionError("no token in %s\n%s" % (path,
                                                         r.describe(3000)))
        return m.group(1)

    def login(self, db, username=MEMBER, password=MEMBER_PW):
        fields = [("username", username), ("password", password),
                  ("token", self.page_token("/dang-nhap"))]
        r = self.request("POST", "/dang-nhap",
                         from_site(self.base, "/dang-nhap"), fields)
        if r.status != 303:
            raise AssertionError("login as %s\n%s" % (username,
                                                      r.describe()))
        self.member = query(db, "SELECT id FROM members WHERE username = ?",
                            (username,))[0][0]

    def logout(self):
        fields = [("token", self.page_token("/dang-xuat"))]
        r = self.request("POST", "/dang-xuat",
                         from_site(self.base, "/dang-xuat"), fields)
        if r.status != 303:
            raise AssertionError("logout\n%s" % r.describe())
        self.member = None

    def widget_token(self):
        """The token of a member's poll forms (the sidebar's)."""
        r = self.get("/live/widgets")
        m = TOKEN.search(r.text)
        if r.status != 200 or m is None:
            raise AssertionError("no token in the member's widget (no "
                                 "active poll?)\n%s" % r.describe(3000))
        return m.group(1)


def post_vote(base, fields, headers=(), cookie=None, source=None):
    """POST /live/vote with the form fields (pairs) and exactly these
    headers besides User-Agent, Content-Type and Cookie."""
    h = [("User-Agent", BROWSER_UA),
         ("Content-Type", "application/x-www-form-urlencoded")]
    if cookie is not None:
        h.append(("Cookie", cookie))
    return http(base, "POST", "/live/vote", h + list(headers),
                urllib.parse.urlencode(fields), source=source)


def vote(v, poll, options, token=None, extra=(), path=REF_PATH):
    """Visitor v submits the sidebar's form of a page of this site (`path`)
    the way its browser does; a member's form carries their token (token
    None: the one in their widget)."""
    fields = [("poll", str(poll))] + [("option", str(o)) for o in options]
    if token is None and v.member is not None:
        token = v.widget_token()
    if token is not None:
        fields.append(("token", token))
    return v.request("POST", "/live/vote", from_site(v.base, path) +
                     list(extra), fields)


def stats_total(base):
    r = http(base, "GET", "/live/stats.json", {"User-Agent": BROWSER_UA})
    if r.status != 200:
        raise AssertionError("stats.json → %d\n%s" % (r.status, r.describe()))
    return json.loads(r.text)["total_visits"]


def grouped_int(s):
    return int(s.replace(".", ""))


def stable(fetch, what, tries=5):
    """fetch() → a list of responses; retried until the first and the last
    body are equal (the figures in them did not move meanwhile)."""
    for _ in range(tries):
        rs = fetch()
        if rs[0].body == rs[-1].body:
            return rs
    raise AssertionError("%s kept changing" % what)


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
        changed()
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


def voters_of(db, pid):
    """The poll's voters (poll_voters.voter), sorted."""
    return sorted(r[0] for r in query(db, "SELECT voter FROM poll_voters "
                                      "WHERE poll_id = ?", (pid,)))


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


def hidden_inputs(form):
    return {i.attrs.get("name"): i.attrs.get("value")
            for i in form.find_all("input", type="hidden")}


def totals_text(votes, voters):
    return "Tổng số phiếu: %s · Số người bình chọn: %s" % (votes, voters)


class PollsMixin:
    """Every test against one server; subclassed once per server."""
    base = None
    server = None

    @property
    def db(self):
        return os.path.join(T or "", self.server + ".db")

    @property
    def shared_header(self):
        """X-Accel-Expires of a fragment every guest may share: nginx reads
        it and never passes it on."""
        return None if self.server == "nginx" else "1"

    def tearDown(self):
        check_invariants(self, self.db)

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

    def member(self, source=None):
        """A browser of our member, logged in (and out at the end)."""
        m = Visitor(self.base, source=source)
        m.login(self.db)
        self.addCleanup(m.logout)
        return m

    def assertVoted(self, r, pid):
        """The answer to a vote taken (or cast before): 303 to the poll's
        results page."""
        self.assertStatus(r, 303, "vote in poll %d" % pid)
        self.assertEqual(r.header("Location"),
                         "%s/binh-chon/%d" % (self.base, pid), r.describe())

    def assertNoCookie(self, r, what):
        self.assertEqual(r.header_all("Set-Cookie"), [], "%s %s\n%s" % (
            self.server, what, r.describe()))

    def assertUnchanged(self, before, pid, what):
        self.assertEqual(tallies(self.db, pid), before,
                         "%s %s changed the tallies" % (self.server, what))

    def assertForm(self, tree, pid, input_type, opts, what="", token=None):
        """The form of poll pid in the sidebar: a guest's carries only the
        poll's id; a member's their token too."""
        div = poll_div(tree, pid)
        self.assertIsNotNone(div, "%s %s: poll %d not in the widget" % (
            self.server, what, pid))
        form = div.find("form", cls="poll-form")
        self.assertIsNotNone(form, "%s %s: no form for poll %d" % (
            self.server, what, pid))
        self.assertEqual(form.attrs.get("method"), "post")
        self.assertEqual(form.attrs.get("action"), "/live/vote")
        hidden = hidden_inputs(form)
        want = {"poll": str(pid)}
        if token is not None:
            want["token"] = token
        self.assertEqual(hidden, want, "%s %s" % (self.server, what))
        inputs = list(form.find_all("input", name="option"))
        self.assertEqual([i.attrs.get("type") for i in inputs],
                         [input_type] * len(opts), what)
        self.assertEqual([i.attrs.get("value") for i in inputs],
                         [str(o) for o in opts], what)
        self.assertIsNone(div.find("ul", cls="poll-results"),
                          "%s: results shown with the form" % what)
        return form, hidden

    def figures(self, pid):
        """GET /live/poll?poll=pid: (response, rows, totals line)."""
        r = http(self.base, "GET", "/live/poll?poll=%d" % pid,
                 {"User-Agent": BROWSER_UA})
        self.assertStatus(r, 200, "GET /live/poll?poll=%d" % pid)
        rows, totals = results_of(bh.parse_html(r.text))
        self.assertIsNotNone(rows, r.describe(3000))
        return r, rows, totals

    def results_page(self, pid, v=None):
        """/binh-chon/pid: (rows, totals) of its figures, which are the
        live include's bytes (/live/poll) as they are at the time."""
        def fetch():
            return [http(self.base, "GET", "/live/poll?poll=%d" % pid,
                         {"User-Agent": BROWSER_UA}),
                    self.page(v, "/binh-chon/%d" % pid)[0],
                    http(self.base, "GET", "/live/poll?poll=%d" % pid,
                         {"User-Agent": BROWSER_UA})]
        live, page, _ = stable(fetch, "/live/poll?poll=%d" % pid)
        self.assertIn(live.text, page.text, "%s /binh-chon/%d: the figures "
                      "are not the live include's" % (self.server, pid))
        art = bh.parse_html(page.text).find("article", cls="poll-page")
        self.assertIsNotNone(art, page.describe(3000))
        return results_of(art)

    # --- no active poll; a poll that has not started ---------------------

    def test_no_active_poll_and_future_start(self):
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
        results = "/binh-chon/%d" % pid
        live = "/live/poll?poll=%d" % pid
        v = Visitor(self.base)
        r, tree = self.page(v)
        self.assertNotIn(q, r.text, "a poll that starts in an hour is shown")
        self.assertIsNone(poll_div(tree, pid))
        if not others:
            self.assertIn(NO_POLL, r.text)
        before = tallies(self.db, pid)
        # Unknown to readers until it starts: no page, no figures, no vote.
        for target in (results, live):
            self.assertStatus(v.get(target), 404, "GET " + target)
        r = vote(v, pid, [opts[0]])
        self.assertStatus(r, 404, "vote in a poll not yet started")
        self.assertUnchanged(before, pid, "a 404 vote")

        admin_sql(self.db, "UPDATE polls SET starts_at = %s WHERE id = %d;\n"
                  % (when("-1 seconds"), pid))
        r, tree = self.page(v)
        self.assertIn(q, r.text, "the poll is not shown once started")
        self.assertNotIn(NO_POLL, r.text)
        self.assertForm(tree, pid, "radio", opts, "started poll")
        for target in (results, live):
            self.assertStatus(v.get(target), 200, "GET " + target)

        # Back into the future: gone again, and a vote is refused.
        admin_sql(self.db, "UPDATE polls SET starts_at = %s WHERE id = %d;\n"
                  % (when("+1 hours"), pid))
        r = vote(v, pid, [opts[0]])
        self.assertStatus(r, 404, "vote in a poll not yet started")
        self.assertUnchanged(before, pid, "a 404 vote")
        r, tree = self.page(v)
        self.assertIsNone(poll_div(tree, pid), "shown again before its start")
        for target in (results, live):
            self.assertStatus(v.get(target), 404, "GET " + target)

        admin_sql(self.db, "UPDATE polls SET starts_at = %s WHERE id = %d;\n"
                  % (when("-1 seconds"), pid))
        r, tree = self.page(v)
        self.assertForm(tree, pid, "radio", opts, "started again")

    # --- a radio poll: vote, results, results page ------------------------

    def test_radio_poll_vote_and_results(self):
        labels = ["Rất tốt", "Tốt", "Bình thường", "Cần cải thiện"]
        pid, opts, q = self.new_poll("một lựa chọn", labels)
        v = Visitor(self.base)
        r, tree = self.page(v)
        div = poll_div(tree, pid)
        self.assertIsNotNone(div, r.describe(4000))
        self.assertEqual(div.find("p", cls="poll-question").norm_text(), q)
        form, _ = self.assertForm(tree, pid, "radio", opts)
        self.assertNotIn("Chọn tối đa", div.norm_text())
        self.assertEqual([l.norm_text() for l in form.find_all("label")],
                         labels)
        self.assertIn(("/binh-chon/%d" % pid, "Xem kết quả"), div.links())

        r = vote(v, pid, [opts[1]])
        self.assertVoted(r, pid)
        self.assertNoCookie(r, "a vote of a known visitor")
        self.assertEqual(tallies(self.db, pid),
                         ({o: int(o == opts[1]) for o in opts}, 1, 1))
        self.assertEqual(voters_of(self.db, pid), [v.voter])

        # A guest's sidebar is everyone's: the voter still gets the form
        # (the results are on the page the vote answered with).
        r, tree = self.page(v)
        self.assertForm(tree, pid, "radio", opts, "the guest who voted")
        w = Visitor(self.base)
        r, tree = self.page(w)
        self.assertForm(tree, pid, "radio", opts, "another visitor")
        r, tree = self.page()
        self.assertForm(tree, pid, "radio", opts, "no cookie")

        # The results page shows the figures, the vote included.
        rows, totals = self.results_page(pid, v)
        self.assertEqual(rows, [
            (l, "100%" if i == 1 else "0%",
             "%d%% · %d phiếu" % ((100, 1) if i == 1 else (0, 0)),
             "100" if i == 1 else "0") for i, l in enumerate(labels)])
        self.assertEqual(totals, totals_text(1, 1))
        r, tree = self.page(v, "/binh-chon/%d" % pid)
        art = tree.find("article", cls="poll-page")
        self.assertEqual(art.find("h1").norm_text(), q)
        self.assertEqual(art.find("p", cls="card-meta").norm_text(),
                         "Đang diễn ra")
        self.assertEqual(len(list(art.find_all("meter"))), 4)

        # Voting again (same voter, another option): 303, nothing changes.
        before = tallies(self.db, pid)
        r = vote(v, pid, [opts[2]])
        self.assertVoted(r, pid)
        self.assertUnchanged(before, pid, "a second vote")

        # From another page, or with a `from` field (the old forms had
        # one): the answer is the results page all the same.
        x = Visitor(self.base)
        r = vote(x, pid, [opts[0]], path="/thoi-su/")
        self.assertVoted(r, pid)
        fields = [("poll", str(pid)), ("option", str(opts[0])),
                  ("from", "/thoi-su/")]
        y = Visitor(self.base)
        r = y.request("POST", "/live/vote", from_site(self.base), fields)
        self.assertVoted(r, pid)
        self.assertEqual(tallies(self.db, pid)[1:], (3, 3))

    def test_results_page_ids_unique(self):
        # The results page of an active poll also has the poll in its
        # sidebar: every id in it must be unique.
        pid, opts, q = self.new_poll("mã neo", ["Một", "Hai"])
        r, tree = self.page(path="/binh-chon/%d" % pid)
        self.assertIsNotNone(poll_div(tree, pid), "not in the sidebar")
        ids = [e.attrs.get("id") for e in tree.iter() if e.attrs.get("id")]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        self.assertEqual(dup, [], "%s: duplicate id attributes on "
                         "/binh-chon/%d" % (self.server, pid))

    def test_results_page_fresh_after_vote(self):
        # A reader who looked at the results votes from that page's sidebar
        # and is sent back to it: the vote is in its figures at once.
        pid, opts, q = self.new_poll("kết quả tươi", ["Một", "Hai"])
        target = "/binh-chon/%d" % pid
        v = Visitor(self.base)
        r, tree = self.page(v, target)
        rows, totals = results_of(tree.find("article", cls="poll-page"))
        self.assertEqual(totals, totals_text(0, 0))
        self.assertForm(tree, pid, "radio", opts)
        r = vote(v, pid, [opts[0]], path=target)
        self.assertVoted(r, pid)
        r, tree = self.page(v, r.header("Location")[len(self.base):])
        rows, totals = results_of(tree.find("article", cls="poll-page"))
        self.assertEqual((totals, [p for _, p, _, _ in rows]),
                         (totals_text(1, 1), ["100%", "0%"]),
                         "%s: GET %s right after the vote (X-Cache: %s) shows "
                         "the figures from before it" % (
                             self.server, target, r.header("X-Cache")))

    def test_first_vote_without_a_cookie(self):
        # A first-time reader votes from the very first page they open,
        # before its pixel has given them a cookie: the vote counts, and
        # its answer makes them that visitor.
        pid, opts, q = self.new_poll("lần đầu", ["Có", "Không", "Chưa rõ"])
        v = Visitor(self.base, fresh=True)
        r, tree = self.page(v)
        self.assertNoCookie(r, "the page")
        self.assertEqual(v.cookies, {})
        self.assertForm(tree, pid, "radio", opts, "a first page")
        r = vote(v, pid, [opts[1]])
        self.assertVoted(r, pid)
        cookies = r.header_all("Set-Cookie")
        self.assertEqual(len(cookies), 1, r.describe())
        self.assertRegex(cookies[0], VID_SET_COOKIE)
        self.assertEqual(VID_SET_COOKIE.match(cookies[0]).group(1), v.vid)
        self.assertEqual(voters_of(self.db, pid), ["v:" + v.vid])
        self.assertEqual(tallies(self.db, pid),
                         ({opts[0]: 0, opts[1]: 1, opts[2]: 0}, 1, 1))
        # The page the vote answered with has it in its figures.
        rows, totals = self.results_page(pid, v)
        self.assertEqual([(l, p) for l, p, _, _ in rows],
                         [("Có", "0%"), ("Không", "100%"),
                          ("Chưa rõ", "0%")])
        self.assertEqual(totals, totals_text(1, 1))
        # The cookie is theirs from now on: the pixel keeps it, and a
        # second vote is the same voter's (nothing changes).
        self.assertNoCookie(v.get("/live/hit"), "the pixel")
        before = tallies(self.db, pid)
        r = vote(v, pid, [opts[2]])
        self.assertVoted(r, pid)
        self.assertNoCookie(r, "a second vote")
        self.assertUnchanged(before, pid, "the same reader's second vote")
        # Each first-time reader is a voter of their own.
        w = Visitor(self.base, fresh=True)
        self.assertVoted(vote(w, pid, [opts[2]]), pid)
        self.assertNotEqual(w.vid, v.vid)
        self.assertEqual(voters_of(self.db, pid),
                         sorted(["v:" + v.vid, "v:" + w.vid]))
        self.assertEqual(self.figures(pid)[2], totals_text(2, 2))

    # --- a checkbox poll -------------------------------------------------

    def test_checkbox_poll(self):
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
                                   "WHERE voter = ?", (x.voter,))[0][0], 0)

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

        rows, totals = self.results_page(pid, v)
        self.assertEqual([p for _, p, _, _ in rows],
                         ["33%", "0%", "67%", "0%"])
        self.assertEqual(totals, totals_text(3, 2))

    # --- CSRF -------------------------------------------------------------

    def test_votes_from_other_sites_refused(self):
        # From an address of its own: nginx limits form posts per address.
        src = "127.0.0.4"
        pid, opts, q = self.new_poll("chống giả mạo", ["Đồng ý", "Không"])
        before = tallies(self.db, pid)
        base, ref = self.base, self.base + REF_PATH
        host, port = bh.split_base(base)
        refused = [
            ("Origin of another site", [("Origin", "http://evil.example")]),
            ("an Origin extending ours",
             [("Origin", base + ".evil.example")]),
            ("Origin: null", [("Origin", "null")]),
            ("another port's Origin",
             [("Origin", "http://%s:%d" % (host, port + 50))]),
            ("an https Origin", [("Origin", "https://%s:%d" % (host, port))]),
            ("a cross-site Origin, our Referer",
             [("Origin", "http://evil.example"), ("Referer", ref)]),
            ("a cross-site Origin, Sec-Fetch-Site: same-origin",
             [("Origin", "http://evil.example"),
              ("Sec-Fetch-Site", "same-origin")]),
            ("Sec-Fetch-Site: cross-site",
             [("Sec-Fetch-Site", "cross-site")]),
            ("Sec-Fetch-Site: cross-site, our Referer",
             [("Sec-Fetch-Site", "cross-site"), ("Referer", ref)]),
            ("Sec-Fetch-Site: same-site", [("Sec-Fetch-Site", "same-site")]),
            ("Sec-Fetch-Site: none", [("Sec-Fetch-Site", "none")]),
            ("a foreign Referer", [("Referer", "http://evil.example/a")]),
            ("a Referer extending ours",
             [("Referer", base + ".evil.example/")]),
            ("a Referer of another port",
             [("Referer", "http://%s:%d/" % (host, port + 50))]),
            ("neither Origin, Sec-Fetch-Site nor Referer", []),
        ]
        form = [("poll", str(pid)), ("option", str(opts[0]))]
        a = Visitor(base, source=src)
        for what, headers in refused:
            for cookie in (a.cookie, None):
                with self.subTest(what, cookie=cookie is not None):
                    r = post_vote(base, form, headers, cookie, source=src)
                    self.assertStatus(r, 403, what)
                    self.assertNoCookie(r, what)
                    self.assertIn("Vui lòng tải lại trang", r.text)
                    self.assertUnchanged(before, pid, what)
        self.assertEqual(voters_of(self.db, pid), [])

        # Each of the three alone shows where a form came from, with or
        # without a visitor cookie: those votes are counted.
        accepted = [
            ("Origin", [("Origin", base)]),
            ("Sec-Fetch-Site: same-origin",
             [("Sec-Fetch-Site", "same-origin")]),
            ("our Referer", [("Referer", ref)]),
            ("our Referer, another page", [("Referer", base + "/")]),
            ("all three", from_site(base)),
        ]
        voters = []
        for what, headers in accepted:
            for fresh in (False, True):
                v = Visitor(base, fresh=fresh, source=src)
                r = v.request("POST", "/live/vote", headers, form)
                self.assertVoted(r, pid)
                voters.append(v.voter)
        self.assertEqual(voters_of(self.db, pid), sorted(voters))
        self.assertEqual(tallies(self.db, pid),
                         ({opts[0]: 10, opts[1]: 0}, 10, 10))

    def test_member_form_token(self):
        # A member's vote needs the token of their own form as well.
        src = "127.0.0.5"
        pid, opts, q = self.new_poll("thành viên", ["Có", "Không"])
        pid2, opts2, q2 = self.new_poll("thành viên 2", ["Một", "Hai"])
        m = self.member(src)
        r = m.get("/live/widgets")
        self.assertStatus(r, 200, "a member's widget")
        self.assertIsNone(r.header("X-Accel-Expires"),
                          "a member's widget must never be shared")
        token = m.widget_token()
        self.assertRegex(token, r"^[0-9a-f]{32}$")
        tree = bh.parse_html(r.text)
        self.assertForm(tree, pid, "radio", opts, "member", token=token)
        self.assertForm(tree, pid2, "radio", opts2, "member", token=token)
        # The same member in another browser: a token of its own.
        m2 = self.member(src)
        token2 = m2.widget_token()
        self.assertNotEqual(token2, token)
        guest = Visitor(self.base, source=src)
        self.assertNotIn('name="token"', guest.get("/live/widgets").text)

        before = tallies(self.db, pid)
        other = "%032x" % (int(token, 16) ^ 1)
        for what, tok, headers, cookie in [
                ("no token", False, from_site(self.base), m.cookie),
                ("a wrong token", other, from_site(self.base), m.cookie),
                ("the other browser's token", token2, from_site(self.base),
                 m.cookie),
                ("the token with another visitor cookie", token,
                 from_site(self.base), "; ".join(
                     "%s=%s" % (k, guest.vid if k == "bantin_vid" else v)
                     for k, v in m.cookies.items())),
                ("the session without the visitor cookie", token,
                 from_site(self.base),
                 "; ".join("%s=%s" % kv for kv in m.cookies.items()
                           if kv[0] != "bantin_vid")),
                ("the right token from another site", token,
                 [("Origin", "http://evil.example")], m.cookie),
                ("the right token, Sec-Fetch-Site: cross-site", token,
                 [("Sec-Fetch-Site", "cross-site")], m.cookie),
                ("the right token, no sign of the site", token, [],
                 m.cookie)]:
            fields = [("poll", str(pid)), ("option", str(opts[0]))]
            if tok:
                fields.append(("token", tok))
            with self.subTest(what):
                r = post_vote(self.base, fields, headers, cookie, source=src)
                self.assertStatus(r, 403, what)
                self.assertUnchanged(before, pid, what)
        self.assertEqual(voters_of(self.db, pid), [])

        r = vote(m, pid, [opts[1]], token=token)
        self.assertVoted(r, pid)
        self.assertEqual(voters_of(self.db, pid), [m.voter])
        self.assertEqual(tallies(self.db, pid),
                         ({opts[0]: 0, opts[1]: 1}, 1, 1))
        # Their sidebar, in either browser: the results of the poll they
        # voted in, the form (with the token) of the other.
        for br, tok in ((m, token), (m2, token2)):
            r, tree = self.page(br)
            div = poll_div(tree, pid)
            self.assertIsNone(div.find("form"), "the member sees the form "
                              "after voting")
            rows, totals = results_of(div)
            self.assertEqual([p for _, p, _, _ in rows], ["0%", "100%"])
            self.assertEqual(totals, totals_text(1, 1))
            self.assertForm(tree, pid2, "radio", opts2, "member", token=tok)
        # One vote per member, whichever browser.
        r = vote(m2, pid, [opts[0]], token=token2)
        self.assertVoted(r, pid)
        self.assertEqual(tallies(self.db, pid),
                         ({opts[0]: 0, opts[1]: 1}, 1, 1))
        # The guest still has the guests' form, and votes as a visitor.
        r, tree = self.page(guest)
        self.assertForm(tree, pid, "radio", opts, "guest")
        self.assertVoted(vote(guest, pid, [opts[0]]), pid)
        self.assertEqual(voters_of(self.db, pid), sorted([m.voter,
                                                          guest.voter]))

    # --- closed, unknown, foreign options, GET ----------------------------

    def test_bad_votes_refused(self):
        pid, opts, q = self.new_poll("lỗi A", ["A1", "A2", "A3"], multiple=2)
        pid_b, opts_b, _ = self.new_poll("lỗi B", ["B1", "B2"])
        v = Visitor(self.base)
        before = tallies(self.db, pid)

        for what, chosen in [
                ("an option of another poll", [opts_b[0]]),
                ("an own and a foreign option", [opts[0], opts_b[0]]),
                ("an option of sample poll 1", [1]),
                ("an option that does not exist", [999999999])]:
            r = vote(v, pid, chosen)
            self.assertStatus(r, 400, what)
            self.assertIn("chọn đúng số phương án", r.text)
            self.assertUnchanged(before, pid, what)
        r = v.request("POST", "/live/vote", from_site(self.base),
                      [("option", str(opts[0]))])
        self.assertStatus(r, 400, "no poll field")

        r = vote(v, 999999999, [opts[0]])
        self.assertStatus(r, 404, "unknown poll")
        self.assertIn("Không tìm thấy cuộc bình chọn", r.text)
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
        r, tree = self.page(path="/binh-chon/%d" % pid_c)
        self.assertIn("Đã kết thúc", r.text)

        # Poll B is still open and the voter may vote there.
        self.assertVoted(vote(v, pid_b, [opts_b[1]]), pid_b)
        self.assertEqual(tallies(self.db, pid_b)[0], {opts_b[0]: 0,
                                                      opts_b[1]: 1})

        # The figures' fragment: a poll id, of a poll readers may see.
        for target, status in [("/live/poll", 400), ("/live/poll?poll=", 400),
                               ("/live/poll?poll=abc", 400),
                               ("/live/poll?poll=0", 400),
                               ("/live/poll?poll=999999999", 404)]:
            r = v.get(target)
            self.assertStatus(r, status, "GET " + target)

    def test_get_vote_is_405(self):
        pid, opts, q = self.new_poll("phương thức", ["Một", "Hai"])
        v = Visitor(self.base)
        for target in ("/live/vote",
                       "/live/vote?poll=%d&option=%d" % (pid, opts[0])):
            r = v.get(target, from_site(self.base))
            self.assertStatus(r, 405, "GET " + target)
            self.assertEqual(tallies(self.db, pid)[1:], (0, 0))
            allow = [m.strip() for m in (r.header("Allow") or "").split(",")]
            self.assertIn("POST", allow, "%s GET /live/vote → 405 with "
                          "Allow: %r" % (self.server, r.header("Allow")))
            self.assertNotIn("GET", allow, "%s GET /live/vote → 405 with "
                             "Allow: %r" % (self.server, r.header("Allow")))

    # --- one vote per voter, under concurrency ----------------------------

    def test_concurrent_same_voter(self):
        n = 50
        pid, opts, q = self.new_poll("đồng thời", ["X", "Y", "Z"])
        v = Visitor(self.base, source="127.0.0.6")
        before = sum(tallies(self.db, pid)[0].values())
        barrier = threading.Barrier(n)
        results = [None] * n

        def worker(i):
            try:
                barrier.wait(timeout=20)
                results[i] = vote(v, pid, [opts[i % 3]])
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
                             "%s/binh-chon/%d" % (self.base, pid))
        self.assertEqual(voters_of(self.db, pid), [v.voter])
        self.assertEqual(query(self.db, "SELECT count(*) FROM poll_votes "
                               "WHERE poll_id = ? AND voter = ?",
                               (pid, v.voter))[0][0], 1)
        votes, voters, rows = tallies(self.db, pid)
        self.assertEqual(sum(votes.values()), before + 1)
        self.assertEqual((voters, rows), (1, 1))

    # --- the archive ----------------------------------------------------

    def test_archive_lists_closed_polls(self):
        pid, opts, q = self.new_poll("lưu trữ", ["Ừ", "Không"])
        v = Visitor(self.base)
        self.assertVoted(vote(v, pid, [opts[0]]), pid)
        self.close(pid)

        seen, texts, page = {}, {}, 1
        while True:
            target = ("/binh-chon/" if page == 1 else
                      "/binh-chon/?page=%d" % page)
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
                texts[int(m.group(1))] = r.text
            nxt = tree.find("a", cls="page-next")
            if nxt is None:
                break
            page += 1
            self.assertEqual(nxt.attrs.get("href"),
                             "/binh-chon/?page=%d" % page)
            self.assertLess(page, 50, "runaway pagination")
        now = time.strftime(ISO, time.gmtime())
        closed = {r[0] for r in query(self.db, "SELECT id FROM polls WHERE "
                                      "status = 'closed' OR ends_at < ?",
                                      (now,))}
        self.assertEqual(set(seen), closed, "%s: the archive is not the "
                         "closed polls" % self.server)
        self.assertEqual(page, max(1, (len(closed) + 9) // 10))

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
        self.assertEqual(seen[pid][0], q)
        self.assertEqual(seen[pid][1][1], totals_text(1, 1))
        self.assertEqual([p for _, p, _, _ in seen[pid][1][0]],
                         ["100%", "0%"])
        # Each poll's figures are its live include, expanded in place.
        for id_ in (pid, 1, 2):
            self.assertIn(self.figures(id_)[0].text, texts[id_])

        for target in ("/binh-chon/?page=%d" % (page + 1),
                       "/binh-chon/?page=99",
                       "/binh-chon/999999"):
            r = http(self.base, "GET", target, {"User-Agent": BROWSER_UA})
            self.assertStatus(r, 404, target)
            self.assertIn('<html lang="vi">', r.text)
        r, tree = self.page(path="/binh-chon/%d" % pid)
        self.assertIn("Đã kết thúc", r.text)
        r, tree = self.page(path="/binh-chon/1")
        self.assertEqual(tree.find("h1").norm_text(), SAMPLE_POLLS[1])

    # --- the guests' sidebar is everyone's -------------------------------

    def test_guest_widget_same_bytes(self):
        pid, opts, q = self.new_poll("giống nhau", ["Một", "Hai"], multiple=2)
        a, b = Visitor(self.base), Visitor(self.base)
        self.assertVoted(vote(a, pid, [opts[0]]), pid)   # a has voted

        def bare(target):
            return http(self.base, "GET", target, {"User-Agent": BROWSER_UA})

        def widgets():
            return [a.get("/live/widgets"), b.get("/live/widgets"),
                    bare("/live/widgets"),
                    b.get("/live/widgets?from=%2Fthoi-su%2F"),
                    a.get("/live/widgets")]
        rs = stable(widgets, "the widget")
        for i, r in enumerate(rs):
            self.assertStatus(r, 200, "widget %d" % i)
            self.assertEqual(r.body, rs[0].body, "%s: a guest's widget "
                             "differs between guests (%d)" % (self.server, i))
            self.assertEqual(r.header("X-Accel-Expires"), self.shared_header,
                             r.describe())
            self.assertEqual(r.header("Cache-Control"), "no-store")
            self.assertNoCookie(r, "the widget")
        self.assertNotIn('name="token"', rs[0].text)
        self.assertNotIn('name="from"', rs[0].text)
        tree = bh.parse_html(rs[0].text)
        self.assertForm(tree, pid, "checkbox", opts, "the guests' widget")
        for form in tree.find_all("form"):
            self.assertEqual(set(hidden_inputs(form)), {"poll"})

        # And so are the pages that include it, with their other fragments.
        rs = stable(lambda: [a.get(REF_PATH), b.get(REF_PATH),
                             bare(REF_PATH), a.get(REF_PATH)], "the page")
        for r in rs:
            self.assertStatus(r, 200, REF_PATH)
            self.assertEqual(r.body, rs[0].body, "%s: the page differs "
                             "between guests" % self.server)
        self.assertEqual(rs[0].text.count('<form class="poll-form"'),
                         len(active_polls(self.db)))

    # --- every active poll, however many -------------------------------

    def test_every_active_poll_shown(self):
        # The sidebar showed the newest five and dropped the others
        # without a word (issue 12, item 5).
        mine = [self.new_poll("thứ %d" % i, ["Có", "Không"])[0]
                for i in range(6)]
        active = sorted(pid for pid, _ in active_polls(self.db))
        self.assertTrue(set(mine) <= set(active), active)
        # A guests' widget a cache kept from before the polls were added
        # is a second old at most.
        deadline = time.time() + 3
        while True:
            r = http(self.base, "GET", "/live/widgets",
                     {"User-Agent": BROWSER_UA})
            self.assertStatus(r, 200, "GET /live/widgets")
            tree = bh.parse_html(r.text)
            shown = [pid for pid in active if poll_div(tree, pid)]
            if shown == active or time.time() > deadline:
                break
            time.sleep(0.3)
        self.assertEqual(shown, active, "%s: %d active polls, the widget "
                         "shows %d" % (self.server, len(active), len(shown)))
        self.assertEqual(r.text.count('<form class="poll-form"'),
                         len(active))

    # --- the figures -----------------------------------------------------

    def test_live_poll_figures_exact(self):
        pid, opts, q = self.new_poll("số liệu", ["A", "B", "C"], multiple=2)
        r, rows, totals = self.figures(pid)
        self.assertEqual(r.header("Content-Type"), "text/html; charset=utf-8")
        self.assertEqual(r.header("Cache-Control"), "no-store")
        self.assertNotIn("<html", r.text)
        self.assertEqual(rows, [(l, "0%", "0% · 0 phiếu", "0")
                                for l in "ABC"])
        self.assertEqual(totals, totals_text(0, 0))
        a, b, c = opts
        for chosen in ([a, c], [b], [b, c], [c], [b, c]):
            v = Visitor(self.base)
            self.assertVoted(vote(v, pid, chosen), pid)
            if chosen == [b]:       # refused or repeated: not counted
                self.assertStatus(vote(Visitor(self.base), pid, [a, b, c]),
                                  400, "3 options")
                self.assertVoted(vote(v, pid, [a]), pid)
        # 8 votes from 5 voters: 1, 3 and 4; 12.5% and 37.5% round up.
        r, rows, totals = self.figures(pid)
        self.assertEqual(rows, [("A", "13%", "13% · 1 phiếu", "13"),
                                ("B", "38%", "38% · 3 phiếu", "38"),
                                ("C", "50%", "50% · 4 phiếu", "50")])
        self.assertEqual(totals, totals_text(8, 5))
        self.assertEqual(tallies(self.db, pid), ({a: 1, b: 3, c: 4}, 5, 8))
        self.assertEqual(self.results_page(pid), (rows, totals))
        # Closed, the same figures, on its page and in the archive.
        self.close(pid)
        self.assertEqual(self.figures(pid)[1:], (rows, totals))
        self.assertEqual(self.results_page(pid), (rows, totals))
        r, tree = self.page(path="/binh-chon/")
        self.assertIsNotNone(tree.find("a", href="/binh-chon/%d" % pid))
        self.assertIn(self.figures(pid)[0].text, r.text)


# --- nginx's page cache and the live figures ------------------------------

@unittest.skipUnless(NGINX_URL and T, "NGINX_URL and T not set")
class NginxCache(unittest.TestCase):
    base = NGINX_URL
    db = os.path.join(T or "", "nginx.db")

    def tearDown(self):
        check_invariants(self, self.db)

    def get(self, cookie=None):
        h = [("User-Agent", BROWSER_UA)]
        if cookie:
            h.append(("Cookie", cookie))
        r = http(self.base, "GET", REF_PATH, h)
        self.assertEqual(r.status, 200, r.describe())
        return r

    def test_second_get_is_a_hit(self):
        seen = []
        for _ in range(8):
            self.get()
            r = self.get()
            seen.append(r.header("X-Cache"))
            if seen[-1] == "HIT":
                break
        self.assertEqual(seen[-1], "HIT", seen)

    def test_statistics_fresh_in_a_cached_page(self):
        # A page from the cache shows the statistics of its sidebar, which
        # nginx keeps for a second (SHARED_SECONDS): a new visit shows in
        # a cached page once that second is over.
        seen = []
        for _ in range(8):
            old = stats_total(self.base)
            Visitor(self.base)
            new = stats_total(self.base)
            r1 = self.get()     # after SHARED_SECONDS: the page expired
            r2 = self.get()
            seen.append((r1.header("X-Cache"), r2.header("X-Cache")))
            if r2.header("X-Cache") == "HIT":
                break
        self.assertEqual(seen[-1][1], "HIT", seen)
        self.assertEqual(new, old + 1, "a new visitor's hit was not counted")
        m2 = STAT_VISITS.search(r2.text)
        self.assertIsNotNone(m2, r2.describe(5000))
        self.assertEqual(grouped_int(m2.group(1)), new,
                         "the cached page (HIT) shows a stale total")

    def cached(self, cookie=None):
        """The reference page, requested until it comes from the cache."""
        seen = []
        for _ in range(8):
            r = self.get(cookie)
            seen.append(r.header("X-Cache"))
            if seen[-1] == "HIT":
                return r
        self.fail("never a HIT: %r" % seen)

    def test_first_vote_from_a_cached_page(self):
        q = unique("trang đệm nginx")
        pid, opts = create_poll(self.db, q, ["Nhanh", "Chậm"])
        self.addCleanup(close_poll, self.db, pid)
        # The cached page carries the guests' form: no token, nothing of
        # any one reader, so a first-time reader may post it as it is.
        r = self.cached()
        form = poll_div(bh.parse_html(r.text), pid).find("form")
        self.assertEqual(hidden_inputs(form), {"poll": str(pid)})
        v = Visitor(self.base, fresh=True)
        r = vote(v, pid, [opts[1]])
        self.assertEqual(r.status, 303, r.describe())
        self.assertEqual(r.header("Location"),
                         "%s/binh-chon/%d" % (self.base, pid))
        self.assertRegex(r.header("Set-Cookie") or "", VID_SET_COOKIE)
        self.assertEqual(voters_of(self.db, pid), ["v:" + v.vid])
        # The results page, never cached, has the vote at once.
        r = v.get("/binh-chon/%d" % pid)
        self.assertEqual(r.status, 200, r.describe())
        self.assertNotEqual(r.header("X-Cache"), "HIT")
        rows, totals = results_of(bh.parse_html(r.text).find(
            "article", cls="poll-page"))
        self.assertEqual([p for _, p, _, _ in rows], ["0%", "100%"])
        self.assertEqual(totals, totals_text(1, 1))
        # The voter, now with a cookie, is served the cached page too, with
        # the form every guest gets.
        r = self.cached(v.cookie)
        self.assertIsNotNone(poll_div(bh.parse_html(r.text), pid).find(
            "form"))

    def test_guest_fragments_come_from_the_cache(self):
        # A guest's sidebar and most-read box are the same for every guest:
        # nginx keeps them (X-Accel-Expires), and page views in one second
        # ask a live worker for each at most once or twice.  nginx 1.22
        # let the worker's Cache-Control: no-store win and kept nothing.
        log = os.path.join(T, "live.log")

        def asked(fragment):
            with open(log, encoding="utf-8", errors="replace") as f:
                return f.read().count(' "%s' % fragment)
        self.get()
        before = asked("/live/widgets"), asked("/live/most-read")
        start = time.monotonic()
        for _ in range(20):
            self.get()
        seconds = time.monotonic() - start
        widgets = asked("/live/widgets") - before[0]
        most_read = asked("/live/most-read") - before[1]
        self.assertLessEqual(widgets, 2 + 2 * seconds,
                             "20 page views in %.1f s asked for the sidebar "
                             "%d times" % (seconds, widgets))
        self.assertLessEqual(most_read, 1, "20 page views asked for the "
                             "most-read box %d times" % most_read)

    def test_a_page_asked_once_is_not_written(self):
        # A crawler asks for every page once: nginx keeps a page from its
        # second request on (fastcgi_cache_min_uses 2), so a single pass
        # writes nothing.  A URI of its own: letters percent-encoded at
        # random, which bantin decodes and nginx's cache key does not.
        target = "/%74" + "".join(
            "%%%02X" % ord(c) if os.urandom(1)[0] & 1 else c
            for c in "hoi-su") + "/"
        seen = []
        for _ in range(3):
            r = http(self.base, "GET", target, {"User-Agent": BROWSER_UA})
            self.assertEqual(r.status, 200, r.describe())
            seen.append(r.header("X-Cache"))
        self.assertEqual(seen, ["MISS", "MISS", "HIT"], target)

    def test_members_bypass_the_cache(self):
        q = unique("trang đệm thành viên")
        pid, opts = create_poll(self.db, q, ["Có", "Không"])
        self.addCleanup(close_poll, self.db, pid)
        self.cached()
        m = Visitor(self.base)
        m.login(self.db)
        self.addCleanup(m.logout)
        self.assertEqual(vote(m, pid, [opts[0]]).status, 303)
        # Never from the shared cache, never into it: their own sidebar,
        # with the results of the poll they voted in.
        for _ in range(3):
            r = self.get(m.cookie)
            self.assertEqual(r.header("X-Cache"), "BYPASS", r.describe())
            div = poll_div(bh.parse_html(r.text), pid)
            self.assertIsNone(div.find("form"))
            self.assertEqual(results_of(div)[1], totals_text(1, 1))
        r = self.cached()
        self.assertIsNotNone(poll_div(bh.parse_html(r.text), pid).find(
            "form"), "a member's page went into the shared cache")

    def test_an_edit_replaces_the_cached_page(self):
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


# --- the per-address cap --------------------------------------------------

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
    """A dev server of our own, on a copy of the dev database."""

    @classmethod
    def setUpClass(cls):
        cls.port = bh.free_port()
        cls.base = "http://127.0.0.1:%d" % cls.port
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
        for k in ("BANTIN_TRUSTED_PROXIES", "BANTIN_LIVE_STORE", "DEV_URL",
                  "NGINX_URL"):
            env.pop(k, None)
        env.update(PORT=str(cls.port), BANTIN_DB=cls.db,
                   BANTIN_VOTES_PER_ADDRESS="3", BANTIN_WWW=WWW,
                   BANTIN_BOTS=BOTS, BANTIN_BASE_URL=cls.base)
        env.update(extra)
        if not port_free(cls.port):
            raise AssertionError("port %d is taken" % cls.port)
        cls.log = os.path.join(cls.dir, "dev-%d.log" % time.monotonic_ns())
        with open(cls.log, "wb") as log:
            cls.proc = subprocess.Popen([os.path.join(BUILD, "bantin-dev")],
                                        env=env, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=log)
        if not bh.wait_for_port(cls.port, 15, cls.proc):
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

    def move_votes(self, pid, when):
        """Dates the poll's voters back (our own database)."""
        con = sqlite3.connect(self.db, timeout=10)
        try:
            with con:
                con.execute("UPDATE poll_voters SET voted_at = ? "
                            "WHERE poll_id = ?", (when, pid))
        finally:
            con.close()

    def test_votes_per_address_capped(self):
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

    def test_cap_per_utc_day(self):
        # The cap counts the address's voters of the UTC day, the address
        # hashed with that day's random key (site_secrets 'address:<day>').
        left = DAY - time.time() % DAY
        if left < 30:       # never across midnight
            time.sleep(left + 1)
        q = unique("giới hạn theo ngày")
        pid, opts = create_poll(self.db, q, ["Đúng", "Sai"])
        self.start()
        self.addCleanup(self.stop)
        vs = [Visitor(self.base) for _ in range(5)]
        for v in vs[:3]:
            r = vote(v, pid, [opts[0]])
            self.assertEqual(r.status, 303, r.describe())
        r = vote(vs[3], pid, [opts[0]])
        self.assertEqual(r.status, 429, r.describe())
        rows = query(self.db, "SELECT ip_hash, voted_at FROM poll_voters "
                     "WHERE poll_id = ?", (pid,))
        days = {t // DAY for _, t in rows}
        self.assertEqual(len(days), 1, rows)
        day = days.pop()
        key = query(self.db, "SELECT value FROM site_secrets WHERE name = ?",
                    ("address:%d" % day,))
        self.assertEqual(len(key), 1, "no key of the day %d" % day)
        self.assertEqual(len(key[0][0]), 32)
        want = hashlib.blake2b(b"127.0.0.1", digest_size=16,
                               key=key[0][0]).hexdigest()
        self.assertEqual({h for h, _ in rows}, {want})
        # Voters of the very start of today count ...
        self.move_votes(pid, day * DAY)
        r = vote(vs[3], pid, [opts[0]])
        self.assertEqual(r.status, 429, r.describe())
        # ... those of the second before do not, within 24 hours as they are.
        self.move_votes(pid, day * DAY - 1)
        for v in vs[3:]:
            r = vote(v, pid, [opts[1]])
            self.assertEqual(r.status, 303, r.describe())
        self.assertEqual(self.voters(pid), (5, 5))
        self.assertEqual(tallies(self.db, pid)[0], {opts[0]: 3, opts[1]: 2})

    def test_live_store_unavailable(self):
        # Votes wait for the live store (here a Redis server that does not
        # answer): 503 with Retry-After, nothing counted; pages still serve,
        # without the figures.
        q = unique("kho trực tiếp vắng")
        pid, opts = create_poll(self.db, q, ["Có", "Không"])
        nothing = bh.free_port()        # where nothing listens
        self.start(BANTIN_LIVE_STORE="redis://127.0.0.1:%d/0" % nothing)
        self.addCleanup(self.stop)
        before = tallies(self.db, pid)
        for v in (Visitor(self.base), Visitor(self.base, fresh=True)):
            r = vote(v, pid, [opts[0]])
            self.assertEqual(r.status, 503, r.describe())
            self.assertRegex(r.header("Retry-After") or "", r"^[1-9][0-9]*$")
            self.assertIn("Hệ thống đang bận", r.text)
        self.assertEqual(tallies(self.db, pid), before)
        r = http(self.base, "GET", "/live/poll?poll=%d" % pid,
                 {"User-Agent": BROWSER_UA})
        self.assertEqual(r.status, 503, r.describe())
        self.assertRegex(r.header("Retry-After") or "", r"^[1-9][0-9]*$")
        r = http(self.base, "GET", "/binh-chon/%d" % pid,
                 {"User-Agent": BROWSER_UA})
        self.assertEqual(r.status, 200, r.describe())
        art = bh.parse_html(r.text).find("article", cls="poll-page")
        self.assertEqual(art.find("h1").norm_text(), q)
        self.assertIsNone(art.find("ul", cls="poll-results"))
        self.assertNotIn("Tổng số phiếu", r.text)


# --- invariants over every poll, after each test ------------------------------

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
                    "poll_votes v WHERE v.option_id = o.id) "
                    "FROM poll_options o "
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


# --- runner ------------------------------------------------------------------

def main():
    return bh.run((PollsMixin, NginxCache, AddressCap), "poll tests")


if __name__ == "__main__":
    sys.exit(main())
