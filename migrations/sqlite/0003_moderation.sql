-- Moderation: accounts and their sessions, failed-login tracking, bans, readers' reports,
-- the audit log, and per-comment and per-thread moderation state.
CREATE TABLE moderators (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'moderator')),
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  password_changed_at INTEGER NOT NULL
) STRICT;

CREATE TABLE moderator_sessions (
  -- SHA-256 of the cookie value; the value itself is never stored.
  token_hash TEXT PRIMARY KEY,
  moderator_id INTEGER NOT NULL REFERENCES moderators(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX moderator_sessions_by_moderator ON moderator_sessions (moderator_id);

CREATE TABLE login_failures (
  -- 'email:<address>' or 'ip:<hash>'
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_failure_at INTEGER NOT NULL,
  locked_until INTEGER
) STRICT;

CREATE TABLE bans (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('identity', 'email', 'ip')),
  value TEXT NOT NULL,
  reason TEXT,
  created_by INTEGER REFERENCES moderators(id),
  created_at INTEGER NOT NULL,
  -- NULL: for ever.
  expires_at INTEGER,
  lifted_at INTEGER
) STRICT;
CREATE INDEX bans_by_value ON bans (kind, value);

CREATE TABLE reports (
  comment_id INTEGER NOT NULL REFERENCES comments(id),
  reporter_key TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('spam', 'abuse', 'off-topic', 'other')),
  details TEXT,
  created_at INTEGER NOT NULL,
  dismissed_at INTEGER,
  PRIMARY KEY (comment_id, reporter_key)
) STRICT;

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  moderator_id INTEGER REFERENCES moderators(id),
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  reason TEXT,
  -- JSON: what the action changed, enough to undo it.
  details TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX audit_log_by_time ON audit_log (created_at DESC, id DESC);

ALTER TABLE comments ADD COLUMN ip_hash TEXT;
ALTER TABLE comments ADD COLUMN is_pinned INTEGER NOT NULL DEFAULT 0;
-- Open reports (not dismissed).
ALTER TABLE comments ADD COLUMN report_count INTEGER NOT NULL DEFAULT 0;
-- Why a comment waits in the Pending queue: 'all', 'first', 'links', 'watched', 'reports'.
ALTER TABLE comments ADD COLUMN held_reason TEXT;
ALTER TABLE comments ADD COLUMN moderation_reason TEXT;
ALTER TABLE comments ADD COLUMN moderated_by INTEGER REFERENCES moderators(id);
ALTER TABLE comments ADD COLUMN moderated_at INTEGER;
CREATE INDEX comments_by_status_time ON comments (status, created_at DESC, id DESC);
CREATE INDEX comments_by_author_key ON comments (author_key);
CREATE INDEX comments_by_email ON comments (author_email);
CREATE INDEX comments_reported ON comments (report_count) WHERE report_count > 0;
CREATE INDEX comments_pinned ON comments (thread_id) WHERE is_pinned = 1;

ALTER TABLE threads ADD COLUMN is_closed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE threads ADD COLUMN closed_at INTEGER;
