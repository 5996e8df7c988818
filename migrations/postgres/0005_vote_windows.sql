-- Vote-stuffing windows every node counts in (one SQLite process keeps them in memory):
-- identities still new that voted from a network, and first votes (or reactions) of one
-- network on one comment within a window. Rows past their window are swept.
CREATE TABLE vote_window_voters (
  network TEXT NOT NULL,
  voter_key TEXT NOT NULL,
  first_seen_ms BIGINT NOT NULL,
  PRIMARY KEY (network, voter_key)
);
CREATE INDEX vote_window_voters_first_seen ON vote_window_voters (first_seen_ms);

CREATE TABLE vote_window_comments (
  kind TEXT NOT NULL CHECK (kind IN ('vote', 'reaction')),
  comment_id BIGINT NOT NULL,
  network TEXT NOT NULL,
  start_ms BIGINT NOT NULL,
  votes INTEGER NOT NULL,
  PRIMARY KEY (kind, comment_id, network)
);
CREATE INDEX vote_window_comments_start ON vote_window_comments (start_ms);
