-- The dashboard's queue counts were worked out by counting comments, every 200 ms while a
-- moderator watches and comments come in; the "All" count walked an index entry for every
-- comment on the site (about 2 ms per 10,000 comments). How many comments are in each
-- status is now kept as comments change, by triggers in the same transaction, so no path
-- that writes comments can leave the counts behind.
CREATE TABLE comment_status_counts (
  status TEXT PRIMARY KEY,
  comment_count INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO comment_status_counts (status, comment_count) SELECT status, COUNT(*) FROM comments GROUP BY status;

CREATE TRIGGER comment_status_counts_on_insert AFTER INSERT ON comments BEGIN
  INSERT INTO comment_status_counts (status, comment_count) VALUES (NEW.status, 1)
    ON CONFLICT (status) DO UPDATE SET comment_count = comment_count + 1;
END;

CREATE TRIGGER comment_status_counts_on_update AFTER UPDATE OF status ON comments WHEN OLD.status <> NEW.status BEGIN
  UPDATE comment_status_counts SET comment_count = comment_count - 1 WHERE status = OLD.status;
  INSERT INTO comment_status_counts (status, comment_count) VALUES (NEW.status, 1)
    ON CONFLICT (status) DO UPDATE SET comment_count = comment_count + 1;
END;

CREATE TRIGGER comment_status_counts_on_delete AFTER DELETE ON comments BEGIN
  UPDATE comment_status_counts SET comment_count = comment_count - 1 WHERE status = OLD.status;
END;

-- Every look-up by email ignores case; an index in the other collation could only be walked whole.
DROP INDEX comments_by_email;
CREATE INDEX comments_by_email ON comments (author_email COLLATE NOCASE);
