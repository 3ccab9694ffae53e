#!/usr/bin/env python3
"""No page view waits for a delayed ACK behind nginx or Apache (issue 16).

Run by tests/integration/run.sh with NGINX_URL and APACHE_URL (and T,
BUILD) set; its nginx runs the shipped site inside the nginx.conf Debian
installs (tests/integration/nginx-debian.sh), with `sendfile on;
tcp_nopush on;`.

There nginx wrote a page from its cache, with the live includes expanded,
as a dozen pieces under TCP_CORK, having cleared TCP_NODELAY, and never set
it again: when the kernel sent the corked page as two segments, the second
waited for the client's delayed ACK, 40 ms.  A 20 KB page does that only
while a worker interleaves many connections; a 50 KB one, this test's
article, on nearly every view over a kept-alive connection, so a short
sequential run shows it on any machine.  deploy/nginx/bantin.conf sets
`sendfile off; tcp_nodelay on;` (docs/PERFORMANCE.md).  Apache puts
TCP_NODELAY on its sockets and mod_include writes from memory: checked the
same way.  The client asks for no compression, as wrk, curl and many
crawlers: a gzipped page is written from memory and never waited.

The article is added with `bantin-admin sql`, as an admin would, and
deleted again.  The last line printed is "N passed, M failed".
"""
import http.client
import os
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bantin_http as bh  # noqa: E402
from test_polls import admin_sql, sql_str  # noqa: E402

T = os.environ.get("T")
NGINX_URL = (os.environ.get("NGINX_URL") or "").rstrip("/")
UA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
PARAGRAPH = "Một đoạn văn dài để bài viết có nhiều phần."
PARAGRAPHS = 600        # a 25 KB body: a page of about 50 KB
WARM_UP = 2             # fill the page caches; a new connection ACKs at once
VIEWS = 30
SLOW = 0.030            # a delayed ACK is 40 ms or more, a view ~1 ms
SLOW_MAX = 3            # what a loaded machine may add on its own


class Views:
    """Views of a long article over one kept-alive connection."""

    def add_article(self, server):
        """The long article in a server's database: (title, path)."""
        db = os.path.join(T, "%s.db" % server)
        title = "Bài dài đo độ trễ %s %s %d" % (
            server, type(self).__name__, os.getpid())
        body = "\n\n".join([PARAGRAPH] * PARAGRAPHS)
        admin_sql(db, "INSERT INTO articles (category_id, title, body) "
                  "VALUES (1, %s, %s);\n" % (sql_str(title), sql_str(body)))
        (aid, path), = bh.query(
            db, "SELECT a.id, '/' || c.slug || '/' || a.slug || '-' || a.id "
            "|| '.htm' FROM articles a JOIN categories c "
            "ON c.id = a.category_id WHERE a.title = ?", title)
        self.addCleanup(admin_sql, db,
                        "DELETE FROM articles WHERE id = %d;\n" % aid)
        return title, path

    def assert_never_waits(self, server, base):
        title, path = self.add_article(server)
        host, port = bh.split_base(base)
        conn = http.client.HTTPConnection(host, port, timeout=10)
        self.addCleanup(conn.close)
        times = []
        for i in range(WARM_UP + VIEWS):
            t0 = time.monotonic()
            conn.request("GET", path, headers={"User-Agent": UA})
            r = conn.getresponse()
            body = r.read()
            t = time.monotonic() - t0
            self.assertEqual(r.status, 200)
            self.assertIsNone(r.getheader("Content-Encoding"))
            # The whole page, its live includes expanded.
            self.assertGreater(len(body), 45000)
            self.assertIn(title.encode(), body)
            self.assertIn(b"stat-visits", body)
            self.assertNotIn(b"<!--#", body)
            if i >= WARM_UP:
                times.append(t)
        slow = sorted(round(t * 1000, 1) for t in times if t > SLOW)
        self.assertLessEqual(
            len(slow), SLOW_MAX,
            "%d of %d views of %s over %d ms (ms: %s); median %.1f ms" % (
                len(slow), VIEWS, path, SLOW * 1000, slow,
                sorted(times)[VIEWS // 2] * 1000))


class TailMixin(Views):
    """The harness's nginx (inside Debian's nginx.conf) and Apache."""
    only_on = {"test_long_article_never_waits_for_an_ack":
               ("nginx", "apache")}

    def test_long_article_never_waits_for_an_ack(self):
        self.assert_never_waits(self.server, self.base)


@unittest.skipUnless(T and NGINX_URL, "T and NGINX_URL not set")
class NginxNodelayOff(Views, unittest.TestCase):
    """The harness's site and workers under a second nginx whose main
    configuration, Debian's otherwise, says `tcp_nodelay off;`: the site
    must set it again, or every piece of a page after the first waits for
    an ACK."""

    def test_long_article_never_waits_for_an_ack(self):
        def nodelay_off(text):
            self.assertEqual(text.count("\nhttp {\n"), 1)
            return text.replace("\nhttp {\n", "\nhttp {\n\ttcp_nodelay off;\n")
        nginx, base, _ = bh.second_nginx(edit_main=nodelay_off)
        self.addCleanup(nginx.wait, 10)
        self.addCleanup(nginx.terminate)
        self.assert_never_waits("nginx", base)


def main():
    return bh.run((TailMixin, NginxNodelayOff), "tail tests")


if __name__ == "__main__":
    sys.exit(main())
