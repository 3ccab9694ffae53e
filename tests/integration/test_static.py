#!/usr/bin/env python3
"""Static files: the stylesheet and the favicon under fingerprinted names,
images, and the headers that let browsers keep them.

Run by tests/integration/run.sh (DEV_URL, NGINX_URL, APACHE_URL, CGI_URL,
BUILD, T).

1. Against each server: pages link /css/site.<fingerprint>.css and
   /favicon.<fingerprint>.svg, the fingerprint being BLAKE2b-64 of the
   file's bytes; those and the pictures under /img/ come with exactly one
   Cache-Control header of a year, CSS and SVG with Vary: Accept-Encoding;
   /favicon.ico exists.
2. A dev server on a copy of www/: editing the stylesheet changes the
   fingerprint in the pages within seconds, and the new name serves the
   new bytes.
"""
import gzip
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bantin_http as bh  # noqa: E402
from test_pages import (BUILD, SAMPLE, T, WWW, admin, base_env,  # noqa: E402
                        stop)

YEAR = "public, max-age=31536000, immutable"
WEEK = "public, max-age=604800"


def fingerprint(path):
    with open(path, "rb") as f:
        return hashlib.blake2b(f.read(), digest_size=8).hexdigest()


def read(path):
    with open(path, "rb") as f:
        return f.read()


def head_links(tree):
    """The stylesheet's and the SVG icon's href in a page's <head>."""
    css = [e.attrs.get("href") for e in tree.find_all("link", rel="stylesheet")]
    icon = [e.attrs.get("href") for e in tree.find_all("link", rel="icon")
            if e.attrs.get("type") == "image/svg+xml"]
    return css, icon


class StaticMixin:
    base = None
    server = None

    def get(self, target, **kw):
        r = bh.get(self.base, target, **kw)
        self.assertEqual(r.status, 200, "%s %s\n%s" % (
            self.server, target, r.describe()))
        return r

    def assertCached(self, r, value, what):
        self.assertEqual(r.header_all("Cache-Control"), [value],
                         "%s %s: one Cache-Control\n%s" % (
                             self.server, what, r.describe()))

    def assertVary(self, r, what):
        vary = ",".join(r.header_all("Vary")).lower()
        self.assertIn("accept-encoding", vary, "%s %s\n%s" % (
            self.server, what, r.describe()))

    def test_stylesheet_fingerprinted(self):
        _, tree = self.get_page("/")
        css, _ = head_links(tree)
        want = "/css/site.%s.css" % fingerprint(os.path.join(WWW, "css",
                                                             "site.css"))
        self.assertEqual(css, [want])
        r = self.get(want)
        self.assertEqual(r.header("Content-Type").split(";")[0], "text/css")
        self.assertEqual(r.body, read(os.path.join(WWW, "css", "site.css")))
        self.assertCached(r, YEAR, want)
        self.assertVary(r, want)
        # Compressed for a client that asks, and still one Cache-Control.
        r = self.get(want, headers={"Accept-Encoding": "gzip"})
        body = r.body
        if (r.header("Content-Encoding") or "") == "gzip":
            body = gzip.decompress(body)
        self.assertEqual(body, read(os.path.join(WWW, "css", "site.css")))
        self.assertCached(r, YEAR, want + " (gzip)")
        self.assertVary(r, want + " (gzip)")

    def test_favicons(self):
        _, tree = self.get_page("/")
        _, icon = head_links(tree)
        want = "/favicon.%s.svg" % fingerprint(os.path.join(WWW, "favicon.svg"))
        self.assertEqual(icon, [want])
        r = self.get(want)
        self.assertEqual(r.header("Content-Type"), "image/svg+xml")
        self.assertEqual(r.body, read(os.path.join(WWW, "favicon.svg")))
        self.assertCached(r, YEAR, want)
        self.assertVary(r, want)
        # Browsers ask for /favicon.ico whatever the page links.
        r = self.get("/favicon.ico")
        self.assertIn(r.header("Content-Type"),
                      ("image/x-icon", "image/vnd.microsoft.icon"))
        self.assertEqual(r.body, read(os.path.join(WWW, "favicon.ico")))
        self.assertEqual(r.body[:4], b"\0\0\1\0", "not an ICO file")
        self.assertCached(r, WEEK, "/favicon.ico")

    def test_pictures_cached_for_a_year(self):
        target = "/img/articles/an-ninh-mang.jpg"
        r = self.get(target)
        self.assertEqual(r.header("Content-Type"), "image/jpeg")
        self.assertCached(r, YEAR, target)

    def test_unknown_fingerprinted_file(self):
        for target in ("/css/khong-co.0123456789abcdef.css",
                       "/css/site.0123456789abcde.css",
                       "/favicon.0123456789abcdef.png"):
            r = bh.get(self.base, target)
            self.assertEqual(r.status, 404, "%s %s\n%s" % (
                self.server, target, r.describe()))

    def test_pages_keep_their_own_header(self):
        r, _ = self.get_page("/")
        self.assertEqual(r.header_all("Cache-Control"), ["public, max-age=60"])

    def get_page(self, target):
        r = self.get(target)
        return r, bh.parse_html(r.text)


@unittest.skipUnless(T, "T not set")
class FingerprintFollowsEdits(unittest.TestCase):
    """A dev server on a copy of www/: the stylesheet changes, so does its
    name in the pages."""

    def test_edit(self):
        d = tempfile.mkdtemp(prefix="static.", dir=T)
        self.addCleanup(shutil.rmtree, d, True)
        www = os.path.join(d, "www")
        shutil.copytree(WWW, www, ignore=shutil.ignore_patterns("img"))
        db = os.path.join(d, "dev.db")
        r = admin(db, "create", SAMPLE)
        self.assertEqual(r.returncode, 0, r.stderr)
        port = bh.free_port()
        env = base_env(BANTIN_DB=db, PORT=port, BANTIN_WWW=www)
        with open(os.path.join(d, "dev.log"), "wb") as log:
            p = subprocess.Popen([os.path.join(BUILD, "bantin-dev")],
                                 env=env, stdout=log, stderr=log)
        self.addCleanup(stop, p)
        self.assertTrue(bh.wait_for_port(port, proc=p),
                        "bantin-dev did not start")
        base = "http://127.0.0.1:%d" % port
        css = os.path.join(www, "css", "site.css")

        def linked():
            r = bh.get(base, "/")
            self.assertEqual(r.status, 200, r.describe())
            return head_links(bh.parse_html(r.text))[0]

        old = "/css/site.%s.css" % fingerprint(css)
        self.assertEqual(linked(), [old])
        with open(css, "a", encoding="utf-8") as f:
            f.write("\n.probe { color: red; }\n")
        new = "/css/site.%s.css" % fingerprint(css)
        self.assertNotEqual(new, old)
        deadline = time.monotonic() + 5
        while linked() != [new] and time.monotonic() < deadline:
            time.sleep(0.2)
        self.assertEqual(linked(), [new])
        r = bh.get(base, new)
        self.assertEqual(r.status, 200, r.describe())
        self.assertTrue(r.body.endswith(b".probe { color: red; }\n"))


def main():
    return bh.run((StaticMixin, FingerprintFollowsEdits), "static tests")


if __name__ == "__main__":
    sys.exit(main())
