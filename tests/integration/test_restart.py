#!/usr/bin/env python3
"""Request ids in the logs, and stopping and restarting the FastCGI workers.

Run by tests/integration/run.sh after the other suites, with T, BUILD and
the targets' URLs set (see run.sh).

LogsMixin (the targets with a worker log in $T): the X-Request-Id a client
receives names that request's log lines: the access line, and a warning
the page logs (an article whose author is not valid UTF-8, set with SQL and
put back); search words and cookies never reach the log.

FastcgiStop: one bantin.fcgi under spawn-fcgi.  SIGTERM with a request half
received lets it finish (200) and then exit 0; an idle worker exits 0 at
once on SIGTERM, SIGINT, SIGHUP, SIGQUIT and SIGUSR1; with 64 connections
kept, a 65th is answered and the idlest closed for it.  The shipped
deploy/spawn-fcgi/bantin-spawn-fcgi serves and stops on SIGTERM.

NginxRestart: wrk for 8 s against nginx -> spawn-fcgi + multiwatch (search
pages, which no cache answers, and the counting pixel, which writes), while
every bantin.fcgi and bantin-live.fcgi worker is sent SIGTERM, one after
another, twice over.  multiwatch starts new workers on the listening socket
it keeps open, as systemd's socket unit would.  Every response must be 2xx
or 3xx, with no socket error, and every signalled worker must exit.

ServiceRestart: `systemctl restart` of the socket-activated services, as
systemd does it: this test holds the two listening sockets (the .socket
units), starts each service's ExecStart from deploy/systemd/ with the
socket on fd 0, and restarts the pages service, the live service, then
both at once (SIGTERM to multiwatch, KillMode=mixed; wait; start again)
under the same wrk load through a private nginx running the shipped
configuration.  Zero non-2xx/3xx, no socket error, nothing in nginx's
error log, and the old workers all gone.
"""
import grp
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bantin_http as bh  # noqa: E402
from test_live import live_workers  # noqa: E402

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.abspath(os.environ.get("BUILD") or os.path.join(TOP, "build"))
T = os.environ.get("T") or ""
NGINX_URL = (os.environ.get("NGINX_URL") or "").rstrip("/")
# Each target's worker log in $T (run.sh) and its database.
LOGS = {"dev": "dev.log", "nginx": "fcgi.log", "apache": "apache-pages.log"}
DBS = {"dev": "dev.db", "nginx": "nginx.db"}
# A browser, so that the pixel counts (and writes); see deploy/bots.txt.
UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"
ARTICLE = 2


def log_since(path, offset):
    with open(path, "rb") as f:
        f.seek(offset)
        return f.read().decode("utf-8", "replace")


class LogsMixin:
    only_on = {"test_access_line_carries_the_id": tuple(LOGS),
               "test_no_secrets_in_the_log": tuple(LOGS),
               "test_warning_carries_the_id": tuple(DBS)}

    def setUp(self):
        self.log = os.path.join(T, LOGS.get(self.server, ""))

    def logged(self, target, headers=None, status=200):
        """Requests target; returns the X-Request-Id and the log lines
        that carry it."""
        start = os.path.getsize(self.log)
        r = bh.get(self.base, target, headers=headers)
        self.assertEqual(r.status, status, r.describe())
        rid = r.header("X-Request-Id")
        self.assertRegex(rid or "", r"^[A-Za-z0-9@_.-]{1,64}$", r.describe())
        # The line is written before the response ends; allow a moment for
        # a slow log pipe.
        for _ in range(20):
            lines = [ln for ln in log_since(self.log, start).splitlines()
                     if "[%s]" % rid in ln]
            if lines:
                break
            time.sleep(0.05)
        return rid, lines

    def test_access_line_carries_the_id(self):
        # A fresh target each time, which no cache in front answers.
        rid, lines = self.logged("/?v=%d" % time.time_ns())
        self.assertEqual(len([ln for ln in lines if ": access: [%s] " % rid
                              in ln and '"/?v=*" 200 ' in ln]), 1, lines)
        rid2, _ = self.logged("/?v=%d" % time.time_ns())
        self.assertNotEqual(rid, rid2, "two requests, one id")

    def test_no_secrets_in_the_log(self):
        cookie = "bantin_vid=" + "c0ffee" * 5 + "42"
        rid, lines = self.logged("/tim-kiem?q=matkhau-bimat&page=1",
                                 headers={"Cookie": cookie})
        access = [ln for ln in lines if ": access: " in ln]
        self.assertEqual(len(access), 1, lines)
        self.assertIn('"/tim-kiem?q=*&page=1" 200 ', access[0])
        whole = log_since(self.log, 0)
        self.assertNotIn("matkhau", whole)
        self.assertNotIn("c0ffee" * 5, whole)

    def test_warning_carries_the_id(self):
        db = sqlite3.connect(os.path.join(T, DBS[self.server]), timeout=10)
        try:
            author, updated = db.execute(
                "SELECT author, updated_at FROM articles WHERE id = ?",
                (ARTICLE,)).fetchone()
            r = bh.get(self.base, "/x/x-%d.htm" % ARTICLE)
            self.assertEqual(r.status, 301, r.describe())
            path = r.header("Location").split("//", 1)[1]
            path = path[path.index("/"):]
            with db:
                db.execute("UPDATE articles SET author = CAST(x'41c328' AS "
                           "TEXT) WHERE id = ?", (ARTICLE,))
            # A fresh target, so nginx's one-second cache cannot answer.
            rid, lines = self.logged("%s?v=%d" % (path, time.time_ns()))
        finally:
            with db:
                db.execute("UPDATE articles SET author = ?, updated_at = ? "
                           "WHERE id = ?", (author, updated, ARTICLE))
            db.close()
        warn = [ln for ln in lines if re.search(
            r": warning: \[%s\] field \S+ is not valid UTF-8" % re.escape(rid),
            ln)]
        self.assertEqual(len(warn), 1, lines)


# --- a FastCGI client, to stop a worker in the middle of a request ------

def fcgi_record(rtype, content=b"", request_id=1):
    return bytes([1, rtype, request_id >> 8, request_id & 0xff,
                  len(content) >> 8, len(content) & 0xff, 0, 0]) + content


def fcgi_params(env):
    out = b""
    for k, v in env.items():
        k, v = k.encode(), v.encode()
        for n in (len(k), len(v)):
            out += bytes([n]) if n < 128 else (n | 1 << 31).to_bytes(4, "big")
        out += k + v
    return fcgi_record(4, out)


def fcgi_stdout(sock):
    """Reads records until the connection closes; returns the STDOUT bytes
    and whether END_REQUEST came."""
    data, out, ended = b"", b"", False
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    while len(data) >= 8:
        rtype, clen, plen = data[1], data[4] << 8 | data[5], data[6]
        body, data = data[8:8 + clen], data[8 + clen + plen:]
        if rtype == 6:
            out += body
        elif rtype == 3:
            ended = True
    return out, ended


def fcgi_answer(sock):
    """Reads records up to FCGI_END_REQUEST on a kept connection;
    returns the STDOUT bytes."""
    data, out = b"", b""
    while True:
        while len(data) >= 8:
            clen, plen = data[4] << 8 | data[5], data[6]
            if len(data) < 8 + clen + plen:
                break
            rtype, body = data[1], data[8:8 + clen]
            data = data[8 + clen + plen:]
            if rtype == 6:
                out += body
            elif rtype == 3:
                return out
        chunk = sock.recv(65536)
        if not chunk:
            raise AssertionError("closed before FCGI_END_REQUEST")
        data += chunk


def start_fcgi(sock, *cmd):
    """spawn-fcgi on sock, in the foreground: cmd is exec'd as the process
    returned.  Its standard error goes to $T/stop.log."""
    if os.path.exists(sock):
        os.unlink(sock)
    with open(os.path.join(T, "stop.log"), "ab") as errf:
        proc = subprocess.Popen(["spawn-fcgi", "-n", "-s", sock, "--"] +
                                list(cmd), stdin=subprocess.DEVNULL,
                                stdout=errf, stderr=errf,
                                env=dict(os.environ,
                                         BANTIN_DB=os.path.join(T, "nginx.db")))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.socket(socket.AF_UNIX) as s:
                s.connect(sock)
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise AssertionError("spawn-fcgi did not start on %s" % sock)


class FastcgiStop(unittest.TestCase):
    """One bantin.fcgi under spawn-fcgi (no multiwatch: it is this test's
    child, so its exit status is seen)."""

    def setUp(self):
        self.sock = os.path.join(T, "stop.sock")
        self.procs = []

    def tearDown(self):
        for p in self.procs:
            if p.poll() is None:
                p.kill()
                p.wait()

    def start(self, *cmd):
        p = start_fcgi(self.sock, *cmd)
        self.procs.append(p)
        return p

    def test_in_flight_request_finishes(self):
        proc = self.start(os.path.join(BUILD, "bantin.fcgi"))
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(10)
            s.connect(self.sock)
            # Half a request: the worker has accepted it and waits in read()
            # for the rest, as for a request whose headers nginx sends in
            # two writes.  libfcgi's own SIGTERM handler broke that read and
            # served the request without the rest (here: no REQUEST_URI, 400).
            s.sendall(fcgi_record(1, bytes([0, 1, 0, 0, 0, 0, 0, 0])) +
                      fcgi_params({"REQUEST_METHOD": "GET",
                                   "REMOTE_ADDR": "127.0.0.1"}))
            time.sleep(0.3)
            proc.send_signal(signal.SIGTERM)
            time.sleep(0.3)
            self.assertIsNone(proc.poll(), "exited with a request in flight")
            s.sendall(fcgi_params({"REQUEST_URI": "/"}) + fcgi_record(4) +
                      fcgi_record(5))
            out, ended = fcgi_stdout(s)
        self.assertTrue(out.startswith(b"Status: 200 OK\r\n"), out[:200])
        self.assertIn(b"</html>", out)
        self.assertTrue(ended, "no END_REQUEST")
        self.assertEqual(proc.wait(timeout=5), 0)

    def test_kept_connections_past_the_limit(self):
        """A worker holds at most 64 connections (CONNS_MAX in
        cgi/front/fcgi.c): one more, with 64 kept open and idle, is
        answered at once, and the idlest kept one is closed for it."""
        self.start(os.path.join(BUILD, "bantin.fcgi"))
        keep = bytes([0, 1, 1, 0, 0, 0, 0, 0])  # responder, FCGI_KEEP_CONN
        request = (fcgi_record(1, keep) +
                   fcgi_params({"REQUEST_METHOD": "GET",
                                "REQUEST_URI": "/healthz",
                                "REMOTE_ADDR": "127.0.0.1"}) +
                   fcgi_record(4) + fcgi_record(5))
        held = []
        try:
            for _ in range(65):
                s = socket.socket(socket.AF_UNIX)
                held.append(s)
                s.settimeout(5)
                s.connect(self.sock)
                s.sendall(request)
                out = fcgi_answer(s)
                self.assertTrue(out.startswith(b"Status: 200 OK\r\n"),
                                out[:100])
            # The first is the idlest: closed when the 65th came.
            held[0].settimeout(2)
            self.assertEqual(held[0].recv(1), b"")
            for s in held[1:]:
                s.setblocking(False)
                with self.assertRaises(BlockingIOError):
                    s.recv(1)
        finally:
            for s in held:
                s.close()

    def test_idle_worker_exits_at_once(self):
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP,
                    signal.SIGQUIT, signal.SIGUSR1):
            proc = self.start(os.path.join(BUILD, "bantin.fcgi"))
            time.sleep(0.2)
            t0 = time.monotonic()
            proc.send_signal(sig)
            self.assertEqual(proc.wait(timeout=5), 0, sig)
            self.assertLess(time.monotonic() - t0, 0.5, sig)

    def test_shipped_spawn_fcgi_script(self):
        """deploy/spawn-fcgi/bantin-spawn-fcgi: workers on the socket, and
        SIGTERM stops them all."""
        run = os.path.join(T, "spawn")
        env = dict(os.environ, BANTIN_BIN_DIR=BUILD, BANTIN_RUN_DIR=run,
                   BANTIN_WORKERS="2", BANTIN_USER="",
                   BANTIN_DB=os.path.join(T, "nginx.db"))
        with open(os.path.join(T, "stop.log"), "ab") as errf:
            proc = subprocess.Popen(
                ["sh", os.path.join(TOP, "deploy/spawn-fcgi/bantin-spawn-fcgi"),
                 "live"], env=env, stdin=subprocess.DEVNULL, stdout=errf,
                stderr=errf)
        self.procs.append(proc)
        sock = os.path.join(run, "live.sock")
        deadline = time.monotonic() + 10
        while not os.path.exists(sock) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(oct(os.stat(sock).st_mode & 0o777), "0o660")
        env = {"REQUEST_METHOD": "GET", "REQUEST_URI": "/live/stats.json",
               "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1"}
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(10)
            s.connect(sock)
            s.sendall(fcgi_record(1, bytes([0, 1, 0, 0, 0, 0, 0, 0])) +
                      fcgi_params(env) + fcgi_record(4) + fcgi_record(5))
            out, _ = fcgi_stdout(s)
        self.assertTrue(out.startswith(b"Status: 200 OK\r\n"), out[:200])
        self.assertIn(b'"total_visits":', out)
        workers = live_workers("bantin-live.fcgi", "spawn/live.sock")
        self.assertEqual(len(workers), 2, workers)
        proc.send_signal(signal.SIGTERM)
        self.assertEqual(proc.wait(timeout=5), 0)
        self.assertEqual(pids_alive(workers), [])


def pids_alive(pids):
    return [p for p in pids if os.path.exists("/proc/%d" % p)]


class NginxRestart(unittest.TestCase):
    SECONDS = 8

    def setUp(self):
        if not NGINX_URL or not T:
            self.skipTest("NGINX_URL and T are needed")

    def workers(self):
        return (live_workers("bantin.fcgi", "pages.sock") +
                live_workers("bantin-live.fcgi", "live.sock"))

    def wait_for_workers(self):
        deadline = time.monotonic() + 10
        while len(self.workers()) != 8 and time.monotonic() < deadline:
            time.sleep(0.1)
        self.assertEqual(len(self.workers()), 8, "4 + 4 workers expected")

    def test_sigterm_under_load(self):
        self.wait_for_workers()
        signalled = []

        def restart_each_worker():
            for _ in range(2):
                for pid in self.workers():
                    os.kill(pid, signal.SIGTERM)
                    signalled.append(pid)
                    time.sleep(0.35)
        assert_no_error_under_load(self, NGINX_URL, self.SECONDS,
                                   restart_each_worker)
        self.assertEqual(len(signalled), 16)
        deadline = time.monotonic() + 5
        while pids_alive(signalled) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(pids_alive(signalled), [], "workers did not exit")


SEARCH = '"/tim-kiem?q=qu%E1%BB%91c+" .. n'


def assert_no_error_under_load(test, base, seconds, during, paths=(SEARCH,),
                               timeout=15):
    """wrk against base for `seconds` while during() runs: in turn the
    counting pixel with a visitor cookie never seen before (a new visitor:
    a write; cookieless hits would be limited per address) and each of
    `paths` (Lua expressions of the request's number n; by default a
    search of unique words, which no cache answers).  Every response must
    be 2xx or 3xx, with no socket error (none taking `timeout` seconds
    or more)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write('local n = 0\n'
                     'request = function()\n'
                     '  n = n + 1\n'
                     '  local h = {["User-Agent"] = "%s"}\n'
                     '  local paths = {%s}\n'
                     '  local k = n %% (#paths + 1)\n'
                     '  if k == 0 then\n'
                     '    h["Cookie"] = string.format('
                     '"bantin_vid=%%08x%%08x%%08x%%08x",\n'
                     '      math.random(0, 2^31), math.random(0, 2^31), n,\n'
                     '      math.random(0, 2^31))\n'
                     '    return wrk.format("GET", "/live/hit?article=1", h)\n'
                     '  end\n'
                     '  return wrk.format("GET", paths[k], h)\n'
                     'end\n' % (UA, ", ".join(paths)))
        script.flush()
        # Dropped requests are the failure; latency is not: a request queued
        # while the workers start again may wait seconds on a loaded or
        # sanitized build (5 s timed one out under ASan).
        wrk = subprocess.Popen(
            ["wrk", "-t", "2", "-c", "8", "-d", "%ds" % seconds,
             "--timeout", "%ds" % timeout, "-s", script.name, base + "/"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            time.sleep(1)
            during()
            out, _ = wrk.communicate(timeout=seconds + 20)
        finally:
            if wrk.poll() is None:
                wrk.kill()
                wrk.wait()
    print(out)
    test.assertEqual(wrk.returncode, 0, out)
    m = re.search(r"(\d+) requests in", out)
    test.assertTrue(m and int(m.group(1)) >= 200, out)
    test.assertNotIn("Non-2xx or 3xx responses", out)
    test.assertNotIn("Socket errors", out)


def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        return []


def unit_exec_start(unit):
    """A shipped service's ExecStart, with this build's programs."""
    with open(os.path.join(TOP, "deploy", "systemd", unit)) as f:
        for line in f:
            if line.startswith("ExecStart="):
                return [os.path.join(BUILD, os.path.basename(a))
                        if a.startswith("/usr/local/bin/") else a
                        for a in line.split("=", 1)[1].split()]
    raise AssertionError("deploy/systemd/%s has no ExecStart" % unit)


class SocketActivated:
    """A .socket unit and its service, as systemd runs them: the listening
    socket belongs to systemd (here: this object), each start of the
    service gets it as fd 0 (StandardInput=socket), and a restart never
    closes it, so connections wait in its backlog meanwhile."""

    def __init__(self, path, unit, log, env):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(path)
        # SocketGroup=www-data, SocketMode=0660.
        os.chown(path, -1, grp.getgrnam("www-data").gr_gid)
        os.chmod(path, 0o660)
        self.sock.listen(1024)
        self.argv = unit_exec_start(unit)
        self.log, self.env = log, env
        self.start()

    def start(self):
        with open(self.log, "ab") as errf:
            self.proc = subprocess.Popen(self.argv, stdin=self.sock.fileno(),
                                         stdout=errf, stderr=errf,
                                         env=self.env)

    def workers(self):
        return children(self.proc.pid)

    def stop(self):
        """KillMode=mixed, KillSignal=SIGTERM: multiwatch (-s TERM) passes
        it on; returns the workers that were running."""
        old = self.workers()
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)
        return old

    def close(self):
        if self.proc.poll() is None:
            self.stop()
        self.sock.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def private_nginx(test, directory, port=None):
    """The harness's nginx site (the shipped one, templated) on a port of
    its own (or `port`), in front of the workers on directory's pages.sock
    and live.sock, with its cache there too; stopped by the test's
    cleanup.  Returns its base URL, once the live part answers, and its
    error log."""
    port = port or free_port()
    with open(os.path.join(T, "site.conf")) as f:
        site = f.read()
    for a, b in (("listen 127.0.0.1:%s;" % NGINX_URL.rsplit(":", 1)[1],
                  "listen 127.0.0.1:%d;" % port),
                 ("unix:%s/" % T, "unix:%s/" % directory),
                 ("%s/cache" % T, "%s/cache" % directory)):
        test.assertIn(a, site)
        site = site.replace(a, b)
    with open(os.path.join(directory, "site.conf"), "w") as f:
        f.write(site)
    subprocess.run(["sh", os.path.join(TOP, "tests", "integration",
                                       "nginx-debian.sh"),
                    directory, "off"], check=True)
    error_log = os.path.join(directory, "nginx-error.log")
    nginx = subprocess.Popen(["nginx", "-e", error_log, "-c",
                              os.path.join(directory, "nginx.conf"),
                              "-p", directory])
    test.addCleanup(nginx.wait, 10)
    test.addCleanup(nginx.terminate)
    base = "http://127.0.0.1:%d" % port
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            if bh.get(base, "/live/stats.json").status == 200:
                break
        except OSError:
            pass
        time.sleep(0.1)
    return base, error_log


class ServiceRestart(unittest.TestCase):
    SECONDS = 8

    def setUp(self):
        if not NGINX_URL or not T or os.geteuid() != 0:
            self.skipTest("NGINX_URL, T and root (nginx's workers are "
                          "www-data) are needed")
        self.dir = tempfile.mkdtemp(prefix="units.", dir=T)
        os.chmod(self.dir, 0o711)
        env = dict(os.environ, BANTIN_DB=os.path.join(T, "nginx.db"),
                   BANTIN_BASE_URL=NGINX_URL)
        log = os.path.join(self.dir, "workers.log")
        self.pages = SocketActivated(os.path.join(self.dir, "pages.sock"),
                                     "bantin-pages.service", log, env)
        self.addCleanup(self.pages.close)
        self.live = SocketActivated(os.path.join(self.dir, "live.sock"),
                                    "bantin-live.service", log, env)
        self.addCleanup(self.live.close)
        self.base, self.error_log = private_nginx(self, self.dir)

    def test_restart_services_under_load(self):
        self.assertEqual(bh.get(self.base, "/").status, 200)
        old = []

        def restart_services():
            for units in ((self.pages,), (self.live,),
                          (self.pages, self.live)):
                stopped = [u.stop() for u in units]
                self.assertTrue(all(len(w) == 4 for w in stopped), stopped)
                old.extend(w for ws in stopped for w in ws)
                for u in units:
                    u.start()
                time.sleep(1.5)
        assert_no_error_under_load(self, self.base, self.SECONDS,
                                   restart_services)
        self.assertEqual(len(old), 16)
        self.assertEqual(pids_alive(old), [], "old workers still run")
        self.assertEqual(len(self.pages.workers()), 4)
        self.assertEqual(len(self.live.workers()), 4)
        with open(self.error_log) as f:
            errors = [ln for ln in f if re.search(
                r"\[(error|crit|alert|emerg)\]", ln)]
        self.assertEqual(errors, [])


def main():
    return bh.run((LogsMixin, FastcgiStop, NginxRestart, ServiceRestart),
                  "restart and log tests")


if __name__ == "__main__":
    sys.exit(main())
