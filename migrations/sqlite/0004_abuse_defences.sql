-- Defences against abuse: idempotent posting, first sight of each identity (to spot
-- bursts of new identities voting from one network), and flagged votes.
ALTER TABLE comments ADD COLUMN client_id TEXT;
CREATE UNIQUE INDEX comments_by_client_id ON comments (client_id) WHERE client_id IS NOT NULL;
CREATE INDEX comments_by_ip_hash ON comments (ip_hash, created_at);

ALTER TABLE votes ADD COLUMN ip_hash TEXT;
-- Flagged votes are kept and shown to moderators but do not count in the score.
ALTER TABLE votes ADD COLUMN is_flagged INTEGER NOT NULL DEFAULT 0;
CREATE INDEX votes_by_ip_time ON votes (ip_hash, created_at);
ALTER TABLE comments ADD COLUMN flagged_votes INTEGER NOT NULL DEFAULT 0;

CREATE TABLE identities (
  author_key TEXT PRIMARY KEY,
  first_seen_at INTEGER NOT NULL,
  ip_hash TEXT
) STRICT, WITHOUT ROWID;
CREATE INDEX identities_by_network ON identities (ip_hash, first_seen_at);
