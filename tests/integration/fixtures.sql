-- Test fixtures applied after db/sample.sql (see run.sh).

-- A section with 45 articles: three pages of 20.
INSERT INTO categories (id, name, position) VALUES (100, 'Thử nghiệm phân trang', 900);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 45)
INSERT INTO articles (category_id, title, lead, body, published_at)
SELECT 100, 'Bài thử nghiệm số ' || i, 'Tóm tắt bài số ' || i, 'Nội dung bài số ' || i,
       strftime('%Y-%m-%dT%H:%M:%SZ', '2019-01-01', '+' || i || ' hours')
FROM n;

-- Hostile text must come out escaped everywhere.
INSERT INTO articles (id, category_id, title, lead, body, author, image_caption, image_url)
VALUES (9001, 100, '<script>alert("xss")</script> Tiêu đề có mã độc',
        '"><img src=x onerror=alert(1)> tóm tắt', '</title><script>alert(2)</script>

Đoạn hai & dấu <b>đậm</b>', '<i>Tác giả</i>', 'Chú thích "ảnh" <x>',
        '/img/articles/hoi-nghi.jpg');

-- Typed in NFD (decomposed marks): stored and served as NFC.
INSERT INTO articles (id, category_id, title, body, published_at)
VALUES (9002, 100, 'Tiếng Việt NFD: Quốc phòng', 'Thân bài.', '2018-01-01T00:00:00Z');
