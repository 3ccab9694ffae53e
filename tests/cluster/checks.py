#!/usr/bin/env python3
"""The two-node cluster's checks (make test-cluster), run by
tests/cluster/run.sh inside the readers' namespace once every machine of
tests/cluster/node.sh is up: Redis, the editorial node, web nodes a and
b, the balancer at 10.99.0.2.  Readers connect from 10.99.0.100,
10.99.1.1-120 and, for the loads, 10.99.64.0/20; the balancer adds
X-Forwarded-For and names the node that answered in X-Bantin-Node.

In order, on one fresh Redis (the counts are exact):
  1. distinct visitors spread over both nodes: exactly that many visits,
     online guests and article views, read from either node;
  2. a poll voted on through both nodes counts each voter once; the
     per-address cap (5 in this cluster) holds across nodes, a reader's
     own X-Forwarded-For does not escape it;
  3. a member logged in through node a is logged in on node b; `bantin-
     admin member disable` (and `member passwd`) on the editorial node
     logs them out on both at once, and before any snapshot ships they
     cannot log in again on either (with the new password: can);
  4. an article published on the editorial node is served by both web
     nodes within SWAP_DELAY seconds of the snapshot's rename, with no
     failed request meanwhile (wrk); an unchanged snapshot is not
     fetched again;
  5. kill -9 of every process of node a during a stream of hits: the
     balancer sends the rest to b, every acknowledged hit (2xx) is
     counted in Redis, a rejoins once restarted;
  6. Redis restarted during pages and hits: no page fails, every hit
     acknowledged before the restart is still counted, votes answer 503
     with Retry-After meanwhile, counting resumes by itself;
  7. a picture added on the editorial node and shown by a published
     article is served by both web nodes, the editorial file's bytes,
     and still once the editorial node's nginx is stopped; a picture
     the editorial node lacks is a 404, and nobody else reaches its
     pictures.
The last line printed is "N passed, M failed".
"""
import concurrent.futures
import http.client
import http.cookies
import itertools
import json
import os
import re
import secrets
import subprocess
import sys
import threading
import time
import unittest
import urllib.parse

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "integration"))
import bantin_http as bh  # noqa: E402

C = os.environ["CLUSTER"]
ENV = dict(line.rstrip("\n").split("=", 1) for line in open(C + "/env"))
BUILD = ENV["BUILD"]
LB = "10.99.0.2"
NODES = {"a": "10.99.0.31", "b": "10.99.0.32"}
BASE = "http://" + LB                   # base_url of every node
UA = ("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 "
      "Firefox/128.0")
VISITORS = 2000                         # test 1
VISITOR_ADDRESSES = 100                 # 10.99.1.1-100, 20 new each
POLL, OPTIONS = 700, (701, 702, 703)    # tests/cluster/fixtures.sql
CAP = 5                                 # votes_per_address (node.sh)
MEMBER, MEMBER_PW, MEMBER_NAME = "lan", "mat-khau-lan", "Trần Thị Lan"
SWAP_DELAY = 2.0                        # docs/SCALING.md
TOKEN = re.compile(r'<input type="hidden" name="token" value="([^"]*)">')


def client_address(i):
    return "10.99.1.%d" % i


# The loads' new visitors come each from the next of 4 000 addresses
# (tests/cluster/node.sh: 10.99.64.0/20): the live store counts 30 new
# visitors per address per ten minutes.
load_addresses = ("10.99.%d.%d" % (64 + n // 256, n % 256)
                  for n in itertools.cycle(range(1, 4001)))
load_lock = threading.Lock()


def load_address():
    with load_lock:
        return next(load_addresses)


# --- HTTP ---------------------------------------------------------------

class Answer:
    def __init__(self, status, headers, cookies, body):
        self.status = status
        self.headers = headers          # lowercase name: value
        self.cookies = cookies          # the Set-Cookie values
        self.body = body

    def header(self, name):
        return self.headers.get(name.lower())

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    @property
    def node(self):
        return self.header("X-Bantin-Node")

    def describe(self):
        return "%d %r\n%s" % (self.status, self.headers, self.text[:800])


def fetch(host, method, target, headers=(), body=None, source=None,
          timeout=15):
    """One request on its own connection; headers a list of pairs."""
    conn = http.client.HTTPConnection(
        host, 80, timeout=timeout,
        source_address=(source, 0) if source else None)
    try:
        conn.putrequest(method, target, skip_host=True,
                        skip_accept_encoding=True)
        conn.putheader("Host", LB)
        conn.putheader("Connection", "close")
        for k, v in headers:
            conn.putheader(k, v)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body.encode() if body is not None else None)
        r = conn.getresponse()
        return Answer(r.status, {k.lower(): v for k, v in r.getheaders()},
                      r.msg.get_all("Set-Cookie") or [], r.read())
    finally:
        conn.close()


class Browser:
    """A reader: its cookies, its address, and where it connects (the
    balancer unless told)."""

    def __init__(self, source, host=LB, vid=True):
        self.source = source
        self.host = host
        self.cookies = {}
        if vid:
            self.cookies["bantin_vid"] = secrets.token_hex(16)

    def request(self, method, target, fields=None, headers=(), host=None):
        h = [("User-Agent", UA)]
        if self.cookies:
            h.append(("Cookie", "; ".join("%s=%s" % kv for kv in
                                          self.cookies.items())))
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            h += [("Content-Type", "application/x-www-form-urlencoded"),
                  ("Origin", BASE), ("Sec-Fetch-Site", "same-origin")]
        r = fetch(host or self.host, method, target, h + list(headers), body,
                  self.source)
        jar = http.cookies.SimpleCookie()
        for c in r.cookies:
            jar.load(c)
        for name, morsel in jar.items():
            if morsel["max-age"] == "0":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value
        return r

    def vote(self, option, host=None, headers=()):
        return self.request("POST", "/live/vote",
                            [("poll", str(POLL)), ("option", str(option))],
                            headers, host)

    def login(self, host, username=MEMBER, password=MEMBER_PW):
        m = TOKEN.search(self.request("GET", "/dang-nhap", host=host).text)
        if m is None:
            raise AssertionError("no token in /dang-nhap on %s" % host)
        return self.request("POST", "/dang-nhap",
                            [("username", username), ("password", password),
                             ("token", m.group(1))], host=host)

    def greeting(self, host):
        """The display name in the account box node `host` gives, or
        None (the login link)."""
        r = self.request("GET", "/live/account?from=/", host=host)
        if r.status != 200:
            raise AssertionError("/live/account on %s\n%s" % (
                host, r.describe()))
        m = re.search(r"Xin chào, <strong>([^<]*)</strong>", r.text)
        if m is None and "Đăng nhập" not in r.text:
            raise AssertionError("neither a greeting nor a login link\n"
                                 + r.describe())
        return m.group(1) if m else None


def stats(node):
    r = fetch(NODES[node], "GET", "/live/stats.json", [("User-Agent", UA)])
    if r.status != 200:
        raise AssertionError("stats.json on %s\n%s" % (node, r.describe()))
    return json.loads(r.text)


def views(node, article):
    r = fetch(NODES[node], "GET", "/live/views?article=%d" % article,
              [("User-Agent", UA)])
    if r.status != 200:
        raise AssertionError("/live/views on %s\n%s" % (node, r.describe()))
    return int(re.sub(r"[^0-9]", "", r.text))


def poll_figures(node):
    """(voters, {option label: votes}) of the poll, from node."""
    r = fetch(NODES[node], "GET", "/live/poll?poll=%d" % POLL,
              [("User-Agent", UA)])
    if r.status != 200:
        raise AssertionError("/live/poll on %s\n%s" % (node, r.describe()))
    votes = {m.group(1): int(m.group(2).replace(".", "")) for m in
             re.finditer(r'poll-label">([^<]*)</span>\s*<span class="'
                         r'poll-figures"><strong>[^<]*</strong> · '
                         r'([0-9.]+) phiếu', r.text)}
    m = re.search(r"Số người bình chọn: <strong>([0-9.]+)</strong>",
                  r.text)
    if m is None or len(votes) != len(OPTIONS):
        raise AssertionError("no figures in /live/poll\n" + r.describe())
    return int(m.group(1).replace(".", "")), votes


def eventually(read, want, what, seconds=3.0):
    """read() until it gives want: a node's nginx keeps the guests' poll
    figures for a second (X-Accel-Expires)."""
    deadline = time.monotonic() + seconds
    while True:
        got = read()
        if got == want:
            return
        if time.monotonic() > deadline:
            raise AssertionError("%s: %r, not %r" % (what, got, want))
        time.sleep(0.2)


def hit(vid, article, source=None):
    """One counting-pixel hit of visitor vid through the balancer."""
    return fetch(LB, "GET", "/live/hit?article=%d" % article,
                 [("User-Agent", UA), ("Cookie", "bantin_vid=" + vid)],
                 source=source, timeout=10)


# --- the machines -------------------------------------------------------

def node_sh(*args, stdin=None):
    r = subprocess.run(["sh", os.path.join(TOP, "tests/cluster/node.sh")]
                       + list(args), input=stdin, capture_output=True,
                       text=True, timeout=120)
    if r.returncode != 0:
        raise AssertionError("node.sh %s: %d\n%s%s" % (
            " ".join(args), r.returncode, r.stdout, r.stderr))
    return r.stdout


def admin(*args, stdin=None):
    """bantin-admin on the editorial node."""
    return node_sh("in", "edit", os.path.join(BUILD, "bantin-admin"),
                   *args, stdin=stdin)


def admin_sql(text):
    path = os.path.join(C, "edit", "script-%s.sql" % secrets.token_hex(4))
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    admin("sql", path)


def ship():
    """The snapshot made on the editorial node, pulled by both nodes."""
    node_sh("publish")
    for n in NODES:
        node_sh("pull", n)


def edit_query(sql, *args):
    return bh.query(os.path.join(C, "edit", "bantin.db"), sql, *args)


def article_path(aid):
    (section, slug), = edit_query(
        "SELECT c.slug, a.slug FROM articles a JOIN categories c "
        "ON c.id = a.category_id WHERE a.id = ?", aid)
    return "/%s/%s-%d.htm" % (section, slug, aid)


def counted(vids):
    """The visitors of vids that Redis has a last hit of."""
    if not vids:
        return set()
    vids = list(vids)
    out = node_sh("redis-cli", stdin="".join(
        "EXISTS bantin:last:%s\n" % v for v in vids)).split()
    if len(out) != len(vids):
        raise AssertionError("redis-cli answered %d lines for %d" % (
            len(out), len(vids)))
    return {v for v, n in zip(vids, out) if n == "1"}


class Load:
    """Threads sending requests until stopped; each records (time sent,
    status or None for no answer, node, what) of every request."""

    def __init__(self, threads, make):
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.done = []
        self.threads = [threading.Thread(target=self.run, args=(make,))
                        for _ in range(threads)]

    def run(self, make):
        while not self.stop.is_set():
            what, send = make()
            t = time.monotonic()
            try:
                r = send()
                rec = (t, r.status, r.node, what)
            except (OSError, http.client.HTTPException):
                rec = (t, None, None, what)
            with self.lock:
                self.done.append(rec)

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join()

    def acked_before(self, t):
        """What got a 2xx answer, for requests sent before t."""
        with self.lock:
            return {w for (s, st, _, w) in self.done
                    if s < t and st is not None and 200 <= st < 300}


def hits_load(article):
    def make():
        vid = secrets.token_hex(16)
        source = load_address()
        return vid, lambda: hit(vid, article, source)
    return make


def wrk(target, seconds):
    """wrk against target for seconds, in the background: the process.
    A page slower than wrk's usual 2 s is slow, not failed (nginx 1.22
    makes the live fragments wait on its cache lock under load); one
    unanswered after 10 s is a failure."""
    return subprocess.Popen(
        ["wrk", "-t1", "-c4", "-d%ds" % seconds, "--timeout", "10s",
         "--latency", "-H", "User-Agent: " + UA, target],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wrk_result(p):
    """(requests, problems) of a finished wrk: any non-2xx/3xx answer or
    socket error is one."""
    out = p.communicate(timeout=60)[0]
    m = re.search(r"(\d+) requests in", out)
    lat = re.search(r"Latency +\S+ +\S+ +(\S+)", out)
    p99 = re.search(r"99% +(\S+)", out)
    if m is None or lat is None or p99 is None:
        raise AssertionError("wrk said:\n" + out)
    print("  wrk %s: %s requests, p99 %s, slowest %s" % (
        p.args[-1], m.group(1), p99.group(1), lat.group(1)), file=sys.stderr)
    bad = re.findall(r"(Non-2xx or 3xx responses: \d+|Socket errors:.*)",
                     out)
    return int(m.group(1)), bad


# --- the checks -----------------------------------------------------------

class Cluster(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        cls.articles = [r[0] for r in edit_query(
            "SELECT id FROM articles WHERE status = 'published' AND "
            "published_at <= ? ORDER BY id LIMIT 4", now)]
        cls.section = "/%s/" % edit_query(
            "SELECT slug FROM categories ORDER BY id LIMIT 1")[0][0]

    def test_1_visitors_over_both_nodes(self):
        """VISITORS new readers, each from one of VISITOR_ADDRESSES
        addresses, each hitting an article through the balancer without
        a cookie (which the answer issues) then again with it: exactly
        VISITORS visits and online guests, and each article's views, on
        either node."""
        def visitor(i):
            b = Browser(client_address(1 + i % VISITOR_ADDRESSES), vid=False)
            article = self.articles[i % len(self.articles)]
            first = b.request("GET", "/live/hit?article=%d" % article)
            again = b.request("GET", "/live/hit?article=%d" % article)
            return b.cookies.get("bantin_vid"), article, first, again

        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            seen = list(pool.map(visitor, range(VISITORS)))
        for vid, _, first, again in seen:
            self.assertEqual((first.status, again.status), (200, 200),
                             first.describe() + again.describe())
            self.assertRegex(vid or "", "^[0-9a-f]{32}$")
        self.assertEqual(len({s[0] for s in seen}), VISITORS)
        served = [s[2].node for s in seen] + [s[3].node for s in seen]
        for n in NODES:
            self.assertGreater(served.count(n), len(served) * 0.3,
                               "node %s served too few hits" % n)
        moved = sum(1 for s in seen if s[2].node != s[3].node)
        self.assertGreater(moved, VISITORS // 4,
                           "too few readers were counted by both nodes")
        want_views = {a: sum(1 for s in seen if s[1] == a)
                      for a in self.articles}
        for n in NODES:
            st = stats(n)
            self.assertEqual((st["guests"], st["members"], st["online"],
                              st["total_visits"]),
                             (VISITORS, 0, VISITORS, VISITORS),
                             "stats.json of node %s" % n)
            self.assertEqual({a: views(n, a) for a in self.articles},
                             want_views, "views read on node %s" % n)

    def test_2_poll_across_nodes(self):
        """Each voter votes on node a, then again on node b: counted once.
        Through the balancer, CAP voters of one address are taken
        whichever node they reach, the next are refused (429), also with
        an X-Forwarded-For of their own; another address still votes."""
        before = poll_figures("a")
        voters = [Browser(client_address(101 + i // 2)) for i in range(12)]
        for i, v in enumerate(voters):
            first = v.vote(OPTIONS[i % 3], host=NODES["a"])
            self.assertEqual(first.status, 303, first.describe())
            second = v.vote(OPTIONS[(i + 1) % 3], host=NODES["b"])
            self.assertEqual(second.status, 303, second.describe())
        want = before[0] + 12
        for n in NODES:
            eventually(lambda: poll_figures(n)[0], want, "voters on " + n)
            self.assertEqual(sum(poll_figures(n)[1].values()), want)

        office = client_address(110)
        answers = [Browser(office).vote(OPTIONS[0]) for _ in range(CAP + 2)]
        self.assertEqual([a.status for a in answers],
                         [303] * CAP + [429, 429],
                         [a.describe() for a in answers if a.status != 303])
        self.assertEqual({a.node for a in answers}, set(NODES))
        forged = Browser(office).vote(
            OPTIONS[0], headers=[("X-Forwarded-For", client_address(111))])
        self.assertEqual(forged.status, 429, forged.describe())
        other = Browser(client_address(111)).vote(OPTIONS[1])
        self.assertEqual(other.status, 303, other.describe())
        for n in NODES:
            eventually(lambda: poll_figures(n)[0], want + CAP + 1,
                       "voters on " + n)

    def test_3_member_on_both_nodes(self):
        """Logged in through a: logged in on b.  member disable on the
        editorial node: logged out on both at once (sessions live in
        Redis) and, though the web nodes' snapshot still has the member
        active, refused a new login on both (the account state is
        published in Redis too).  member enable: welcome again at once.
        member passwd: logged out on both at once; on both, before any
        snapshot ships, the old password is refused, the new one works."""
        one = Browser(client_address(115))
        two = Browser(client_address(116))
        r = one.login(NODES["a"])
        self.assertEqual(r.status, 303, r.describe())
        r = two.login(NODES["b"])
        self.assertEqual(r.status, 303, r.describe())
        for br in (one, two):
            for n in NODES.values():
                self.assertEqual(br.greeting(n), MEMBER_NAME)
        self.assertIn("disabled", admin("member", "disable", MEMBER))
        try:
            for br in (one, two):
                for n in NODES.values():
                    self.assertIsNone(br.greeting(n),
                                      "still logged in on %s" % n)
            for i, n in enumerate(NODES.values()):
                r = Browser(client_address(117 + i)).login(n)
                self.assertEqual(r.status, 403, r.describe())
        finally:
            self.assertIn("enabled", admin("member", "enable", MEMBER))
        r = one.login(NODES["a"])
        self.assertEqual(r.status, 303, r.describe())
        self.assertEqual(one.greeting(NODES["b"]), MEMBER_NAME)
        admin("member", "passwd", MEMBER, stdin="mat-khau-moi-lan\n")
        for n in NODES.values():
            self.assertIsNone(one.greeting(n), "still logged in on %s" % n)
        for i, n in enumerate(NODES.values()):
            r = Browser(client_address(119 + i)).login(n)
            self.assertEqual(r.status, 403, r.describe())
            r = Browser(client_address(112 + i)).login(
                n, password="mat-khau-moi-lan")
            self.assertEqual(r.status, 303, r.describe())
        ship()
        r = two.login(NODES["b"], password="mat-khau-moi-lan")
        self.assertEqual(r.status, 303, r.describe())

    def test_4_publish_and_swap(self):
        """An article added on the editorial node, the snapshot made and
        pulled by each node under wrk's load: served by the node within
        SWAP_DELAY of its rename, no failed request."""
        title = "Bài cụm máy chủ %s" % secrets.token_hex(4)
        admin_sql("INSERT INTO articles (category_id, title, body) VALUES "
                  "(1, '%s', 'Nội dung.');\n" % title)
        (section, aid), = edit_query(
            "SELECT c.slug, a.id FROM articles a JOIN categories c "
            "ON c.id = a.category_id WHERE a.title = ?", title)
        path = article_path(aid)
        for n in NODES.values():
            self.assertEqual(fetch(n, "GET", path).status, 404)
        node_sh("publish")
        load = [wrk("http://%s/" % LB, 8),
                wrk("http://%s/%s/" % (LB, section), 8)]
        time.sleep(1)
        for n, addr in NODES.items():
            db = os.path.join(C, n, "bantin.db")
            ino = os.stat(db).st_ino
            node_sh("pull", n)
            swapped = time.monotonic()
            self.assertNotEqual(os.stat(db).st_ino, ino, "not replaced")
            while fetch(addr, "GET", path).status != 200:
                self.assertLess(time.monotonic() - swapped, SWAP_DELAY,
                                "%s not served by %s" % (path, n))
                time.sleep(0.05)
            while title not in fetch(addr, "GET", "/").text:
                self.assertLess(time.monotonic() - swapped, SWAP_DELAY,
                                "%s not on the home page of %s" % (title, n))
                time.sleep(0.05)
            # The same snapshot again: a 304, the file left alone.
            ino = os.stat(db).st_ino
            node_sh("pull", n)
            self.assertEqual(os.stat(db).st_ino, ino)
        for p in load:
            n, bad = wrk_result(p)
            self.assertGreater(n, 100)
            self.assertEqual(bad, [], "failed requests during the swap")

    def test_5_node_killed_under_load(self):
        """kill -9 of all of node a (nginx, both multiwatch and their
        workers) during hits through the balancer: every acknowledged hit
        is counted, the balancer sends everything sent a second after the
        kill to b, and a takes requests again once restarted."""
        before = stats("b")["total_visits"]
        with Load(8, hits_load(self.articles[0])) as load:
            time.sleep(2)
            node_sh("web-kill", "a")
            killed = time.monotonic()
            time.sleep(4)
        done = load.done
        acked = load.acked_before(float("inf"))
        after = [d for d in done if d[0] > killed + 1]
        self.assertGreater(len(after), 20)
        self.assertEqual({(st, n) for (_, st, n, _) in after}, {(200, "b")})
        self.assertTrue(any(n == "a" for (_, _, n, _) in done))
        self.assertEqual(acked - counted(acked), set(),
                         "acknowledged hits missing in Redis")
        total = stats("b")["total_visits"] - before
        self.assertGreaterEqual(total, len(acked))
        self.assertLessEqual(total, len(done))
        node_sh("web-start", "a")
        deadline = time.monotonic() + 10
        while fetch(LB, "GET", "/healthz").node != "a":
            self.assertLess(time.monotonic(), deadline, "a did not rejoin")
            time.sleep(0.2)
        print("  %d hits, %d acknowledged, %d failed (sent within a second "
              "of the kill)" % (len(done), len(acked), len(done) -
                                len(acked)), file=sys.stderr)

    def test_6_redis_restart_under_load(self):
        """Redis stopped (as systemctl restart does) and started again
        during pages and hits: every page answers 200, every hit answered
        before the stop is still counted, a vote meanwhile is a 503 with
        Retry-After, and counting resumes by itself."""
        pages = [wrk("http://%s/" % LB, 7),
                 wrk("http://%s%s" % (LB, self.section), 7)]
        with Load(4, hits_load(self.articles[1])) as load:
            time.sleep(1.5)
            stop = time.monotonic()
            before = load.acked_before(stop)
            node_sh("redis-stop")
            vote = Browser(client_address(118)).vote(OPTIONS[0])
            self.assertEqual(vote.status, 503, vote.describe())
            self.assertTrue(vote.header("Retry-After"))
            time.sleep(1)
            node_sh("redis-start")
            time.sleep(2)
        self.assertGreater(len(before), 20)
        failed = [d for d in load.done if d[1] != 200]
        self.assertEqual(failed, [], "hits failed")
        self.assertEqual(before - counted(before), set(),
                         "hits acknowledged before the restart were lost")
        for p in pages:
            n, bad = wrk_result(p)
            self.assertGreater(n, 100)
            self.assertEqual(bad, [], "pages failed")
        deadline = time.monotonic() + 5
        while True:
            vid = secrets.token_hex(16)
            self.assertEqual(hit(vid, self.articles[1],
                                 load_address()).status, 200)
            if counted([vid]):
                break
            self.assertLess(time.monotonic(), deadline, "no hit counts")
            time.sleep(0.2)

    def test_7_pictures(self):
        """image add on the editorial node, an article pointed at the
        picture, the snapshot shipped: each variant, asked through the
        balancer until both nodes answered it, is the editorial file's
        bytes (a HEAD first stores nothing half), fetched once by each
        node from the editorial node.  A name the editorial node lacks
        is a 404 on both, stored nowhere; readers never reach the
        editorial node's pictures.  Its nginx stopped: both nodes still
        serve every variant; one they never fetched is a quick 502."""
        d = os.path.join(C, "edit")
        src = os.path.join(d, "picture-%s" % secrets.token_hex(4))
        # Noise: a picture no run has added before.
        with open(src + ".ppm", "wb") as f:
            f.write(b"P6\n800 500\n255\n" + os.urandom(800 * 500 * 3))
        r = subprocess.run(["vips", "copy", src + ".ppm", src + ".png"],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        url = admin("image", "add", src + ".png").splitlines()[-1]
        (variants,), = edit_query(
            "SELECT variants FROM images WHERE url = ?", url)
        stem = re.sub(r"-[0-9]+\.jpg$", "", url)
        names = ["%s-%s.%s" % (stem, w, ext) for w in variants.split()
                 for ext in ("webp", "jpg")]
        self.assertEqual(len(names), 6, variants)
        aid = self.articles[2]
        admin_sql("UPDATE articles SET image_url = '%s' WHERE id = %d;\n"
                  % (url, aid))
        ship()
        path = article_path(aid)
        for n in NODES.values():
            eventually(lambda: stem in fetch(n, "GET", path).text, True,
                       "the picture on %s of %s" % (path, n))

        def want(name):
            with open(os.path.join(d, name[1:]), "rb") as f:
                return f.read()

        def served(name, host=LB):
            r = fetch(host, "GET", name)
            self.assertEqual((r.status, r.body == want(name)), (200, True),
                             "%s from %s\n%s" % (name, r.node or host,
                                                 r.describe()[:300]))
            self.assertEqual(r.header("Cache-Control"),
                             "public, max-age=31536000, immutable")
            return r.node

        head = fetch(NODES["a"], "HEAD", names[0])
        self.assertEqual(head.status, 200, head.describe())
        for name in names:
            nodes = set()
            for _ in range(8):
                nodes.add(served(name))
            self.assertEqual(nodes, set(NODES), name)
        # Each node asked the editorial node once for each file.
        with open(os.path.join(d, "nginx-access.log")) as f:
            asked = re.findall(r'^(\S+) .*"GET (/img/\S+) ', f.read(), re.M)
        self.assertEqual(sorted(asked), sorted((a, name) for name in names
                                               for a in NODES.values()))

        lacking = "%s/%s-720.jpg" % (stem[:7], secrets.token_hex(16))
        for n in NODES.values():
            r = fetch(n, "GET", lacking)
            self.assertEqual(r.status, 404, r.describe())
        for n in NODES:
            self.assertFalse(os.path.exists(os.path.join(C, n, lacking[1:])))
        r = fetch("10.99.0.20", "GET", names[0])
        self.assertEqual(r.status, 403, r.describe())

        node_sh("edit-stop")
        try:
            for name in names:
                for n in NODES.values():
                    served(name, n)
            for n in NODES.values():
                t = time.monotonic()
                r = fetch(n, "GET", lacking)
                self.assertEqual(r.status, 502, r.describe())
                self.assertLess(time.monotonic() - t, 3)
        finally:
            node_sh("edit-nginx")


if __name__ == "__main__":
    t0 = time.monotonic()
    # CHECKS="test_5 test_6" runs only those (while working on them).
    names = os.environ.get("CHECKS", "").split()
    suite = unittest.defaultTestLoader.loadTestsFromNames(
        ["Cluster." + n for n in names], sys.modules[__name__]) if names \
        else unittest.defaultTestLoader.loadTestsFromTestCase(Cluster)
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(
        suite)
    print("test-cluster checks took %.1f s" % (time.monotonic() - t0))
    sys.exit(bh.summarize(result))
