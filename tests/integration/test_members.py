#!/usr/bin/env python3
"""HTTP integration tests of members: /dang-nhap, /dang-xuat, sessions, the
header's account box, members online and member votes; and the
`bantin-admin member` commands.

Run by tests/integration/run.sh with DEV_URL, NGINX_URL, ... (the servers),
BUILD and T (the harness temp dir, holding <server>.db).  The members are
those of tests/integration/fixtures.sql:
    Nguyễn / mật-khẩu-mạnh, lan / mat-khau-lan, nguoicu / mat-khau-cu (a weak
    hash), khoa / mat-khau-khoa (disabled), hoa / mat-khau-hoa
Per server (MembersMixin): the login page, login, cookies, wrong passwords,
disabled members, CSRF, open redirects, session fixation, logout, the rate
limit, a password upgrade, NFD names, hostile input.  NginxLimit: nginx's
limit_req.  Private: a dev server of our own (exact online counts, member
votes, the https cookie).  AdminCli: bantin-admin member on a temp
database.  The last line printed is "N passed, M failed".
"""
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import unicodedata
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bantin_http as bh  # noqa: E402

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.abspath(os.environ.get("BUILD") or os.path.join(TOP, "build"))
T = os.environ.get("T")
UA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
TOKEN = re.compile(r'<input type="hidden" name="token" value="([0-9a-f]{32})">')
SID = re.compile(r"^(__Host-)?bantin_sid=([0-9a-f]*);")
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."
NGUYEN = "Nguyễn"
NGUYEN_PW = "mật-khẩu-mạnh"


http = bh.http


class Browser:
    """A browser's cookie jar over plain HTTP requests, from loopback
    address `source` if given."""

    def __init__(self, base, source=None):
        self.base = base
        self.source = source
        self.cookies = {}

    def cookie_header(self):
        return "; ".join("%s=%s" % kv for kv in self.cookies.items())

    def request(self, method, target, body=None, origin=True, extra=()):
        headers = [("User-Agent", UA)]
        if self.cookies:
            headers.append(("Cookie", self.cookie_header()))
        if body is not None:
            headers.append(("Content-Type",
                            "application/x-www-form-urlencoded"))
            if origin is True:
                headers.append(("Origin", self.base))
            elif origin:
                headers.append(("Origin", origin))
        headers += list(extra)
        if isinstance(body, list):
            body = urllib.parse.urlencode(body)
        r = http(self.base, method, target, headers, body,
                 source=self.source)
        for c in r.header_all("Set-Cookie"):
            name, _, rest = c.partition("=")
            value = rest.split(";")[0]
            if "Max-Age=0" in c:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return r

    def get(self, target):
        return self.request("GET", target)

    def token(self, path="/dang-nhap"):
        r = self.get(path)
        m = TOKEN.search(r.text)
        if r.status != 200 or m is None:
            raise AssertionError("no token in %s:\n%s" % (path, r.describe(3000)))
        return m.group(1)

    def login(self, username, password, next_=None, token=None, origin=True,
              extra=()):
        fields = [("username", username), ("password", password)]
        if token is not False:      # False: no token field at all
            fields.append(("token", token if token is not None else self.token()))
        if next_ is not None:
            fields.append(("next", next_))
        return self.request("POST", "/dang-nhap", fields, origin, extra)

    def logout(self):
        return self.request("POST", "/dang-xuat",
                            [("token", self.token("/dang-xuat"))])

    def sid(self):
        for k, v in self.cookies.items():
            if k.endswith("bantin_sid"):
                return v
        return None

    def greeting(self, path="/"):
        """The account box of a page: the display name, or None."""
        r = self.get(path)
        if r.status != 200:
            raise AssertionError("GET %s → %d" % (path, r.status))
        box = bh.parse_html(r.text).find(cls="account-box")
        if box is None:
            raise AssertionError("no account box in %s:\n%s" %
                                 (path, r.describe(3000)))
        g = box.find(cls="account-greeting")
        if g is None:
            assert box.find("a", cls="account-login") is not None, box
            return None
        return g.find("strong").norm_text()


def session_cookie(r):
    """The session Set-Cookie header of a response, or None."""
    for c in r.header_all("Set-Cookie"):
        if SID.match(c):
            return c
    return None


def admin(db, *args, password=None):
    env = dict(os.environ, BANTIN_DB=db,
               BANTIN_SCHEMA=os.path.join(TOP, "schema.sql"))
    return subprocess.run([os.path.join(BUILD, "bantin-admin")] + list(args),
                          input=password, capture_output=True, text=True,
                          env=env, timeout=60)


def db_path(server):
    return os.path.join(T, "%s.db" % server)


def query(server, sql, *params):
    return bh.query(db_path(server), sql, *params)


class MembersMixin:
    def b(self):
        return Browser(self.base)

    def test_login_page(self):
        br = self.b()
        r = br.get("/dang-nhap?next=/thoi-su/")
        self.assertEqual(r.status, 200, r.describe())
        self.assertEqual(r.header("Cache-Control"), "no-store")
        self.assertIn("bantin_vid", br.cookies, "a visitor cookie for the token")
        doc = bh.parse_html(r.text)
        self.assertIsNotNone(doc.find("nav", cls="site-nav"), "site layout")
        form = doc.find("form", cls="account-form")
        self.assertEqual(form.attrs.get("method"), "post")
        self.assertEqual(form.attrs.get("action"), "/dang-nhap")
        names = {i.attrs.get("name") for i in form.find_all("input")}
        self.assertEqual(names, {"token", "next", "username", "password"})
        self.assertEqual(form.find("input", name="next").attrs["value"],
                         "/thoi-su/")
        self.assertEqual(form.find("input", name="password").attrs["type"],
                         "password")
        # Guests see a login link in the header, back to the page they are on.
        self.assertIsNone(br.greeting("/thoi-su/"))
        box = bh.parse_html(br.get("/thoi-su/").text).find(cls="account-box")
        self.assertEqual(box.find("a").attrs["href"],
                         "/dang-nhap?next=%2Fthoi-su%2F")

    def test_login_cookie_greeting(self):
        br = self.b()
        r = br.login(NGUYEN, NGUYEN_PW, next_="/thoi-su/")
        self.assertEqual(r.status, 303, r.describe())
        self.assertEqual(r.header("Location"), self.base + "/thoi-su/")
        c = session_cookie(r)
        self.assertIsNotNone(c, r.describe())
        self.assertRegex(c, r"^bantin_sid=[0-9a-f]{64}; Path=/; "
                         r"Max-Age=2592000; HttpOnly; SameSite=Lax$")
        self.assertNotIn("Secure", c)
        self.assertEqual(br.greeting("/thoi-su/"), "Nguyễn Văn An")
        # A member's page is theirs: no cache on the way may keep it.
        for path in ("/thoi-su/", "/", "/tim-kiem?q=an+ninh",
                     "/quoc-phong-an-ninh/bo-quoc-phong-duy-tri-hieu-qua-"
                     "quoc-te-hop-tac-an-ninh-mang-1.htm"):
            r = br.get(path)
            self.assertEqual(r.header("Cache-Control"), "private, no-store",
                             (path, r.describe()))
        r = br.get("/")
        self.assertIn("Xin chào, <strong>Nguyễn Văn An</strong>", r.text)
        logout = bh.parse_html(r.text).find("form", cls="logout-form")
        self.assertEqual(logout.attrs["action"], "/dang-xuat")
        self.assertEqual(logout.attrs["method"], "post")
        # Only the hash of the cookie is stored.
        sid = br.sid()
        rows = query(self.server, "SELECT hex(id_hash) FROM sessions s "
                     "JOIN members m ON m.id = s.member_id "
                     "WHERE m.username = ?", NGUYEN)
        self.assertTrue(rows)
        self.assertNotIn(sid.upper(), {h for (h,) in rows})
        # Another browser is still a guest, and so is this one's page HTML
        # for everybody else.
        self.assertIsNone(self.b().greeting("/thoi-su/"))
        # Logged in, the login page says so.
        self.assertIn("Bạn đang đăng nhập với tên", br.get("/dang-nhap").text)

    def test_wrong_password_unknown_user_disabled(self):
        # Each case three times, interleaved: the quickest of each is the
        # cost of the request, not of whatever else ran on the machine.
        times = {}
        for _ in range(3):
            for what, user, pw in (("wrong password", "lan", "sai-mat-khau"),
                                   ("unknown user", "khong-ai-ca",
                                    "sai-mat-khau"),
                                   ("disabled", "khoa", "mat-khau-khoa")):
                br = self.b()
                t0 = time.monotonic()
                r = br.login(user, pw)
                took = time.monotonic() - t0
                times[what] = min(times.get(what, took), took)
                self.assertEqual(r.status, 403,
                                 "%s: %s" % (what, r.describe()))
                self.assertIn(WRONG, r.text, what)
                self.assertIsNone(session_cookie(r), what)
                self.assertIsNone(br.greeting(), what)
                # The form again, with the name kept and the password not.
                form = bh.parse_html(r.text).find("form", cls="account-form")
                self.assertEqual(form.find("input", name="username").attrs.get(
                    "value"), user, what)
                self.assertFalse(form.find("input", name="password").attrs.get(
                    "value"), what)
        # An unknown name costs a password check too (Argon2id, ~0.1 s).
        self.assertGreater(times["unknown user"], 0.4 * times["wrong password"],
                           times)

    def test_login_from_other_sites_refused(self):
        a, other = self.b(), self.b()
        ta, tother = a.token(), other.token()
        cases = [("no token", dict(token=False), True, ()),
                 ("a wrong token", dict(token="0" * 32), True, ()),
                 ("another visitor's token", dict(token=tother), True, ()),
                 ("cross-site Origin", dict(token=ta), "http://evil.example", ()),
                 ("Sec-Fetch-Site: cross-site", dict(token=ta), True,
                  [("Sec-Fetch-Site", "cross-site")])]
        for what, kw, origin, extra in cases:
            r = a.login("lan", "mat-khau-lan", origin=origin, extra=extra, **kw)
            self.assertEqual(r.status, 403, "%s: %s" % (what, r.describe()))
            self.assertIsNone(session_cookie(r), what)
        # Without the visitor cookie the token means nothing.
        bare = Browser(self.base)
        r = bare.login("lan", "mat-khau-lan", token=ta)
        self.assertEqual(r.status, 403, r.describe())
        # The same form from this site logs in.
        r = a.login("lan", "mat-khau-lan", token=ta)
        self.assertEqual(r.status, 303, r.describe())
        # Logout is a POST with the token too.
        sid = a.sid()
        r = a.request("POST", "/dang-xuat", [("token", "0" * 32)])
        self.assertEqual(r.status, 403, r.describe())
        self.assertEqual(a.sid(), sid)
        self.assertEqual(a.greeting(), "Trần Thị Lan")

    def test_open_redirect(self):
        for bad in ("//evil.example", "https://evil.example", "/\\evil.example",
                    "%2F%2Fevil.example", "/%5Cevil.example", "evil.example",
                    "javascript:alert(1)", "/\tevil"):
            br = self.b()
            token = br.token()
            body = ("username=lan&password=mat-khau-lan&token=%s&next=%s" %
                    (token, bad.replace("\t", "%09")))
            r = br.request("POST", "/dang-nhap", body)
            self.assertEqual(r.status, 303, "%s: %s" % (bad, r.describe()))
            self.assertEqual(r.header("Location"), self.base + "/", bad)
        r = self.b().login("lan", "mat-khau-lan", next_="/tim-kiem?q=a")
        self.assertEqual(r.header("Location"), self.base + "/tim-kiem?q=a")
        # A Vietnamese next is percent-encoded in the Location header.
        r = self.b().login("lan", "mat-khau-lan", next_="/tim-kiem?q=đà nẵng")
        loc = r.header("Location")
        self.assertTrue(loc.isascii() and " " not in loc, loc)
        self.assertEqual(urllib.parse.unquote(loc),
                         self.base + "/tim-kiem?q=đà nẵng")

    def test_new_session_id_at_login(self):
        br = self.b()
        planted = "ab" * 32
        br.cookies["bantin_sid"] = planted
        self.assertIsNone(br.greeting(), "an unknown session id is nobody")
        r = br.login("lan", "mat-khau-lan")
        self.assertEqual(r.status, 303, r.describe())
        first = br.sid()
        self.assertNotEqual(first, planted)
        # Logging in again (say, after a password change) replaces it, and
        # the id the browser came with is dead.
        r = br.login("lan", "mat-khau-lan")
        second = br.sid()
        self.assertNotEqual(second, first)
        old = Browser(self.base)
        old.cookies["bantin_sid"] = first
        self.assertIsNone(old.greeting())
        self.assertEqual(br.greeting(), "Trần Thị Lan")

    def test_logout_ends_the_session(self):
        br = self.b()
        self.assertEqual(br.login("lan", "mat-khau-lan").status, 303)
        sid = br.sid()
        # A GET only asks.
        r = br.get("/dang-xuat")
        self.assertEqual(r.status, 200, r.describe())
        self.assertIn("Bạn có muốn đăng xuất?", r.text)
        self.assertEqual(br.greeting(), "Trần Thị Lan")
        r = br.logout()
        self.assertEqual(r.status, 303, r.describe())
        self.assertEqual(r.header("Location"), self.base + "/")
        self.assertRegex(session_cookie(r), r"^bantin_sid=; Path=/; Max-Age=0;")
        self.assertIsNone(br.greeting())
        again = Browser(self.base)
        again.cookies["bantin_sid"] = sid
        self.assertIsNone(again.greeting(), "the old cookie is dead")
        self.assertIn("Bạn chưa đăng nhập.", br.get("/dang-xuat").text)

    def test_login_rate_limit_per_name(self):
        # Five wrong passwords for one name in 15 minutes: the sixth
        # attempt is refused even with the right password.  With
        # Connection: close each request may land on any worker.
        for i in range(5):
            r = self.b().login("hoa", "sai-%d" % i)
            self.assertEqual(r.status, 403, "attempt %d: %s" % (i + 1, r.describe()))
        r = self.b().login("hoa", "mat-khau-hoa")
        self.assertEqual(r.status, 429, r.describe())
        retry = int(r.header("Retry-After"))
        self.assertTrue(800 <= retry <= 900, retry)
        self.assertIn("Vui lòng thử lại sau 15 phút", r.text)
        self.assertIsNone(session_cookie(r))
        r = self.b().login("HOA", "mat-khau-hoa")
        self.assertEqual(r.status, 429, "the limit is per name, without case")
        self.assertEqual(query(self.server, "SELECT count(*) FROM login_failures "
                               "WHERE username_key = 'hoa'")[0][0], 5)
        # Other names are not affected.
        self.assertEqual(self.b().login("lan", "mat-khau-lan").status, 303)

    def test_rehash_and_nfd(self):
        def stored():
            (h,), = query(self.server, "SELECT password_hash FROM members "
                          "WHERE username = 'nguoicu'")
            return h
        # No other test logs in as nguoicu: the weak hash of fixtures.sql.
        self.assertTrue(stored().startswith("$argon2id$v=19$m=8,t=1,p=1$"))
        r = self.b().login("nguoicu", "mat-khau-cu")
        self.assertEqual(r.status, 303, r.describe())
        h = stored()
        self.assertTrue(h.startswith("$argon2id$v=19$m=65536,t=2,p=1$"), h)
        self.assertEqual(self.b().login("nguoicu", "mat-khau-cu").status, 303)
        # Typed decomposed, in capitals: the member created as NFC.
        nfd = unicodedata.normalize("NFD", "NGUYỄN")
        self.assertNotEqual(nfd, "NGUYỄN")
        br = self.b()
        r = br.login(nfd, unicodedata.normalize("NFD", NGUYEN_PW))
        self.assertEqual(r.status, 303, r.describe())
        self.assertEqual(br.greeting(), "Nguyễn Văn An")

    def test_hostile_login_input_is_4xx(self):
        br = self.b()
        token = br.token()
        cases = [("huge username", "username=%s&password=x&token=%s" %
                  ("a" * 20000, token)),
                 ("huge password", "username=lan&password=%s&token=%s" %
                  ("a" * 2000, token)),
                 ("bad UTF-8", "username=lan&password=%%ff%%fe&token=%s" % token),
                 ("NUL", "username=la%%00n&password=x&token=%s" % token),
                 ("bad escape", "username=%%zz&password=x&token=%s" % token)]
        for what, body in cases:
            r = br.request("POST", "/dang-nhap", body)
            self.assertTrue(400 <= r.status < 500, "%s: %s" % (what, r.describe()))
            self.assertIsNone(session_cookie(r), what)
        r = br.request("PUT", "/dang-nhap", "")
        self.assertEqual(r.status, 405)
        r = br.request("POST", "/dang-nhap", "a=1" * 30000)
        self.assertEqual(r.status, 413, r.describe())

    def test_member_counted_as_member(self):
        before = self.stats()
        # Its visit is a new visitor's: from an address of its own, whose
        # allowance no other test spends.
        br = Browser(self.base, bh.own_address())
        self.assertEqual(br.login("lan", "mat-khau-lan").status, 303)
        r = br.get("/live/hit")
        self.assertEqual(r.status, 200)
        after = self.stats()
        self.assertEqual(after["members"], before["members"] + 1, (before, after))
        self.assertEqual(br.logout().status, 303)
        br.get("/live/hit")
        self.assertEqual(self.stats()["members"], before["members"])

    def test_disable_ends_sessions(self):
        br = self.b()
        self.assertEqual(br.login("Nguyễn", NGUYEN_PW).status, 303)
        self.assertEqual(br.greeting(), "Nguyễn Văn An")
        db = db_path(self.server)
        try:
            r = admin(db, "member", "disable", "nguyễn")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIsNone(br.greeting(), "a disabled member's session ends")
            r = self.b().login("Nguyễn", NGUYEN_PW)
            self.assertEqual(r.status, 403)
        finally:
            r = admin(db, "member", "enable", "nguyễn")
            self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIsNone(br.greeting(), "enabling again does not revive it")
        self.assertEqual(self.b().login("Nguyễn", NGUYEN_PW).status, 303)

    def stats(self):
        import json
        r = http(self.base, "GET", "/live/stats.json", [("User-Agent", UA)])
        self.assertEqual(r.status, 200)
        return json.loads(r.text)


class NginxLimit(unittest.TestCase):
    """nginx's limit_req on form posts: 429 from nginx past the burst.  From
    127.0.0.2, so the other tests' address keeps its allowance."""

    def test_limit_req(self):
        base = os.environ.get("NGINX_URL")
        if not base:
            self.skipTest("no nginx target")
        codes = []
        for _ in range(100):
            r = http(base.rstrip("/"), "POST", "/dang-nhap",
                     [("User-Agent", UA), ("Content-Type",
                                           "application/x-www-form-urlencoded")],
                     "username=x&password=y&token=" + "0" * 32,
                     source="127.0.0.2")
            codes.append(r.status)
        self.assertIn(403, codes, "bantin answered the first ones")
        self.assertGreaterEqual(codes.count(429), 15, codes)
        # GETs are never limited.
        r = http(base.rstrip("/"), "GET", "/dang-nhap", [("User-Agent", UA)],
                 source="127.0.0.2")
        self.assertEqual(r.status, 200)


class Private(unittest.TestCase):
    """A dev server of our own on a fresh database: exact online counts,
    member votes, and the https cookie."""

    procs = []

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="bantin-members-")
        cls.db = os.path.join(cls.dir, "m.db")
        r = admin(cls.db, "create", os.path.join(TOP, "db/sample.sql"),
                  os.path.join(TOP, "tests/integration/fixtures.sql"))
        assert r.returncode == 0, r.stderr
        cls.http_base = cls.start("http")
        cls.https_base = cls.start("https")

    @classmethod
    def start(cls, scheme):
        port = bh.free_port()
        env = dict(os.environ, PORT=str(port), BANTIN_DB=cls.db,
                   BANTIN_BASE_URL="%s://127.0.0.1:%d" % (scheme, port))
        log = open(os.path.join(cls.dir, "%s.log" % scheme), "w")
        p = subprocess.Popen([os.path.join(BUILD, "bantin-dev")], env=env,
                             stdout=log, stderr=log)
        cls.procs.append((p, log))
        bh.wait_for_port(port, proc=p)
        return "http://127.0.0.1:%d" % port

    @classmethod
    def tearDownClass(cls):
        for p, log in cls.procs:
            p.terminate()
            p.wait(timeout=10)
            log.close()
        for scheme in ("http", "https"):
            with open(os.path.join(cls.dir, "%s.log" % scheme)) as f:
                text = f.read()
            for bad in ("AddressSanitizer", "runtime error:", "LeakSanitizer"):
                assert bad not in text, text
        subprocess.run(["rm", "-rf", cls.dir])

    def widget(self, br):
        doc = bh.parse_html(br.get("/").text)

        def n(cls):
            return int(doc.find(cls=cls).norm_text().replace(".", ""))
        return n("stat-guests"), n("stat-members"), n("stat-online")

    def test_two_members_three_guests(self):
        members = []
        for user, pw in (("lan", "mat-khau-lan"), (NGUYEN, NGUYEN_PW)):
            br = Browser(self.http_base)
            self.assertEqual(br.login(user, pw).status, 303)
            members.append(br)
        guests = [Browser(self.http_base) for _ in range(3)]
        for br in members + guests:
            self.assertEqual(br.get("/live/hit").status, 200)
        # A member in a second browser is still one member.
        twice = Browser(self.http_base)
        self.assertEqual(twice.login("lan", "mat-khau-lan").status, 303)
        twice.get("/live/hit")
        self.assertEqual(self.widget(guests[0]), (3, 2, 5))
        r = guests[0].get("/")
        self.assertIn('<span>Khách</span> <strong class="stat-guests">3</strong>',
                      r.text)
        self.assertIn('<span>Thành viên</span> <strong class="stat-members">2'
                      '</strong>', r.text)
        self.assertIn('<span>Tổng</span> <strong class="stat-online">5</strong>',
                      r.text)

    def test_member_votes_once_in_any_browser(self):
        q = "Kiểm thử bình chọn thành viên %d?" % os.getpid()
        sql = os.path.join(self.dir, "poll.sql")
        with open(sql, "w") as f:
            f.write("INSERT INTO polls (id, question) VALUES (900, '%s');\n"
                    "INSERT INTO poll_options (id, poll_id, label) VALUES "
                    "(9001, 900, 'Có'), (9002, 900, 'Không');\n" % q)
        self.assertEqual(admin(self.db, "sql", sql).returncode, 0)
        try:
            a, b = Browser(self.http_base), Browser(self.http_base)
            for br in (a, b):
                self.assertEqual(br.login("hoa", "mat-khau-hoa").status, 303)
            token = TOKEN.search(a.get("/").text).group(1)
            r = a.request("POST", "/live/vote", [("poll", "900"), ("option", "9001"),
                                                 ("token", token), ("from", "/")])
            self.assertEqual(r.status, 303, r.describe())
            # The other browser shows the results, and its vote changes nothing.
            page = b.get("/").text
            self.assertNotIn('name="option" value="9001"', page)
            token = TOKEN.search(page).group(1)
            r = b.request("POST", "/live/vote", [("poll", "900"), ("option", "9002"),
                                                 ("token", token), ("from", "/")])
            self.assertEqual(r.status, 303, r.describe())
            con = sqlite3.connect(self.db)
            rows = con.execute("SELECT voter FROM poll_voters WHERE poll_id = 900"
                               ).fetchall()
            votes = con.execute("SELECT id, votes FROM poll_options WHERE "
                                "poll_id = 900 ORDER BY id").fetchall()
            con.close()
            self.assertEqual(rows, [("m:5",)])
            self.assertEqual(votes, [(9001, 1), (9002, 0)])
        finally:
            with open(sql, "w") as f:
                f.write("UPDATE polls SET status = 'closed' WHERE id = 900;\n")
            admin(self.db, "sql", sql)

    def test_https_cookie(self):
        br = Browser(self.https_base)
        https_origin = self.https_base.replace("http://", "https://")
        token = br.token()
        r = br.login("lan", "mat-khau-lan", token=token, origin=https_origin)
        self.assertEqual(r.status, 303, r.describe())
        self.assertTrue(r.header("Location").startswith(https_origin), r.describe())
        self.assertRegex(session_cookie(r), r"^__Host-bantin_sid=[0-9a-f]{64}; "
                         r"Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax; "
                         r"Secure$")
        self.assertEqual(br.greeting(), "Trần Thị Lan")
        # The plain name means nothing on an https site.
        plain = Browser(self.https_base)
        plain.cookies["bantin_sid"] = br.sid()
        self.assertIsNone(plain.greeting())


class AdminCli(unittest.TestCase):
    """bantin-admin member on a database of its own."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="bantin-admin-members-")
        cls.db = os.path.join(cls.dir, "a.db")
        r = admin(cls.db, "create")
        assert r.returncode == 0, r.stderr

    @classmethod
    def tearDownClass(cls):
        subprocess.run(["rm", "-rf", cls.dir])

    def hash_of(self, username):
        con = sqlite3.connect(self.db)
        try:
            return con.execute("SELECT password_hash FROM members WHERE "
                               "username = ?", (username,)).fetchone()[0]
        finally:
            con.close()

    def test_add_passwd_disable_list(self):
        nfd = unicodedata.normalize("NFD", "Trần_Bình")
        r = admin(self.db, "member", "add", nfd, "--name", "Trần Văn Bình",
                  "--email", "binh@example.vn", password="mot-mat-khau-dai\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        h = self.hash_of("Trần_Bình")     # stored NFC
        self.assertTrue(h.startswith("$argon2id$"), h)
        self.assertNotIn("mot-mat-khau-dai", h)
        # Taken, whatever the case or normalization.
        r = admin(self.db, "member", "add", "TRẦN_BÌNH", password="khac-mat-khau\n")
        self.assertEqual(r.returncode, 1)
        self.assertIn("taken", r.stderr)
        r = admin(self.db, "member", "passwd", "trần_bình",
                  password="mat-khau-moi-123\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotEqual(self.hash_of("Trần_Bình"), h)
        r = admin(self.db, "member", "disable", "TRẦN_BÌNH")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = admin(self.db, "member", "list")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"Trần_Bình +Trần Văn Bình +binh@example.vn +disabled")
        r = admin(self.db, "member", "disable", "khong-co")
        self.assertEqual(r.returncode, 1)
        self.assertIn("no member", r.stderr)

    def test_rules(self):
        for name, why in (("ab", "3 to 32"), ("a" * 33, "3 to 32"),
                          ("_abc", "start with"), ("có dấu cách", "only letters"),
                          ("a<b>c", "only letters")):
            r = admin(self.db, "member", "add", name, password="du-dai-roi\n")
            self.assertEqual(r.returncode, 1, name)
            self.assertIn(why, r.stderr, name)
        r = admin(self.db, "member", "add", "ngan", password="ngan\n")
        self.assertEqual(r.returncode, 1)
        self.assertIn("8 to 1024", r.stderr)
        r = admin(self.db, "member", "add", "rong", password="")
        self.assertEqual(r.returncode, 1)
        self.assertIn("no password", r.stderr)
        r = admin(self.db, "member", "add", "thu", "--email", "khong-phai-email",
                  password="du-dai-roi\n")
        self.assertEqual(r.returncode, 1)
        # Never from the command line.
        r = admin(self.db, "member", "add", "thu", "--password", "x")
        self.assertEqual(r.returncode, 2)


if __name__ == "__main__":
    sys.exit(bh.run([MembersMixin, NginxLimit, Private, AdminCli], "members"))
