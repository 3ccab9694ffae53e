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

CraftedRecords (nginx): FastCGI records that make libfcgi abort a
worker, sent straight to both sockets, many times: the pools, as the
shipped spawn-fcgi script runs them, start new workers every time and
nginx keeps serving.

DevServerLimits (dev): a NUL byte in the target is 400; thousands of
query arguments get the core's 400 at once, not a 30 s hang.
"""
import os
import socket
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


# FCGI_BEGIN_REQUEST (responder), then FCGI_PARAMS with a name length of
# 2^31 - 2: libfcgi 2.4.2 adds 2 to it in an int and its Malloc()
# asserts (Debian's 2.4.2-2+deb12u1 included).
CRAFTED = (fcgi_record(1, bytes([0, 1, 0, 0, 0, 0, 0, 0])) +
           fcgi_record(4, long_length(0x7ffffffe) + bytes([0]) + b"xx"))


def send_crafted(path):
    """One crafted request; returns once the worker hung up (died)."""
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(20)
        s.connect(path)
        s.sendall(CRAFTED)
        while s.recv(4096):
            pass


class CraftedRecords(unittest.TestCase):
    ROUNDS = 24     # 6 deaths per worker: multiwatch's default gave up at 4

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

    def test_pools_survive(self):
        for program, sock in (("bantin.fcgi", "pages.sock"),
                              ("bantin-live.fcgi", "live.sock")):
            with self.subTest(program=program):
                before = set(self.wait_for_workers(program, sock))
                for _ in range(self.ROUNDS):
                    send_crafted(os.path.join(T, sock))
                after = set(self.wait_for_workers(program, sock))
                # They did die: the test sends what kills a worker.
                self.assertFalse(before & after, (before, after))
        self.assertEqual(bh.get(NGINX_URL, "/").status, 200)
        self.assertEqual(bh.get(NGINX_URL, "/live/stats.json").status, 200)


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
                       VoteLimit, CraftedRecords, DevServerLimits),
                      "server tests")
    finally:
        if WWW and T:
            unplant()


if __name__ == "__main__":
    sys.exit(main())
