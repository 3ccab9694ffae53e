-- Unpublish an article: it disappears from every page at once; its URL
-- answers 404.  Setting status back to 'published' restores it.
-- Apply with:  build/bantin-admin sql db/examples/unpublish-article.sql
--
-- The id is the number at the end of the article's URL
-- (/quoc-te/...-34.htm → 34).
UPDATE articles SET status = 'draft' WHERE id = 34;
