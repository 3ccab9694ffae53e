-- Version 5: sections cannot take the first path segments `templates` and
-- `fonts`, which the web servers and the development server own (nginx
-- answers /templates/ with 404, bantin-dev serves /fonts/ from www/): such
-- a section could never be read.  tests/slugcheck.py keeps the list whole.
--
-- SQLite cannot change a CHECK in place, so categories is rebuilt as
-- SQLite's FAQ 11 describes: its rows kept in a TEMP table, the table
-- dropped (its triggers with it) and created again as schema.sql writes
-- it, the rows put back with the same ids, the triggers made again.  No
-- rename, so no other table's REFERENCES categories(id) is touched;
-- migrate runs with foreign keys off and checks them before the commit.
-- A section already named with one of these slugs stops the migration
-- (CHECK constraint failed: category_slug_reserved): give it another slug
-- with `bantin-admin sql`, then migrate.

CREATE TEMP TABLE categories_v4 AS
  SELECT id, slug, name, parent_id, position FROM categories;
DROP TABLE categories;

CREATE TABLE categories (
  id        INTEGER PRIMARY KEY,
  slug      TEXT UNIQUE
            CONSTRAINT category_slug_format CHECK (slug IS NULL OR (
              length(slug) BETWEEN 1 AND 80
              AND slug NOT GLOB '*[^a-z0-9-]*'
              AND slug NOT GLOB '-*' AND slug NOT GLOB '*-' AND slug NOT GLOB '*--*'))
            -- these first path segments belong to bantin itself (the
            -- routes, www/, the web servers: tests/slugcheck.py)
            CONSTRAINT category_slug_reserved CHECK (slug IS NULL OR slug NOT IN (
              'tag', 'tim-kiem', 'css', 'img', 'js', 'static', 'live', 'healthz',
              'rss', 'feed', 'sitemap', 'dang-nhap', 'dang-xuat', 'binh-chon',
              'templates', 'fonts')),
  name      TEXT NOT NULL
            CONSTRAINT category_name_length CHECK (length(trim(name)) BETWEEN 1 AND 120),
  parent_id INTEGER REFERENCES categories(id) ON DELETE RESTRICT
            CONSTRAINT category_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id),
  position  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO categories (id, slug, name, parent_id, position)
  SELECT id, slug, name, parent_id, position FROM categories_v4;
DROP TABLE categories_v4;

CREATE TRIGGER categories_slug_on_insert AFTER INSERT ON categories
WHEN NEW.slug IS NULL BEGIN
  UPDATE categories SET slug = bantin_slug(NEW.name) WHERE id = NEW.id;
END;
CREATE TRIGGER categories_slug_on_update AFTER UPDATE OF slug ON categories
WHEN NEW.slug IS NULL BEGIN
  UPDATE categories SET slug = bantin_slug(NEW.name) WHERE id = NEW.id;
END;
CREATE TRIGGER categories_changed_insert AFTER INSERT ON categories
BEGIN UPDATE content_version SET n = n + 1; END;
CREATE TRIGGER categories_changed_update AFTER UPDATE ON categories
BEGIN UPDATE content_version SET n = n + 1; END;
CREATE TRIGGER categories_changed_delete AFTER DELETE ON categories
BEGIN UPDATE content_version SET n = n + 1; END;
