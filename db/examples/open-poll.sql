-- Open a poll.  It shows in the sidebar of every page while status = 'open'
-- and now is between starts_at and ends_at (NULL: no bound); several active
-- polls are shown newest first.
-- Apply with:  build/bantin-admin sql db/examples/open-poll.sql
--
-- `multiple` is how many options a reader may tick: 1 gives radio buttons,
-- more gives checkboxes.  Times are UTC: 23:59 in Hà Nội is 16:59Z.
INSERT INTO polls (question, starts_at, ends_at, multiple)
VALUES ('Bạn đánh giá thế nào về chất lượng dịch vụ công trực tuyến?',
        strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
        strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+30 days'),
        1);

-- The options belong to the poll just added: the newest one, max(id).
INSERT INTO poll_options (poll_id, label, position) VALUES
  ((SELECT max(id) FROM polls), 'Rất tốt', 1),
  ((SELECT max(id) FROM polls), 'Tốt', 2),
  ((SELECT max(id) FROM polls), 'Bình thường', 3),
  ((SELECT max(id) FROM polls), 'Cần cải thiện', 4);
