-- Emoji reactions beside votes: one of each kind per reader per comment, toggled. Like a
-- vote, a reaction row outlives its withdrawal (is_withdrawn), so the flag it was given as
-- possible stuffing when first made sticks through toggles. The comment keeps a count per
-- kind, changed in the same transaction as the row, so pages read counts without a join.
CREATE TABLE reactions (
  comment_id INTEGER NOT NULL REFERENCES comments(id),
  reactor_key TEXT NOT NULL,
  reaction TEXT NOT NULL CHECK (reaction IN ('like', 'love', 'laugh', 'wow', 'sad')),
  created_at INTEGER NOT NULL,
  ip_hash TEXT,
  is_flagged INTEGER NOT NULL DEFAULT 0,
  is_withdrawn INTEGER NOT NULL DEFAULT 0,
  -- Serves both reads: one reader's reactions among a page of comments (comment_id IN page,
  -- reactor_key = reader) and one reaction's row (all three).
  PRIMARY KEY (comment_id, reactor_key, reaction)
) STRICT, WITHOUT ROWID;
-- A reader's reactions across comments (for moderators looking at one reader, and for
-- removing a banned reader's reactions later) go through this one.
CREATE INDEX reactions_by_reactor ON reactions (reactor_key, comment_id);

-- Counts readers see: reactions not withdrawn and not held back as possible stuffing.
ALTER TABLE comments ADD COLUMN reactions_like INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN reactions_love INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN reactions_laugh INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN reactions_wow INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN reactions_sad INTEGER NOT NULL DEFAULT 0;
