// Owns sending the outbox: claims due mail, composes it, hands it to SMTP, and records the outcome with retries.
import { createHmac } from 'node:crypto';
import type { Clock } from '../clock';
import { describeError, type Logger } from '../log/logger';
import type { ThreadStore } from '../threads/thread-store';
import {
  composeConfirmation,
  composeModeratorMail,
  composeNotices,
  type ComposedMail,
  type MailLinks,
  type NoticeItem,
  withPageLinks,
} from './mail-composer';
import { CONFIRM_LINK_MS, signMailToken } from './mail-tokens';
import { SendFailure, type MailTransport } from './smtp-transport';
import type { MailOutboxStore, OutboxMail, Subscription, SubscriptionStore } from './subscription-store';

/** What the worker needs of a comment (a Comment has all of it). */
export interface MailedComment {
  id: number;
  threadId: number;
  authorName: string;
  bodyHtml: string;
  status: string;
}

export interface MailWorkerDeps {
  storage: {
    outbox: MailOutboxStore;
    subscriptions: SubscriptionStore;
    threads: ThreadStore;
    comments: { findCommentById(id: number): Promise<MailedComment | null> };
  };
  clock: Clock;
  logger: Logger;
  transport: MailTransport;
  mailKey: Buffer;
  from: string;
  /** The public base address of links (no trailing slash); read when a mail is composed. */
  baseUrl: () => string;
  batchMs: number;
  retryMs: number;
  /** How often the outbox is looked at. */
  pollMs: number;
}

/** Attempts of one mail before it is marked failed. */
export const MAX_ATTEMPTS = 8;
/** How long a claim holds: past it, another worker (after a crash) may send the mail. */
export const LEASE_MS = 15 * 60_000;
/** Rows claimed at once. */
const CLAIM_LIMIT = 50;

export interface MailWorker {
  /** Looks at the outbox now (and then every pollMs until stopped). */
  start(): void;
  /** Stops looking; waits for a send under way to be recorded. */
  stop(): Promise<void>;
  /** One pass over the outbox. */
  runOnce(): Promise<void>;
}

/** The delay before attempt `attempts + 1`: doubling from `retryMs`, at most a day. */
export function retryDelayMs(retryMs: number, attempts: number): number {
  return Math.min(retryMs * 2 ** Math.max(0, attempts - 1), 86_400_000);
}

export function createMailWorker(deps: MailWorkerDeps): MailWorker {
  const { storage, clock, logger, transport, mailKey } = deps;
  // Message-IDs of this installation: the same mail always gets the same one, across retries and nodes.
  const installation = createHmac('sha256', mailKey).update('message-id').digest('hex').slice(0, 12);
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<void> | null = null;
  let isStopped = false;

  function host(): string {
    try {
      return new URL(deps.baseUrl()).hostname || 'localhost';
    } catch {
      return 'localhost';
    }
  }

  function linksFor(subscription: Subscription): MailLinks {
    const base = deps.baseUrl();
    const sign = (purpose: 'manage' | 'unsubscribe') =>
      signMailToken(mailKey, {
        purpose,
        email: subscription.email,
        subscriptionId: purpose === 'unsubscribe' ? subscription.id : null,
        expiresAtMs: null,
      });
    const unsubscribe = encodeURIComponent(sign('unsubscribe'));
    return {
      manageUrl: `${base}/subscriptions?token=${encodeURIComponent(sign('manage'))}`,
      unsubscribeUrl: `${base}/subscriptions?token=${unsubscribe}`,
      oneClickUrl: `${base}/subscriptions/one-click?token=${unsubscribe}`,
    };
  }

  /** A moderator's mail of a held or reported comment, or why it is no longer to be sent. */
  async function composeForModerator(row: OutboxMail): Promise<{ mail: ComposedMail } | { drop: string }> {
    const comment = row.commentId === null ? null : await storage.comments.findCommentById(row.commentId);
    if (comment === null) return { drop: 'comment gone' };
    // A held comment already decided on needs nobody any more.
    if (row.purpose === 'held' && comment.status !== 'pending') return { drop: 'comment no longer held' };
    const thread = await storage.threads.findThreadById(comment.threadId);
    const base = deps.baseUrl();
    const mail = composeModeratorMail(
      {
        from: deps.from,
        to: row.email,
        messageId: `<${row.purpose}.${row.id}.${installation}@${host()}>`,
        threadTitle: thread?.title ?? thread?.url ?? thread?.pageId ?? 'a page',
        threadUrl: thread?.url ?? null,
      },
      {
        purpose: row.purpose === 'held' ? 'held' : 'report',
        authorName: comment.authorName,
        bodyHtml: withPageLinks(comment.bodyHtml, thread?.url ?? base),
        dashboardUrl: `${base}/admin#comment-${comment.id}`,
        settingsUrl: `${base}/admin#settings`,
      },
    );
    return { mail };
  }

  /** The message for a group of claimed rows, or why it is no longer to be sent. */
  async function compose(rows: OutboxMail[]): Promise<{ mail: ComposedMail } | { drop: string }> {
    const first = rows[0];
    if (first.subscriptionId === null) return composeForModerator(first);
    const subscription = await storage.subscriptions.findSubscriptionById(first.subscriptionId);
    if (subscription === null || subscription.endedAtMs !== null) return { drop: 'subscription ended' };
    const thread = await storage.threads.findThreadById(subscription.threadId);
    const address = await storage.subscriptions.findAddress(first.email);
    const envelope = {
      from: deps.from,
      to: first.email,
      messageId: `<${first.purpose}.${first.id}.${installation}@${host()}>`,
      threadTitle: thread?.title ?? thread?.url ?? thread?.pageId ?? 'a page',
      threadUrl: thread?.url ?? null,
    };
    const links = linksFor(subscription);
    if (first.purpose === 'confirm') {
      if (address?.confirmedAtMs != null) return { drop: 'address already confirmed' };
      const token = signMailToken(mailKey, {
        purpose: 'confirm',
        email: first.email,
        subscriptionId: subscription.id,
        expiresAtMs: first.createdAtMs + CONFIRM_LINK_MS,
      });
      const confirmUrl = `${deps.baseUrl()}/subscriptions?token=${encodeURIComponent(token)}`;
      return { mail: composeConfirmation(envelope, confirmUrl, links) };
    }
    if (address?.confirmedAtMs == null) return { drop: 'address not confirmed' };
    const items: NoticeItem[] = [];
    for (const row of rows) {
      const comment = row.commentId === null ? null : await storage.comments.findCommentById(row.commentId);
      if (comment === null || comment.status !== 'published') continue;
      const page = thread?.url ?? deps.baseUrl();
      items.push({
        authorName: comment.authorName,
        bodyHtml: withPageLinks(comment.bodyHtml, page),
        permalink: `${page}#comment-${comment.id}`,
      });
    }
    if (items.length === 0) return { drop: 'comment no longer shown' };
    return { mail: composeNotices(envelope, items, links) };
  }

  /** Claimed rows in the messages they make: notices by address and thread, any other mail alone. */
  async function groupsOf(claimed: OutboxMail[]): Promise<OutboxMail[][]> {
    const groups = new Map<string, OutboxMail[]>();
    for (const row of claimed) {
      let key = `${row.purpose}:${row.id}`;
      if (row.purpose === 'notice' && row.subscriptionId !== null) {
        const subscription = await storage.subscriptions.findSubscriptionById(row.subscriptionId);
        key = `notice:${row.email}:${subscription?.threadId ?? 0}`;
      }
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    return [...groups.values()];
  }

  async function deliver(rows: OutboxMail[]): Promise<void> {
    const ids = rows.map((r) => r.id);
    let composed: Awaited<ReturnType<typeof compose>>;
    try {
      composed = await compose(rows);
    } catch (err) {
      logger.error('mail could not be composed', { outboxIds: ids, ...describeError(err) });
      await storage.outbox.markFailed(ids, { error: 'could not be composed', retryAtMs: null });
      return;
    }
    if ('drop' in composed) {
      await storage.outbox.markDropped(ids, composed.drop);
      return;
    }
    try {
      await transport.send(composed.mail);
    } catch (err) {
      const attempts = Math.max(...rows.map((r) => r.attempts)) + 1;
      const isPermanent = err instanceof SendFailure && err.isPermanent;
      const isLast = isPermanent || attempts >= MAX_ATTEMPTS;
      const error = (err as Error).message ?? String(err);
      logger.warn(isLast ? 'mail failed for good' : 'mail not sent, will retry', {
        outboxIds: ids,
        attempts,
        errorMessage: error,
      });
      await storage.outbox.markFailed(ids, {
        error,
        retryAtMs: isLast ? null : clock.now() + retryDelayMs(deps.retryMs, attempts),
      });
      return;
    }
    await storage.outbox.markSent(ids, { messageId: composed.mail.messageId, atMs: clock.now() });
  }

  async function runOnce(): Promise<void> {
    const nowMs = clock.now();
    const claimed = await storage.outbox.claimDue({
      nowMs,
      leaseUntilMs: nowMs + LEASE_MS,
      noticesBeforeMs: nowMs - deps.batchMs,
      limit: CLAIM_LIMIT,
    });
    for (const group of await groupsOf(claimed)) await deliver(group);
  }

  function schedule(delayMs: number): void {
    if (isStopped) return;
    timer = setTimeout(() => {
      timer = null;
      current = runOnce()
        .catch((err: unknown) => logger.error('mail outbox pass failed', describeError(err)))
        .finally(() => {
          current = null;
          schedule(deps.pollMs);
        });
    }, delayMs);
    timer.unref();
  }

  return {
    start() {
      isStopped = false;
      if (timer === null && current === null) schedule(0);
    },
    async stop() {
      isStopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      await current;
    },
    runOnce,
  };
}
