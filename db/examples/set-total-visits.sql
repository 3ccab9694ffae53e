-- Set the starting value of "Tổng lượt truy cập" (total visits), e.g. when
-- moving from an old site that had counted 88 619 428 visits.  New visits
-- are added to it from then on.
-- Apply with:  build/bantin-admin sql db/examples/set-total-visits.sql
UPDATE site_counters SET value = 88619428 WHERE name = 'total_visits';
