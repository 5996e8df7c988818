// Owns what goes into the mail outbox inside another use case's unit of work: notices of a comment
// just published, the confirmation request of a new subscription, and moderators' mail.
import type { BanStore } from '../bans/ban';
import type {
  MailOutboxStore,
  ModeratorMailPurpose,
  Subscription,
  SubscriptionKind,
  SubscriptionStore,
} from './subscription-store';

/** The stores queueing touches, bound to the caller's unit of work. */
export interface NoticeStores {
  subscriptions: SubscriptionStore;
  outbox: MailOutboxStore;
  bans: BanStore;
}

/** What queueing needs of a comment (a Comment has all of it). */
export interface NoticeComment {
  id: number;
  threadId: number;
  authorKey: string | null;
  authorEmail: string | null;
  ipHash: string | null;
}

/** No more than one confirmation request an hour goes to one address. */
export const CONFIRMATION_INTERVAL_MS = 3_600_000;

const sameEmail = (a: string | null, b: string | null) =>
  a !== null && b !== null && a.toLowerCase() === b.toLowerCase();

/** An author a comment speaks to: the one it replies to, and the ones it mentions. */
export interface AddressedAuthor {
  authorKey: string | null;
  authorEmail: string | null;
}

/** Whether a subscription asks to hear of this comment (its author and unconfirmed addresses aside, checked before). */
export function wantsNotice(
  subscription: Subscription,
  comment: NoticeComment,
  addressed: readonly AddressedAuthor[],
): boolean {
  if (sameEmail(subscription.email, comment.authorEmail)) return false;
  if (subscription.authorKey !== null && subscription.authorKey === comment.authorKey) return false;
  if (subscription.kind === 'thread') return true;
  return addressed.some(
    (author) =>
      sameEmail(subscription.email, author.authorEmail) ||
      (subscription.authorKey !== null && subscription.authorKey === author.authorKey),
  );
}

/**
 * Queues a notice of a comment that readers now see for the first time, to every confirmed
 * subscriber who asked for it (replies' subscribers: when the comment replies to them or mentions
 * them): never to its own author, never for a banned author's comment. A comment published twice
 * (held again, approved again), or both replying to and mentioning one reader, is noticed once per address.
 */
export async function queueNotices(
  tx: NoticeStores,
  comment: NoticeComment,
  addressed: readonly AddressedAuthor[],
  nowMs: number,
): Promise<void> {
  const ban = await tx.bans.findActiveBan(
    { authorKey: comment.authorKey, email: comment.authorEmail, ipHash: comment.ipHash },
    nowMs,
  );
  if (ban !== null) return;
  // Every thread subscriber in one statement: a thread's many subscribers cost its posts one call.
  await tx.outbox.queueThreadNotices({
    threadId: comment.threadId,
    commentId: comment.id,
    authorEmail: comment.authorEmail,
    authorKey: comment.authorKey,
    atMs: nowMs,
  });
  for (const subscription of await tx.subscriptions.listConfirmedByThread(comment.threadId, 'replies')) {
    if (!wantsNotice(subscription, comment, addressed)) continue;
    await tx.outbox.queueMail({
      email: subscription.email,
      purpose: 'notice',
      subscriptionId: subscription.id,
      commentId: comment.id,
      dueAtMs: nowMs,
      atMs: nowMs,
    });
  }
}

export interface SubscribeRequest {
  threadId: number;
  /** Lower-cased and checked (subscription-input.ts). */
  email: string;
  kind: SubscriptionKind;
  authorKey: string | null;
}

/**
 * Saves a subscription. An address not confirmed yet is asked to confirm, at most once an hour:
 * until it is, nothing else is sent there. Returns whether the subscription is active now.
 */
export async function subscribeInUnit(
  tx: NoticeStores,
  request: SubscribeRequest,
  nowMs: number,
): Promise<{ subscription: Subscription; isActive: boolean; isConfirmationSent: boolean }> {
  const subscription = await tx.subscriptions.saveSubscription({ ...request, atMs: nowMs });
  const address = await tx.subscriptions.findAddress(request.email);
  if (address?.confirmedAtMs != null) return { subscription, isActive: true, isConfirmationSent: false };
  const lastSent = address?.confirmationSentAtMs ?? null;
  if (lastSent !== null && nowMs - lastSent < CONFIRMATION_INTERVAL_MS)
    return { subscription, isActive: false, isConfirmationSent: false };
  await tx.subscriptions.noteConfirmationSent(request.email, nowMs);
  await tx.outbox.queueMail({
    email: request.email,
    purpose: 'confirm',
    subscriptionId: subscription.id,
    commentId: null,
    dueAtMs: nowMs,
    atMs: nowMs,
  });
  return { subscription, isActive: false, isConfirmationSent: true };
}

/**
 * Queues, for every moderator who asked for it, the mail of a comment newly held for review
 * ('held') or newly reported ('report'): never to the moderator whose own action it was.
 */
export async function queueModeratorMail(
  tx: NoticeStores,
  purpose: ModeratorMailPurpose,
  commentId: number,
  byModeratorId: number | null,
  nowMs: number,
): Promise<void> {
  for (const { moderatorId, email } of await tx.subscriptions.listModeratorsToMail(purpose)) {
    if (moderatorId === byModeratorId) continue;
    await tx.outbox.queueMail({ email, purpose, subscriptionId: null, commentId, dueAtMs: nowMs, atMs: nowMs });
  }
}
