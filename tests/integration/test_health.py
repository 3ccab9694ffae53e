#!/usr/bin/env python3
"""/healthz (the page app) and /live/healthz (the live app).

Run by tests/integration/run.sh (DEV_URL, NGINX_URL, BUILD, T).

1. Against each of the harness's servers: 200, JSON {"status":"ok","schema":N}
   with N the database's user_version, never cached (nginx's microcache
   included), HEAD without a body, 405 for POST.
2. Outage and recovery, each against a dev server and against nginx in
   front of bantin.fcgi + bantin-live.fcgi (the harness's templated nginx
   configuration again, on sockets and a database of this test's own): a
   missing database, a damaged one, then a good one again.
"""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bantin_http as bh  # noqa: E402
from test_pages import JUNK, admin, base_env, rename_over, stop  # noqa: E402

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("BUILD") or os.path.join(TOP, "build")
T = os.environ.get("T")
WWW = os.path.join(TOP, "www")
SAMPLE = os.path.join(TOP, "db", "sample.sql")
DEV_URL = (os.environ.get("DEV_URL") or "").rstrip("/")
NGINX_URL = (os.environ.get("NGINX_URL") or "").rstrip("/")


def user_version(db):
    c = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    try:
        return c.execute("PRAGMA user_version").fetchone()[0]
    finally:
        c.close()


class HealthChecks:
    """Mixed into a TestCase with `base`."""

    def health(self, path, status):
        r = bh.get(self.base, path)
        self.assertEqual(r.status, status, r.describe())
        self.assertEqual(r.header("Content-Type"), "application/json")
        self.assertEqual(r.header("Cache-Control"), "no-store")
        body = json.loads(r.text)
        self.assertEqual(body["status"], "ok" if status == 200 else "unavailable")
        self.assertIsInstance(body["schema"], int)
        if status == 503:
            self.assertTrue(r.header("Retry-After"), r.describe())
        return r, body


class Running(HealthChecks):
    """Against each of the harness's servers (bh.per_target)."""

    @property
    def db(self):
        return os.path.join(T, "%s.db" % self.server)

    def test_healthz_ok(self):
        _, body = self.health("/healthz", 200)
        self.assertEqual(body, {"status": "ok", "schema": user_version(self.db)})

    def test_live_healthz_ok(self):
        _, body = self.health("/live/healthz", 200)
        self.assertEqual(body, {"status": "ok", "schema": user_version(self.db)})

    def test_head_and_post(self):
        r = bh.request(self.base, "HEAD", "/healthz")
        self.assertEqual(r.status, 200, r.describe())
        self.assertEqual(r.body, b"")
        r = bh.request(self.base, "POST", "/healthz", body=b"x=1",
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 405, r.describe())

    def test_never_cached(self):
        # nginx's microcache (X-Cache) would answer HIT from the second.
        for _ in range(3):
            r, _ = self.health("/healthz", 200)
            self.assertNotEqual(r.header("X-Cache"), "HIT", r.describe())


class Outage(HealthChecks):
    """Subclasses' start() runs servers on self.DB (missing at first) and
    sets self.base."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="health.", dir=T)
        os.chmod(self.dir, 0o711)   # nginx's workers reach the sockets
        self.DB = os.path.join(self.dir, "bantin.db")
        self.procs = []
        self.logs = []

    def tearDown(self):
        for p in reversed(self.procs):
            stop(p)
        for log in self.logs:
            with open(log, encoding="utf-8", errors="replace") as f:
                text = f.read()
            self.assertNotRegex(text, "AddressSanitizer|LeakSanitizer|runtime error:")
        shutil.rmtree(self.dir, ignore_errors=True)

    def spawn(self, name, argv, **env):
        log = os.path.join(self.dir, name + ".log")
        self.logs.append(log)
        with open(log, "wb") as f:
            p = subprocess.Popen(argv, env=base_env(**env), stdin=subprocess.DEVNULL,
                                 stdout=f, stderr=f)
        self.procs.append(p)
        return p

    def test_outage_and_recovery(self):
        self.start()
        # No database yet: both apps say so, in JSON.
        self.health("/healthz", 503)
        self.health("/live/healthz", 503)
        good = os.path.join(self.dir, "good.db")
        r = admin(good, "create", SAMPLE)
        self.assertEqual(r.returncode, 0, r.stderr)
        shutil.copyfile(good, self.DB)
        _, body = self.health("/healthz", 200)
        self.assertEqual(body["schema"], user_version(self.DB))
        self.health("/live/healthz", 200)
        # A damaged file in its place: the page app reopens it and fails.
        rename_over(JUNK, self.DB)
        self.health("/healthz", 503)
        # Removed: the live worker's open connection outlives the file, but
        # its health check looks at the path.
        os.unlink(self.DB)
        self.health("/live/healthz", 503)
        rename_over(good, self.DB)
        self.health("/healthz", 200)
        self.health("/live/healthz", 200)


@unittest.skipUnless(T, "T not set")
class DevOutage(Outage, unittest.TestCase):
    def start(self):
        port = bh.free_port()
        self.base = "http://127.0.0.1:%d" % port
        p = self.spawn("dev", [os.path.join(BUILD, "bantin-dev")], PORT=port,
                       BANTIN_DB=self.DB)
        self.assertTrue(bh.wait_for_port(port, proc=p), "bantin-dev did not start")


@unittest.skipUnless(T and NGINX_URL, "T and NGINX_URL not set")
class NginxOutage(Outage, unittest.TestCase):
    def start(self):
        """The harness's nginx configuration ($T/nginx.conf, $T/site.conf,
        already templated from deploy/nginx/bantin.conf), moved to a port,
        sockets and a cache of this test's own."""
        d, port = self.dir, bh.free_port()
        self.base = "http://127.0.0.1:%d" % port
        harness_port = NGINX_URL.rsplit(":", 1)[1]
        with open(os.path.join(T, "site.conf")) as f:
            site = f.read()
        for old, new in (("listen 127.0.0.1:%s;" % harness_port, "listen 127.0.0.1:%d;" % port),
                         ("unix:%s/pages.sock" % T, "unix:%s/pages.sock" % d),
                         ("unix:%s/live.sock" % T, "unix:%s/live.sock" % d),
                         ("%s/cache" % T, "%s/cache" % d)):
            self.assertIn(old, site, "run.sh templates site.conf differently")
            site = site.replace(old, new)
        with open(os.path.join(d, "site.conf"), "w") as f:
            f.write(site)
        with open(os.path.join(T, "nginx.conf")) as f:
            main = f.read().replace(T + "/", d + "/")
        with open(os.path.join(d, "nginx.conf"), "w") as f:
            f.write(main)
        shutil.copy("/etc/nginx/fastcgi_params", d)
        group = ["-G", "www-data"] if os.geteuid() == 0 else []
        for app, prog in (("pages", "bantin.fcgi"), ("live", "bantin-live.fcgi")):
            self.spawn(app, ["spawn-fcgi", "-n", "-s", os.path.join(d, app + ".sock"),
                             "-M", "0660"] + group + ["--", os.path.join(BUILD, prog)],
                       BANTIN_DB=self.DB, BANTIN_BASE_URL=self.base)
        p = self.spawn("nginx", ["nginx", "-e", os.path.join(d, "nginx-error.log"),
                                 "-c", os.path.join(d, "nginx.conf"), "-p", d])
        self.assertTrue(bh.wait_for_port(port, proc=p),
                        "nginx did not start: %s" % open(os.path.join(d, "nginx-error.log")).read())
        deadline = time.monotonic() + 10
        while not all(os.path.exists(os.path.join(d, s)) for s in ("pages.sock", "live.sock")):
            self.assertLess(time.monotonic(), deadline, "spawn-fcgi did not start")
            time.sleep(0.05)


if __name__ == "__main__":
    sys.exit(bh.run([Running, DevOutage, NginxOutage], "test_health"))
