#!/usr/bin/env python3
"""The reader's side of issue 13: the front page's hierarchy, the article's
caption, alt text and view count, meta descriptions, navigation without
JavaScript, named landmarks and the agency's masthead, against every
server; then, on dev servers of its own, the masthead settings, an
operator's template folder and the date line turning at midnight in Hà
Nội.  Run by tests/integration/run.sh (see test_pages.py for the
environment).  The last line printed is "N passed, M failed".
"""
import collections
import datetime
import glob
import os
import subprocess
import sys
import tempfile
import time
import unittest
import zoneinfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bantin_http as bh  # noqa: E402
from test_ops import Scratch  # noqa: E402
from test_pages import (BUILD, REF_PATH, REF_TITLE,  # noqa: E402
                        SECTIONS, T, WWW, article_id, base_env, stop)

PAGING = "/thu-nghiem-phan-trang/"
# Article 14 of db/sample.sql: a picture with a caption of its own.
CAPTIONED = 14
CAPTION = ("Quang cảnh phiên họp Chính phủ chuyên đề về xây dựng pháp "
           "luật. Ảnh minh họa")
# The masthead's defaults (cgi/base/config.c): the sample site's.
MASTHEAD = {
    "tagline": "Cổng thông tin điện tử",
    "agency": "Ban biên tập Bản tin (trang trình diễn)",
    "licence": "Giấy phép mẫu số 00/GP-TTĐT, chỉ dùng để trình diễn "
               "phần mềm bantin",
    "responsible": "Nguyễn Văn Mẫu",
    "address": "Số 1 phố Mẫu, quận Hoàn Kiếm, Hà Nội",
    "telephone": "(024) 3000 0000",
    "email": "toasoan@example.vn",
}
DAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy",
        "Chủ Nhật"]
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def date_line(when):
    """ "Thứ Năm, 03/12/2026" for an aware datetime, in Hà Nội."""
    d = when.astimezone(HANOI)
    return "%s, %s" % (DAYS[d.weekday()], d.strftime("%d/%m/%Y"))


def hidden(e):
    """Whether e or an ancestor is out of sight or out of the
    accessibility tree: aria-hidden, or the visually-hidden class."""
    while e is not None:
        if e.attrs.get("aria-hidden") == "true" or \
                "visually-hidden" in e.classes():
            return True
        e = e.parent
    return False


def story_links(tree):
    """(id, title, href) of every article link a reader sees as text."""
    out = []
    for a in tree.find_all("a"):
        href = a.attrs.get("href")
        id_ = article_id(href)
        if id_ is not None and a.norm_text() and not hidden(a):
            out.append((id_, a.norm_text(), href))
    return out


def start_dev(test, env, name):
    """A bantin-dev of its own on a free port, with env over base_env();
    returns (process, base URL).  Stopped at the end of the test."""
    port = bh.free_port()
    log = os.path.join(T or tempfile.gettempdir(), "front-%s.log" % name)
    errf = open(log, "wb")
    proc = subprocess.Popen([os.path.join(BUILD, "bantin-dev")],
                            env=base_env(PORT=port, **env),
                            stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=errf)
    test.addCleanup(errf.close)
    test.addCleanup(stop, proc)
    if not bh.wait_for_port(port, proc=proc, timeout=20):
        errf.flush()
        test.fail("bantin-dev did not start: %s" % open(log).read())
    return proc, "http://127.0.0.1:%d" % port


class FrontMixin:
    """Every test here runs against each server."""
    base = None
    server = None

    def page(self, target):
        r = bh.get(self.base, target)
        self.assertEqual(r.status, 200, "%s %s\n%s" % (
            self.server, target, r.describe()))
        return r, bh.parse_html(r.text)

    # --- the front page -------------------------------------------------

    def test_home_hierarchy(self):
        r, tree = self.page("/")
        main = tree.find("main")
        leads = list(main.find_all("article", cls="lead-story"))
        self.assertEqual(len(leads), 1, "one lead story")
        second = main.find(cls="secondary-stories")
        self.assertIsNotNone(second, "no secondary stories")
        self.assertGreaterEqual(len(story_links(second)), 3)
        latest = main.find("section", cls="latest")
        self.assertIsNotNone(latest, "no latest news section")
        h2 = latest.find("h2")
        self.assertIsNotNone(h2, "Tin mới has no heading")
        self.assertEqual(h2.norm_text(), "Tin mới")
        self.assertFalse(hidden(h2), "the heading Tin mới is hidden")
        self.assertGreaterEqual(len(story_links(latest)), 4)
        # Lead, secondary stories, latest, then the section blocks.
        at = [r.text.find(s) for s in ('class="lead-story"',
                                       'class="secondary-stories"',
                                       'class="latest"',
                                       'class="section-block"')]
        self.assertEqual(at, sorted(at), at)
        self.assertNotIn(-1, at)

    def test_home_no_story_twice(self):
        _, tree = self.page("/")
        seen = collections.Counter(id_ for id_, _, _ in story_links(tree))
        twice = {id_: n for id_, n in seen.items() if n > 1}
        self.assertEqual(twice, {}, "stories shown more than once")
        titles = collections.Counter(t for _, t, _ in story_links(tree))
        self.assertEqual({t: n for t, n in titles.items() if n > 1}, {})

    def test_home_section_blocks_alike(self):
        _, tree = self.page("/")
        blocks = {}
        for b in tree.find_all("section", cls="section-block"):
            blocks[b.find("h2").find("a").attrs.get("href")] = b
        pictures = 0
        for name, slug in SECTIONS:
            with self.subTest(section=slug):
                b = blocks.get("/%s/" % slug)
                self.assertIsNotNone(b, "no block for %s" % slug)
                first = list(b.find_all("article", cls="section-first"))
                self.assertEqual(len(first), 1)
                # Each block leads with a picture, or with the same
                # stand-in when the section's pictures are all above.
                self.assertTrue(first[0].find("img") or
                                first[0].find(cls="no-picture"),
                                "%s's block has no picture" % slug)
                items = list(b.find("ul", cls="headline-list")
                             .find_all("li"))
                self.assertTrue(1 <= len(items) <= 3, len(items))
                for _, _, href in story_links(b):
                    self.assertTrue(href.startswith("/%s/" % slug), href)
                pictures += first[0].find("img") is not None
        # Most sample sections have a picture left for their block.
        self.assertGreaterEqual(pictures, len(SECTIONS) - 2)

    # --- the article ------------------------------------------------------

    def test_caption_that_repeats_the_title(self):
        _, tree = self.page(REF_PATH)
        fig = tree.find("article", cls="article").find("figure")
        self.assertIsNotNone(fig, "no figure")
        # The headline is not said again under the picture; only the
        # picture's credit is.
        self.assertEqual(fig.find("figcaption").norm_text(), "(Ảnh minh họa)",
                         "a caption that only repeats the headline")
        img = fig.find("img")
        self.assertIn("alt", img.attrs)
        self.assertNotEqual(img.attrs["alt"], REF_TITLE)
        self.assertEqual(img.attrs["alt"], "")

    def test_caption_and_alt(self):
        r = bh.get(self.base, "/x/%d.htm" % CAPTIONED)
        self.assertEqual(r.status, 301, r.describe())
        _, tree = self.page(r.header("Location")[len(self.base):])
        art = tree.find("article", cls="article")
        title = art.find("h1").norm_text()
        fig = art.find("figure")
        self.assertEqual(fig.find("figcaption").norm_text(),
                         CAPTION + " (Ảnh minh họa)")  # and its credit
        self.assertEqual(fig.find("img").attrs.get("alt"), CAPTION)
        self.assertNotEqual(CAPTION, title)
        # The home page's pictures never repeat a headline either.
        _, home = self.page("/")
        for img in home.find("main").find_all("img"):
            self.assertNotIn(img.attrs.get("alt"),
                             [t for _, t, _ in story_links(home)], img)

    def test_view_count_label(self):
        r, tree = self.page(REF_PATH)
        views = tree.find("p", cls="article-views")
        self.assertIsNotNone(views, "no view count")
        self.assertTrue(views.norm_text().startswith("Lượt xem:"),
                        views.norm_text())
        for e in views.iter():
            self.assertFalse(hidden(e), "part of the label is hidden: %r"
                             % e)
        css = tree.find("link", rel="stylesheet").attrs["href"]
        c = bh.get(self.base, css)
        self.assertEqual(c.status, 200, css)
        emoji = [ch for ch in c.text if ord(ch) >= 0x1F000]
        self.assertEqual(emoji, [], "emoji in %s" % css)

    # --- listings, search, navigation ----------------------------------

    def test_listing_descriptions(self):
        for target, name in (("/thoi-su/", "Thời sự"),
                             (PAGING + "?page=2", "Thử nghiệm phân trang"),
                             ("/tag/an-ninh-mang", "An ninh mạng")):
            with self.subTest(target=target):
                _, tree = self.page(target)
                metas = [m.attrs.get("content") for m in
                         tree.find_all("meta", name="description")]
                self.assertEqual(len(metas), 1, metas)
                self.assertIn(name, metas[0])
                self.assertLessEqual(len(metas[0]), 200)

    def test_search_landmarks(self):
        for target in ("/tim-kiem", "/tim-kiem?q=quoc+phong"):
            with self.subTest(target=target):
                _, tree = self.page(target)
                names = collections.defaultdict(list)
                for e in tree.iter():
                    role = e.attrs.get("role") or {
                        "nav": "navigation", "search": "search",
                        "aside": "complementary"}.get(e.tag)
                    if role in ("search", "navigation", "complementary"):
                        names[role].append(e.attrs.get("aria-label") or
                                           e.attrs.get("aria-labelledby"))
                self.assertEqual(len(names["search"]), 2, names)
                for role, labels in names.items():
                    self.assertNotIn(None, labels, role)
                    self.assertEqual(len(set(labels)), len(labels),
                                     "%s: %r" % (role, labels))
                robots = tree.find("meta", name="robots")
                self.assertIsNotNone(robots, "search results are indexed")
                self.assertIn("noindex", robots.attrs.get("content"))

    def test_sections_reachable_without_script(self):
        for target in ("/", REF_PATH):
            with self.subTest(target=target):
                _, tree = self.page(target)
                nav = tree.find("nav", cls="site-nav")
                menu = nav.find("details")
                self.assertIsNotNone(menu, "no <details> menu")
                summary = menu.find("summary")
                self.assertTrue(summary is not None and summary.norm_text())
                links = menu.links()
                for name, slug in SECTIONS:
                    self.assertIn(("/%s/" % slug, name), links)
                # No script at all (JSON-LD is data, not a script).
                scripts = [s.attrs for s in tree.find_all("script")
                           if s.attrs.get("type") != "application/ld+json"]
                self.assertEqual(scripts, [])

    # --- the masthead -----------------------------------------------------

    def test_masthead_defaults(self):
        before = datetime.datetime.now(datetime.timezone.utc)
        _, tree = self.page("/")
        after = datetime.datetime.now(datetime.timezone.utc)
        head = tree.find("header", cls="site-header")
        self.assertEqual(head.find(cls="brand-tagline").norm_text(),
                         MASTHEAD["tagline"])
        line = head.find(cls="date-line").norm_text()
        self.assertIn(line, {date_line(before), date_line(after)})
        foot = tree.find("footer", cls="site-footer")
        text = foot.norm_text()
        for key in ("agency", "licence", "responsible", "address",
                    "telephone", "email"):
            self.assertIn(MASTHEAD[key], text, key)
        self.assertIn(("mailto:" + MASTHEAD["email"], MASTHEAD["email"]),
                      foot.links())
        self.assertNotIn("Nội dung mẫu phục vụ trình diễn", text)


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


@unittest.skipUnless(T, "T not set")
class OwnServers(Scratch):
    """Dev servers of their own, on the sample database (self.good)."""

    def check_config(self, conf, **env):
        r = subprocess.run(
            [os.path.join(BUILD, "bantin-admin"), "check-config",
             "--config", conf],
            env=base_env(BANTIN_DB=self.good, **env), capture_output=True,
            stdin=subprocess.DEVNULL, timeout=30)
        # Strict: the messages themselves must be UTF-8.
        r.stdout = r.stdout.decode("utf-8")
        r.stderr = r.stderr.decode("utf-8")
        return r

    def test_masthead_settings(self):
        values = {
            "site_name": "Bộ Ví Dụ",
            "tagline": "Trang tin chính thức",
            "agency": "Bộ Ví Dụ & <Cục> Báo chí",
            "licence": "Giấy phép số 12/GP-TTĐT ngày 02/01/2026",
            "responsible": "Thứ trưởng Trần Văn Bê",
            "address": "Số 2 phố Thí Dụ, Ba Đình, Hà Nội",
            "telephone": "+84 24 3823 0000",
            "email": "congthongtin@bovidu.gov.vn",
        }
        conf = os.path.join(self.dir, "masthead.conf")
        write(conf, "".join("%s = %s\n" % kv for kv in values.items()))
        r = self.check_config(conf)
        self.assertEqual(r.returncode, 0, r.stderr)
        for i, (k, v) in enumerate(values.items(), 1):
            self.assertIn("%s = %s\t# %s:%d" % (k, v, conf, i), r.stdout)
        _, base = start_dev(self, {"BANTIN_DB": self.good,
                                   "BANTIN_CONFIG": conf}, "masthead")
        resp = bh.get(base, "/")
        self.assertEqual(resp.status, 200, resp.describe())
        self.assertIn("Bộ Ví Dụ &amp; &lt;Cục&gt; Báo chí", resp.text)
        tree = bh.parse_html(resp.text)
        head = tree.find("header", cls="site-header")
        self.assertEqual(head.find(cls="brand-name").norm_text(), "Bộ Ví Dụ")
        self.assertEqual(head.find(cls="brand-tagline").norm_text(),
                         values["tagline"])
        text = tree.find("footer", cls="site-footer").norm_text()
        for k in ("agency", "licence", "responsible", "address",
                  "telephone", "email"):
            self.assertIn(values[k], text, k)
        for k, v in MASTHEAD.items():
            self.assertNotIn(v, resp.text, "the default %s is shown" % k)

    def test_masthead_refused(self):
        conf = os.path.join(self.dir, "bad-masthead.conf")
        write(conf, "email = toa soan@example\n"
                    "telephone = 024-CALL-NOW\n"
                    "tagline = Cổng\x07 thông tin\n"
                    "address = \xff\n")
        # Python wrote U+00FF as UTF-8; make it one invalid byte.
        with open(conf, "rb") as f:
            raw = f.read().replace("\xff".encode(), b"\xff")
        with open(conf, "wb") as f:
            f.write(raw)
        r = self.check_config(conf)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn('%s:1: email "toa soan@example" is not an e-mail '
                      'address' % conf, r.stderr)
        self.assertIn('%s:2: telephone "024-CALL-NOW" may hold only digits'
                      % conf, r.stderr)
        self.assertIn('%s:3: tagline "Cổng\\x07 thông tin" must not contain '
                      'a control character' % conf, r.stderr)
        self.assertIn('%s:4: address "\\xff" is not valid UTF-8' % conf,
                      r.stderr)
        proc = subprocess.run([os.path.join(BUILD, "bantin-dev"), "--config",
                               conf], env=base_env(BANTIN_DB=self.good),
                              stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=30)
        self.assertEqual(proc.returncode, 1)

    def test_operator_templates(self):
        over = os.path.join(self.dir, "templates")
        os.mkdir(over)
        with open(os.path.join(WWW, "templates", "foot.html"),
                  encoding="utf-8") as f:
            shipped = f.read()
        self.assertIn("</footer>", shipped)
        mine = shipped.replace("</footer>",
                               "<p>Bản quyền của đơn vị</p>\n</footer>")
        write(os.path.join(over, "foot.html"), mine)
        conf = os.path.join(self.dir, "templates.conf")
        write(conf, "templates = %s\n" % over)
        r = self.check_config(conf)
        self.assertEqual(r.returncode, 0, r.stderr)
        _, base = start_dev(self, {"BANTIN_DB": self.good,
                                   "BANTIN_CONFIG": conf}, "templates")

        def home():
            resp = bh.get(base, "/")
            self.assertEqual(resp.status, 200, resp.describe())
            return resp.text

        text = home()
        self.assertIn("Bản quyền của đơn vị", text)
        self.assertIn('class="site-header"', text)     # the shipped head
        # An edit is picked up (at most a second later), as in www/.
        time.sleep(1.1)
        write(os.path.join(over, "foot.html"),
              mine.replace("Bản quyền của đơn vị", "Bản quyền đã sửa"))
        deadline = time.monotonic() + 5
        while "Bản quyền đã sửa" not in text and time.monotonic() < deadline:
            time.sleep(0.3)
            text = home()
        self.assertIn("Bản quyền đã sửa", text)
        # Without the operator's file, the shipped one serves again.
        os.unlink(os.path.join(over, "foot.html"))
        deadline = time.monotonic() + 5
        while "Bản quyền" in text and time.monotonic() < deadline:
            time.sleep(0.3)
            text = home()
        self.assertNotIn("Bản quyền", text)
        self.assertIn('class="site-footer"', text)

    def test_operator_templates_checked(self):
        over = os.path.join(self.dir, "broken-templates")
        os.mkdir(over)
        write(os.path.join(over, "foot.html"), "<p>\n{{#open}}\n")
        conf = os.path.join(self.dir, "broken.conf")
        write(conf, "templates = %s\n" % over)
        r = self.check_config(conf)
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn(os.path.join(over, "foot.html") + ":", r.stderr)
        write(conf, "templates = %s/none\n" % self.dir)
        r = self.check_config(conf)
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("%s:1: templates %s/none: No such file or directory"
                      % (conf, self.dir), r.stderr)

    def test_date_line_turns_at_midnight(self):
        # The library itself, not the faketime program: that one forks
        # and would outlive a stop() of it with bantin-dev under it.
        lib = glob.glob("/usr/lib/*/faketime/libfaketimeMT.so.1")
        self.assertTrue(lib, "libfaketime (Debian libfaketime) missing")
        # libfaketime is preloaded before ASan's runtime (SAN=1 builds).
        asan = os.environ.get("ASAN_OPTIONS", "")
        # From 23:59:45 in Hà Nội on Thursday 3 December 2026.
        _, base = start_dev(self, {
            "BANTIN_DB": self.good, "TZ": "UTC", "LD_PRELOAD": lib[0],
            "FAKETIME": "@2026-12-03 16:59:45",
            "ASAN_OPTIONS": asan + ":verify_asan_link_order=0"}, "midnight")

        def line():
            resp = bh.get(base, "/")
            self.assertEqual(resp.status, 200, resp.describe())
            return bh.parse_html(resp.text).find(cls="date-line").norm_text()

        self.assertEqual(line(), "Thứ Năm, 03/12/2026",
                         "bantin-dev took over 15 s to start?")
        self.assertEqual(line(), "Thứ Năm, 03/12/2026")    # now cached
        deadline = time.monotonic() + 40
        now = line()
        while now == "Thứ Năm, 03/12/2026" and time.monotonic() < deadline:
            time.sleep(1)
            now = line()
        self.assertEqual(now, "Thứ Sáu, 04/12/2026")


def main():
    return bh.run((FrontMixin, OwnServers), "front page tests")


if __name__ == "__main__":
    sys.exit(main())
