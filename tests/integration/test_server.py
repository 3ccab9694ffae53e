#!/usr/bin/env python3
"""What the servers in front of bantin let through, and what keeps the
workers up, whatever a client or a socket peer sends.

Run by tests/integration/run.sh with T, BUILD and the targets' URLs set.

WwwFilesMixin (every target): www/ serves what the dev server serves and
nothing else: a symlink (to /etc/passwd), a hidden file and editor
backups planted in the harness's copy of www/ ($T/www) are refused by
nginx and Apache as by the dev server, while a plain file beside them is
served.

EncodedPathMixin (every target): an encoded '?' or '#' in the path is
400: it is not where the path ends.

ErrorPagesMixin (every target): an error page does not name the missing
path in its live includes or login link, so unique 404s do not each
make a fragment of their own; /tag/<slug>/ is 301 to /tag/<slug>.

VoteLimit (nginx): every POST to the live program passes nginx's
limit_req, however its path is spelled (/live/vote%3F was decoded into
a location without the limit).

CraftedRecords (nginx): malformed FastCGI records, among them one that
made libfcgi abort a worker, sent straight to both sockets, many times:
each connection is closed with a log line, no worker dies, and nginx
keeps serving; parameters past 128 KiB get 431.

DevServerLimits (dev): a NUL byte in the target is 400; thousands of
query arguments get the core's 400 at once, not a 30 s hang.
"""
import concurrent.futures
import os
import socket
import subprocess
import sys
import time
import unittest
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bantin_http as bh  # noqa: E402
from test_live import live_workers  # noqa: E402

T = os.environ.get("T") or ""
NGINX_URL = (os.environ.get("NGINX_URL") or "").rstrip("/")
DEV_URL = (os.environ.get("DEV_URL") or "").rstrip("/")
WWW = os.environ.get("BANTIN_WWW") or ""

# name -> what is planted in $T/www/css (None: a symlink to /etc/passwd).
SECRET = "zz-planted-secret"
PLANTED = {
    "zz-link.css": None,
    ".zz-hidden.css": SECRET,
    "zz-site.css~": SECRET,
    ".zz-site.css.swp": SECRET,
    "zz-site.css.swp": SECRET,
    "zz-site.css.bak": SECRET,
    "zz-site.css.orig": SECRET,
    "zz-notes.sh": SECRET,
}


def plant():
    css = os.path.join(WWW, "css")
    for name, content in PLANTED.items():
        path = os.path.join(css, name)
        if content is None:
            os.symlink("/etc/passwd", path)
        else:
            with open(path, "w") as f:
                f.write(content)
    with open(os.path.join(css, "zz-plain.css"), "w") as f:
        f.write("/* zz-plain */\n")


def unplant():
    for name in list(PLANTED) + ["zz-plain.css"]:
        try:
            os.unlink(os.path.join(WWW, "css", name))
        except FileNotFoundError:
            pass


class WwwFilesMixin:
    def test_plain_file_served(self):
        r = bh.get(self.base, "/css/zz-plain.css")
        self.assertEqual(r.status, 200, r.describe())
        self.assertIn(b"zz-plain", r.body)

    def test_planted_files_refused(self):
        for name in PLANTED:
            for target in ("/css/" + name, "/css/" + name.replace(".", "%2E")):
                with self.subTest(target=target):
                    r = bh.get(self.base, target)
                    self.assertIn(r.status, (403, 404), r.describe())
                    self.assertNotIn(SECRET.encode(), r.body)
                    self.assertNotIn(b"root:", r.body)


class EncodedPathMixin:
    def test_encoded_question_mark_or_hash(self):
        for target in ("/thoi-su%3F", "/thoi-su/%3Fpage=2", "/thoi-su%23x",
                       "/tag/quoc-phong%3F", "/tim-kiem%3Fq=a"):
            with self.subTest(target=target):
                r = bh.get(self.base, target)
                self.assertEqual(r.status, 400, r.describe())


class ErrorPagesMixin:
    def test_unique_404_does_not_name_its_path(self):
        for _ in range(2):
            token = "khong-co-" + uuid.uuid4().hex
            r = bh.get(self.base, "/" + token)
            self.assertEqual(r.status, 404, r.describe())
            self.assertIn("Không tìm thấy trang", r.text)
            # Neither the login link, nor the includes (their answers,
            # once expanded: the poll form's way back), nor anything else.
            self.assertNotIn(token, r.text)
            self.assertIn('href="/dang-nhap?next=%2F"', r.text)

    def test_tag_with_a_slash(self):
        r = bh.get(self.base, "/tag/quoc-phong/")
        self.assertEqual(r.status, 301, r.describe())
        self.assertEqual(r.header("Location"), self.base + "/tag/quoc-phong")
        self.assertEqual(bh.get(self.base, "/tag/quoc-phong").status, 200)
        self.assertEqual(bh.get(self.base, "/tag/khong-co-the-nay/").status,
                         404)


class VoteLimit(unittest.TestCase):
    """nginx's limit_req: 60 a minute per address, burst 100."""

    def setUp(self):
        if not NGINX_URL:
            self.skipTest("NGINX_URL is needed")

    def posts(self, target, source, n=130):
        statuses = []
        for _ in range(n):
            statuses.append(bh.http(NGINX_URL, "POST", target, headers={
                "Content-Type": "application/x-www-form-urlencoded"},
                body="poll=1&option=1", source=source).status)
        return statuses

    def test_every_spelling_is_limited(self):
        # Each from an address of its own: one key of the zone each.
        for i, target in enumerate(("/live/vote", "/live/vote%3F",
                                    "/live/vote%3Fx=1", "/live/vot%65",
                                    "/live//vote")):
            with self.subTest(target=target):
                statuses = self.posts(target, "127.0.0.%d" % (20 + i))
                self.assertIn(429, statuses, sorted(set(statuses)))
                self.assertNotIn(200, statuses)
                self.assertNotIn(303, statuses)


# --- raw FastCGI ------------------------------------------------------

def fcgi_record(rtype, content=b"", request_id=1):
    return bytes([1, rtype, request_id >> 8, request_id & 0xff,
                  len(content) >> 8, len(content) & 0xff, 0, 0]) + content


def long_length(n):
    return (n | 1 << 31).to_bytes(4, "big")


BEGIN = fcgi_record(1, bytes([0, 1, 0, 0, 0, 0, 0, 0]))
# What a worker must survive, each on a connection of its own.  The first
# killed libfcgi 2.4.2 (Debian's 2.4.2-2+deb12u1 included): FCGI_PARAMS
# with a name length of 2^31 - 2, to which it added 2 in an int, and its
# Malloc() asserted.
CRAFTED = {
    "huge name length": BEGIN + fcgi_record(
        4, long_length(0x7ffffffe) + bytes([0]) + b"xx") + fcgi_record(4),
    "value past the record": BEGIN + fcgi_record(
        4, bytes([1, 100]) + b"Ab") + fcgi_record(4),
    "version 2": bytes([2]) + BEGIN[1:],
    "stdin before the parameters ended": BEGIN + fcgi_record(5),
    "a request begun twice": BEGIN + BEGIN,
    "a short begin": fcgi_record(1, bytes([0, 1])),
}


def send_crafted(path, data):
    """data on a connection of its own; returns what came back once the
    worker hung up."""
    got = b""
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(10)
        s.connect(path)
        s.sendall(data)
        while True:
            chunk = s.recv(4096)
            if not chunk:
                return got
            got += chunk


class CraftedRecords(unittest.TestCase):
    ROUNDS = 4

    def setUp(self):
        if not NGINX_URL or not T:
            self.skipTest("NGINX_URL and T are needed")

    def wait_for_workers(self, program, sock):
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            pids = live_workers(program, sock)
            if len(pids) == 4:
                return pids
            time.sleep(0.1)
        self.fail("%s: %d workers, not 4" %
                  (program, len(live_workers(program, sock))))

    def test_workers_survive(self):
        """Each malformed request is refused, its connection closed and a
        line logged saying why; no worker dies (under libfcgi each of
        the first record's deaths cost a restart)."""
        log = os.path.join(T, "fcgi.log")
        for program, sock in (("bantin.fcgi", "pages.sock"),
                              ("bantin-live.fcgi", "live.sock")):
            with self.subTest(program=program):
                before = set(self.wait_for_workers(program, sock))
                start = os.path.getsize(log)
                for _ in range(self.ROUNDS):
                    for name, data in CRAFTED.items():
                        got = send_crafted(os.path.join(T, sock), data)
                        self.assertNotIn(b"Status: 200", got, name)
                self.assertEqual(set(live_workers(program, sock)), before)
                with open(log, "rb") as f:
                    f.seek(start)
                    lines = f.read().decode("utf-8", "replace")
                if program == "bantin.fcgi":
                    self.assertGreaterEqual(
                        lines.count("a FastCGI connection closed: "),
                        self.ROUNDS * len(CRAFTED), lines[-2000:])
        self.assertEqual(bh.get(NGINX_URL, "/").status, 200)
        self.assertEqual(bh.get(NGINX_URL, "/live/stats.json").status, 200)

    def test_too_many_parameters(self):
        """Parameters past 128 KiB (a web server's headers, cookies
        included) get 431 and the connection stays usable."""
        env = {"REQUEST_METHOD": "GET", "REQUEST_URI": "/",
               "REMOTE_ADDR": "127.0.0.1", "HTTP_COOKIE": "a" * 70000,
               "HTTP_X_PAD": "b" * 70000}
        pairs = b""
        for k, v in env.items():
            k, v = k.encode(), v.encode()
            for n in (len(k), len(v)):
                pairs += bytes([n]) if n < 128 else long_length(n)
            pairs += k + v
        data = BEGIN
        for i in range(0, len(pairs), 60000):
            data += fcgi_record(4, pairs[i:i + 60000])
        data += fcgi_record(4) + fcgi_record(5)
        got = send_crafted(os.path.join(T, "pages.sock"), data)
        self.assertTrue(got[8:].startswith(
            b"Status: 431 Request Header Fields Too Large\r\n"), got[:200])


class KeptConnections(unittest.TestCase):
    """nginx keeps its connections to the page workers (keepalive,
    fastcgi_keep_conn): they stay open between requests, and a burst of
    more requests than workers never waits on a worker that holds an idle
    connection.  libfcgi's accept loop did: each worker read on the
    connection it had served while the others queued, 2-10 s (and here,
    until nginx's 60 s keepalive_timeout)."""
    BURST = 24

    def setUp(self):
        if not NGINX_URL or not T:
            self.skipTest("NGINX_URL and T are needed")

    def kept(self):
        """Connections open on pages.sock (the workers' side)."""
        out = subprocess.run(["ss", "-xH", "state", "connected", "src",
                              os.path.join(T, "pages.sock")],
                             capture_output=True, text=True, check=True)
        return len(out.stdout.splitlines())

    def burst(self, round_no):
        # Search pages: no cache answers them, each goes to a worker.
        targets = ["/tim-kiem?q=kept+%d+%d" % (round_no, i)
                   for i in range(self.BURST)]
        t0 = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(self.BURST) as pool:
            statuses = list(pool.map(
                lambda t: bh.get(NGINX_URL, t).status, targets))
        self.assertEqual(statuses, [200] * self.BURST)
        return time.monotonic() - t0

    def test_burst_after_burst(self):
        for round_no in range(4):
            self.assertLess(self.burst(round_no), 5, round_no)
        # Kept: more open than the 4 workers, none of them busy now.
        self.assertGreater(self.kept(), 4)


class DevServerLimits(unittest.TestCase):
    def setUp(self):
        if not DEV_URL:
            self.skipTest("DEV_URL is needed")
        self.host, self.port = bh.split_base(DEV_URL)

    def exchange(self, data, timeout=5):
        t0 = time.monotonic()
        raw = bh.raw_exchange(self.host, self.port, data, timeout)
        return raw, time.monotonic() - t0

    def test_nul_in_target(self):
        for target in (b"/thoi-su/\0x", b"/\0", b"/tim-kiem?q=a\0b"):
            with self.subTest(target=target):
                raw, _ = self.exchange(b"GET " + target + b" HTTP/1.1\r\n"
                                       b"Host: x\r\nConnection: close\r\n\r\n")
                r = bh.parse_response(raw, "GET")
                self.assertEqual(r.status, 400, r.describe())
        raw, _ = self.exchange(b"GET /thoi-su/ HTTP/1.1\r\nHost: x\r\n"
                               b"Connection: close\r\n\r\n")
        self.assertEqual(bh.parse_response(raw, "GET").status, 200)

    def test_many_query_arguments(self):
        for n in (100, 2000, 4000):
            with self.subTest(arguments=n):
                q = "&".join("a%d=1" % i for i in range(n))[:8000]
                raw, took = self.exchange(("GET /?%s HTTP/1.1\r\nHost: x\r\n"
                                           "Connection: close\r\n\r\n" %
                                           q).encode())
                r = bh.parse_response(raw, "GET")
                self.assertIn(r.status, (400, 414), r.describe())
                self.assertLess(took, 2)

    def test_beyond_its_memory(self):
        # Past URI_MAX and libmicrohttpd's memory: no answer, but the
        # connection is closed at once.
        q = "&".join("a" for _ in range(16000))
        raw, took = self.exchange(("GET /?%s HTTP/1.1\r\nHost: x\r\n"
                                   "Connection: close\r\n\r\n" % q).encode())
        self.assertLess(took, 2)


def main():
    if WWW and T:
        unplant()
        plant()
    try:
        return bh.run((WwwFilesMixin, EncodedPathMixin, ErrorPagesMixin,
                       VoteLimit, CraftedRecords, KeptConnections, DevServerLimits),
                      "server tests")
    finally:
        if WWW and T:
            unplant()


if __name__ == "__main__":
    sys.exit(main())
