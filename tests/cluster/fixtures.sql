-- The cluster's poll (tests/cluster/checks.py), on top of db/sample.sql
-- and tests/integration/fixtures.sql, shipped to the web nodes in the
-- first snapshot.
INSERT INTO polls (id, question, starts_at, multiple) VALUES
  (700, 'Cụm hai máy chủ: bạn đọc tin ở đâu?', '2020-01-01T00:00:00Z', 1);
INSERT INTO poll_options (id, poll_id, label, position) VALUES
  (701, 700, 'Ở nhà', 1),
  (702, 700, 'Ở cơ quan', 2),
  (703, 700, 'Trên đường', 3);
