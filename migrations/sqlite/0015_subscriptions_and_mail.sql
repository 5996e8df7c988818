-- Readers who asked to hear about a thread by email, and the mail that tells them.
-- An address is confirmed once (double opt-in) and then counts for every subscription it holds;
-- confirmation_sent_at keeps confirmation mail to one an hour per address.
CREATE TABLE mail_addresses (
  email TEXT PRIMARY KEY,
  confirmed_at INTEGER,
  confirmation_sent_at INTEGER
) STRICT, WITHOUT ROWID;

-- kind: 'thread' (every new comment on the page) or 'replies' (replies to the subscriber's
-- comments, matched by the email or the reader's identity). A row ended stays, so a link in an
-- old mail still names what it ended.
CREATE TABLE subscriptions (
  id INTEGER PRIMARY KEY,
  thread_id INTEGER NOT NULL REFERENCES threads(id),
  email TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('thread', 'replies')),
  author_key TEXT,
  created_at INTEGER NOT NULL,
  ended_at INTEGER
) STRICT;
CREATE UNIQUE INDEX subscriptions_once ON subscriptions (thread_id, email, kind);
CREATE INDEX subscriptions_by_email ON subscriptions (email);

-- The durable outbox: a row is written in the same transaction as what caused it, and a worker
-- sends it later. purpose 'confirm' asks an address to confirm; 'notice' tells of one comment
-- (notices for one address due together go out as one message). state: pending, sending
-- (claimed until lease_until), sent, failed (gave up), dropped (no longer to be sent).
CREATE TABLE mail_outbox (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL,
  purpose TEXT NOT NULL CHECK (purpose IN ('confirm', 'notice')),
  subscription_id INTEGER NOT NULL REFERENCES subscriptions(id),
  comment_id INTEGER REFERENCES comments(id),
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'dropped')),
  due_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  lease_until INTEGER,
  message_id TEXT,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
) STRICT;
-- One notice per comment per address, however many of its subscriptions match.
CREATE UNIQUE INDEX mail_outbox_once ON mail_outbox (email, comment_id);
CREATE INDEX mail_outbox_due ON mail_outbox (state, due_at);
