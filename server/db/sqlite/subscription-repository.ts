// Owns all SQL for subscriptions and the mail outbox (SQLite engine of SubscriptionStore and MailOutboxStore).
import type {
  MailAddress,
  MailOutboxStore,
  OutboxMail,
  Subscription,
  SubscriptionStore,
} from '../../notifications/subscription-store';
import type { Db } from './connection';
import type { Writer } from './group-commit';

interface SubscriptionRow {
  id: number;
  thread_id: number;
  email: string;
  kind: Subscription['kind'];
  author_key: string | null;
  created_at: number;
  ended_at: number | null;
}

interface MailRow {
  id: number;
  email: string;
  purpose: OutboxMail['purpose'];
  subscription_id: number | null;
  comment_id: number | null;
  state: OutboxMail['state'];
  due_at: number;
  attempts: number;
  lease_until: number | null;
  message_id: string | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

const toSubscription = (r: SubscriptionRow): Subscription => ({
  id: r.id,
  threadId: r.thread_id,
  email: r.email,
  kind: r.kind,
  authorKey: r.author_key,
  createdAtMs: r.created_at,
  endedAtMs: r.ended_at,
});

const toMail = (r: MailRow): OutboxMail => ({
  id: r.id,
  email: r.email,
  purpose: r.purpose,
  subscriptionId: r.subscription_id,
  commentId: r.comment_id,
  state: r.state,
  dueAtMs: r.due_at,
  attempts: r.attempts,
  leaseUntilMs: r.lease_until,
  messageId: r.message_id,
  lastError: r.last_error,
  createdAtMs: r.created_at,
  sentAtMs: r.sent_at,
});

const SUBSCRIPTION_COLUMNS = 'id, thread_id, email, kind, author_key, created_at, ended_at';
const MAIL_COLUMNS =
  'id, email, purpose, subscription_id, comment_id, state, due_at, attempts, lease_until, message_id, last_error, created_at, sent_at';

/** Every write goes through `writes`, the engine's one write path. */
export function createSqliteSubscriptionStores(
  db: Db,
  writes: Writer,
): { subscriptions: SubscriptionStore; outbox: MailOutboxStore } {
  const findAddress = db.prepare<
    [string],
    { email: string; confirmed_at: number | null; confirmation_sent_at: number | null }
  >('SELECT email, confirmed_at, confirmation_sent_at FROM mail_addresses WHERE email = ?');
  const noteSent = db.prepare(
    `INSERT INTO mail_addresses (email, confirmation_sent_at) VALUES (?, ?)
     ON CONFLICT (email) DO UPDATE SET confirmation_sent_at = excluded.confirmation_sent_at`,
  );
  const confirm = db.prepare(
    `INSERT INTO mail_addresses (email, confirmed_at) VALUES (?, ?)
     ON CONFLICT (email) DO UPDATE SET confirmed_at = COALESCE(confirmed_at, excluded.confirmed_at)`,
  );
  const saveSubscription = db.prepare<[number, string, string, string | null, number], SubscriptionRow>(
    `INSERT INTO subscriptions (thread_id, email, kind, author_key, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (thread_id, email, kind) DO UPDATE
       SET ended_at = NULL, author_key = COALESCE(excluded.author_key, author_key)
     RETURNING ${SUBSCRIPTION_COLUMNS}`,
  );
  const findSubscription = db.prepare<[number], SubscriptionRow>(
    `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE id = ?`,
  );
  const byEmail = db.prepare<[string], SubscriptionRow>(
    `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE email = ? AND ended_at IS NULL ORDER BY id`,
  );
  const confirmedByThread = db.prepare<[number, string], SubscriptionRow>(
    `SELECT ${SUBSCRIPTION_COLUMNS.replace(/(\w+)/g, 's.$1')} FROM subscriptions s
       JOIN mail_addresses a ON a.email = s.email
      WHERE s.thread_id = ? AND s.kind = ? AND s.ended_at IS NULL AND a.confirmed_at IS NOT NULL
      ORDER BY s.id`,
  );
  const queueThread = db.prepare(
    `INSERT INTO mail_outbox (email, purpose, subscription_id, comment_id, due_at, created_at)
     SELECT s.email, 'notice', s.id, @commentId, @atMs, @atMs FROM subscriptions s
       JOIN mail_addresses a ON a.email = s.email
      WHERE s.thread_id = @threadId AND s.kind = 'thread' AND s.ended_at IS NULL AND a.confirmed_at IS NOT NULL
        AND (@authorEmail IS NULL OR s.email <> @authorEmail)
        AND (@authorKey IS NULL OR s.author_key IS NULL OR s.author_key <> @authorKey)
      ORDER BY s.id
     ON CONFLICT (email, comment_id, purpose) WHERE purpose <> 'report' DO NOTHING`,
  );
  const moderatorsToMail = {
    held: db.prepare<[], { id: number; email: string }>(
      'SELECT id, email FROM moderators WHERE mail_on_held = 1 ORDER BY id',
    ),
    report: db.prepare<[], { id: number; email: string }>(
      'SELECT id, email FROM moderators WHERE mail_on_report = 1 ORDER BY id',
    ),
  };
  const endOne = db.prepare('UPDATE subscriptions SET ended_at = ? WHERE email = ? AND id = ? AND ended_at IS NULL');
  const endAll = db.prepare('UPDATE subscriptions SET ended_at = ? WHERE email = ? AND ended_at IS NULL');

  const queue = db.prepare(
    `INSERT INTO mail_outbox (email, purpose, subscription_id, comment_id, due_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (email, comment_id, purpose) WHERE purpose <> 'report' DO NOTHING`,
  );
  const due = db.prepare<[number, number, number, number], { id: number; email: string; purpose: string }>(
    `SELECT id, email, purpose FROM mail_outbox
      WHERE (state = 'pending' AND due_at <= ? AND (purpose <> 'notice' OR created_at <= ?))
         OR (state = 'sending' AND lease_until <= ?)
      ORDER BY id LIMIT ?`,
  );
  const sameAddress = db.prepare<[string, number], { id: number }>(
    `SELECT id FROM mail_outbox WHERE state = 'pending' AND purpose = 'notice' AND email = ? AND due_at <= ?`,
  );
  const claim = db.prepare<[number, number], MailRow>(
    `UPDATE mail_outbox SET state = 'sending', lease_until = ? WHERE id = ? RETURNING ${MAIL_COLUMNS}`,
  );
  const sent = db.prepare(
    `UPDATE mail_outbox SET state = 'sent', sent_at = ?, message_id = ?, attempts = attempts + 1,
            lease_until = NULL, last_error = NULL WHERE id = ?`,
  );
  const failed = db.prepare(
    `UPDATE mail_outbox SET state = ?, due_at = COALESCE(?, due_at), attempts = attempts + 1,
            lease_until = NULL, last_error = ? WHERE id = ?`,
  );
  const dropped = db.prepare(
    `UPDATE mail_outbox SET state = 'dropped', lease_until = NULL, last_error = ? WHERE id = ?`,
  );
  const recent = db.prepare<[number], MailRow>(`SELECT ${MAIL_COLUMNS} FROM mail_outbox ORDER BY id DESC LIMIT ?`);

  const subscriptions: SubscriptionStore = {
    async findAddress(email) {
      const r = findAddress.get(email);
      return r === undefined
        ? null
        : ({
            email: r.email,
            confirmedAtMs: r.confirmed_at,
            confirmationSentAtMs: r.confirmation_sent_at,
          } satisfies MailAddress);
    },
    async noteConfirmationSent(email, atMs) {
      await writes.run(() => noteSent.run(email, atMs));
    },
    async confirmAddress(email, atMs) {
      await writes.run(() => confirm.run(email, atMs));
    },
    async saveSubscription({ threadId, email, kind, authorKey, atMs }) {
      return writes.run(() =>
        toSubscription(saveSubscription.get(threadId, email, kind, authorKey, atMs) as SubscriptionRow),
      );
    },
    async findSubscriptionById(id) {
      const r = findSubscription.get(id);
      return r === undefined ? null : toSubscription(r);
    },
    async listSubscriptionsByEmail(email) {
      return byEmail.all(email).map(toSubscription);
    },
    async listConfirmedByThread(threadId, kind) {
      return confirmedByThread.all(threadId, kind).map(toSubscription);
    },
    async listModeratorsToMail(purpose) {
      return moderatorsToMail[purpose].all().map((r) => ({ moderatorId: r.id, email: r.email.toLowerCase() }));
    },
    async endSubscriptions(email, id, atMs) {
      return writes.run(() => (id === null ? endAll.run(atMs, email) : endOne.run(atMs, email, id)).changes);
    },
  };

  const outbox: MailOutboxStore = {
    async queueMail({ email, purpose, subscriptionId, commentId, dueAtMs, atMs }) {
      await writes.run(() => queue.run(email, purpose, subscriptionId, commentId, dueAtMs, atMs));
    },
    async queueThreadNotices({ threadId, commentId, authorEmail, authorKey, atMs }) {
      await writes.run(() =>
        queueThread.run({ threadId, commentId, authorEmail: authorEmail?.toLowerCase() ?? null, authorKey, atMs }),
      );
    },
    async claimDue({ nowMs, leaseUntilMs, noticesBeforeMs, limit }) {
      return writes.run(() => {
        const ids = new Set<number>();
        const emails = new Set<string>();
        for (const r of due.all(nowMs, noticesBeforeMs, nowMs, limit)) {
          ids.add(r.id);
          if (r.purpose === 'notice') emails.add(r.email);
        }
        for (const email of emails) for (const r of sameAddress.all(email, nowMs)) ids.add(r.id);
        return [...ids].sort((a, b) => a - b).map((id) => toMail(claim.get(leaseUntilMs, id) as MailRow));
      });
    },
    async markSent(ids, { messageId, atMs }) {
      await writes.run(() => {
        for (const id of ids) sent.run(atMs, messageId, id);
      });
    },
    async markFailed(ids, { error, retryAtMs }) {
      await writes.run(() => {
        for (const id of ids) failed.run(retryAtMs === null ? 'failed' : 'pending', retryAtMs, error, id);
      });
    },
    async markDropped(ids, reason) {
      await writes.run(() => {
        for (const id of ids) dropped.run(reason, id);
      });
    },
    async listRecent(limit) {
      return recent.all(limit).map(toMail);
    },
  };
  return { subscriptions, outbox };
}
