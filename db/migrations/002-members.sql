-- Version 1 → 2: member accounts, their sessions, and failed logins.
-- The same statements are in schema.sql (a new database is created at the
-- current version directly); tests compare the two results.

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
