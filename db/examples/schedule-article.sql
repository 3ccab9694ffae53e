-- Schedule an article: a future published_at keeps it invisible until then,
-- and it appears by itself at that minute (no cron job).
-- Apply with:  build/bantin-admin sql db/examples/schedule-article.sql
--
-- Times are stored in UTC as 'YYYY-MM-DDTHH:MM:SSZ'.  To schedule at a
-- Vietnamese local time (UTC+7), convert with strftime: 08:00 in Hà Nội on
-- 1 January 2030 is 01:00 UTC.
INSERT INTO articles (category_id, title, lead, body, published_at)
VALUES (
  (SELECT id FROM categories WHERE slug = 'kinh-te'),
  'Công bố số liệu tăng trưởng kinh tế năm 2029',
  'Tổng cục Thống kê công bố số liệu tăng trưởng kinh tế cả năm.',
  'Nội dung chi tiết sẽ được cập nhật khi công bố.',
  strftime('%Y-%m-%dT%H:%M:%SZ', '2030-01-01 08:00:00', '-7 hours')
);
