-- The double-post check looks for one author's recent comments: index them by time.
DROP INDEX comments_by_author_key;
CREATE INDEX comments_by_author_time ON comments (author_key, created_at);
