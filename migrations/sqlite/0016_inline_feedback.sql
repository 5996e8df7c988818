-- Inline feedback: a top-level comment may be anchored to a passage the site owner marked
-- (anchor_passage) and/or to text a reader selected (anchor_quote, with up to 100 characters
-- before and after it, so the text can be found again after small edits of the article).
-- Every anchored comment has anchor_quote set ('' when it names a passage only): the
-- "feedback only" list and the counts per passage read the one partial index below.
ALTER TABLE comments ADD COLUMN anchor_passage TEXT;
ALTER TABLE comments ADD COLUMN anchor_quote TEXT;
ALTER TABLE comments ADD COLUMN anchor_before TEXT;
ALTER TABLE comments ADD COLUMN anchor_after TEXT;
CREATE INDEX comments_feedback_top ON comments (thread_id, created_at, id)
  WHERE anchor_quote IS NOT NULL AND parent_id IS NULL;
