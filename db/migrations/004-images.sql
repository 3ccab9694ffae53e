-- Version 3 → 4: the images table of `bantin-admin image add`.
-- The same statements are in schema.sql (a new database is created at the
-- current version directly); tests compare the two results.

-- Pictures, added with `bantin-admin image add` (docs/OPERATIONS.md).  url
-- is what an article's image_url names: the JPEG of the largest width,
-- /img/<2 hex>/<32 hex>-<W>.jpg, named by a hash of the source file.
-- variants lists the widths written, ascending: for each width w the
-- files <stem>-<w>.webp and <stem>-<w>.jpg lie beside url (which is
-- <stem>-<W>.jpg).  width and height are url's; pages give them to every
-- <img> of the picture, so nothing moves while it loads.  Admins may edit
-- caption and credit; the files belong to image add.
CREATE TABLE images (
  id         INTEGER PRIMARY KEY,
  url        TEXT NOT NULL UNIQUE
             CONSTRAINT image_url_format CHECK (url GLOB '/img/?*-[1-9]*.jpg'
               AND url NOT GLOB '*[^a-z0-9/.-]*' AND url NOT GLOB '*..*'
               AND length(url) <= 200),
  width      INTEGER NOT NULL
             CONSTRAINT image_width CHECK (typeof(width) = 'integer'
               AND width BETWEEN 1 AND 2000),
  height     INTEGER NOT NULL
             CONSTRAINT image_height CHECK (typeof(height) = 'integer'
               AND height BETWEEN 1 AND 20000),
  variants   TEXT NOT NULL
             CONSTRAINT image_variants CHECK (variants GLOB '[1-9]*'
               AND variants NOT GLOB '*[^0-9 ]*' AND length(variants) <= 64),
  caption    TEXT
             CONSTRAINT image_caption_length CHECK (length(caption) <= 1000),
  credit     TEXT
             CONSTRAINT image_credit_length CHECK (length(credit) <= 200),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
-- Pages show a picture's sizes: a change to them is a change of content.
CREATE TRIGGER images_changed_insert AFTER INSERT ON images
BEGIN UPDATE content_version SET n = n + 1; END;
CREATE TRIGGER images_changed_update AFTER UPDATE ON images
BEGIN UPDATE content_version SET n = n + 1; END;
CREATE TRIGGER images_changed_delete AFTER DELETE ON images
BEGIN UPDATE content_version SET n = n + 1; END;
