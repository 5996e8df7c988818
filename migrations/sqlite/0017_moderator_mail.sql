-- Moderators may ask for an email for each comment newly held for review and for each new report
-- (each off until they turn it on, in their own account settings).
ALTER TABLE moderators ADD COLUMN mail_on_held INTEGER NOT NULL DEFAULT 0;
ALTER TABLE moderators ADD COLUMN mail_on_report INTEGER NOT NULL DEFAULT 0;

-- The outbox carries those mails too: purpose 'held' or 'report', to a moderator's address, with no
-- subscription behind them. One mail per comment, address and purpose, but for reports: one for each.
CREATE TABLE mail_outbox_next (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL,
  purpose TEXT NOT NULL CHECK (purpose IN ('confirm', 'notice', 'held', 'report')),
  subscription_id INTEGER REFERENCES subscriptions(id),
  comment_id INTEGER REFERENCES comments(id),
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'dropped')),
  due_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  lease_until INTEGER,
  message_id TEXT,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  CHECK ((subscription_id IS NULL) = (purpose IN ('held', 'report')))
) STRICT;
INSERT INTO mail_outbox_next
  SELECT id, email, purpose, subscription_id, comment_id, state, due_at, attempts, lease_until, message_id,
         last_error, created_at, sent_at
    FROM mail_outbox;
DROP TABLE mail_outbox;
ALTER TABLE mail_outbox_next RENAME TO mail_outbox;
CREATE UNIQUE INDEX mail_outbox_once ON mail_outbox (email, comment_id, purpose) WHERE purpose <> 'report';
CREATE INDEX mail_outbox_due ON mail_outbox (state, due_at);
