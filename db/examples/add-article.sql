-- Add an article with an image, published now.
-- Apply with:  build/bantin-admin sql db/examples/add-article.sql
--
-- Only category_id, title and body are required: status defaults to
-- 'published', published_at to now (UTC), body_format to 'text' (paragraphs
-- separated by a blank line) and the slug to one derived from the title.
-- Add the picture first: `bantin-admin image add hoi-nghi.jpg` prints the
-- URL to use (here the sample's, from www/img/articles/hoi-nghi.jpg; see
-- docs/OPERATIONS.md, Pictures).  Any other /img/ path or https:// URL
-- also works, shown as it is.
INSERT INTO articles (category_id, title, lead, body, image_url, image_caption,
                      author, source)
VALUES (
  (SELECT id FROM categories WHERE slug = 'thoi-su'),
  'Hà Nội khai trương tuyến xe buýt điện nối sân bay Nội Bài',
  'Tuyến xe buýt điện đầu tiên nối trung tâm Thủ đô với sân bay Nội Bài chính thức vận hành từ sáng nay.',
  'Tuyến xe gồm 20 xe, chạy 15 phút một chuyến từ 5 giờ đến 23 giờ.

Giá vé 45.000 đồng một lượt; hành khách dùng thẻ vé điện tử được giảm 10%.',
  '/img/ae/aee10d015ebf364b66453c93ccc76683-1200.jpg',
  'Lễ khai trương tuyến xe buýt điện sáng nay',
  'Minh Anh',
  'Chinhphu.vn'
);

-- Tag it.  A tag is created the first time (its slug is its address,
-- /tag/giao-thong) and reused after.  The article just added is the newest
-- one, max(id); last_insert_rowid() would name a tag created in between.
INSERT INTO tags (slug, name) VALUES
  ('giao-thong', 'Giao thông'),
  ('xe-buyt-dien', 'Xe buýt điện')
ON CONFLICT (slug) DO NOTHING;
INSERT INTO article_tags (article_id, tag_id)
SELECT (SELECT max(id) FROM articles), id FROM tags
WHERE slug IN ('giao-thong', 'xe-buyt-dien');
