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
        '/img/ae/aee10d015ebf364b66453c93ccc76683-1200.jpg');

-- A picture named by a plain URL, not made by image add (an old site's
-- file): shown as a plain <img> (test_images.py).
INSERT INTO articles (id, category_id, title, body, image_url, published_at)
VALUES (9003, 100, 'Ảnh cũ, không qua image add', 'Thân bài.',
        '/img/articles/hoi-nghi.jpg', '2018-06-01T00:00:00Z');

-- Typed in NFD (decomposed marks): stored and served as NFC.
INSERT INTO articles (id, category_id, title, body, published_at)
VALUES (9002, 100, 'Tiếng Việt NFD: Quốc phòng', 'Thân bài.', '2018-01-01T00:00:00Z');

-- Members (test_members.py).  The hashes are Argon2id as bantin-admin makes
-- them, of the passwords in the comments; cu's was made with libsodium's
-- minimum parameters, so its first login must upgrade it.
INSERT INTO members (id, username, display_name, password_hash) VALUES
  (1, 'Nguyễn', 'Nguyễn Văn An',   -- mật-khẩu-mạnh
   '$argon2id$v=19$m=65536,t=2,p=1$Kqe0dR5AD+Xr1XFEcctgrw$Rpe3ixZtpq/fOrY+K/dvFfpKNf1XJjxoo3REZ5Gc3/o'),
  (2, 'lan', 'Trần Thị Lan',       -- mat-khau-lan
   '$argon2id$v=19$m=65536,t=2,p=1$UHCbZeTer+gYiI9XQC1r6Q$46i1gJouexSYisMR+J1/ZEFamtzkG/qHjMdjmcRj3pw'),
  (3, 'nguoicu', 'Người Dùng Cũ',  -- mat-khau-cu
   '$argon2id$v=19$m=8,t=1,p=1$INi9oLNu6e6Fo5vB05mRDA$UBnV9jVk1MrdkRA/mTRcpv/7tFiefZ+5IZ4dnQ22bR4'),
  (4, 'khoa', 'Lê Văn Khoa',       -- mat-khau-khoa
   '$argon2id$v=19$m=65536,t=2,p=1$YUudo0+ngZQT+N81ermmpg$PUu1C+eC+oyaQxAMkOuWKprX/dgBokRMLj9PRE4p6Ak'),
  (5, 'hoa', 'Phạm Thị Hoa',       -- mat-khau-hoa
   '$argon2id$v=19$m=65536,t=2,p=1$GDF8l9Lrri0lyn5EQ7xJgw$JqjH4uudeorle+6V3B1hEf/y6F0lvRmxIV5wlSRGNow');
UPDATE members SET status = 'disabled' WHERE username = 'khoa';
