-- Version 3: voters' addresses are forgotten the day after they vote, and
-- new visitors are bounded per address.
--
-- Until now the per-day key that hashed voters' addresses was derived from
-- the site secret kept in this same database, and the hashes were kept
-- forever: a copy of the database gave each voter's address back after an
-- hour of brute force over IPv4.  From now on the day's key is random and
-- deleted the next day, and so is every hash made with it; the hashes made
-- the old way are forgotten here.

CREATE INDEX poll_voters_unforgotten ON poll_voters(voted_at) WHERE ip_hash <> '';
UPDATE poll_voters SET ip_hash = '';
DELETE FROM login_failures;

CREATE TABLE new_visitors (
  address TEXT NOT NULL,
  window  INTEGER NOT NULL,
  n       INTEGER NOT NULL,
  PRIMARY KEY (address, window)
) WITHOUT ROWID;
