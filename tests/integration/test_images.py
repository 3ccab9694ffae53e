#!/usr/bin/env python3
"""Pictures: `bantin-admin image add` and the <picture> markup of pages.

Run by tests/integration/run.sh (DEV_URL, NGINX_URL, APACHE_URL, CGI_URL,
BUILD, T).  Needs vips (libvips-tools) and exiftool
(libimage-exiftool-perl); the test pictures are made here.

1. image add, each on a database and image folder of its own: a camera
   JPEG with a GPS position (gone from every file written), a rotated
   photo (EXIF orientation 6: sizes swapped, pixels turned), a PNG with
   transparency, HEIC and AVIF, a Display P3 picture (converted to sRGB),
   a small picture (never enlarged); refused with a clear message and
   nothing written (no file, no row): a truncated JPEG, a text file named
   .jpg, too many pixels, too many bytes, a caption over the schema's
   limit.  The same file twice is one picture.
2. Against each server, the sample site: pictures as <picture> with WebP
   and JPEG srcset, sizes, width and height from the images table, lazy
   below the fold and fetchpriority=high on the article's; the files they
   name are served; an image_url without a row stays a plain <img>.
3. A dev server with an image folder of its own: a picture added and
   linked by an admin script appears on the article at once.
4. docs/OPERATIONS.md's Pictures section, its commands run in order.
"""
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unicodedata
import unittest
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bantin_http as bh  # noqa: E402
from test_pages import (BUILD, REF_PATH, SAMPLE, T, TOP, WWW,  # noqa: E402
                        base_env, stop)

URL = re.compile(r"^/img/([0-9a-f]{2})/\1[0-9a-f]{30}-([0-9]+)\.jpg$")
# exiftool groups that are about the file, not the photo.
HARMLESS = {"System", "File", "ExifTool", "Composite", "JFIF", "RIFF"}


def run(*cmd, **kw):
    return subprocess.run(list(cmd), capture_output=True, timeout=120, **kw)


def ppm(path, width, height, pixel):
    """A binary PPM of pixel(x, y) -> (r, g, b), for vips to convert."""
    rows = bytearray()
    for y in range(height):
        for x in range(width):
            rows += bytes(pixel(x, y))
    with open(path, "wb") as f:
        f.write(b"P6\n%d %d\n255\n" % (width, height))
        f.write(rows)


def vips(*args):
    r = run("vips", *args)
    if r.returncode != 0:
        raise RuntimeError("vips %s: %s" % (args, r.stderr.decode()))


def point(path, x, y):
    r = run("vips", "getpoint", path, str(x), str(y))
    return [float(v) for v in r.stdout.split()]


def size(path):
    r = run("vipsheader", "-f", "width", path)
    w = int(r.stdout)
    r = run("vipsheader", "-f", "height", path)
    return w, int(r.stdout)


def metadata_groups(path):
    """exiftool's groups in a file, beyond the ones about the file."""
    r = run("exiftool", "-j", "-a", "-G1", path)
    tags = json.loads(r.stdout)[0]
    return sorted({k.split(":")[0] for k in tags if ":" in k} - HARMLESS)


def files_under(d):
    return sorted(os.path.relpath(os.path.join(r, f), d)
                  for r, _, fs in os.walk(d) for f in fs)


@unittest.skipUnless(T, "T not set")
class ImageAdd(unittest.TestCase):
    """bantin-admin image add, each test on a fresh database and folder."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="images.", dir=T)
        # A photo-like picture: a red block at the top left, a gradient.
        cls.src = os.path.join(cls.dir, "src.ppm")
        ppm(cls.src, 1600, 1200, lambda x, y: (220, 20, 30)
            if x < 400 and y < 300 else (20, 60 + y // 8, 120 + x // 16))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def setUp(self):
        self.work = tempfile.mkdtemp(prefix=self._testMethodName + ".",
                                     dir=self.dir)
        self.db = os.path.join(self.work, "bantin.db")
        self.img = os.path.join(self.work, "img")
        os.mkdir(self.img)
        r = self.admin("create")
        self.assertEqual(r.returncode, 0, r.err)

    def admin(self, *args):
        r = run(os.path.join(BUILD, "bantin-admin"), *args,
                env=base_env(BANTIN_DB=self.db, BANTIN_IMAGES=self.img),
                stdin=subprocess.DEVNULL)
        r.out = r.stdout.decode("utf-8", "replace")
        r.err = r.stderr.decode("utf-8", "replace")
        return r

    def path(self, name):
        return os.path.join(self.work, name)

    def rows(self):
        return bh.query(self.db, "SELECT url, width, height, variants, "
                                 "caption, credit FROM images")

    def add(self, path, *extra):
        """Adds path; returns (url, row, {width: (webp, jpeg)})."""
        r = self.admin("image", "add", path, *extra)
        self.assertEqual(r.returncode, 0, r.err)
        self.assertEqual(r.err, "")
        url = r.out.splitlines()[-1]
        self.assertRegex(url, URL)
        [row] = [row for row in self.rows() if row[0] == url]
        stem = url[len("/img/"):-len("-%s.jpg" % URL.match(url).group(2))]
        files = {}
        for w in row[3].split():
            files[int(w)] = tuple(os.path.join(self.img, "%s-%s.%s" % (
                stem, w, ext)) for ext in ("webp", "jpg"))
        # These files and no others of this picture.
        self.assertEqual(sorted(os.path.relpath(p, self.img)
                                for pair in files.values() for p in pair),
                         [f for f in files_under(self.img)
                          if f.startswith(stem + "-")])
        for w, pair in files.items():
            for p in pair:
                self.assertEqual(size(p)[0], w, p)
                self.assertEqual(os.stat(p).st_mode & 0o777, 0o644, p)
        self.assertEqual(size(files[max(files)][1]), (row[1], row[2]))
        self.assertEqual(files[max(files)][1],
                         os.path.join(self.img, url[len("/img/"):]))
        return url, row, files

    def assertNothingWritten(self, r, message):
        self.assertEqual(r.returncode, 1, r.out)
        self.assertIn(message, r.err)
        self.assertTrue(r.err.endswith(": nothing was written\n"), r.err)
        self.assertEqual(r.out, "")
        self.assertEqual(files_under(self.img), [])
        self.assertEqual(self.rows(), [])

    # --- what is added ---------------------------------------------------

    def test_camera_jpeg_loses_its_gps(self):
        jpg = self.path("camera.jpg")
        vips("copy", self.src, jpg + "[Q=90]")
        r = run("exiftool", "-q", "-overwrite_original", "-n",
                "-GPSLatitude=21.0285", "-GPSLatitudeRef=N",
                "-GPSLongitude=105.8542", "-GPSLongitudeRef=E",
                "-Make=Bantin Cam", "-Artist=Phóng viên",
                "-XMP:Creator=Phóng viên", jpg)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("GPS", metadata_groups(jpg))
        self.assertIn("XMP-dc", metadata_groups(jpg))
        url, row, files = self.add(jpg, "--caption", "Cầu Long Biên",
                                   "--credit", "TTXVN")
        self.assertEqual(row[1:], (1600, 1200, "360 720 1200 1600",
                                   "Cầu Long Biên", "TTXVN"))
        self.assertTrue(url.endswith("-1600.jpg"), url)
        for pair in files.values():
            for p in pair:
                self.assertEqual(metadata_groups(p), [], p)
                head = run("vipsheader", "-a", p).stdout.decode()
                for field in ("exif-data", "xmp-data", "icc-profile-data",
                              "iptc-data"):
                    self.assertNotIn(field, head, p)
        with open(files[1600][1], "rb") as f:
            self.assertNotIn(b"Bantin Cam", f.read())

    def test_rotated_photo_is_turned_upright(self):
        jpg = self.path("rotated.jpg")
        vips("copy", self.src, jpg)
        r = run("exiftool", "-q", "-overwrite_original", "-n",
                "-Orientation=6", jpg)
        self.assertEqual(r.returncode, 0, r.stderr)
        _, row, files = self.add(jpg)
        # Stored 1600×1200, shown turned a quarter clockwise: 1200×1600.
        self.assertEqual(row[1:4], (1200, 1600, "360 720 1200"))
        for w, pair in files.items():
            for p in pair:
                width, height = size(p)
                self.assertEqual((width, height), (w, w * 4 // 3), p)
                # The red block, top left as stored, is now top right.
                r_, g, b = point(p, width - 1 - width // 16, height // 32)
                self.assertGreater(r_, 150, p)
                self.assertLess(g + b, 150, p)
                r_, g, b = point(p, width // 16, height // 32)
                self.assertLess(r_, 100, p)

    def test_png_with_transparency(self):
        png = self.path("logo.png")
        small = self.path("small.v")
        vips("resize", self.src, small, "0.5")
        # Alpha 0 on the left half: the picture shows white there.
        alpha = self.path("alpha.pgm")
        with open(alpha, "wb") as f:
            f.write(b"P5\n800 600\n255\n" + (b"\0" * 400 + b"\xff" * 400) * 600)
        vips("bandjoin", "%s %s" % (small, alpha), png)
        _, row, files = self.add(png)
        self.assertEqual(row[1:4], (800, 600, "360 720 800"))
        for p in files[800]:
            self.assertEqual(point(p, 100, 300), [255, 255, 255], p)
            self.assertLess(point(p, 700, 300)[0], 100, p)
            self.assertEqual(run("vipsheader", "-f", "bands", p).stdout.strip(),
                             b"3", p)

    def test_heic_and_avif(self):
        small = self.path("small.v")
        vips("resize", self.src, small, "0.4")
        for ext, compression in (("heic", "hevc"), ("avif", "av1")):
            with self.subTest(ext):
                p = self.path("photo." + ext)
                vips("heifsave", small, p, "--compression", compression)
                _, row, _ = self.add(p)
                self.assertEqual(row[1:4], (640, 480, "360 640"))

    def test_wide_gamut_is_converted_to_srgb(self):
        block = self.path("block.v")
        vips("black", block, "400", "300", "--bands", "3")
        red = self.path("red.v")
        vips("linear", block, red, "1 1 1", "200 30 40", "--uchar")
        p3 = self.path("p3.jpg")
        vips("icc_transform", red, p3, "p3", "--input-profile", "srgb",
             "--embedded=false")
        stored = point(p3, 200, 150)
        # As stored, the numbers are P3's, far from the sRGB red.
        self.assertGreater(abs(stored[0] - 200) + abs(stored[1] - 30), 20)
        _, _, files = self.add(p3)
        for p in files[400]:
            got = point(p, 200, 150)
            for have, want in zip(got, (200, 30, 40)):
                self.assertLess(abs(have - want), 8, (p, got))

    def test_small_picture_is_never_enlarged(self):
        tiny = self.path("tiny.jpg")
        vips("resize", self.src, tiny, "0.1875")
        url, row, files = self.add(tiny)
        self.assertEqual(row[1:4], (300, 225, "300"))
        self.assertTrue(url.endswith("-300.jpg"), url)

    def test_same_file_twice(self):
        jpg = self.path("twice.jpg")
        vips("resize", self.src, jpg, "0.5")
        url, _, files = self.add(jpg, "--caption", "Lần đầu")
        before = {p: os.stat(p).st_mtime_ns for pair in files.values()
                  for p in pair}
        r = self.admin("image", "add", jpg, "--caption", "Lần hai")
        self.assertEqual(r.returncode, 0, r.err)
        self.assertIn("already added", r.out)
        self.assertEqual(r.out.splitlines()[-1], url)
        self.assertEqual([row[4] for row in self.rows()], ["Lần đầu"])
        self.assertEqual(before, {p: os.stat(p).st_mtime_ns for p in before})

    def test_caption_and_credit_are_nfc(self):
        jpg = self.path("nfc.jpg")
        vips("resize", self.src, jpg, "0.25")
        nfd = unicodedata.normalize("NFD", "Lễ hội Đền Hùng")
        _, row, _ = self.add(jpg, "--caption", nfd, "--credit",
                             unicodedata.normalize("NFD", "Ảnh: Việt Hùng"))
        self.assertEqual(row[4:], ("Lễ hội Đền Hùng", "Ảnh: Việt Hùng"))

    # --- what is refused -------------------------------------------------

    def test_truncated_jpeg(self):
        jpg = self.path("whole.jpg")
        vips("copy", self.src, jpg)
        with open(jpg, "rb") as f:
            data = f.read()
        cut = self.path("cut.jpg")
        with open(cut, "wb") as f:
            f.write(data[:len(data) // 2])
        r = self.admin("image", "add", cut)
        self.assertNothingWritten(r, "cut.jpg: cannot read the picture: "
                                     "VipsJpeg: Premature end of input file")

    def test_text_named_jpg(self):
        txt = self.path("notes.jpg")
        with open(txt, "w", encoding="utf-8") as f:
            f.write("3 3\n1 2 3\n4 5 6\n7 8 9\nKhông phải ảnh.\n")
        r = self.admin("image", "add", txt)
        self.assertNothingWritten(
            r, "notes.jpg: not a JPEG, PNG, WebP, HEIC or AVIF image")

    def test_too_many_pixels(self):
        # A PNG of 20000 × 20000 with one row of pixels: refused from its
        # header, before any pixel is decoded.
        def chunk(kind, data):
            return (struct.pack(">I", len(data)) + kind + data +
                    struct.pack(">I", zlib.crc32(kind + data)))

        big = self.path("huge.png")
        with open(big, "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(
                ">IIBBBBB", 20000, 20000, 8, 2, 0, 0, 0)) +
                chunk(b"IDAT", zlib.compress(b"\0" * 60001)) +
                chunk(b"IEND", b""))
        r = self.admin("image", "add", big)
        self.assertNothingWritten(
            r, "huge.png: 20000×20000 pixels; a picture may have at most "
               "100 million, 20000 a side")

    def test_too_many_bytes(self):
        big = self.path("huge.jpg")
        with open(big, "wb") as f:
            f.truncate(40 * 1024 * 1024 + 1)
        r = self.admin("image", "add", big)
        self.assertNothingWritten(
            r, "huge.jpg: 41943041 bytes, more than the 40 MiB a picture "
               "may have")

    def test_caption_over_the_limit(self):
        jpg = self.path("long.jpg")
        vips("resize", self.src, jpg, "0.25")
        r = self.admin("image", "add", jpg, "--caption", "ả" * 1001)
        self.assertNothingWritten(r, "CHECK constraint failed: "
                                     "image_caption_length")

    def test_usage_errors(self):
        for args in (("image",), ("image", "add"), ("image", "remove", "x"),
                     ("image", "add", "a.jpg", "b.jpg"),
                     ("image", "add", "a.jpg", "--caption")):
            with self.subTest(args=args):
                r = self.admin(*args)
                self.assertEqual(r.returncode, 2, r.out)
                self.assertIn("image add FILE", r.err)


def srcset(value):
    """[(url, width)] of a srcset attribute."""
    out = []
    for part in value.split(","):
        url, w = part.split()
        out.append((url, int(w.rstrip("w"))))
    return out


class PicturesMixin:
    """The sample site's pictures, against each server."""
    base = None
    server = None

    def page(self, target):
        r = bh.get(self.base, target)
        self.assertEqual(r.status, 200, "%s %s\n%s" % (
            self.server, target, r.describe()))
        return bh.parse_html(r.text)

    def row(self, url):
        rows = bh.query(os.path.join(T, self.server + ".db"),
                        "SELECT width, height, variants FROM images "
                        "WHERE url = ?", url)
        self.assertEqual(len(rows), 1, url)
        return rows[0]

    def assertPicture(self, pic, eager, fetch=False):
        """A <picture> of a row: WebP then JPEG, every width written,
        the row's size; returns (img, row)."""
        [source] = list(pic.find_all("source"))
        img = pic.find("img")
        self.assertEqual(source.attrs.get("type"), "image/webp")
        webp, jpeg = srcset(source.attrs["srcset"]), srcset(img.attrs["srcset"])
        largest = jpeg[-1][0]
        width, height, variants = self.row(largest)
        widths = [int(w) for w in variants.split()]
        self.assertEqual([w for _, w in webp], widths)
        self.assertEqual([w for _, w in jpeg], widths)
        for (wu, w), (ju, _) in zip(webp, jpeg):
            self.assertEqual(wu, largest[:-len("%d.jpg" % widths[-1])] +
                             "%d.webp" % w)
            self.assertEqual(ju, wu[:-len("webp")] + "jpg")
        self.assertTrue(source.attrs.get("sizes"))
        self.assertEqual(img.attrs.get("sizes"), source.attrs["sizes"])
        self.assertEqual((img.attrs.get("width"), img.attrs.get("height")),
                         (str(width), str(height)))
        if eager:
            self.assertEqual(img.attrs.get("fetchpriority"), "high")
            self.assertIsNone(img.attrs.get("loading"))
        else:
            self.assertEqual(img.attrs.get("loading"), "lazy")
        if fetch:
            for url, _ in webp + jpeg:
                r = bh.get(self.base, url)
                self.assertEqual(r.status, 200, url)
                self.assertEqual(r.header("Content-Type"), "image/webp"
                                 if url.endswith(".webp") else "image/jpeg")
                self.assertEqual(r.header_all("Cache-Control"),
                                 ["public, max-age=31536000, immutable"])
                with open(os.path.join(WWW, url[1:]), "rb") as f:
                    self.assertEqual(r.body, f.read(), url)
        return img, (width, height, variants)

    def test_article_picture(self):
        tree = self.page(REF_PATH)
        fig = tree.find("figure", cls="article-figure")
        img, _ = self.assertPicture(fig.find("picture"), eager=True,
                                    fetch=True)
        self.assertEqual(img.attrs["src"], srcset(img.attrs["srcset"])[-1][0])
        # Its caption only repeats the headline (test_front.py): no alt.
        self.assertEqual(img.attrs.get("alt"), "")

    def test_cards_take_a_small_picture_lazily(self):
        tree = self.page("/quoc-phong-an-ninh/")
        thumbs = list(tree.find_all("a", cls="card-thumb"))
        self.assertGreater(len(thumbs), 2)
        for a in thumbs:
            img, (_, _, variants) = self.assertPicture(a.find("picture"),
                                                       eager=False)
            smallest = variants.split()[0]
            self.assertTrue(img.attrs["src"].endswith("-%s.jpg" % smallest))
            self.assertIn("200px", img.attrs["sizes"])

    def test_home_lead_first(self):
        tree = self.page("/")
        lead = tree.find("article", cls="lead-story")
        # The lead's picture (of image add or not) is fetched first.
        pic = lead.find("picture")
        if pic is not None:
            self.assertPicture(pic, eager=True)
        img = lead.find("img")
        self.assertEqual(img.attrs.get("fetchpriority"), "high")
        self.assertIsNone(img.attrs.get("loading"))
        # The secondary stories' thumbnails stand beside the lead, above
        # the fold: fetched at once.  Everything below is lazy.
        below = [p for p in tree.find_all("picture")
                 if lead not in _ancestors(p) and not any(
                     a.tag == "a" and a.attrs.get("class") == "story-thumb"
                     for a in _ancestors(p))]
        self.assertTrue(below)
        for pic in below:
            self.assertPicture(pic, eager=False)

    def test_url_without_a_row_is_a_plain_img(self):
        r = bh.get(self.base, "/x/9003.htm")
        path = r.header("Location")[len(self.base):]
        fig = self.page(path).find("figure", cls="article-figure")
        self.assertIsNone(fig.find("picture"))
        img = fig.find("img")
        self.assertEqual(img.attrs.get("src"), "/img/articles/hoi-nghi.jpg")
        self.assertNotIn("srcset", img.attrs)
        self.assertEqual(bh.get(self.base, img.attrs["src"]).status, 200)


def _ancestors(e):
    while e is not None:
        yield e
        e = e.parent


@unittest.skipUnless(T, "T not set")
class SamplePictures(unittest.TestCase):
    """db/sample.sql's pictures are what image add makes of the sources."""

    def test_sample_rows_and_files(self):
        d = tempfile.mkdtemp(prefix="sample-pictures.", dir=T)
        self.addCleanup(shutil.rmtree, d, True)
        r = run("sh", os.path.join(TOP, "db", "sample-images.sh"),
                os.path.join(BUILD, "bantin-admin"), "--sql", d)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(SAMPLE, encoding="utf-8") as f:
            sample = f.read()
        block = re.search(r"^-- images:begin[^\n]*\n(.*?)^-- images:end$",
                          sample, re.S | re.M).group(1)
        self.assertEqual(r.stdout.decode("utf-8"), block)
        made = files_under(d)
        self.assertEqual(len(made), 16 * 6)
        for name in made:
            with open(os.path.join(d, name), "rb") as a, \
                    open(os.path.join(WWW, "img", name), "rb") as b:
                self.assertEqual(a.read(), b.read(), name)
        # Every site picture an article names has its row.
        urls = set(re.findall(r"'(/img/[0-9a-f]{2}/[^']+)'", sample))
        self.assertEqual(urls, {u for u in re.findall(
            r"\('(/img/[^']+)'", block)})


@unittest.skipUnless(T, "T not set")
class FreshPicture(unittest.TestCase):
    """A dev server with an image folder of its own: a picture an admin
    adds and links is on the article at once, served from that folder."""

    def test_add_and_link(self):
        d = tempfile.mkdtemp(prefix="fresh.", dir=T)
        self.addCleanup(shutil.rmtree, d, True)
        db, img = os.path.join(d, "bantin.db"), os.path.join(d, "img")
        os.mkdir(img)
        env = base_env(BANTIN_DB=db, BANTIN_IMAGES=img)
        admin = os.path.join(BUILD, "bantin-admin")
        r = run(admin, "create", SAMPLE, env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        port = bh.free_port()
        with open(os.path.join(d, "dev.log"), "wb") as log:
            p = subprocess.Popen([os.path.join(BUILD, "bantin-dev")],
                                 env=dict(env, PORT=str(port)),
                                 stdout=log, stderr=log)
        self.addCleanup(stop, p)
        self.assertTrue(bh.wait_for_port(port, proc=p))
        base = "http://127.0.0.1:%d" % port
        src = os.path.join(d, "photo.ppm")
        ppm(src, 900, 600, lambda x, y: (x % 256, y % 256, 90))
        jpg = os.path.join(d, "photo.jpg")
        vips("copy", src, jpg)
        r = run(admin, "image", "add", jpg, "--caption", "Chú thích ảnh",
                "--credit", "Ảnh: TTXVN", env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        url = r.stdout.decode().splitlines()[-1]
        script = os.path.join(d, "link.sql")
        with open(script, "w", encoding="utf-8") as f:
            f.write("UPDATE articles SET image_url = '%s', image_caption = "
                    "NULL WHERE id = 2;\n"
                    "UPDATE articles SET image_url = "
                    "'https://example.org/anh.jpg' WHERE id = 3;\n" % url)
        r = run(admin, "sql", script, env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        path = bh.get(base, "/x/2.htm").header("Location")[len(base):]
        fig = bh.parse_html(bh.get(base, path).text).find(
            "figure", cls="article-figure")
        tag = fig.find("picture").find("img")
        self.assertEqual(tag.attrs["src"], url)
        self.assertEqual((tag.attrs["width"], tag.attrs["height"]),
                         ("900", "600"))
        self.assertEqual(srcset(tag.attrs["srcset"])[0][0],
                         url.replace("-900.jpg", "-360.jpg"))
        self.assertEqual(fig.find("figcaption").norm_text(),
                         "Chú thích ảnh (Ảnh: TTXVN)")
        for u, _ in srcset(tag.attrs["srcset"]):
            r = bh.get(base, u)
            self.assertEqual(r.status, 200, u)
            with open(os.path.join(img, u[len("/img/"):]), "rb") as f:
                self.assertEqual(r.body, f.read())
        # An admin's edit of the row shows at once.
        with open(script, "w", encoding="utf-8") as f:
            f.write("UPDATE images SET caption = 'Chú thích mới';\n")
        r = run(admin, "sql", script, env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        fig = bh.parse_html(bh.get(base, path).text).find(
            "figure", cls="article-figure")
        self.assertEqual(fig.find("figcaption").norm_text(),
                         "Chú thích mới (Ảnh: TTXVN)")
        # Another site's picture: a plain <img>, as before.
        path = bh.get(base, "/x/3.htm").header("Location")[len(base):]
        fig = bh.parse_html(bh.get(base, path).text).find(
            "figure", cls="article-figure")
        self.assertIsNone(fig.find("picture"))
        self.assertEqual(fig.find("img").attrs["src"],
                         "https://example.org/anh.jpg")


@unittest.skipUnless(T, "T not set")
class DocumentedCommands(unittest.TestCase):
    """docs/OPERATIONS.md's Pictures, run in order: each ```sh block with
    sh, each ```sql block with bantin-admin sql, the output block compared.
    /var/lib/bantin becomes a scratch folder, the bantin user ours, the
    example picture's name the one image add printed."""

    EXAMPLE = "/img/9c/9c0fd2b1c4e15a7f03b8e6d2a1c9f4e7-2000.jpg"

    def blocks(self):
        with open(os.path.join(TOP, "docs", "OPERATIONS.md"),
                  encoding="utf-8") as f:
            doc = f.read()
        section = doc[doc.index("\n## Pictures\n"):]
        # An operator block (tests/operator.sh runs it too) is sh.
        return re.findall(r"^```(\w*)(?: operator)?\n(.*?)^```$", section,
                          re.S | re.M)

    def test_pictures_section(self):
        d = tempfile.mkdtemp(prefix="doc.", dir=T)
        self.addCleanup(shutil.rmtree, d, True)
        state = os.path.join(d, "var", "lib", "bantin")
        os.makedirs(state)
        db = os.path.join(state, "bantin.db")
        admin = os.path.join(BUILD, "bantin-admin")
        env = base_env(BANTIN_DB=db, BANTIN_IMAGES=os.path.join(state, "img"))
        env["PATH"] = BUILD + os.pathsep + env["PATH"]
        r = run(admin, "create", SAMPLE, env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        # A photo as the example's: 2400 × 1350.
        src = os.path.join(d, "hoi-nghi.ppm")
        ppm(src, 2400, 1350, lambda x, y: (x % 200, y % 200, 120))
        vips("copy", src, os.path.join(d, "hoi-nghi.jpg"))
        user = run("id", "-un").stdout.decode().strip()
        group = run("id", "-gn").stdout.decode().strip()
        url = None
        blocks = self.blocks()
        self.assertEqual([kind for kind, _ in blocks],
                         ["sh", "sh", "", "sql", "sql", "sh"])
        for kind, text in blocks:
            text = text.replace("/var/lib/bantin", state).replace(
                "-o bantin -g bantin", "-o %s -g %s" % (user, group))
            if url is not None:
                # The picture's name, in URLs and in paths.
                text = text.replace(self.EXAMPLE[5:-len("-2000.jpg")],
                                    url[5:-len("-2000.jpg")])
            if kind == "sh":
                r = run("sh", "-ec", text, env=env, cwd=d)
                self.assertEqual(r.returncode, 0, (text, r.stderr))
                out = r.stdout.decode()
                if "image add" in text:
                    url, printed = out.splitlines()[-1], out
            elif kind == "sql":
                script = os.path.join(d, "script.sql")
                with open(script, "w", encoding="utf-8") as f:
                    f.write(text)
                r = run(admin, "sql", script, env=env)
                self.assertEqual(r.returncode, 0, (text, r.stderr))
            else:
                # What image add printed, but for the hash in the URL.
                self.assertEqual(printed.splitlines()[0],
                                 text.splitlines()[0])
                self.assertEqual(len(text.splitlines()), 2)
                self.assertRegex(text.splitlines()[1], URL)
                self.assertRegex(url, URL)
                self.assertEqual(bh.query(db, "SELECT caption, credit FROM "
                                              "images WHERE url = ?", url),
                                 [("Hội nghị trực tuyến ADMM+", "Ảnh: TTXVN")])
                self.assertEqual(len(files_under(os.path.join(state, "img"))),
                                 8)
            if kind == "sql" and "WHERE id = 12" in text:
                self.assertEqual(bh.query(db, "SELECT image_url FROM articles "
                                              "WHERE id = 12"), [(url,)])
        # Taken down: no row, no file, no article naming it.
        self.assertEqual(bh.query(db, "SELECT count(*) FROM images"), [(16,)])
        self.assertEqual(files_under(os.path.join(state, "img")), [])
        self.assertEqual(bh.query(db, "SELECT count(*) FROM articles WHERE "
                                      "image_url = ?", url), [(0,)])
        # The configurations name the image folder where the text says.
        with open(os.path.join(TOP, "deploy", "nginx", "bantin.conf")) as f:
            self.assertRegex(f.read(), r"location /img/ \{\n\s+alias ")
        with open(os.path.join(TOP, "deploy", "apache",
                               "bantin-common.conf")) as f:
            self.assertIn("\nAlias /img/ ", f.read())


def main():
    return bh.run((ImageAdd, SamplePictures, FreshPicture, DocumentedCommands,
                   PicturesMixin), "image tests")


if __name__ == "__main__":
    sys.exit(main())
