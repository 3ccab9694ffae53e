-- Fix a typo in a published article.
-- Apply with:  build/bantin-admin sql db/examples/fix-typo.sql
--
-- updated_at is stamped automatically, and pages show "Cập nhật …".  The
-- slug stays as it was, so shared links keep working; to derive a new slug
-- from the corrected title, also set slug = NULL (the old URL then answers
-- 301 to the new one, since the id decides).
UPDATE articles
SET title = replace(title, 'hợp tác an ninh mạng', 'hợp tác về an ninh mạng'),
    body  = replace(body, 'kinh tế-xã hội', 'kinh tế - xã hội')
WHERE id = 1;
