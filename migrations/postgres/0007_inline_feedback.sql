-- Inline feedback (as SQLite's 0015): a top-level comment's passage and/or quoted text with
-- its context; anchor_quote is set ('' for a passage only) on every anchored comment.
ALTER TABLE comments ADD COLUMN anchor_passage TEXT;
ALTER TABLE comments ADD COLUMN anchor_quote TEXT;
ALTER TABLE comments ADD COLUMN anchor_before TEXT;
ALTER TABLE comments ADD COLUMN anchor_after TEXT;
CREATE INDEX comments_feedback_top ON comments (thread_id, created_at, id)
  WHERE anchor_quote IS NOT NULL AND parent_id IS NULL;
