#!/usr/bin/env python3
"""Integration tests of bantin's feeds, sitemaps and sharing metadata.

Run by tests/integration/run.sh with
    DEV_URL, NGINX_URL, APACHE_URL, CGI_URL
                         base URLs of the running servers (loopback)
    T                    the harness temp dir (dev.db, nginx.db, ...: each
                         server's database, read here, never written)

Every test runs against each server (bantin_http.run()).  Feeds are
parsed twice: with xml.dom.minidom here, and with a real feed parser,
Debian's python3-feedparser, which is installed for /usr/bin/python3 only
(the `python3` on PATH may be another interpreter).  So this file uses the
standard library alone and runs feedparser in a /usr/bin/python3
subprocess (feed bytes on stdin, JSON on stdout).  Without feedparser the
feed tests fail: `sh tests/deps.sh test` installs it.

The last line printed is "N passed, M failed".
"""
import calendar
import concurrent.futures
import email.utils
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
import unittest
import urllib.parse
import xml.dom.minidom

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bantin_http as bh  # noqa: E402

T = os.environ.get("T")
FEED_PYTHON = "/usr/bin/python3"

RSS_TYPE = "application/rss+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
XML_TYPES = ("application/xml; charset=utf-8", "text/xml; charset=utf-8")
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"

REF_TITLE = "Bộ Quốc phòng duy trì hiệu quả quốc tế hợp tác an ninh mạng"
REF_PATH = ("/quoc-phong-an-ninh/"
            "bo-quoc-phong-duy-tri-hieu-qua-quoc-te-hop-tac-an-ninh-mang-1.htm")
# tests/integration/fixtures.sql, article 9001 (section 100).
XSS_ID = 9001
XSS_TITLE = '<script>alert("xss")</script> Tiêu đề có mã độc'
XSS_LEAD = '"><img src=x onerror=alert(1)> tóm tắt'
XSS_FEED = "/thu-nghiem-phan-trang/rss.xml"
DRAFT_ID, SCHEDULED_ID = 47, 48
# db/sample.sql: the articles dated -1, -5, -18, -9, -3 and -40 hours from
# when the database was made; article 1 is from 2020.
RECENT_IDS = {5, 6, 14, 19, 25, 35}
OLD_ID = 1

ARTICLE_PATH = re.compile(r"^/[a-z0-9-]+/[a-z0-9-]+-(\d+)\.htm$")
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) "
    r"(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4}|GMT|UT)$")
RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
ISO8601 = re.compile(
    r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$")
VISIBLE = ("a.status = 'published' AND "
           "a.published_at <= strftime('%Y-%m-%dT%H:%M:%SZ', 'now')")


def article_id(path):
    m = ARTICLE_PATH.match(path or "")
    return int(m.group(1)) if m else None


def utc_seconds(iso):
    """"2020-11-03T07:30:00Z" (what the pages and the store write)."""
    return calendar.timegm(time.strptime(iso, "%Y-%m-%dT%H:%M:%SZ"))


def rfc3339_seconds(s):
    m = re.match(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?"
                 r"(Z|([+-])(\d{2}):(\d{2}))$", s)
    if not m:
        raise ValueError("not RFC 3339: %r" % s)
    t = calendar.timegm(time.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S"))
    if m.group(4):
        off = int(m.group(5)) * 3600 + int(m.group(6)) * 60
        t -= off if m.group(4) == "+" else -off
    return t


def norm(s):
    return " ".join((s or "").split())


def html_text(fragment):
    """The text a reader shows for an HTML fragment."""
    return norm(bh.parse_html(fragment or "").text())


# --- feedparser, in Debian's interpreter ---------------------------------

FEEDPARSER_SCRIPT = r'''
import calendar, json, sys
try:
    import feedparser
except ImportError as e:
    json.dump({"error": "%s cannot import feedparser (%s): install Debian's "
               "python3-feedparser (sh tests/deps.sh test)"
               % (sys.executable, e)}, sys.stdout)
    sys.exit(0)

def ts(t):
    return calendar.timegm(t) if t else None

def detail_type(e, key):
    d = e.get(key + "_detail")
    return d.get("type") if d else None

d = feedparser.parse(sys.stdin.buffer.read(), sanitize_html=sys.argv[1] == "1")
out = {
    "bozo": bool(d.get("bozo")),
    "bozo_exception": repr(d.get("bozo_exception")),
    "version": d.get("version"),
    "feed": {"title": d.feed.get("title"), "link": d.feed.get("link"),
             "updated": d.feed.get("updated"),
             "updated_ts": ts(d.feed.get("updated_parsed"))},
    "entries": [{
        "title": e.get("title"), "title_type": detail_type(e, "title"),
        "link": e.get("link"), "id": e.get("id"),
        "summary": e.get("summary"), "summary_type": detail_type(e, "summary"),
        "published": e.get("published"),
        "published_ts": ts(e.get("published_parsed")),
        "updated": e.get("updated"),
        "updated_ts": ts(e.get("updated_parsed")),
    } for e in d.entries],
}
json.dump(out, sys.stdout)
'''

_parsed = {}


def feedparse(body, sanitize=True):
    """feedparser's reading of a feed, as a dict (see FEEDPARSER_SCRIPT).
    Raises AssertionError when feedparser is missing or fails."""
    key = (body, sanitize)
    if key in _parsed:
        return _parsed[key]
    try:
        p = subprocess.run([FEED_PYTHON, "-c", FEEDPARSER_SCRIPT,
                            "1" if sanitize else "0"], input=body,
                           capture_output=True, timeout=30)
    except FileNotFoundError:
        raise AssertionError("%s not found: the feed tests need Debian's "
                             "python3 with python3-feedparser "
                             "(sh tests/deps.sh test)" % FEED_PYTHON)
    if p.returncode != 0:
        raise AssertionError("feedparser run failed (%d): %s" % (
            p.returncode, p.stderr.decode("utf-8", "replace")[-2000:]))
    out = json.loads(p.stdout.decode("utf-8"))
    if "error" in out:
        raise AssertionError(out["error"])
    _parsed[key] = out
    return out


# --- XML helpers -----------------------------------------------------------

def children(node, name, ns=None):
    """Direct element children by local name (and namespace, if given)."""
    out = []
    for c in node.childNodes:
        if c.nodeType != c.ELEMENT_NODE:
            continue
        local = c.localName or c.tagName
        if local == name and (ns is None or c.namespaceURI == ns):
            out.append(c)
    return out


def child(node, name, ns=None):
    found = children(node, name, ns)
    return found[0] if found else None


def text_of(node):
    if node is None:
        return None
    return "".join(c.data for c in node.childNodes
                   if c.nodeType in (c.TEXT_NODE, c.CDATA_SECTION_NODE))


def meta_map(tree):
    """[(property or name, content)] of every <meta> in the page."""
    out = []
    for m in tree.find_all("meta"):
        key = m.attrs.get("property") or m.attrs.get("name")
        if key:
            out.append((key, m.attrs.get("content")))
    return out


class FeedsMixin:
    base = None
    server = None

    @classmethod
    def setUpClass(cls):
        cls.pages = {}

    # --- helpers ---------------------------------------------------------

    def get(self, target, **kw):
        return bh.get(self.base, target, **kw)

    def assertStatus(self, resp, status, what=""):
        self.assertEqual(resp.status, status, "%s %s\n%s" % (
            self.server, what, resp.describe()))

    def db(self, sql, args=()):
        self.assertTrue(T, "T (the harness temp dir) is not set")
        path = os.path.join(T, self.server + ".db")
        self.assertTrue(os.path.exists(path), "no database at %s" % path)
        con = sqlite3.connect("file:%s?mode=ro" % path, uri=True, timeout=10)
        try:
            return con.execute(sql, args).fetchall()
        finally:
            con.close()

    def local(self, url):
        """The path of an absolute URL on this server (asserting it is one)."""
        self.assertTrue(url and url.startswith(self.base + "/"),
                        "%s: not an absolute URL of this server: %r" % (
                            self.server, url))
        return url[len(self.base):]

    def article_page(self, path):
        """GET an article page (cached): (h1, lead, datetime, tree)."""
        if path not in self.pages:
            r = self.get(path)
            self.assertStatus(r, 200, path)
            tree = bh.parse_html(r.text)
            art = tree.find("article", cls="article")
            self.assertIsNotNone(art, "%s: no article in %s" % (
                self.server, path))
            h1 = art.find("h1")
            lead = art.find("p", cls="article-lead")
            t = art.find("p", cls="article-meta").find("time")
            self.pages[path] = (h1.norm_text(),
                                lead.norm_text() if lead else "",
                                t.attrs.get("datetime"), tree, r)
        return self.pages[path]

    def fetch_xml(self, target, ctype):
        r = self.get(target)
        self.assertStatus(r, 200, target)
        self.assertEqual(r.header("Content-Type"), ctype, "%s %s" % (
            self.server, target))
        self.assertTrue(r.body.startswith(b"<?xml"), "%s %s starts %r" % (
            self.server, target, r.body[:60]))
        try:
            doc = xml.dom.minidom.parseString(r.body)
        except Exception as e:      # expat's errors carry the position
            self.fail("%s %s is not well-formed XML: %s\n%s" % (
                self.server, target, e, r.describe(1500)))
        return r, doc

    def parse_feed(self, target, kind):
        """Fetch and parse a feed both ways.  Returns (resp, dom, fp) where
        fp is feedparser's reading; asserts no bozo and the right version."""
        r, doc = self.fetch_xml(target, RSS_TYPE if kind == "rss" else ATOM_TYPE)
        fp = feedparse(r.body)
        self.assertFalse(fp["bozo"], "%s %s: feedparser bozo: %s" % (
            self.server, target, fp["bozo_exception"]))
        self.assertEqual(fp["version"], "rss20" if kind == "rss" else "atom10",
                         "%s %s" % (self.server, target))
        return r, doc, fp

    def dom_entries(self, doc, kind):
        if kind == "rss":
            self.assertEqual(doc.documentElement.tagName, "rss")
            self.assertEqual(doc.documentElement.getAttribute("version"), "2.0")
            channel = child(doc.documentElement, "channel")
            self.assertIsNotNone(channel, "no <channel>")
            return channel, children(channel, "item")
        root = doc.documentElement
        self.assertEqual((root.namespaceURI, root.localName), (ATOM_NS, "feed"))
        return root, children(root, "entry", ATOM_NS)

    def check_feed(self, target, kind, expect_ids, page_check=None):
        """The common checks of one feed: parses both ways, the entries are
        expect_ids in that order (newest first), every link is absolute and
        answers 200 with the same title, lead and date; page_check(path,
        tree) adds per-entry checks.  Title/summary mismatches are
        collected and reported last, after every other check."""
        r, doc, fp = self.parse_feed(target, kind)
        what = "%s %s" % (self.server, target)
        top, items = self.dom_entries(doc, kind)
        entries = fp["entries"]
        self.assertEqual(len(items), len(entries), what)
        self.assertLessEqual(len(entries), 20, what)

        # Channel / feed level.
        if kind == "rss":
            self.assertTrue(text_of(child(top, "link")).startswith(self.base + "/"),
                            what)
            self.assertTrue(RFC822.match(text_of(child(top, "lastBuildDate")) or ""),
                            "%s lastBuildDate %r" % (what, text_of(child(top, "lastBuildDate"))))
            self_link = [e.getAttribute("href") for e in children(top, "link", ATOM_NS)
                         if e.getAttribute("rel") == "self"]
        else:
            upd = text_of(child(top, "updated", ATOM_NS))
            self.assertTrue(RFC3339.match(upd or ""), "%s feed updated %r" % (what, upd))
            self.assertIsNotNone(fp["feed"]["updated_ts"], what)
            self_link = [e.getAttribute("href") for e in children(top, "link", ATOM_NS)
                         if e.getAttribute("rel") == "self"]
        self.assertEqual(self_link, [self.base + target], "%s rel=self" % what)

        ids = []
        mismatches = []
        for i, (item, e) in enumerate(zip(items, entries)):
            link = e["link"]
            path = self.local(link)
            id_ = article_id(path)
            self.assertIsNotNone(id_, "%s entry %d: link %r is not an article"
                                 % (what, i, link))
            ids.append(id_)
            self.assertNotIn(id_, (DRAFT_ID, SCHEDULED_ID),
                             "%s lists the draft or scheduled article" % what)
            h1, lead, dt, tree, _ = self.article_page(path)
            # The dates, as written and as feedparser reads them.
            page_ts = utc_seconds(dt)
            if kind == "rss":
                pub = text_of(child(item, "pubDate"))
                m = RFC822.match(pub or "")
                self.assertTrue(m, "%s entry %d: pubDate %r is not RFC 822" % (
                    what, i, pub))
                dt822 = email.utils.parsedate_to_datetime(pub)
                self.assertEqual(dt822.strftime("%a"), m.group(1),
                                 "%s: pubDate %r names the wrong weekday" % (what, pub))
                self.assertEqual(int(dt822.timestamp()), page_ts,
                                 "%s entry %d: pubDate %r, page %s" % (what, i, pub, dt))
                self.assertEqual(e["published_ts"], page_ts,
                                 "%s entry %d: feedparser reads pubDate %r as %r, "
                                 "the page says %s" % (what, i, pub,
                                                       e["published_ts"], dt))
                guid = child(item, "guid")
                self.assertEqual(text_of(guid), link, what)
            else:
                for name in ("published", "updated"):
                    v = text_of(child(item, name, ATOM_NS))
                    self.assertTrue(RFC3339.match(v or ""),
                                    "%s entry %d: <%s> %r is not RFC 3339" % (
                                        what, i, name, v))
                    self.assertEqual(rfc3339_seconds(v), page_ts,
                                     "%s entry %d: <%s> %r, page %s" % (
                                         what, i, name, v, dt))
                self.assertEqual(e["updated_ts"], page_ts, what)
                self.assertEqual(e["published_ts"], page_ts, what)
                self.assertEqual(e["id"], link, what)
            if page_check is not None:
                page_check(path, tree)
            # Title and summary as a reader shows them: text is text, HTML
            # is read as HTML (RSS <description> is HTML).
            title = e["title"] if e["title_type"] != "text/html" else html_text(e["title"])
            summary = (html_text(e["summary"]) if e["summary_type"] == "text/html"
                       else norm(e["summary"]))
            if norm(title) != h1:
                mismatches.append("entry %d (%s): title %r (%s), page h1 %r" % (
                    i, path, e["title"], e["title_type"], h1))
            # The page shows "(source) - lead"; the feed the lead alone.
            if not (summary == lead or re.fullmatch(
                    r"\(.+?\) - " + re.escape(summary), lead)):
                mismatches.append(
                    "entry %d (%s): summary as a reader sees it %r (feedparser: "
                    "%r, type %s; in the XML %r), page lead %r" % (
                        i, path, summary, e["summary"], e["summary_type"],
                        text_of(child(item, "description" if kind == "rss"
                                      else "summary")), lead))

        self.assertEqual(ids, expect_ids,
                         "%s: the entries are not the newest visible articles, "
                         "newest first" % what)
        times = [utc_seconds(self.article_page(self.local(e["link"]))[2])
                 for e in entries]
        self.assertEqual(times, sorted(times, reverse=True),
                         "%s: not newest first" % what)
        self.assertFalse(mismatches, "%s: entries differ from their pages:\n  %s"
                         % (what, "\n  ".join(mismatches)))
        return r, doc, fp

    def newest_ids(self, where="", args=(), join=""):
        return [row[0] for row in self.db(
            "SELECT a.id FROM articles a JOIN categories c ON c.id = a.category_id "
            + join + " WHERE " + VISIBLE + where +
            " ORDER BY a.published_at DESC, a.id DESC LIMIT 20", args)]

    # --- site-wide feeds ------------------------------------------------

    def test_site_rss(self):
        expect = self.newest_ids()
        self.assertEqual(len(expect), 20)
        self.check_feed("/rss.xml", "rss", expect)

    def test_site_atom(self):
        expect = self.newest_ids()
        self.check_feed("/atom.xml", "atom", expect)

    def test_no_draft_or_scheduled(self):
        for target in ("/rss.xml", "/atom.xml"):
            r = self.get(target)
            self.assertStatus(r, 200, target)
            for id_ in (DRAFT_ID, SCHEDULED_ID):
                self.assertNotRegex(r.text, r"-%d\.htm\b" % id_, target)
            self.assertNotIn("[Bản nháp]", r.text, target)
            self.assertNotIn("[Hẹn giờ]", r.text, target)

    # --- per section and per tag ------------------------------------------

    def section_check(self, slug, name):
        def check(path, tree):
            crumb = tree.find("nav", cls="breadcrumb")
            self.assertIsNotNone(crumb, path)
            self.assertIn(("/%s/" % slug, name), crumb.links(),
                          "%s %s: not in section %s" % (self.server, path, slug))
        return check

    def tag_check(self, slug):
        def check(path, tree):
            tags = tree.find("ul", cls="tag-list")
            hrefs = [h for h, _ in tags.links()] if tags is not None else []
            self.assertIn("/tag/%s" % slug, hrefs,
                          "%s %s: not tagged %s" % (self.server, path, slug))
        return check

    def test_section_feeds(self):
        expect = self.newest_ids(" AND c.slug = ?", ("thoi-su",))
        self.assertTrue(expect)
        for kind in ("rss", "atom"):
            with self.subTest(kind=kind):
                _, doc, fp = self.check_feed("/thoi-su/%s.xml" % kind, kind, expect,
                                             self.section_check("thoi-su", "Thời sự"))
                self.assertEqual(fp["feed"]["link"], self.base + "/thoi-su/")
        # More than 20 in the section: the feed stops at 20.
        expect = self.newest_ids(" AND c.slug = ?", ("thu-nghiem-phan-trang",))
        self.assertEqual(len(expect), 20)
        self.check_feed("/thu-nghiem-phan-trang/atom.xml", "atom", expect,
                        self.section_check("thu-nghiem-phan-trang",
                                           "Thử nghiệm phân trang"))

    def test_tag_feeds(self):
        expect = self.newest_ids(
            " AND t.slug = ?", ("an-ninh-mang",),
            join="JOIN article_tags at ON at.article_id = a.id "
                 "JOIN tags t ON t.id = at.tag_id")
        self.assertTrue(expect)
        for kind in ("rss", "atom"):
            with self.subTest(kind=kind):
                _, doc, fp = self.check_feed("/tag/an-ninh-mang/%s.xml" % kind,
                                             kind, expect,
                                             self.tag_check("an-ninh-mang"))
                self.assertEqual(fp["feed"]["link"], self.base + "/tag/an-ninh-mang")

    def test_unknown_feeds_404(self):
        for target in ("/khong-co-muc-nay/rss.xml", "/khong-co-muc-nay/atom.xml",
                       "/tag/khong-co-the-nay/rss.xml",
                       "/tag/khong-co-the-nay/atom.xml"):
            r = self.get(target)
            self.assertStatus(r, 404, target)

    def alternates(self, target):
        r = self.get(target)
        self.assertStatus(r, 200, target)
        tree = bh.parse_html(r.text)
        return [(l.attrs.get("type"), l.attrs.get("href"))
                for l in tree.find_all("link", rel="alternate")]

    def assertAdvertised(self, page, feeds):
        alts = self.alternates(page)
        for ctype, href in feeds:
            self.assertIn((ctype.split(";")[0], href), alts,
                          "%s %s does not advertise %s" % (self.server, page, href))
            url = urllib.parse.urljoin(self.base + page, href)
            r = self.get(self.local(url))
            self.assertStatus(r, 200, href)
            self.assertEqual(r.header("Content-Type"), ctype, href)

    def test_autodiscovery(self):
        self.assertAdvertised("/", [(RSS_TYPE, "/rss.xml"), (ATOM_TYPE, "/atom.xml")])
        self.assertAdvertised("/thoi-su/", [(RSS_TYPE, "/thoi-su/rss.xml"),
                                            (ATOM_TYPE, "/thoi-su/atom.xml")])
        self.assertAdvertised("/tag/an-ninh-mang",
                              [(RSS_TYPE, "/tag/an-ninh-mang/rss.xml"),
                               (ATOM_TYPE, "/tag/an-ninh-mang/atom.xml")])

    # --- escaping ---------------------------------------------------------

    def xss_item(self, target, kind):
        r, doc, fp = self.parse_feed(target, kind)
        _, items = self.dom_entries(doc, kind)
        found = [(item, e) for item, e in zip(items, fp["entries"])
                 if article_id(self.local(e["link"])) == XSS_ID]
        self.assertEqual(len(found), 1, "%s %s: article %d not listed once" % (
            self.server, target, XSS_ID))
        self.assertNotIn(b"<script", r.body, target)
        self.assertNotIn(b"<img", r.body, target)
        return found[0]

    def test_feed_titles_escaped(self):
        for target, kind in ((XSS_FEED, "rss"),
                             (XSS_FEED.replace("rss", "atom"), "atom")):
            with self.subTest(feed=target):
                item, e = self.xss_item(target, kind)
                ns = None if kind == "rss" else ATOM_NS
                self.assertEqual(text_of(child(item, "title", ns)), XSS_TITLE)
                self.assertEqual(e["title"], XSS_TITLE)
                self.assertEqual(e["title_type"], "text/plain")
                # Without feedparser's sanitizer too: nothing to sanitize.
                raw = feedparse(self.get(target).body, sanitize=False)
                self.assertIn(XSS_TITLE, [x["title"] for x in raw["entries"]])

    def test_rss_description_is_html(self):
        # RSS readers (feedparser among them) read <description> as HTML,
        # so a plain-text lead must arrive HTML-escaped: as text, never as
        # an <img onerror> element.
        item, e = self.xss_item(XSS_FEED, "rss")
        self.assertEqual(e["summary_type"], "text/html")
        raw = feedparse(self.get(XSS_FEED).body, sanitize=False)
        summary = [x["summary"] for x in raw["entries"]
                   if article_id(self.local(x["link"])) == XSS_ID][0]
        self.assertNotIn("<img", summary,
                         "%s %s: the lead of %d is markup to an RSS reader: "
                         "<description>%s</description> reads as %r" % (
                             self.server, XSS_FEED, XSS_ID,
                             item.getElementsByTagName("description")[0]
                             .firstChild.toxml(), summary))
        self.assertEqual(html_text(summary), XSS_LEAD)

    def test_atom_summary_is_text(self):
        item, e = self.xss_item(XSS_FEED.replace("rss", "atom"), "atom")
        s = child(item, "summary", ATOM_NS)
        self.assertIn(s.getAttribute("type"), ("", "text"))
        self.assertEqual(e["summary"], XSS_LEAD)

    def test_news_sitemap_and_json_ld_escaped(self):
        _, doc = self.fetch_xml("/sitemap-news.xml", XML_TYPES[0])
        titles = {}
        for u in children(doc.documentElement, "url", SITEMAP_NS):
            n = child(child(u, "news", NEWS_NS), "title", NEWS_NS)
            titles[article_id(self.local(text_of(child(u, "loc", SITEMAP_NS))))] = \
                text_of(n)
        self.assertEqual(titles.get(XSS_ID), XSS_TITLE)
        # The article page's JSON-LD must not end its <script> early.
        r = self.get("/x/%d.htm" % XSS_ID)
        self.assertStatus(r, 301)
        r = self.get(self.local(r.header("Location")))
        self.assertStatus(r, 200)
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>',
                            r.text, re.S)
        self.assertEqual(len(blocks), 1, r.describe())
        data = json.loads(blocks[0])
        self.assertEqual(data["headline"], XSS_TITLE)
        self.assertEqual(data["author"]["name"], "<i>Tác giả</i>")

    # --- sitemaps ---------------------------------------------------------

    def visible_ids(self):
        return {row[0] for row in self.db(
            "SELECT a.id FROM articles a WHERE " + VISIBLE)}

    def sitemap_urls(self, target):
        r, doc = self.fetch_xml(target, XML_TYPES[0])
        root = doc.documentElement
        self.assertEqual((root.namespaceURI, root.localName), (SITEMAP_NS, "urlset"),
                         target)
        out = []
        for u in children(root, "url", SITEMAP_NS):
            loc = text_of(child(u, "loc", SITEMAP_NS))
            lastmod = text_of(child(u, "lastmod", SITEMAP_NS))
            out.append((loc, lastmod))
        return r, out

    def test_sitemap(self):
        _, urls = self.sitemap_urls("/sitemap.xml")
        locs = [loc for loc, _ in urls]
        dupes = sorted({l for l in locs if locs.count(l) > 1})
        self.assertFalse(dupes, "%s: listed more than once: %s" % (self.server, dupes))
        paths = [self.local(l) for l in locs]
        self.assertEqual(paths.count("/"), 1, "home page")
        sections = [row[0] for row in self.db("SELECT slug FROM categories")]
        for slug in sections:
            self.assertIn("/%s/" % slug, paths, "%s: section %s" % (self.server, slug))
        ids = [article_id(p) for p in paths if article_id(p) is not None]
        others = [p for p in paths if article_id(p) is None]
        self.assertEqual(sorted(others),
                         sorted(["/"] + ["/%s/" % s for s in sections]),
                         "%s: unexpected URLs" % self.server)
        (count,), = self.db("SELECT count(*) FROM articles a WHERE " + VISIBLE)
        self.assertEqual(len(ids), count, "%s: article URLs vs the database" %
                         self.server)
        self.assertEqual(set(ids), self.visible_ids())
        self.assertNotIn(DRAFT_ID, ids)
        self.assertNotIn(SCHEDULED_ID, ids)
        for loc, lastmod in urls:
            if article_id(self.local(loc)) is None:
                continue
            self.assertTrue(lastmod and ISO8601.match(lastmod),
                            "%s: lastmod %r of %s" % (self.server, lastmod, loc))

    def test_sitemap_urls_answer_200(self):
        _, urls = self.sitemap_urls("/sitemap.xml")
        paths = [self.local(loc) for loc, _ in urls]
        if self.server == "cgi":
            # Four processes a page (with its includes): a quarter of the
            # URLs, of every kind, fit the time bound; the other servers
            # fetch them all.
            paths = paths[::4]
        deadline = time.monotonic() + 25

        def status(path):
            if time.monotonic() > deadline:
                return path, "not fetched (time bound)"
            try:
                # Plain CGI under ASan, 8 at a time: slow, not wrong.
                return path, bh.get(self.base, path, timeout=30).status
            except Exception as e:
                return path, repr(e)

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            results = list(pool.map(status, paths))
        bad = [(p, s) for p, s in results if s != 200]
        self.assertFalse(bad, "%s: sitemap URLs not answering 200: %s" % (
            self.server, bad[:20]))

    def test_news_sitemap(self):
        started = time.time()
        r, doc = self.fetch_xml("/sitemap-news.xml", XML_TYPES[0])
        root = doc.documentElement
        self.assertEqual((root.namespaceURI, root.localName), (SITEMAP_NS, "urlset"))
        self.assertEqual(root.getAttribute("xmlns:news"), NEWS_NS)
        ids = []
        for u in children(root, "url", SITEMAP_NS):
            loc = text_of(child(u, "loc", SITEMAP_NS))
            id_ = article_id(self.local(loc))
            self.assertIsNotNone(id_, loc)
            ids.append(id_)
            news = child(u, "news", NEWS_NS)
            self.assertIsNotNone(news, "%s: no news:news" % loc)
            pub = text_of(child(child(news, "publication", NEWS_NS), "name", NEWS_NS))
            self.assertTrue(pub, "%s: no news:publication/news:name" % loc)
            date = text_of(child(news, "publication_date", NEWS_NS))
            self.assertTrue(date and ISO8601.match(date),
                            "%s: news:publication_date %r" % (loc, date))
            age = started - rfc3339_seconds(date)
            self.assertTrue(-5 <= age <= 48 * 3600 + 5,
                            "%s: published %s, %.1f h ago" % (loc, date, age / 3600))
            title = text_of(child(news, "title", NEWS_NS))
            (db_title, db_pub), = self.db(
                "SELECT title, published_at FROM articles WHERE id = ?", (id_,))
            self.assertEqual(title, db_title, loc)
            self.assertEqual(rfc3339_seconds(date), utc_seconds(db_pub), loc)
        self.assertEqual(len(ids), len(set(ids)), "listed twice")
        for id_ in RECENT_IDS:
            self.assertIn(id_, ids, "%s: recent article %d missing" % (
                self.server, id_))
        self.assertNotIn(OLD_ID, ids)
        self.assertNotIn(DRAFT_ID, ids)
        self.assertNotIn(SCHEDULED_ID, ids)
        expect = {row[0] for row in self.db(
            "SELECT a.id FROM articles a WHERE " + VISIBLE + " AND a.published_at"
            " > strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-48 hours')")}
        self.assertEqual(set(ids), expect, self.server)

    def test_robots_txt(self):
        r = self.get("/robots.txt")
        self.assertStatus(r, 200, "/robots.txt")
        self.assertTrue((r.header("Content-Type") or "").startswith("text/plain"),
                        r.header("Content-Type"))
        lines = r.text.splitlines()
        for target in ("/sitemap.xml", "/sitemap-news.xml"):
            self.assertIn("Sitemap: %s%s" % (self.base, target), lines, r.text)
            self.assertStatus(self.get(target), 200, target)

    def test_sitemap_pages(self):
        _, whole = self.sitemap_urls("/sitemap.xml")
        _, part = self.sitemap_urls("/sitemap/1")
        self.assertEqual(part, whole, "/sitemap/1 is the only page here")
        for target in ("/sitemap/999", "/sitemap/0"):
            self.assertStatus(self.get(target), 404, target)

    # --- sharing metadata -------------------------------------------------

    def test_article_metadata(self):
        r = self.get("/x/1.htm")
        self.assertStatus(r, 301, "/x/1.htm")
        canonical = r.header("Location")
        self.assertEqual(canonical, self.base + REF_PATH)
        h1, lead, dt, tree, resp = self.article_page(self.local(canonical))
        self.assertEqual(h1, REF_TITLE)
        metas = meta_map(tree)
        meta = dict(metas)

        def only(key):
            vals = [v for k, v in metas if k == key]
            self.assertEqual(len(vals), 1, "%s: %s %r" % (self.server, key, vals))
            return vals[0]

        self.assertIn(REF_TITLE, tree.find("title").norm_text())
        # The lead without the page's "(source) - " prefix.
        bare = re.sub(r"^\(.+?\) - ", "", lead)
        desc = only("description")
        self.assertTrue(desc.startswith(" ".join(bare.split()[:8])),
                        "description %r, lead %r" % (desc, bare))
        self.assertTrue(bare.startswith(desc.rstrip("…").rstrip()),
                        "description %r is not the lead truncated" % desc)
        self.assertLessEqual(len(desc), 161)
        links = [l.attrs.get("href") for l in tree.find_all("link", rel="canonical")]
        self.assertEqual(links, [canonical])

        self.assertEqual(only("og:type"), "article")
        self.assertEqual(only("og:title"), REF_TITLE)
        self.assertEqual(only("og:description"), desc)
        self.assertEqual(only("og:url"), canonical)
        image = only("og:image")
        self.assertTrue(image.startswith(self.base + "/"), image)
        img = self.get(self.local(image))
        self.assertStatus(img, 200, image)
        self.assertEqual(img.header("Content-Type"), "image/jpeg", image)
        self.assertTrue(img.body.startswith(b"\xff\xd8"), image)
        self.assertEqual(only("article:published_time"), "2020-11-03T07:30:00Z")
        self.assertEqual(dt, "2020-11-03T07:30:00Z")
        self.assertEqual(only("article:section"), "Quốc phòng – An ninh")
        tag_list = tree.find("ul", cls="tag-list")
        self.assertIsNotNone(tag_list, "no tag list")
        page_tags = [name for _, name in tag_list.links()]
        self.assertTrue(page_tags)
        self.assertEqual([v for k, v in metas if k == "article:tag"], page_tags)
        self.assertEqual(only("twitter:card"), "summary_large_image")
        self.assertEqual(only("twitter:image"), image)
        self.assertEqual(meta.get("twitter:title"), REF_TITLE)

        scripts = list(tree.find_all("script", type="application/ld+json"))
        self.assertEqual(len(scripts), 1, "%s: JSON-LD blocks" % self.server)
        self.assertEqual(resp.text.count("application/ld+json"), 1)
        data = json.loads(scripts[0].text())
        self.assertEqual(data.get("@type"), "NewsArticle")
        self.assertEqual(data.get("headline"), REF_TITLE)
        self.assertEqual(data.get("datePublished"), "2020-11-03T07:30:00Z")
        self.assertEqual((data.get("author") or {}).get("name"), "Nhật Nam")
        self.assertIsInstance(data.get("image"), list)
        self.assertEqual(data["image"][0], image)
        self.assertTrue(data["image"][0].startswith(self.base + "/"))
        self.assertEqual(data.get("mainEntityOfPage"), canonical)

    def test_home_metadata(self):
        r = self.get("/")
        self.assertStatus(r, 200, "/")
        tree = bh.parse_html(r.text)
        metas = meta_map(tree)
        self.assertEqual([v for k, v in metas if k == "og:type"], ["website"])
        self.assertEqual([v for k, v in metas if k == "og:url"], [self.base + "/"])
        self.assertFalse([k for k, _ in metas if k.startswith("article:")])
        self.assertEqual(list(tree.find_all("script", type="application/ld+json")), [])
        self.assertNotIn("application/ld+json", r.text)


def main():
    return bh.run((FeedsMixin,), "feed tests")


if __name__ == "__main__":
    sys.exit(main())
