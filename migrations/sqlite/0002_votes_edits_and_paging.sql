-- Votes, edits and deletions, reply counts, a change sequence for catch-up, and the
-- indexes that serve one page of top-level comments under each sort.
ALTER TABLE comments ADD COLUMN upvotes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN downvotes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN score INTEGER NOT NULL DEFAULT 0;
-- Direct replies that are still shown; a deleted comment stays visible while this is > 0.
ALTER TABLE comments ADD COLUMN reply_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN edited_at INTEGER;
ALTER TABLE comments ADD COLUMN deleted_at INTEGER;
-- Set when a reply past the depth limit attaches higher up: whom it really answers.
ALTER TABLE comments ADD COLUMN reply_to_id INTEGER;
ALTER TABLE comments ADD COLUMN reply_to_name TEXT;
-- Bumped on every change to the row; readers catch up with "everything after seq N".
ALTER TABLE comments ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;

UPDATE comments SET change_seq = id;
UPDATE comments SET reply_count = (SELECT COUNT(*) FROM comments AS child WHERE child.parent_id = comments.id);

CREATE TABLE votes (
  comment_id INTEGER NOT NULL REFERENCES comments(id),
  voter_key TEXT NOT NULL,
  value INTEGER NOT NULL CHECK (value IN (-1, 1)),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (comment_id, voter_key)
) STRICT, WITHOUT ROWID;
CREATE INDEX votes_by_voter ON votes (voter_key, comment_id);

DROP INDEX comments_by_thread_time;
CREATE INDEX comments_top_by_time ON comments (thread_id, created_at, id) WHERE parent_id IS NULL;
CREATE INDEX comments_top_by_score ON comments (thread_id, score, created_at, id) WHERE parent_id IS NULL;
CREATE INDEX comments_by_change ON comments (thread_id, change_seq);
CREATE INDEX comments_change_seq ON comments (change_seq);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
