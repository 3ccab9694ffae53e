-- Close a poll now: it leaves the sidebar and joins the archive of results
-- (/binh-chon/).  Votes are kept.  Setting status back to 'open' reopens it
-- (within its dates).
-- Apply with:  build/bantin-admin sql db/examples/close-poll.sql
--
-- The id is the number in the poll's results address (/binh-chon/3 → 3).
UPDATE polls SET status = 'closed' WHERE id = 3;
