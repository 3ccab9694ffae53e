-- bantin content schema, version 4.
--
-- The tables and columns below are the admins' public interface: SQL scripts
-- applied with `bantin-admin sql FILE` write to them directly.  Columns may be
-- added in later versions; none of these names will be renamed.
--
-- Conventions enforced here rather than in C, so that every script is held to
-- them:
--   * times are UTC, ISO 8601, exactly 'YYYY-MM-DDTHH:MM:SSZ' (sortable as text);
--   * slugs are lowercase ASCII words joined by single hyphens, 1..80 chars;
--     a NULL slug is derived from the title/name by bantin_slug() (ICU),
--     a SQL function that bantin-admin registers;
--   * an article is visible when status = 'published' and published_at <= now.

PRAGMA journal_mode = WAL;
PRAGMA foreign_keys = ON;

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

CREATE TABLE articles (
  id            INTEGER PRIMARY KEY,
  category_id   INTEGER NOT NULL REFERENCES categories(id) ON DELETE RESTRICT,
  slug          TEXT
                CONSTRAINT article_slug_format CHECK (slug IS NULL OR (
                  length(slug) BETWEEN 1 AND 80
                  AND slug NOT GLOB '*[^a-z0-9-]*'
                  AND slug NOT GLOB '-*' AND slug NOT GLOB '*-' AND slug NOT GLOB '*--*')),
  title         TEXT NOT NULL
                CONSTRAINT article_title_length CHECK (length(trim(title)) BETWEEN 1 AND 300),
  lead          TEXT NOT NULL DEFAULT ''
                CONSTRAINT article_lead_length CHECK (length(lead) <= 2000),
  body          TEXT NOT NULL DEFAULT ''
                CONSTRAINT article_body_length CHECK (length(body) <= 1000000),
  body_format   TEXT NOT NULL DEFAULT 'text'
                CONSTRAINT article_body_format CHECK (body_format IN ('text', 'html', 'markdown')),
  -- a site path ('/img/…') or an absolute http(s) URL; never javascript: or //host
  image_url     TEXT
                CONSTRAINT article_image_url CHECK (image_url IS NULL OR (
                  length(image_url) <= 2000 AND image_url NOT GLOB '*[ "<>\]*' AND (
                    (image_url GLOB '/*' AND image_url NOT GLOB '//*')
                    OR image_url GLOB 'https://?*' OR image_url GLOB 'http://?*'))),
  image_caption TEXT CONSTRAINT article_caption_length CHECK (length(image_caption) <= 1000),
  author        TEXT CONSTRAINT article_author_length CHECK (length(author) <= 200),
  source        TEXT CONSTRAINT article_source_length CHECK (length(source) <= 200),
  status        TEXT NOT NULL DEFAULT 'published'
                CONSTRAINT article_status CHECK (status IN ('draft', 'published')),
  published_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
                CONSTRAINT article_published_at_utc_iso8601 CHECK (
                  published_at GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'
                  AND julianday(published_at) IS NOT NULL),
  updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
                CONSTRAINT article_updated_at_utc_iso8601 CHECK (
                  updated_at GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'
                  AND julianday(updated_at) IS NOT NULL),
  view_count    INTEGER NOT NULL DEFAULT 0
                CONSTRAINT article_view_count CHECK (typeof(view_count) = 'integer' AND view_count >= 0)
);

CREATE INDEX articles_by_section ON articles(category_id, published_at DESC, id DESC);
CREATE INDEX articles_by_date ON articles(published_at DESC, id DESC);
CREATE INDEX articles_by_views ON articles(view_count DESC, id DESC);
-- Visibility without reading the row: status and published_at come after
-- the body, which can span many overflow pages (search filters hundreds of
-- candidates this way).
CREATE INDEX articles_visibility ON articles(id, status, published_at);

CREATE TABLE tags (
  id   INTEGER PRIMARY KEY,
  slug TEXT UNIQUE
       CONSTRAINT tag_slug_format CHECK (slug IS NULL OR (
         length(slug) BETWEEN 1 AND 80
         AND slug NOT GLOB '*[^a-z0-9-]*'
         AND slug NOT GLOB '-*' AND slug NOT GLOB '*-' AND slug NOT GLOB '*--*')),
  name TEXT NOT NULL CONSTRAINT tag_name_length CHECK (length(trim(name)) BETWEEN 1 AND 120)
);

CREATE TABLE article_tags (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  tag_id     INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  PRIMARY KEY (article_id, tag_id)
) WITHOUT ROWID;

CREATE INDEX article_tags_by_tag ON article_tags(tag_id, article_id);

-- Derived slugs.  A NULL slug (on insert, or set back to NULL by an update)
-- is computed from the title or name; an explicit slug is kept as written.
CREATE TRIGGER categories_slug_on_insert AFTER INSERT ON categories
WHEN NEW.slug IS NULL BEGIN
  UPDATE categories SET slug = bantin_slug(NEW.name) WHERE id = NEW.id;
END;
CREATE TRIGGER categories_slug_on_update AFTER UPDATE OF slug ON categories
WHEN NEW.slug IS NULL BEGIN
  UPDATE categories SET slug = bantin_slug(NEW.name) WHERE id = NEW.id;
END;
CREATE TRIGGER articles_slug_on_insert AFTER INSERT ON articles
WHEN NEW.slug IS NULL BEGIN
  UPDATE articles SET slug = bantin_slug(NEW.title) WHERE id = NEW.id;
END;
CREATE TRIGGER articles_slug_on_update AFTER UPDATE OF slug ON articles
WHEN NEW.slug IS NULL BEGIN
  UPDATE articles SET slug = bantin_slug(NEW.title) WHERE id = NEW.id;
END;
CREATE TRIGGER tags_slug_on_insert AFTER INSERT ON tags
WHEN NEW.slug IS NULL BEGIN
  UPDATE tags SET slug = bantin_slug(NEW.name) WHERE id = NEW.id;
END;
CREATE TRIGGER tags_slug_on_update AFTER UPDATE OF slug ON tags
WHEN NEW.slug IS NULL BEGIN
  UPDATE tags SET slug = bantin_slug(NEW.name) WHERE id = NEW.id;
END;

-- Search.  ft_* hold the text folded by bantin_fold() (ICU: lowercase, no
-- diacritics, đ → d), so `quoc phong` finds `Quốc phòng`; ex_* hold it as
-- written, so a query typed with diacritics can rank exact matches first.
-- The triggers keep it in step with every admin script; visibility (drafts,
-- scheduled articles) is applied when searching.
CREATE VIRTUAL TABLE search_index USING fts5(
  ft_title, ft_lead, ft_body, ex_title, ex_lead, ex_body,
  tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
  INSERT INTO search_index (rowid, ft_title, ft_lead, ft_body, ex_title, ex_lead, ex_body)
  VALUES (NEW.id, bantin_fold(NEW.title), bantin_fold(NEW.lead), bantin_fold(NEW.body),
          NEW.title, NEW.lead, NEW.body);
END;
CREATE TRIGGER articles_search_update AFTER UPDATE OF title, lead, body ON articles BEGIN
  DELETE FROM search_index WHERE rowid = OLD.id;
  INSERT INTO search_index (rowid, ft_title, ft_lead, ft_body, ex_title, ex_lead, ex_body)
  VALUES (NEW.id, bantin_fold(NEW.title), bantin_fold(NEW.lead), bantin_fold(NEW.body),
          NEW.title, NEW.lead, NEW.body);
END;
CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
  DELETE FROM search_index WHERE rowid = OLD.id;
END;

-- Any edit that does not set updated_at itself stamps it now.  (Not the
-- slug: deriving it on insert is no edit.)
CREATE TRIGGER articles_touch AFTER UPDATE OF category_id, title, lead, body,
  body_format, image_url, image_caption, author, source, status, published_at ON articles
WHEN NEW.updated_at = OLD.updated_at BEGIN
  UPDATE articles SET updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = NEW.id;
END;

-- Live data, written only by the live handler (bantin-live.fcgi); page
-- processes never write.  None of it bumps content_version below, so the
-- constant writes here never empty the page caches.

-- Site-wide counters.  An admin may set a starting value, e.g. when moving
-- from an old site:  UPDATE site_counters SET value = 88619428
--                    WHERE name = 'total_visits';
CREATE TABLE site_counters (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL DEFAULT 0
        CONSTRAINT site_counter_value CHECK (typeof(value) = 'integer' AND value >= 0)
) WITHOUT ROWID;
INSERT INTO site_counters (name, value) VALUES ('total_visits', 0);

-- One row per visitor cookie: presence (last_seen, written at most once a
-- minute) and visits (a counted hit after 30 minutes without one).
CREATE TABLE visitors (
  id         TEXT PRIMARY KEY CONSTRAINT visitor_id CHECK (length(id) = 32),
  member_id  INTEGER,
  first_seen INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX visitors_by_last_seen ON visitors(last_seen, member_id);

-- At most one counted view per visitor per article per 24 hours.
CREATE TABLE article_views (
  visitor    TEXT NOT NULL,
  article_id INTEGER NOT NULL,
  viewed_at  INTEGER NOT NULL,
  PRIMARY KEY (visitor, article_id)
) WITHOUT ROWID;
CREATE INDEX article_views_by_time ON article_views(viewed_at);

-- Counted views per article per day (UTC), for "most read this week".
CREATE TABLE article_daily_views (
  article_id INTEGER NOT NULL,
  day        TEXT NOT NULL,		-- YYYY-MM-DD
  views      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (article_id, day)
) WITHOUT ROWID;
CREATE INDEX article_daily_views_by_day ON article_daily_views(day, article_id);

-- Polls.  Admins create and close them with SQL (db/examples/); votes are
-- written only by the live handler.  A poll is active while status = 'open'
-- and now is within [starts_at, ends_at] (NULL: unbounded).  `multiple` is
-- how many options a voter may choose: 1 shows radio buttons, more shows
-- checkboxes.
CREATE TABLE polls (
  id         INTEGER PRIMARY KEY,
  question   TEXT NOT NULL
             CONSTRAINT poll_question_length CHECK (length(trim(question)) BETWEEN 1 AND 300),
  starts_at  TEXT
             CONSTRAINT poll_starts_at_utc_iso8601 CHECK (starts_at IS NULL OR (
               starts_at GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'
               AND julianday(starts_at) IS NOT NULL)),
  ends_at    TEXT
             CONSTRAINT poll_ends_at_utc_iso8601 CHECK (ends_at IS NULL OR (
               ends_at GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'
               AND julianday(ends_at) IS NOT NULL)),
  multiple   INTEGER NOT NULL DEFAULT 1
             CONSTRAINT poll_multiple CHECK (typeof(multiple) = 'integer' AND multiple BETWEEN 1 AND 20),
  status     TEXT NOT NULL DEFAULT 'open'
             CONSTRAINT poll_status CHECK (status IN ('open', 'closed')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  CONSTRAINT poll_ends_after_start CHECK (starts_at IS NULL OR ends_at IS NULL OR ends_at > starts_at)
);

CREATE TABLE poll_options (
  id       INTEGER PRIMARY KEY,
  poll_id  INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
  label    TEXT NOT NULL
           CONSTRAINT poll_option_label_length CHECK (length(trim(label)) BETWEEN 1 AND 200),
  position INTEGER NOT NULL DEFAULT 0,
  -- maintained by a trigger on poll_votes; never written by hand
  votes    INTEGER NOT NULL DEFAULT 0 CONSTRAINT poll_option_votes CHECK (votes >= 0)
);
CREATE INDEX poll_options_by_poll ON poll_options(poll_id, position, id);

-- One row per voter per poll: the one-vote rule, and the per-address cap.
-- voter is 'v:' + the visitor cookie, or 'm:' + a member id.  ip_hash is a
-- keyed hash of the address with the day's random key (site_secrets
-- 'address:<day>'); the next day both the key and the hashes are deleted
-- (ip_hash becomes ''), so no copy of the database tells an address after
-- that day.  The address itself is never stored.
CREATE TABLE poll_voters (
  poll_id  INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
  voter    TEXT NOT NULL,
  ip_hash  TEXT NOT NULL,
  voted_at INTEGER NOT NULL,
  PRIMARY KEY (poll_id, voter)
) WITHOUT ROWID;
CREATE INDEX poll_voters_by_address ON poll_voters(poll_id, ip_hash, voted_at);
CREATE INDEX poll_voters_unforgotten ON poll_voters(voted_at) WHERE ip_hash <> '';

-- One row per chosen option.
CREATE TABLE poll_votes (
  id        INTEGER PRIMARY KEY,
  poll_id   INTEGER NOT NULL,
  option_id INTEGER NOT NULL REFERENCES poll_options(id) ON DELETE CASCADE,
  voter     TEXT NOT NULL,
  voted_at  INTEGER NOT NULL,
  UNIQUE (poll_id, voter, option_id),
  FOREIGN KEY (poll_id, voter) REFERENCES poll_voters(poll_id, voter) ON DELETE CASCADE
);
CREATE TRIGGER poll_votes_count AFTER INSERT ON poll_votes
BEGIN UPDATE poll_options SET votes = votes + 1 WHERE id = NEW.option_id; END;
CREATE TRIGGER poll_votes_uncount AFTER DELETE ON poll_votes
BEGIN UPDATE poll_options SET votes = votes - 1 WHERE id = OLD.option_id; END;

-- Keys the live handler makes for itself on first use: 'live' (the form
-- tokens) and 'address:<day>' (the day's random address-hash key, deleted
-- the next day).
CREATE TABLE site_secrets (
  name  TEXT PRIMARY KEY,
  value BLOB NOT NULL CONSTRAINT site_secret_length CHECK (length(value) >= 32)
) WITHOUT ROWID;

-- The content version: bumped by every change to what pages show, so page
-- processes know when their cached pages are stale.  Counters written by
-- the live handler (view_count) do not bump it.
CREATE TABLE content_version (
  only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
  n        INTEGER NOT NULL
);
INSERT INTO content_version VALUES (1, 1);

CREATE TRIGGER categories_changed_insert AFTER INSERT ON categories
BEGIN UPDATE content_version SET n = n + 1; END;
CREATE TRIGGER categories_changed_update AFTER UPDATE ON categories
BEGIN UPDATE content_version SET n = n + 1; END;
CREATE TRIGGER categories_changed_delete AFTER DELETE ON categories
BEGIN UPDATE content_version SET n = n + 1; END;
CREATE TRIGGER articles_changed_insert AFTER INSERT ON articles
BEGIN UPDATE content_version SET n = n + 1; END;
CREATE TRIGGER articles_changed_update AFTER UPDATE OF category_id, slug, title,
  lead, body, body_format, image_url, image_caption, author, source, status,
  published_at, updated_at ON articles
BEGIN UPDATE content_version SET n = n + 1; END;
CREATE TRIGGER articles_changed_delete AFTER DELETE ON articles
BEGIN UPDATE content_version SET n = n + 1; END;
CREATE TRIGGER tags_changed_insert AFTER INSERT ON tags
BEGIN UPDATE content_version SET n = n + 1; END;
CREATE TRIGGER tags_changed_update AFTER UPDATE ON tags
BEGIN UPDATE content_version SET n = n + 1; END;
CREATE TRIGGER tags_changed_delete AFTER DELETE ON tags
BEGIN UPDATE content_version SET n = n + 1; END;
CREATE TRIGGER article_tags_changed_insert AFTER INSERT ON article_tags
BEGIN UPDATE content_version SET n = n + 1; END;
CREATE TRIGGER article_tags_changed_delete AFTER DELETE ON article_tags
BEGIN UPDATE content_version SET n = n + 1; END;

-- Members (version 2; db/migrations/002-members.sql holds the same).

-- Members: created and managed with `bantin-admin member …` (passwords are
-- hashed there; never write password_hash by hand).  Admins may run SQL on
-- the other columns, e.g. UPDATE members SET status = 'disabled' WHERE …;
-- a disabled member cannot log in and their sessions end at once.
-- username_key is the caseless identity (ICU case folding of the NFC name),
-- kept by the triggers below; two members never share one.
CREATE TABLE members (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL
                CONSTRAINT member_username_length CHECK (length(username) BETWEEN 3 AND 32),
  username_key  TEXT CONSTRAINT member_username_taken UNIQUE,
  display_name  TEXT NOT NULL
                CONSTRAINT member_display_name_length CHECK (length(trim(display_name)) BETWEEN 1 AND 80),
  email         TEXT
                CONSTRAINT member_email_format CHECK (email IS NULL OR (
                  length(email) <= 254 AND email GLOB '?*@?*.?*' AND email NOT GLOB '*[ <>]*')),
  password_hash TEXT NOT NULL
                CONSTRAINT member_password_argon2id CHECK (password_hash GLOB '$argon2id$*'),
  status        TEXT NOT NULL DEFAULT 'active'
                CONSTRAINT member_status CHECK (status IN ('active', 'disabled')),
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TRIGGER members_key_insert AFTER INSERT ON members
BEGIN UPDATE members SET username_key = bantin_casefold(NEW.username) WHERE id = NEW.id; END;
CREATE TRIGGER members_key_update AFTER UPDATE OF username ON members
BEGIN UPDATE members SET username_key = bantin_casefold(NEW.username) WHERE id = NEW.id; END;
CREATE TRIGGER members_disabled AFTER UPDATE OF status ON members WHEN NEW.status = 'disabled'
BEGIN DELETE FROM sessions WHERE member_id = NEW.id; END;

-- Logged-in browsers, written only by the live handler.  The cookie holds
-- 256 random bits; only their BLAKE2b hash is stored, so a copy of the
-- database logs nobody in.  A session ends after BANTIN_SESSION_IDLE
-- seconds without a request or BANTIN_SESSION_LIFETIME after login.
CREATE TABLE sessions (
  id_hash    BLOB PRIMARY KEY CONSTRAINT session_hash_length CHECK (length(id_hash) = 32),
  member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_member ON sessions(member_id);

-- Members online (live statistics): a scan of the members' rows alone.
CREATE INDEX visitors_members_online ON visitors(member_id, last_seen)
  WHERE member_id IS NOT NULL;

-- Failed logins of the last 15 minutes: the per-username and per-address
-- limits hold across every live worker.  address is a keyed hash.
CREATE TABLE login_failures (
  username_key TEXT NOT NULL,
  address      TEXT NOT NULL,
  failed_at    INTEGER NOT NULL
);
CREATE INDEX login_failures_by_username ON login_failures(username_key, failed_at);
CREATE INDEX login_failures_by_address ON login_failures(address, failed_at);

-- Hits without a visitor cookie, per hashed address per ten minutes:
-- a fresh visitor counts only while its address has made fewer than 30
-- (NEW_VISITORS_PER_ADDRESS).  Deleted once the window is over.
CREATE TABLE new_visitors (
  address TEXT NOT NULL,
  window  INTEGER NOT NULL,
  n       INTEGER NOT NULL,
  PRIMARY KEY (address, window)
) WITHOUT ROWID;

-- Pictures (version 4; db/migrations/004-images.sql holds the same).

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

PRAGMA user_version = 5;
