-- Close a poll now: it leaves the sidebar and joins the archive of results
-- (/binh-chon/).  Votes are kept.  Setting status back to 'open' reopens it
-- (within its dates).
-- The id is the number in the poll's results address (/binh-chon/3 → 3).
-- On the sample site, poll 3 is the one open-poll.sql opens:
--   build/bantin-admin sql db/examples/open-poll.sql
-- Apply with:  build/bantin-admin sql db/examples/close-poll.sql
UPDATE polls SET status = 'closed' WHERE id = 3;
