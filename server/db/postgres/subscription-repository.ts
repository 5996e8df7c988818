// Owns all SQL for subscriptions and the mail outbox (PostgreSQL engine of SubscriptionStore and MailOutboxStore).
import type {
  MailOutboxStore,
  OutboxMail,
  Subscription,
  SubscriptionStore,
} from '../../notifications/subscription-store';
import { one, only, type Queryable } from './sql';

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

export function createPostgresSubscriptionStores(db: Queryable): {
  subscriptions: SubscriptionStore;
  outbox: MailOutboxStore;
} {
  const subscriptions: SubscriptionStore = {
    async findAddress(email) {
      const r = await one<{ email: string; confirmed_at: number | null; confirmation_sent_at: number | null }>(
        db,
        'SELECT email, confirmed_at, confirmation_sent_at FROM mail_addresses WHERE email = $1',
        [email],
      );
      return r === null
        ? null
        : { email: r.email, confirmedAtMs: r.confirmed_at, confirmationSentAtMs: r.confirmation_sent_at };
    },
    async noteConfirmationSent(email, atMs) {
      await db.query(
        `INSERT INTO mail_addresses (email, confirmation_sent_at) VALUES ($1, $2)
         ON CONFLICT (email) DO UPDATE SET confirmation_sent_at = excluded.confirmation_sent_at`,
        [email, atMs],
      );
    },
    async confirmAddress(email, atMs) {
      await db.query(
        `INSERT INTO mail_addresses (email, confirmed_at) VALUES ($1, $2)
         ON CONFLICT (email) DO UPDATE SET confirmed_at = COALESCE(mail_addresses.confirmed_at, excluded.confirmed_at)`,
        [email, atMs],
      );
    },
    async saveSubscription({ threadId, email, kind, authorKey, atMs }) {
      return toSubscription(
        await only<SubscriptionRow>(
          db,
          `INSERT INTO subscriptions (thread_id, email, kind, author_key, created_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (thread_id, email, kind) DO UPDATE
             SET ended_at = NULL, author_key = COALESCE(excluded.author_key, subscriptions.author_key)
           RETURNING ${SUBSCRIPTION_COLUMNS}`,
          [threadId, email, kind, authorKey, atMs],
        ),
      );
    },
    async findSubscriptionById(id) {
      const r = await one<SubscriptionRow>(db, `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE id = $1`, [id]);
      return r === null ? null : toSubscription(r);
    },
    async listSubscriptionsByEmail(email) {
      const { rows } = await db.query<SubscriptionRow>(
        `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE email = $1 AND ended_at IS NULL ORDER BY id`,
        [email],
      );
      return rows.map(toSubscription);
    },
    async listConfirmedByThread(threadId, kind) {
      const { rows } = await db.query<SubscriptionRow>(
        `SELECT ${SUBSCRIPTION_COLUMNS.replace(/(\w+)/g, 's.$1')} FROM subscriptions s
           JOIN mail_addresses a ON a.email = s.email
          WHERE s.thread_id = $1 AND s.kind = $2 AND s.ended_at IS NULL AND a.confirmed_at IS NOT NULL
          ORDER BY s.id`,
        [threadId, kind],
      );
      return rows.map(toSubscription);
    },
    async listModeratorsToMail(purpose) {
      const column = purpose === 'held' ? 'mail_on_held' : 'mail_on_report';
      const { rows } = await db.query<{ id: number; email: string }>(
        `SELECT id, email FROM moderators WHERE ${column} ORDER BY id`,
      );
      return rows.map((r) => ({ moderatorId: r.id, email: r.email.toLowerCase() }));
    },
    async endSubscriptions(email, id, atMs) {
      const result =
        id === null
          ? await db.query('UPDATE subscriptions SET ended_at = $1 WHERE email = $2 AND ended_at IS NULL', [
              atMs,
              email,
            ])
          : await db.query('UPDATE subscriptions SET ended_at = $1 WHERE email = $2 AND id = $3 AND ended_at IS NULL', [
              atMs,
              email,
              id,
            ]);
      return result.rowCount ?? 0;
    },
  };

  const outbox: MailOutboxStore = {
    async queueMail({ email, purpose, subscriptionId, commentId, dueAtMs, atMs }) {
      await db.query(
        `INSERT INTO mail_outbox (email, purpose, subscription_id, comment_id, due_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (email, comment_id, purpose) WHERE purpose <> 'report' DO NOTHING`,
        [email, purpose, subscriptionId, commentId, dueAtMs, atMs],
      );
    },
    async queueThreadNotices({ threadId, commentId, authorEmail, authorKey, atMs }) {
      await db.query(
        `INSERT INTO mail_outbox (email, purpose, subscription_id, comment_id, due_at, created_at)
         SELECT s.email, 'notice', s.id, $2, $5, $5 FROM subscriptions s
           JOIN mail_addresses a ON a.email = s.email
          WHERE s.thread_id = $1 AND s.kind = 'thread' AND s.ended_at IS NULL AND a.confirmed_at IS NOT NULL
            AND ($3::text IS NULL OR s.email <> $3::text)
            AND ($4::text IS NULL OR s.author_key IS NULL OR s.author_key <> $4::text)
          ORDER BY s.id
         ON CONFLICT (email, comment_id, purpose) WHERE purpose <> 'report' DO NOTHING`,
        [threadId, commentId, authorEmail?.toLowerCase() ?? null, authorKey, atMs],
      );
    },
    async claimDue({ nowMs, leaseUntilMs, noticesBeforeMs, limit }) {
      // Runs as one transaction: rows another node's worker holds are skipped, not waited for,
      // and stay its own until it marks them or its lease lapses.
      const { rows: due } = await db.query<{ id: number; email: string; purpose: string }>(
        `SELECT id, email, purpose FROM mail_outbox
          WHERE (state = 'pending' AND due_at <= $1 AND (purpose <> 'notice' OR created_at <= $2))
             OR (state = 'sending' AND lease_until <= $1)
          ORDER BY id LIMIT $3
          FOR UPDATE SKIP LOCKED`,
        [nowMs, noticesBeforeMs, limit],
      );
      const ids = new Set(due.map((r) => r.id));
      const emails = [...new Set(due.filter((r) => r.purpose === 'notice').map((r) => r.email))];
      if (emails.length > 0) {
        const { rows } = await db.query<{ id: number }>(
          `SELECT id FROM mail_outbox
            WHERE state = 'pending' AND purpose = 'notice' AND email = ANY($1::text[]) AND due_at <= $2
            FOR UPDATE SKIP LOCKED`,
          [emails, nowMs],
        );
        for (const r of rows) ids.add(r.id);
      }
      if (ids.size === 0) return [];
      const { rows } = await db.query<MailRow>(
        `UPDATE mail_outbox SET state = 'sending', lease_until = $1 WHERE id = ANY($2::bigint[])
         RETURNING ${MAIL_COLUMNS}`,
        [leaseUntilMs, [...ids]],
      );
      return rows.map(toMail).sort((a, b) => a.id - b.id);
    },
    async markSent(ids, { messageId, atMs }) {
      await db.query(
        `UPDATE mail_outbox SET state = 'sent', sent_at = $1, message_id = $2, attempts = attempts + 1,
                lease_until = NULL, last_error = NULL WHERE id = ANY($3::bigint[])`,
        [atMs, messageId, [...ids]],
      );
    },
    async markFailed(ids, { error, retryAtMs }) {
      await db.query(
        `UPDATE mail_outbox SET state = $1, due_at = COALESCE($2, due_at), attempts = attempts + 1,
                lease_until = NULL, last_error = $3 WHERE id = ANY($4::bigint[])`,
        [retryAtMs === null ? 'failed' : 'pending', retryAtMs, error, [...ids]],
      );
    },
    async markDropped(ids, reason) {
      await db.query(
        `UPDATE mail_outbox SET state = 'dropped', lease_until = NULL, last_error = $1 WHERE id = ANY($2::bigint[])`,
        [reason, [...ids]],
      );
    },
    async listRecent(limit) {
      const { rows } = await db.query<MailRow>(`SELECT ${MAIL_COLUMNS} FROM mail_outbox ORDER BY id DESC LIMIT $1`, [
        limit,
      ]);
      return rows.map(toMail);
    },
  };
  return { subscriptions, outbox };
}
