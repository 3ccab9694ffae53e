-- Add a section (chuyên mục).
-- Apply with:  build/bantin-admin sql db/examples/add-section.sql
--
-- The slug is derived from the name when left out: 'Khoa học – Công nghệ'
-- becomes 'khoa-hoc-cong-nghe', and the section is served at
-- /khoa-hoc-cong-nghe/.  `position` orders the navigation (smaller first).
INSERT INTO categories (name, position)
VALUES ('Khoa học – Công nghệ', 80);

-- A sub-section names its parent; only top-level sections appear in the
-- navigation bar.
INSERT INTO categories (name, parent_id, position)
VALUES ('Chuyển đổi số', (SELECT id FROM categories WHERE slug = 'khoa-hoc-cong-nghe'), 1);
