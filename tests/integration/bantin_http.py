"""HTTP and HTML helpers for the bantin integration tests (stdlib only).

Requests go over a raw socket, so the request target reaches the server
exactly as written (no client-side normalisation or percent-encoding).
Every request sends `Connection: close` and reads until EOF, with a timeout.
"""
import html
import html.parser
import os
import random
import socket
import sqlite3
import sys
import time
import unittest
import urllib.parse

TIMEOUT = 10.0


class Response:
    def __init__(self, status, reason, headers, body, raw_head):
        self.status = status
        self.reason = reason
        self.headers = headers          # [(name, value)] in order
        self.body = body                # bytes (de-chunked)
        self.raw_head = raw_head

    def header(self, name):
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None

    def header_all(self, name):
        name = name.lower()
        return [v for k, v in self.headers if k.lower() == name]

    @property
    def text(self):
        return self.body.decode("utf-8")

    def __repr__(self):
        return "<Response %d %s, %d bytes>" % (self.status, self.reason,
                                                len(self.body))

    def describe(self, limit=600):
        """A short dump for assertion messages."""
        body = self.body[:limit].decode("utf-8", "replace")
        return "%s\n\n%s" % (self.raw_head.decode("latin-1", "replace"), body)


def split_base(base):
    u = urllib.parse.urlsplit(base)
    if u.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("only loopback base URLs: %r" % base)
    return u.hostname, u.port or 80


def _dechunk(data):
    out = bytearray()
    while True:
        line, sep, rest = data.partition(b"\r\n")
        if not sep:
            raise ValueError("truncated chunked body")
        size = int(line.split(b";")[0].strip(), 16)
        if size == 0:
            return bytes(out)
        out += rest[:size]
        data = rest[size + 2:]


def raw_exchange(host, port, data, timeout=TIMEOUT, source=None):
    """Sends bytes, returns everything the server sent until it closed.
    `source` binds the client to another loopback address."""
    deadline = time.monotonic() + timeout
    chunks = []
    try:
        conn = socket.create_connection(
            (host, port), timeout=timeout,
            source_address=(source, 0) if source else None)
    except ConnectionRefusedError as e:
        raise ConnectionRefusedError(
            "nothing listens on %s:%d (did the server die?): %s" %
            (host, port, e)) from None
    with conn as s:
        s.sendall(data)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no EOF from %s:%d within %.0fs" %
                                   (host, port, timeout))
            s.settimeout(left)
            b = s.recv(65536)
            if not b:
                break
            chunks.append(b)
    return b"".join(chunks)


def parse_response(raw, method):
    head, sep, rest = raw.partition(b"\r\n\r\n")
    if not sep:
        raise ValueError("no end of headers in response: %r" % raw[:300])
    lines = head.split(b"\r\n")
    parts = lines[0].decode("latin-1").split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
        raise ValueError("bad status line: %r" % lines[0])
    status = int(parts[1])
    reason = parts[2] if len(parts) > 2 else ""
    headers = []
    for line in lines[1:]:
        k, _, v = line.decode("latin-1").partition(":")
        headers.append((k.strip(), v.strip()))
    resp = Response(status, reason, headers, rest, head + b"\r\n\r\n")
    if method != "HEAD" and status not in (204, 304):
        te = (resp.header("Transfer-Encoding") or "").lower()
        if "chunked" in te:
            resp.body = _dechunk(rest)
    return resp


def request(base, method, target, headers=None, body=b"", host_header=None,
            timeout=TIMEOUT):
    """One HTTP/1.1 request; target (str or bytes) is sent verbatim."""
    host, port = split_base(base)
    if isinstance(target, str):
        target = target.encode("latin-1")
    if isinstance(body, str):
        body = body.encode("utf-8")
    lines = [method.encode("ascii") + b" " + target + b" HTTP/1.1",
             b"Host: " + (host_header or "%s:%d" % (host, port)).encode("latin-1"),
             b"Connection: close",
             b"User-Agent: bantin-integration-tests"]
    for k, v in (headers or {}).items():
        lines.append(("%s: %s" % (k, v)).encode("latin-1"))
    if body or method in ("POST", "PUT"):
        lines.append(b"Content-Length: %d" % len(body))
    data = b"\r\n".join(lines) + b"\r\n\r\n" + body
    return parse_response(raw_exchange(host, port, data, timeout), method)


def get(base, target, **kw):
    return request(base, "GET", target, **kw)


def own_address():
    """A random loopback address to send from, as a reader of its own
    would (bantin bounds new visitors per address)."""
    b = os.urandom(3)
    return "127.%d.%d.%d" % (200 + b[0] % 50, b[1], 1 + b[2] % 250)


def http(base, method, target, headers=(), body=None, timeout=15, source=None):
    """One request with exactly these headers (a list of pairs or a dict)
    besides Host, Connection: close and, with a body, Content-Length."""
    host, port = split_base(base)
    if isinstance(headers, dict):
        headers = list(headers.items())
    lines = ["%s %s HTTP/1.1" % (method, target),
             "Host: %s:%d" % (host, port), "Connection: close"]
    lines += ["%s: %s" % kv for kv in headers]
    if body is not None:
        if isinstance(body, str):
            body = body.encode("utf-8")
        lines.append("Content-Length: %d" % len(body))
    data = ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + (body or b"")
    return parse_response(raw_exchange(host, port, data, timeout, source),
                          method)


def query(db, sql, *params):
    """Rows of one query on a database opened read-only."""
    con = sqlite3.connect("file:%s?mode=ro" % urllib.parse.quote(db),
                          uri=True, timeout=20)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


# --- HTML ----------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []      # Elements and str

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def text(self):
        out = []
        for c in self.children:
            out.append(c if isinstance(c, str) else c.text())
        return "".join(out)

    def norm_text(self):
        return " ".join(self.text().split())

    def iter(self):
        for c in self.children:
            if isinstance(c, Element):
                yield c
                yield from c.iter()

    def find_all(self, tag=None, cls=None, **attrs):
        for e in self.iter():
            if tag is not None and e.tag != tag:
                continue
            if cls is not None and cls not in e.classes():
                continue
            if any(e.attrs.get(k) != v for k, v in attrs.items()):
                continue
            yield e

    def find(self, tag=None, cls=None, **attrs):
        return next(self.find_all(tag, cls, **attrs), None)

    def links(self):
        return [(a.attrs.get("href"), a.norm_text()) for a in self.find_all("a")]

    def __repr__(self):
        return "<%s %r>" % (self.tag, self.attrs)


class _TreeBuilder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", [], None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        e = Element(tag, attrs, self.cur)
        self.cur.children.append(e)
        if tag not in VOID:
            self.cur = e

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Element(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        e = self.cur
        while e is not None and e.tag != tag:
            e = e.parent
        if e is not None and e.parent is not None:
            self.cur = e.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse_html(text):
    b = _TreeBuilder()
    b.feed(text)
    b.close()
    return b.root


def unescape(s):
    return html.unescape(s)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=10.0, proc=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def second_nginx(edit_site=None, edit_main=None):
    """The harness's site and workers under a second nginx, on a port and
    in a folder of its own under $T: the text of the site (and of the
    folder, for paths in it) passed through edit_site(text, folder), of
    Debian's nginx.conf through edit_main(text).  Returns (process, base
    URL, folder); the caller terminates the process."""
    import subprocess
    import tempfile
    t = os.environ["T"]
    nginx_url = os.environ["NGINX_URL"].rstrip("/")
    d = tempfile.mkdtemp(prefix="nginx.", dir=t)
    os.chmod(d, 0o711)      # nginx's workers reach the sockets
    port = free_port()
    with open(os.path.join(t, "site.conf")) as f:
        site = f.read()
    listen = "listen 127.0.0.1:%s;" % nginx_url.rsplit(":", 1)[1]
    if site.count(listen) != 1:
        raise AssertionError("site.conf: not one server on %s" % listen)
    site = site.replace(listen, "listen 127.0.0.1:%d;" % port)
    site = site.replace(t + "/cache", d + "/cache")
    if edit_site is not None:
        site = edit_site(site, d)
    with open(os.path.join(d, "site.conf"), "w") as f:
        f.write(site)
    here = os.path.dirname(os.path.abspath(__file__))
    subprocess.run(["sh", os.path.join(here, "nginx-debian.sh"), d, "off"],
                   check=True)
    main = os.path.join(d, "nginx.conf")
    if edit_main is not None:
        with open(main) as f:
            text = edit_main(f.read())
        with open(main, "w") as f:
            f.write(text)
    log = os.path.join(d, "nginx-error.log")
    proc = subprocess.Popen(["nginx", "-e", log, "-c", main, "-p", d])
    if not wait_for_port(port, proc=proc):
        proc.terminate()
        proc.wait(10)
        raise AssertionError("nginx did not start: %s" % open(log).read())
    return proc, "http://127.0.0.1:%d" % port, d


def summarize(result):
    """Prints the closing line CI reads, "N passed, M failed", for a
    unittest result, and returns the exit status.  A skip counts as a
    failure: nothing was tested."""
    def test_id(t):
        return getattr(t, "test_case", t).id()

    failed = {test_id(t) for t, _ in result.failures + result.errors}
    failed |= {test_id(t) for t in result.unexpectedSuccesses}
    skipped = {test_id(t) for t, _ in result.skipped}
    passed = result.testsRun - len(failed) - len(skipped)
    nfailed = len(failed) + len(skipped)
    print("%d passed, %d failed" % (max(passed, 0), nfailed))
    return 0 if nfailed == 0 and result.testsRun > 0 else 1


# The servers a suite runs against (run.sh starts them): name, the
# variable holding its base URL, and the name of its database in $T.
TARGETS = (("dev", "DEV_URL"), ("nginx", "NGINX_URL"),
           ("apache", "APACHE_URL"), ("cgi", "CGI_URL"))


def targets():
    """(name, base URL) of each target whose variable is set."""
    return [(name, os.environ[var].rstrip("/")) for name, var in TARGETS
            if os.environ.get(var)]


def per_target(mixin):
    """One TestCase class per target that is set, from a mixin of tests
    (not itself a TestCase).  Each class gets `server` (the name) and
    `base`.  The mixin's `only_on` maps a test that is about one server
    (nginx's microcache, say) to the servers it runs against."""
    only_on = getattr(mixin, "only_on", {})
    for test in only_on:
        if not callable(getattr(mixin, test, None)):
            raise ValueError("%s.only_on names no test: %s" %
                             (mixin.__name__, test))
    out = []
    for name, url in targets():
        cname = name.capitalize() + mixin.__name__.replace("Mixin", "")
        attrs = {"server": name, "base": url, "__module__": mixin.__module__,
                 "__qualname__": cname}
        for test, servers in only_on.items():
            if name not in servers:
                attrs[test] = None      # not collected by unittest
        out.append(type(cname, (mixin, unittest.TestCase), attrs))
    return out


def seed():
    """The order of this run: BANTIN_TEST_SEED (an integer, or "reverse"
    for the reverse of unittest's own order: the classes as the suite
    lists them, the tests of each by name), else a new random integer."""
    s = os.environ.get("BANTIN_TEST_SEED") or str(random.randrange(10**6))
    if s != "reverse" and not s.isdigit():
        raise SystemExit("BANTIN_TEST_SEED: an integer or reverse, not %r" % s)
    return s


def order(cases, seed):
    """[(case, [test names])] in the order of the seed: the classes and the
    tests of each class shuffled (a class's tests stay together, so that
    its setUpClass runs once)."""
    if seed == "reverse":
        return [(c, names[::-1]) for c, names in cases[::-1]]
    rng = random.Random(int(seed))
    cases = [(c, list(names)) for c, names in cases]
    rng.shuffle(cases)
    for _, names in cases:
        rng.shuffle(names)
    return cases


def run(classes, label, cleanup=None):
    """Runs the test classes as one suite in the order of seed(), prints
    the seed, how long it took and the closing line, and returns the exit
    status.  A class that is not a TestCase is a mixin, run once per
    target (per_target()).  BANTIN_TEST_ONLY (patterns, as unittest's -k)
    runs only the tests whose names match.  cleanup() runs even when a
    test raises."""
    if not targets() or not os.environ.get("T"):
        print("T and at least one of %s must be set (see run.sh)" %
              ", ".join(var for _, var in TARGETS), file=sys.stderr)
    loader = unittest.TestLoader()
    only = os.environ.get("BANTIN_TEST_ONLY", "").split()
    if only:
        loader.testNamePatterns = [p if "*" in p else "*%s*" % p
                                   for p in only]
    cases = []
    for cls in classes:
        for case in ([cls] if issubclass(cls, unittest.TestCase)
                     else per_target(cls)):
            names = loader.getTestCaseNames(case)
            if names:
                cases.append((case, names))
    s = seed()
    print("%s: BANTIN_TEST_SEED=%s%s" %
          (label, s, " BANTIN_TEST_ONLY='%s'" % " ".join(only) if only
           else ""))
    suite = unittest.TestSuite()
    for case, names in order(cases, s):
        suite.addTests(case(name) for name in names)
    t0 = time.monotonic()
    try:
        result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    finally:
        if cleanup is not None:
            cleanup()
    print("%s took %.1f s" % (label, time.monotonic() - t0))
    return summarize(result)
