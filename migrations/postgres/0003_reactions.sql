-- Emoji reactions beside votes (as SQLite's 0013): one of each kind per reader per comment,
-- toggled; a row outlives its withdrawal so the stuffing flag of the first reaction sticks;
-- the comment keeps a count per kind, changed in the same transaction as the row.
CREATE TABLE reactions (
  comment_id BIGINT NOT NULL REFERENCES comments(id),
  reactor_key TEXT NOT NULL,
  reaction TEXT NOT NULL CHECK (reaction IN ('like', 'love', 'laugh', 'wow', 'sad')),
  created_at BIGINT NOT NULL,
  ip_hash TEXT,
  is_flagged BOOLEAN NOT NULL DEFAULT FALSE,
  is_withdrawn BOOLEAN NOT NULL DEFAULT FALSE,
  PRIMARY KEY (comment_id, reactor_key, reaction)
);
CREATE INDEX reactions_by_reactor ON reactions (reactor_key, comment_id);

ALTER TABLE comments ADD COLUMN reactions_like INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN reactions_love INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN reactions_laugh INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN reactions_wow INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN reactions_sad INTEGER NOT NULL DEFAULT 0;
