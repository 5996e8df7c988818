// Owns the storage contract of subscriptions by email and of the mail outbox: what the engines must provide.

export type SubscriptionKind = 'thread' | 'replies';
export const SUBSCRIPTION_KINDS: readonly SubscriptionKind[] = ['thread', 'replies'];

export interface Subscription {
  id: number;
  threadId: number;
  /** Lower-cased. */
  email: string;
  kind: SubscriptionKind;
  /** The reader who subscribed, when known: replies to their comments count as replies to them. */
  authorKey: string | null;
  createdAtMs: number;
  endedAtMs: number | null;
}

export interface MailAddress {
  email: string;
  /** When its owner followed a confirmation link; null: nothing but confirmation mail goes there. */
  confirmedAtMs: number | null;
  /** When confirmation mail was last queued for it (one an hour at most). */
  confirmationSentAtMs: number | null;
}

/** 'held' and 'report' go to moderators who asked for them, with no subscription behind them. */
export type MailPurpose = 'confirm' | 'notice' | 'held' | 'report';
export type ModeratorMailPurpose = 'held' | 'report';
export type MailState = 'pending' | 'sending' | 'sent' | 'failed' | 'dropped';

/** One row of the outbox: a confirmation request, or the notice of one comment to one address. */
export interface OutboxMail {
  id: number;
  email: string;
  purpose: MailPurpose;
  /** Null for moderators' mail. */
  subscriptionId: number | null;
  commentId: number | null;
  state: MailState;
  dueAtMs: number;
  attempts: number;
  leaseUntilMs: number | null;
  messageId: string | null;
  lastError: string | null;
  createdAtMs: number;
  sentAtMs: number | null;
}

export interface SubscriptionStore {
  findAddress(email: string): Promise<MailAddress | null>;
  /** Records that confirmation mail was queued for the address now. */
  noteConfirmationSent(email: string, atMs: number): Promise<void>;
  /** Marks the address confirmed; a second confirmation keeps the first time. */
  confirmAddress(email: string, atMs: number): Promise<void>;
  /** Creates the subscription, or takes back the end of an ended one; one per thread, address and kind. */
  saveSubscription(s: {
    threadId: number;
    email: string;
    kind: SubscriptionKind;
    authorKey: string | null;
    atMs: number;
  }): Promise<Subscription>;
  findSubscriptionById(id: number): Promise<Subscription | null>;
  /** The address's subscriptions not ended, oldest first. */
  listSubscriptionsByEmail(email: string): Promise<Subscription[]>;
  /** A thread's subscriptions of this kind not ended whose address is confirmed. */
  listConfirmedByThread(threadId: number, kind: SubscriptionKind): Promise<Subscription[]>;
  /** Moderators who asked for mail of this purpose (their id and address). */
  listModeratorsToMail(purpose: ModeratorMailPurpose): Promise<{ moderatorId: number; email: string }[]>;
  /** Ends one subscription of the address (by id) or all of them (null); returns how many ended. */
  endSubscriptions(email: string, id: number | null, atMs: number): Promise<number>;
}

export interface MailOutboxStore {
  /** Queues a mail; a second mail of one purpose about one comment to one address is not queued (but for reports: each is told). */
  queueMail(m: {
    email: string;
    purpose: MailPurpose;
    subscriptionId: number | null;
    commentId: number | null;
    dueAtMs: number;
    atMs: number;
  }): Promise<void>;
  /**
   * Queues the notice of a comment to every confirmed, open `thread` subscription of its thread
   * but its author's own (by address, lower-cased, or identity), in one statement however many
   * there are; as queueMail, an address already noticed of the comment is not queued again.
   */
  queueThreadNotices(n: {
    threadId: number;
    commentId: number;
    authorEmail: string | null;
    authorKey: string | null;
    atMs: number;
  }): Promise<void>;
  /**
   * Claims mail to send until `leaseUntilMs`, atomically: no other worker (on any node) claims the
   * same rows. Due rows qualify (notices only once queued before `noticesBeforeMs`, which makes a
   * batch window), and rows whose claim lapsed; with a notice come the address's other due notices.
   */
  claimDue(c: { nowMs: number; leaseUntilMs: number; noticesBeforeMs: number; limit: number }): Promise<OutboxMail[]>;
  markSent(ids: readonly number[], sent: { messageId: string; atMs: number }): Promise<void>;
  /** A send failed: back to pending until `retryAtMs`, or failed for good when that is null. */
  markFailed(ids: readonly number[], failure: { error: string; retryAtMs: number | null }): Promise<void>;
  /** Mail no longer to be sent (its comment went, its subscription ended). */
  markDropped(ids: readonly number[], reason: string): Promise<void>;
  /** The newest rows first. */
  listRecent(limit: number): Promise<OutboxMail[]>;
}
