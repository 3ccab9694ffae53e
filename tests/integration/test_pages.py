#!/usr/bin/env python3
"""HTTP integration tests of bantin: the dev server, nginx + FastCGI,
Apache + FastCGI and Apache + plain CGI.

Run by tests/integration/run.sh with
    DEV_URL, NGINX_URL, APACHE_URL, CGI_URL
                         base URLs of the running servers (loopback)
    BUILD                absolute build directory (bantin-dev, bantin.fcgi,
                         bantin-admin)
    T                    the harness temp dir (dev.db, nginx.db, ...)

Every page test runs against each server (bantin_http.run()); the
database outage tests start processes of their own; the admin SQL tests
write to the dev server's database ($T/dev.db).  The last line printed is
"N passed, M failed".
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unicodedata
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bantin_http as bh  # noqa: E402

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("BUILD") or os.path.join(TOP, "build")
T = os.environ.get("T")
WWW = os.environ.get("BANTIN_WWW") or os.path.join(TOP, "www")
SCHEMA = os.path.join(TOP, "schema.sql")
SAMPLE = os.path.join(TOP, "db", "sample.sql")
DEV_URL = (os.environ.get("DEV_URL") or "").rstrip("/")

REF_TITLE = "Bộ Quốc phòng duy trì hiệu quả quốc tế hợp tác an ninh mạng"
REF_PATH = ("/quoc-phong-an-ninh/"
            "bo-quoc-phong-duy-tri-hieu-qua-quoc-te-hop-tac-an-ninh-mang-1.htm")
SECTIONS = [
    ("Thời sự", "thoi-su"),
    ("Chính trị", "chinh-tri"),
    ("Kinh tế", "kinh-te"),
    ("Xã hội", "xa-hoi"),
    ("Quốc phòng – An ninh", "quoc-phong-an-ninh"),
    ("Quốc tế", "quoc-te"),
    ("Văn hóa", "van-hoa"),
]
PAGING = "/thu-nghiem-phan-trang/"
HTML_TYPE = "text/html; charset=utf-8"
ARTICLE_HREF = re.compile(r"^/[a-z0-9-]+/[a-z0-9-]+-(\d+)\.htm$")


def article_id(href):
    m = ARTICLE_HREF.match(href or "")
    return int(m.group(1)) if m else None


class PagesMixin:
    """Every page test; subclassed once per server."""
    base = None
    server = None

    # --- helpers ---------------------------------------------------------

    def get(self, target, **kw):
        return bh.request(self.base, "GET", target, **kw)

    def req(self, method, target, **kw):
        return bh.request(self.base, method, target, **kw)

    def assertStatus(self, resp, status, what=""):
        self.assertEqual(resp.status, status, "%s %s\n%s" % (
            self.server, what, resp.describe()))

    def page(self, target, status=200):
        """GET target, assert status and an HTML page; returns (resp, tree)."""
        r = self.get(target)
        self.assertStatus(r, status, target)
        self.assertEqual(r.header("Content-Type"), HTML_TYPE, target)
        return r, bh.parse_html(r.text)

    def assertLayout(self, resp, what=""):
        """A full HTML page in the site layout."""
        self.assertEqual(resp.header("Content-Type"), HTML_TYPE, what)
        text = resp.text
        self.assertIn('<html lang="vi">', text, what)
        tree = bh.parse_html(text)
        nav = tree.find("nav", cls="site-nav")
        self.assertIsNotNone(nav, "%s: no site navigation\n%s" % (
            what, resp.describe()))
        self.assertIn(("/", "Trang chủ"), nav.links(), what)
        self.assertIsNotNone(tree.find("footer", cls="site-footer"), what)
        return tree

    def assertError(self, target, status, method="GET", **kw):
        r = self.req(method, target, **kw)
        self.assertStatus(r, status, "%s %s" % (method, target[:80]))
        self.assertLayout(r, "%s %s (%d)" % (method, target[:80], status))
        tree = bh.parse_html(r.text)
        code = tree.find("p", cls="error-code")
        self.assertIsNotNone(code, target[:80])
        self.assertEqual(code.norm_text(), str(status))
        self.assertEqual(r.header("Cache-Control"), "no-store", target[:80])
        return r

    def canonical_of(self, id_):
        r = self.get("/x/%d.htm" % id_)
        self.assertStatus(r, 301, "/x/%d.htm" % id_)
        loc = r.header("Location")
        self.assertTrue(loc and loc.startswith(self.base + "/"), loc)
        return loc[len(self.base):]

    def cards(self, tree):
        """(href, title, datetime) of each article card of a listing."""
        out = []
        for card in tree.find_all("article", cls="card"):
            a = card.find("h3", cls="card-title").find("a")
            t = card.find("time")
            out.append((a.attrs["href"], a.norm_text(),
                        t.attrs.get("datetime") if t is not None else None))
        return out

    # --- the reference article ----------------------------------------

    def test_reference_article(self):
        path = self.canonical_of(1)
        self.assertTrue(path.startswith(REF_PATH), path)
        self.assertEqual(path, REF_PATH)
        r, tree = self.page(path)
        self.assertTrue(r.header("Cache-Control"), "no Cache-Control")
        self.assertIn('<html lang="vi">', r.text)
        title = tree.find("title")
        self.assertTrue(title.norm_text().startswith(REF_TITLE), title.text())
        art = tree.find("article", cls="article")
        self.assertIsNotNone(art, "no <article class=article>")
        h1 = art.find("h1")
        self.assertEqual(h1.norm_text(), REF_TITLE)
        self.assertEqual(len(list(tree.find_all("h1"))), 1)
        lead = art.find("p", cls="article-lead")
        self.assertTrue(lead.norm_text().startswith(
            "(Chinhphu.vn) - Bộ Quốc phòng với tư cách là Chủ tịch ADMM"),
            lead.text())
        fig = art.find("figure")
        self.assertIsNotNone(fig, "no figure")
        # Its caption only repeats the headline: none shown (test_front.py);
        # the picture's credit is.
        self.assertEqual(fig.find("figcaption").norm_text(), "(Ảnh minh họa)")
        img = fig.find("img")
        # The sample's picture as bantin-admin image add made it
        # (test_images.py checks the <picture>).
        self.assertRegex(img.attrs.get("src"),
                         r"^/img/b6/b6befb127e4241398220d24675b3f40b-1200\.jpg$")
        self.assertEqual(art.find("p", cls="article-author").norm_text(),
                         "Nhật Nam")
        self.assertEqual(art.find("span", cls="view-count").norm_text(), "280")
        top = art.find("a", cls="go-top")
        self.assertEqual(top.norm_text(), "Go top")
        self.assertEqual(top.attrs.get("href"), "#top")
        self.assertIsNotNone(tree.find(id="top"), "no #top anchor")
        when = art.find("p", cls="article-meta").find("time")
        self.assertEqual(when.norm_text(), "Thứ Ba, 03/11/2020 14:30")
        self.assertEqual(when.attrs.get("datetime"), "2020-11-03T07:30:00Z")
        body = art.find("div", cls="article-body")
        paras = [p.norm_text() for p in body.find_all("p")]
        self.assertGreaterEqual(len(paras), 5, paras)
        self.assertTrue(any(p.startswith("Thiếu tướng Tống Viết Trung, Phó Tư "
                                         "lệnh Bộ Tư lệnh 86") for p in paras),
                        paras)
        canon = [e.attrs.get("href") for e in tree.find_all("link", rel="canonical")]
        self.assertEqual(canon, [self.base + REF_PATH])
        tags = art.find("ul", cls="tag-list")
        self.assertIsNotNone(tags, "no tag list")
        links = tags.links()
        self.assertTrue(links and all(h.startswith("/tag/") for h, _ in links), links)
        self.assertIn(("/tag/an-ninh-mang", "An ninh mạng"), links)
        self.assertIn(("/tag/asean-2020", "ASEAN 2020"), links)
        self.assertIn(("/tag/quoc-phong", "Quốc phòng"), links)
        related = tree.find("section", cls="related")
        self.assertIsNotNone(related, "no related articles")
        rel = [h for h, _ in related.links()]
        self.assertTrue(rel, "related section has no links")
        for h in rel:
            self.assertTrue(h.startswith("/quoc-phong-an-ninh/"), h)
            self.assertNotEqual(article_id(h), 1, "related links to itself: %s" % h)
            self.assertNotEqual(h, REF_PATH)
        # Breadcrumb: home, then the section.
        crumbs = tree.find("nav", cls="breadcrumb").links()
        self.assertEqual(crumbs, [("/", "Trang chủ"),
                                  ("/quoc-phong-an-ninh/", "Quốc phòng – An ninh")])

    # --- redirects -----------------------------------------------------

    def test_redirects_to_the_canonical_url(self):
        cases = [
            ("/wrong-section/bo-quoc-phong-1.htm", REF_PATH),
            ("/quoc-phong-an-ninh/wrong-slug-1.htm", REF_PATH),
            ("/quoc-phong-an-ninh/1.htm", REF_PATH),
            ("/bo-quoc-phong-1.htm", REF_PATH),
            ("/x/1.htm", REF_PATH),
            ("/thoi-su", "/thoi-su/"),
        ]
        for target, path in cases:
            for host in (None, "evil.example"):
                with self.subTest(target=target, host=host):
                    r = self.get(target, host_header=host)
                    self.assertStatus(r, 301, target)
                    self.assertEqual(r.header("Location"), self.base + path,
                                     r.describe())
                    self.assertNotIn("evil.example", r.text)

    # --- HEAD ------------------------------------------------------------

    def test_head_matches_get(self):
        for target, status in [("/", 200), ("/thoi-su/", 200), (REF_PATH, 200),
                               ("/thu-nghiem-phan-trang/?page=2", 200),
                               ("/khong-co/", 404), ("/x/999999.htm", 404),
                               ("/thoi-su", 301)]:
            with self.subTest(target=target):
                g = self.get(target)
                h = self.req("HEAD", target)
                self.assertStatus(g, status, "GET " + target)
                self.assertStatus(h, status, "HEAD " + target)
                self.assertTrue(g.body, "GET has a body")
                self.assertEqual(h.body, b"", "HEAD sent a body")
                # With SSI (nginx, Apache), a page's length is not known up front:
                # then neither GET nor HEAD may claim one.  A HEAD may leave
                # it out (RFC 9110 §8.6; Apache's mod_cgid sometimes does);
                # when it is there, it is the GET's.
                if g.header("Content-Length") is None:
                    self.assertIsNone(h.header("Content-Length"))
                elif h.header("Content-Length") is not None or self.server != "cgi":
                    self.assertEqual(h.header("Content-Length"), str(len(g.body)))

                # Content-Length is compared above.
                def comparable(r):
                    return sorted((k.lower(), v) for k, v in r.headers
                                  if k.lower() not in (
                                      "date", "expires", "content-length",
                                      "transfer-encoding", "x-cache",
                                      "x-request-id"))
                self.assertEqual(comparable(h), comparable(g))

    # --- home ------------------------------------------------------------

    def test_home_layout(self):
        r, tree = self.page("/")
        self.assertLayout(r, "/")
        lead = tree.find("article", cls="lead-story")
        self.assertIsNotNone(lead, "no lead story")
        a = lead.find("h2").find("a")
        self.assertIsNotNone(article_id(a.attrs.get("href")), a.attrs)
        self.assertTrue(a.norm_text())
        nav = tree.find("nav", cls="site-nav").links()
        for name, slug in SECTIONS:
            self.assertIn(("/%s/" % slug, name), nav)
        box = tree.find("section", cls="most-read")
        self.assertIsNotNone(box, "no most-read box")
        self.assertEqual(box.find("h2").norm_text(), "Đọc nhiều")
        most = box.links()
        self.assertTrue(1 <= len(most) <= 8, most)
        for h, t in most:
            self.assertIsNotNone(article_id(h), h)
            self.assertTrue(t)
        # Every section with articles has a block linking to it.
        blocks = [b.find("h2").find("a").attrs.get("href")
                  for b in tree.find_all("section", cls="section-block")]
        for _, slug in SECTIONS:
            self.assertIn("/%s/" % slug, blocks)

    def test_most_read_with_long_ids(self):
        # The most-read include names every story the front page shows
        # (?shown=1-5-9…); with ids of a large site it passed nginx's
        # 256-byte default for an SSI value, and nginx dropped the box.
        db = os.path.join(T, self.server + ".db")
        big = 100000000000001
        script = os.path.join(T, "long-ids-%s.sql" % self.server)
        with open(script, "w", encoding="utf-8") as f:
            f.write("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 "
                    "FROM n WHERE i < 19)\n"
                    "INSERT INTO articles (id, category_id, title, body)\n"
                    "SELECT %d + i, 1 + i %% 7, 'Tin số lớn ' || i, 'Thân.' "
                    "FROM n;\n" % big)
        r = admin(db, "sql", script)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(script, "w", encoding="utf-8") as f:
            f.write("DELETE FROM articles WHERE id >= %d;\n" % big)
        self.addCleanup(admin, db, "sql", script)
        deadline = time.time() + 5
        while True:         # nginx's page cache keeps "/" for a second
            r, tree = self.page("/")
            if str(big) in r.text or time.time() > deadline:
                break
            time.sleep(0.3)
        self.assertIn(str(big), r.text, "the new stories are not on /")
        box = tree.find("section", cls="most-read")
        self.assertIsNotNone(box, "%s: no most-read box on /" % self.server)
        self.assertTrue(1 <= len(box.links()) <= 8, box.links())

    def test_draft_and_scheduled_hidden(self):
        for target in ("/", "/quoc-te/", "/van-hoa/", "/tag/ngoai-giao",
                       "/tag/van-hoa", REF_PATH):
            with self.subTest(target=target):
                r, tree = self.page(target)
                self.assertNotIn("[Bản nháp]", r.text)
                self.assertNotIn("[Hẹn giờ]", r.text)
                ids = {article_id(h) for h, _ in tree.links()}
                self.assertNotIn(47, ids)
                self.assertNotIn(48, ids)
        for target in ("/x/47.htm", "/x/48.htm",
                       "/quoc-te/ban-nhap-tong-ket-cong-tac-thong-tin-doi-ngoai-nam-2020-47.htm",
                       "/van-hoa/hen-gio-chuong-trinh-nghe-thuat-chao-nam-moi-48.htm"):
            with self.subTest(target=target):
                self.assertError(target, 404)

    # --- pagination ------------------------------------------------------

    def test_section_pagination(self):
        pages = {}
        for n, target in ((1, PAGING), (2, PAGING + "?page=2"),
                          (3, PAGING + "?page=3")):
            r, tree = self.page(target)
            pages[n] = (r, tree, self.cards(tree))
        self.assertEqual([len(pages[n][2]) for n in (1, 2, 3)], [20, 20, 8])
        every = pages[1][2] + pages[2][2] + pages[3][2]
        hrefs = [h for h, _, _ in every]
        self.assertEqual(len(set(hrefs)), 48, "duplicates across pages")
        for h in hrefs:
            self.assertTrue(h.startswith(PAGING), h)
        dates = [d for _, _, d in every]
        self.assertTrue(all(dates), dates)
        self.assertEqual(dates, sorted(dates, reverse=True), "not newest first")
        self.assertGreater(pages[1][2][0][2], pages[1][2][-1][2])
        # Fixtures: hours +45 … +1 after 2019-01-01, then 9002 (2018).
        titles = [t for _, t, _ in every]
        self.assertLess(titles.index("Bài thử nghiệm số 45"),
                        titles.index("Bài thử nghiệm số 44"))
        self.assertEqual(article_id(hrefs[-1]), 9002)
        for n in (1, 2, 3):
            r, tree, _ = pages[n]
            crumbs = tree.find("nav", cls="breadcrumb").links()
            self.assertEqual(crumbs[0], ("/", "Trang chủ"))
            self.assertEqual(crumbs[1], (PAGING, "Thử nghiệm phân trang"))
            pag = tree.find("nav", cls="pagination")
            self.assertIsNotNone(pag, "page %d: no pagination" % n)
            nxt = [a.attrs["href"] for a in pag.find_all("a", rel="next")]
            prv = [a.attrs["href"] for a in pag.find_all("a", rel="prev")]
            self.assertEqual(nxt, {1: [PAGING + "?page=2"],
                                   2: [PAGING + "?page=3"], 3: []}[n], n)
            self.assertEqual(prv, {1: [], 2: [PAGING],
                                   3: [PAGING + "?page=2"]}[n], n)
            cur = pag.find("span", **{"aria-current": "page"})
            self.assertEqual(cur.norm_text(), str(n))
        self.assertIn("Trang 2", pages[2][1].find("title").text())
        self.assertError(PAGING + "?page=4", 404)

    # --- escaping ----------------------------------------------------------

    def test_hostile_text_escaped(self):
        path = self.canonical_of(9001)
        r, tree = self.page(path)
        text = r.text
        self.assertIn("&lt;script&gt;alert(", text)
        self.assertNotIn("<script>alert(", text)
        self.assertNotIn("<img src=x onerror", text)
        self.assertNotIn("</title><script>", text)
        self.assertNotIn("<x>", text)
        self.assertNotIn("<b>đậm</b>", text)
        self.assertIn("&lt;b&gt;đậm&lt;/b&gt;", text)
        raw_title = re.search(r"<title>(.*?)</title>", text, re.S).group(1)
        self.assertNotIn("<", raw_title)
        self.assertIn("&lt;script&gt;alert(", raw_title)
        self.assertTrue(bh.unescape(raw_title).startswith(
            '<script>alert("xss")</script> Tiêu đề có mã độc'), raw_title)
        self.assertEqual(tree.find("h1").norm_text(),
                         '<script>alert("xss")</script> Tiêu đề có mã độc')
        art = tree.find("article", cls="article")
        self.assertEqual(art.find("p", cls="article-author").norm_text(),
                         "<i>Tác giả</i>")
        # The caption, then the picture's credit.
        self.assertEqual(art.find("figcaption").norm_text(),
                         'Chú thích "ảnh" <x> (Ảnh minh họa)')
        self.assertEqual(art.find("img").attrs.get("alt"), 'Chú thích "ảnh" <x>')
        # The only script is the JSON-LD, whose text cannot close it: the
        # hostile title is in it with < and > as \u escapes.
        scripts = list(tree.find_all("script"))
        self.assertEqual([sc.attrs.get("type") for sc in scripts],
                         ["application/ld+json"], "an executable <script>")
        ld_start = r.text.index('<script type="application/ld+json">')
        ld = r.text[ld_start + 35:r.text.index("</script>", ld_start)]
        self.assertNotIn("<", ld)
        self.assertEqual(json.loads(ld)["headline"],
                         '<script>alert("xss")</script> Tiêu đề có mã độc')
        # Every list it appears in: home (newest article), its section.
        for target in ("/", PAGING):
            with self.subTest(target=target):
                r2 = self.get(target)
                self.assertStatus(r2, 200, target)
                self.assertNotIn("<script>alert(", r2.text)
                self.assertNotIn("<img src=x onerror", r2.text)
                self.assertFalse(list(bh.parse_html(r2.text).find_all("script")))

    # --- NFC -------------------------------------------------------------

    def test_nfc_title(self):
        title = "Tiếng Việt NFD: Quốc phòng"
        nfc = unicodedata.normalize("NFC", title).encode("utf-8")
        nfd = unicodedata.normalize("NFD", title).encode("utf-8")
        self.assertNotEqual(nfc, nfd)
        path = self.canonical_of(9002)
        self.assertTrue(path.endswith("/tieng-viet-nfd-quoc-phong-9002.htm"), path)
        r, tree = self.page(path)
        self.assertIn(nfc, r.body)
        self.assertNotIn(nfd, r.body)
        self.assertEqual(tree.find("h1").norm_text().encode("utf-8"), nfc)
        r = self.get(PAGING + "?page=3")
        self.assertIn(nfc, r.body)
        self.assertNotIn(nfd, r.body)

    # --- tags ------------------------------------------------------------

    def test_tag_page(self):
        r, tree = self.page("/tag/an-ninh-mang")
        self.assertIn("An ninh mạng", tree.find("h1").norm_text())
        hrefs = [h for h, _, _ in self.cards(tree)]
        self.assertIn(REF_PATH, hrefs)
        canon = tree.find("link", rel="canonical").attrs.get("href")
        self.assertEqual(canon, self.base + "/tag/an-ninh-mang")
        self.assertError("/tag/khong-co-chu-de-nay", 404)

    # --- bad input ---------------------------------------------------------

    def test_malformed_utf8_is_400(self):
        for target in ("/%C3%28", "/?x=%C3%28", "/thoi-su/?page=%C3%28",
                       "/thoi-su/?page=1&x=%C3", "/?%C3%28=1", "/%ED%A0%80",
                       "/%C0%AF"):
            with self.subTest(target=target):
                self.assertError(target, 400)
        # A malformed escape: nginx and Apache answer that one themselves
        # (their own page).
        with self.subTest(target="/%zz"):
            if self.server == "dev":
                self.assertError("/%zz", 400)
            else:
                self.assertStatus(self.get("/%zz"), 400, "/%zz")

    def test_bad_page_parameter_is_400(self):
        for value in ("0", "-1", "abc", "99999999999999999999", "", "1.5",
                      "+1", "%201"):
            with self.subTest(page=value):
                self.assertError("/thoi-su/?page=" + value, 400)

    def test_unknown_parameters_ignored(self):
        # /thoi-su/ has one page (7 articles), so page 2 of it is a 404;
        # the paging section has three.
        for target in ("/thoi-su/?utm_source=x", "/thoi-su/?page=1&utm_source=x",
                       PAGING + "?page=2&utm_source=x", "/?utm_source=x&fbclid=y"):
            with self.subTest(target=target):
                r = self.get(target)
                self.assertStatus(r, 200, target)
        r1 = self.get(PAGING + "?page=2")
        r2 = self.get(PAGING + "?utm_source=x&page=2")
        self.assertEqual(r1.body, r2.body)
        self.assertError("/thoi-su/?page=2&utm_source=x", 404)

    def test_unknown_pages_are_404(self):
        for target in ("/x/999999.htm", "/khong-co/", "/khong-co",
                       "/tag/khong-co", "/x/0.htm", "/Thoi-Su/",
                       "/x/99999999999999999999.htm"):
            with self.subTest(target=target):
                self.assertError(target, 404)

    def test_uri_too_long_is_414(self):
        if self.server == "cgi":
            # Apache answers it (bantin-cgi.conf: mod_cgid's limit).
            self.assertStatus(self.get("/?q=" + "a" * 9000), 414, "9000")
        else:
            r = self.assertError("/?q=" + "a" * 9000, 414)
            self.assertIn("Địa chỉ quá dài", r.text)
        # Just under the limit is served.
        r = self.get("/?q=" + "a" * 8000)
        self.assertStatus(r, 200, "/?q=a*8000")

    def test_bad_methods_are_405(self):
        r = self.assertError("/", 405, method="FOO")
        self.assertTrue(r.header("Allow"), "FOO: no Allow header")
        self.assertIn("GET", r.header("Allow"))
        r = self.assertError("/", 405, method="POST")
        self.assertIn("GET", r.header("Allow") or "", "POST: no Allow")
        r = self.assertError("/thoi-su/", 405, method="DELETE")
        self.assertIn("GET", r.header("Allow") or "", "DELETE: no Allow")
        r = self.assertError(REF_PATH, 405, method="PUT")
        self.assertIn("GET", r.header("Allow") or "", "PUT: no Allow")

    def assertNoFileBytes(self, r):
        self.assertNotIn(b"CREATE TABLE", r.body)
        self.assertNotIn(b"{{", r.body)
        self.assertNotIn(b"BUILD ", r.body)

    def test_traversal_and_templates_refused(self):
        if self.server == "dev":
            for target in ("/%2e%2e/schema.sql", "/css/..%2f..%2fMakefile",
                           "/css/%2e%2e/templates/head.html", "/%00",
                           "/css/%00.css", "/css/%2E%2E/%2E%2E/schema.sql",
                           "/img/..%5c..%5cschema.sql"):
                with self.subTest(target=target):
                    r = self.assertError(target, 400)
                    self.assertNoFileBytes(r)
        else:
            for target in ("/%2e%2e/schema.sql", "/css/..%2f..%2fschema.sql"):
                with self.subTest(target=target):
                    r = self.get(target)
                    self.assertIn(r.status, (400, 404), r.describe())
                    self.assertNoFileBytes(r)
        for target in ("/templates/head.html", "/templates/", "/css/.hidden.css"):
            with self.subTest(target=target):
                r = self.get(target)
                self.assertStatus(r, 404, target)
                self.assertNoFileBytes(r)
        if self.server == "dev":
            self.assertError("/templates/head.html", 404)

    # --- static files -------------------------------------------------

    def test_static_files_served(self):
        for target, ctype, fname in (
                ("/css/site.css", "text/css", "css/site.css"),
                ("/img/articles/an-ninh-mang.jpg", "image/jpeg",
                 "img/articles/an-ninh-mang.jpg")):
            with self.subTest(target=target):
                r = self.get(target)
                self.assertStatus(r, 200, target)
                self.assertEqual(r.header("Content-Type").split(";")[0].strip(),
                                 ctype)
                with open(os.path.join(WWW, fname), "rb") as f:
                    self.assertEqual(r.body, f.read())
                self.assertTrue(r.header("Cache-Control"))
        r = self.get("/css/khong-co.css")
        self.assertStatus(r, 404, "/css/khong-co.css")


# --- database outage and recovery ------------------------------------

def base_env(**extra):
    env = dict(os.environ)
    for k in ("BANTIN_DB", "PORT", "BANTIN_BASE_URL", "REQUEST_METHOD",
              "REQUEST_URI", "QUERY_STRING", "DEV_URL", "NGINX_URL"):
        env.pop(k, None)
    env["BANTIN_WWW"] = WWW
    env["BANTIN_SCHEMA"] = SCHEMA
    env.update({k: str(v) for k, v in extra.items()})
    return env


def admin(db, *args, timeout=60):
    return subprocess.run([os.path.join(BUILD, "bantin-admin")] + list(args),
                          env=base_env(BANTIN_DB=db), stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=timeout)


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def rename_over(src_bytes_or_path, dst):
    """Atomically replaces dst with a copy of a file or with bytes."""
    tmp = dst + ".tmp"
    if isinstance(src_bytes_or_path, bytes):
        with open(tmp, "wb") as f:
            f.write(src_bytes_or_path)
    else:
        shutil.copyfile(src_bytes_or_path, tmp)
    os.rename(tmp, dst)


JUNK = (b"this is not an SQLite database, just junk bytes\n" * 200)[:8192]


class DatabaseOutage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="outage.", dir=T)
        cls.logdir = T or cls.dir
        cls.good = os.path.join(cls.dir, "good.db")
        r = admin(cls.good, "create", SAMPLE)
        if r.returncode != 0:
            raise RuntimeError("bantin-admin create failed: %r" % r.stderr)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_dev_server_outage_and_recovery(self):
        d = tempfile.mkdtemp(prefix="dev.", dir=self.dir)
        db = os.path.join(d, "bantin.db")
        port = bh.free_port()
        base = "http://127.0.0.1:%d" % port
        log = os.path.join(self.logdir, "outage-dev.log")
        with open(log, "wb") as errf:
            proc = subprocess.Popen([os.path.join(BUILD, "bantin-dev")],
                                    env=base_env(PORT=port, BANTIN_DB=db),
                                    stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=errf)
        try:
            self.assertTrue(bh.wait_for_port(port, proc=proc),
                            "bantin-dev did not start: %s" % open(log).read())

            def check(status):
                r = bh.get(base, "/")
                self.assertEqual(r.status, status, r.describe())
                return r

            r = check(503)
            self.assertTrue(r.header("Retry-After"), "no Retry-After")
            self.assertEqual(r.header("Content-Type"), HTML_TYPE)
            self.assertIn('<html lang="vi">', r.text)
            self.assertIn("Hệ thống tạm thời gián đoạn", r.text)
            self.assertEqual(bh.get(base, REF_PATH).status, 503)
            # Static files do not need the database.
            self.assertEqual(bh.get(base, "/css/site.css").status, 200)
            with open(log, encoding="utf-8", errors="replace") as f:
                lines = f.read().splitlines()
            self.assertTrue([ln for ln in lines if db in ln and
                             "bantin-admin create" in ln], lines)

            c = admin(db, "create", SAMPLE)
            self.assertEqual(c.returncode, 0, c.stderr)
            r = check(200)
            self.assertIn(REF_TITLE, bh.get(base, REF_PATH).text)

            rename_over(JUNK, db)
            r = check(503)
            self.assertTrue(r.header("Retry-After"))
            self.assertEqual(bh.get(base, REF_PATH).status, 503)

            rename_over(self.good, db)
            check(200)
            r = bh.get(base, REF_PATH)
            self.assertEqual(r.status, 200)
            self.assertIn(REF_TITLE, r.text)
        finally:
            stop(proc)
        self.assertEqual(proc.returncode, 0, "bantin-dev exit status on SIGTERM")

    def cgi_fcgi(self, sock, uri):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
               "REQUEST_METHOD": "GET", "REQUEST_URI": uri,
               "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1"}
        r = subprocess.run(["cgi-fcgi", "-bind", "-connect", sock], env=env,
                           stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=20)
        return r.stdout

    def test_fastcgi_outage_and_recovery(self):
        d = tempfile.mkdtemp(prefix="fcgi.", dir=self.dir)
        db = os.path.join(d, "bantin.db")
        sock = os.path.join(d, "pages.sock")
        log = os.path.join(self.logdir, "outage-fcgi.log")
        with open(log, "wb") as errf:
            proc = subprocess.Popen(
                ["spawn-fcgi", "-n", "-s", sock, "--",
                 os.path.join(BUILD, "bantin.fcgi")],
                env=base_env(BANTIN_DB=db), stdin=subprocess.DEVNULL,
                stdout=errf, stderr=errf)
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    with socket.socket(socket.AF_UNIX) as s:
                        s.settimeout(1)
                        s.connect(sock)
                    break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        self.fail("spawn-fcgi did not start: %s" % open(log).read())
                    time.sleep(0.05)
            out = self.cgi_fcgi(sock, "/")
            self.assertTrue(out.startswith(b"Status: 503"), out[:300])
            self.assertIn(b"\r\nRetry-After: ", out)
            self.assertIn('<html lang="vi">'.encode(), out)

            c = admin(db, "create", SAMPLE)
            self.assertEqual(c.returncode, 0, c.stderr)
            out = self.cgi_fcgi(sock, "/")
            self.assertTrue(out.startswith(b"Status: 200"), out[:300])
            out = self.cgi_fcgi(sock, REF_PATH)
            self.assertTrue(out.startswith(b"Status: 200"), out[:300])
            self.assertIn(REF_TITLE.encode(), out)
        finally:
            stop(proc)

    def test_plain_cgi(self):
        env = base_env(BANTIN_DB=self.good,
                       BANTIN_BASE_URL="https://tin.example.vn",
                       REQUEST_METHOD="GET",
                       REQUEST_URI="/quoc-phong-an-ninh/1.htm")

        def cgi():
            r = subprocess.run([os.path.join(BUILD, "bantin.fcgi")], env=env,
                               stdin=subprocess.DEVNULL, capture_output=True,
                               timeout=20)
            self.assertEqual(r.returncode, 0, r.stderr)
            return r.stdout

        out = cgi()
        self.assertTrue(out.startswith(b"Status: 301"), out[:300])
        self.assertIn(b"\r\nLocation: https://tin.example.vn" +
                      REF_PATH.encode() + b"\r\n", out)
        # The same as plain CGI, 200.
        env["REQUEST_URI"] = REF_PATH
        out = cgi()
        self.assertTrue(out.startswith(b"Status: 200"), out[:300])
        head, _, body = out.partition(b"\r\n\r\n")
        m = re.search(rb"\r\nContent-Length: (\d+)\r\n", head + b"\r\n")
        self.assertTrue(m, head)
        self.assertEqual(int(m.group(1)), len(body))
        self.assertIn(REF_TITLE.encode(), body)
        # An Apache SSI include: REQUEST_URI is still the page's, the
        # included path is in SCRIPT_NAME (and PATH_INFO's tail of it).
        env.update(SERVER_PROTOCOL="INCLUDED", REQUEST_URI="/khong-co/",
                   SCRIPT_NAME=REF_PATH, PATH_INFO=REF_PATH, QUERY_STRING="")
        out = cgi()
        self.assertTrue(out.startswith(b"Status: 200"), out[:300])
        self.assertIn(REF_TITLE.encode(), out)
        # Without REQUEST_URI: SCRIPT_NAME + PATH_INFO, decoded by the
        # server and so encoded again ("%31" stays three characters).
        del env["REQUEST_URI"]
        env.update(SERVER_PROTOCOL="HTTP/1.1", SCRIPT_NAME="",
                   PATH_INFO="/x/%31.htm")
        out = cgi()
        self.assertTrue(out.startswith(b"Status: 404"), out[:300])


# --- admin SQL against the dev server's database ---------------------

@unittest.skipUnless(T and DEV_URL, "T and DEV_URL not set")
class AdminSql(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = os.path.join(T, "dev.db")
        cls.dir = tempfile.mkdtemp(prefix="admin.", dir=T)
        cls.tag = "k%d%d" % (os.getpid(), int(time.time() * 1000) % 100000)

    @classmethod
    def tearDownClass(cls):
        # The articles these tests added (their titles carry the tag):
        # other suites find the dev database as fixtures.sql made it.
        with open(os.path.join(cls.dir, "remove.sql"), "w") as f:
            f.write("DELETE FROM articles WHERE title LIKE '%%%s%%';\n"
                    % cls.tag)
        r = admin(cls.db, "sql", f.name)
        shutil.rmtree(cls.dir, ignore_errors=True)
        if r.returncode != 0:
            raise RuntimeError("removing the test articles: %r" % r.stderr)

    def script(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def find_in_section(self, section, slug_prefix):
        r = bh.get(DEV_URL, "/%s/" % section)
        self.assertEqual(r.status, 200, r.describe())
        pat = re.compile(r'href="(/%s/%s-(\d+)\.htm)"' % (
            re.escape(section), re.escape(slug_prefix)))
        m = pat.search(r.text)
        return (m.group(1), int(m.group(2))) if m else (None, None)

    def test_admin_insert_visible_at_once(self):
        title = "Đà Nẵng đón Đoàn kiểm thử %s" % self.tag
        slug = "da-nang-don-doan-kiem-thu-%s" % self.tag
        f = self.script("insert.sql",
                        "INSERT INTO articles (category_id, title, body)\n"
                        "VALUES (1, '%s', 'Thân bài kiểm thử.\n\nĐoạn hai.');\n" % title)
        r = admin(self.db, "sql", f)
        self.assertEqual(r.returncode, 0, r.stderr)
        path, id_ = self.find_in_section("thoi-su", slug)
        self.assertIsNotNone(path, "new article not listed in /thoi-su/")
        self.assertEqual(path, "/thoi-su/%s-%d.htm" % (slug, id_))
        r = bh.get(DEV_URL, path)
        self.assertEqual(r.status, 200, r.describe())
        h1 = bh.parse_html(r.text).find("h1")
        self.assertEqual(h1.norm_text(), title)
        self.assertIn("<p>Đoạn hai.</p>", r.text)
        r = bh.get(DEV_URL, "/x/%d.htm" % id_)
        self.assertEqual(r.status, 301)
        self.assertEqual(r.header("Location"), DEV_URL + path)

    def test_failing_script_changes_nothing(self):
        keep = "Bài sẽ bị hủy %s" % self.tag
        text = ("INSERT INTO articles (category_id, title, body)\n"
                "  VALUES (1, '%s', 'x');\n"
                "\n"
                "UPDATE articles SET view_count = view_count + 1 WHERE id = 1;\n"
                "\n"
                "\n"
                "INSERT INTO articles (category_id, title, body, status) VALUES (1, 'Sai %s', 'x', 'bogus');\n"
                "INSERT INTO articles (category_id, title, body) VALUES (1, 'Sau lỗi %s', 'x');\n"
                % (keep, self.tag, self.tag))
        f = self.script("failing.sql", text)
        before = bh.get(DEV_URL, REF_PATH)
        views = bh.parse_html(before.text).find("span", cls="view-count").norm_text()
        r = admin(self.db, "sql", f)
        err = r.stderr.decode("utf-8", "replace")
        self.assertNotEqual(r.returncode, 0, err)
        self.assertIn("%s:7:" % f, err)
        self.assertNotIn("%s:1:" % f, err)
        self.assertIn("CHECK constraint failed", err)
        self.assertIn("article_status", err)
        path, _ = self.find_in_section("thoi-su", "bai-se-bi-huy-%s" % self.tag)
        self.assertIsNone(path, "statement 1 of a failed script was kept")
        home = bh.get(DEV_URL, "/")
        self.assertNotIn(keep, home.text)
        self.assertNotIn("Sau lỗi %s" % self.tag, home.text)
        after = bh.get(DEV_URL, REF_PATH)
        self.assertEqual(bh.parse_html(after.text).find(
            "span", cls="view-count").norm_text(), views,
            "statement 2 of a failed script was kept")

    def test_error_line_skips_comments(self):
        # Admins comment their scripts: the line named is the failing
        # statement's, not that of the comment above it.
        text = ("-- Thêm một bài, rồi một bài có trạng thái sai\n"
                "INSERT INTO articles (category_id, title, body) VALUES (1, 'Có chú thích %s', 'x');\n"
                "\n"
                "-- Bài thứ hai: trạng thái sai\n"
                "/* khối chú thích */\n"
                "INSERT INTO articles (category_id, title, body, status) VALUES (1, 'Sai %s', 'x', 'bogus');\n"
                % (self.tag, self.tag))
        f = self.script("commented.sql", text)
        r = admin(self.db, "sql", f)
        err = r.stderr.decode("utf-8", "replace")
        self.assertNotEqual(r.returncode, 0, err)
        self.assertIn("CHECK constraint failed", err)
        self.assertIn("%s:6:" % f, err)
        path, _ = self.find_in_section("thoi-su", "co-chu-thich-%s" % self.tag)
        self.assertIsNone(path, "statement 1 of a failed script was kept")

    def related(self, path):
        resp = bh.get(DEV_URL, path)
        self.assertEqual(resp.status, 200, resp.describe())
        section = bh.parse_html(resp.text).find("section", cls="related")
        links = [h for h, _ in section.links()] if section else []
        # Each card links its picture and its title to the article.
        return list(dict.fromkeys(h for h in links if h.endswith(".htm")))

    def test_related_follow_the_section(self):
        """An article's related stories are its section's newest but
        itself (each page worker keeps a section's newest per content
        version): a new article leads them at once, a scheduled one from
        the second it is due, and a deleted one leaves them."""
        def add(name, when):
            r = admin(self.db, "sql", self.script(name + ".sql",
                "INSERT INTO articles (category_id, title, body, "
                "published_at) VALUES (1, 'Liên quan %s %s', 'x', "
                "strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now', '%s'));\n"
                % (name, self.tag, when)))
            self.assertEqual(r.returncode, 0, r.stderr)
            (slug, id_), = bh.query(
                self.db, "SELECT slug, id FROM articles WHERE title = ?",
                "Liên quan %s %s" % (name, self.tag))
            return "/thoi-su/%s-%d.htm" % (slug, id_)

        old = add("cu", "-3000 days")
        before = self.related(old)
        self.assertNotIn(old, before)
        fresh = add("moi", "+0 seconds")
        self.assertEqual(self.related(old), [fresh] + before[:5])
        self.assertEqual(self.related(fresh), before[:6])
        r = admin(self.db, "sql", self.script("later.sql",
            "INSERT INTO articles (category_id, title, body, published_at) "
            "VALUES (1, 'Liên quan sau %s', 'x', strftime("
            "'%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now', '+3 seconds'));\n"
            % self.tag))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.related(old), [fresh] + before[:5])
        time.sleep(4.2)
        now = self.related(old)
        self.assertEqual(len(now), 6, now)
        self.assertIn("lien-quan-sau-%s" % self.tag, now[0])
        self.assertEqual(now[1:], [fresh] + before[:4])
        r = admin(self.db, "sql", self.script("gone.sql",
            "DELETE FROM articles WHERE title IN ('Liên quan moi %s', "
            "'Liên quan sau %s');\n" % (self.tag, self.tag)))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.related(old), before)

    def test_schedule_hides_and_shows(self):
        title = "Lịch đăng kiểm thử %s" % self.tag
        slug = "lich-dang-kiem-thu-%s" % self.tag
        r = admin(self.db, "sql", self.script("c1.sql",
            "INSERT INTO articles (category_id, title, body, published_at) "
            "VALUES (1, '%s', 'x', '2020-06-01T00:00:00Z');\n" % title))
        self.assertEqual(r.returncode, 0, r.stderr)
        path, id_ = self.find_in_section("thoi-su", slug)
        self.assertIsNotNone(path, "article not listed")
        self.assertEqual(bh.get(DEV_URL, path).status, 200)

        r = admin(self.db, "sql", self.script("c2.sql",
            "UPDATE articles SET published_at = '2999-01-01T00:00:00Z' "
            "WHERE title = '%s';\n" % title))
        self.assertEqual(r.returncode, 0, r.stderr)
        resp = bh.get(DEV_URL, path)
        self.assertEqual(resp.status, 404, resp.describe())
        self.assertEqual(bh.get(DEV_URL, "/x/%d.htm" % id_).status, 404)
        self.assertEqual(self.find_in_section("thoi-su", slug), (None, None))

        r = admin(self.db, "sql", self.script("c3.sql",
            "UPDATE articles SET published_at = '2020-06-01T00:00:00Z' "
            "WHERE title = '%s';\n" % title))
        self.assertEqual(r.returncode, 0, r.stderr)
        resp = bh.get(DEV_URL, path)
        self.assertEqual(resp.status, 200, resp.describe())
        self.assertEqual(self.find_in_section("thoi-su", slug), (path, id_))


# --- runner -----------------------------------------------------------------

def main():
    return bh.run((PagesMixin, DatabaseOutage, AdminSql), "page tests")


if __name__ == "__main__":
    sys.exit(main())
