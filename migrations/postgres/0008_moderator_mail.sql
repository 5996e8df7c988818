-- Moderators may ask for an email for each comment newly held for review and for each new report
-- (each off until they turn it on, in their own account settings).
ALTER TABLE moderators ADD COLUMN mail_on_held BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE moderators ADD COLUMN mail_on_report BOOLEAN NOT NULL DEFAULT FALSE;

-- The outbox carries those mails too: purpose 'held' or 'report', to a moderator's address, with no
-- subscription behind them. One mail per comment, address and purpose, but for reports: one for each.
ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_purpose_check;
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_purpose_check
  CHECK (purpose IN ('confirm', 'notice', 'held', 'report'));
ALTER TABLE mail_outbox ALTER COLUMN subscription_id DROP NOT NULL;
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_subscription_check
  CHECK ((subscription_id IS NULL) = (purpose IN ('held', 'report')));
DROP INDEX mail_outbox_once;
CREATE UNIQUE INDEX mail_outbox_once ON mail_outbox (email, comment_id, purpose) WHERE purpose <> 'report';
