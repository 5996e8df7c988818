// Owns what follows when a comment appears, changes status or disappears, inside one unit of work:
// its parents' reply counts and placeholders, its conversation's size and its thread's count.
import type { IdentityStore } from '../identity/identity-store';
import { queueModeratorMail, queueNotices, type NoticeStores } from '../notifications/notice-queue';
import type { HeldReason } from '../policy/moderation-rules';
import { mentionedCommentIds } from '../text/mentions';
import type { ThreadStore } from '../threads/thread-store';
import type { Comment, CommentStatus, NewComment } from './comment';
import { isShownStatus } from './comment-rules';
import type { CommentChange, CommentStore } from './comment-store';

/** The stores these changes touch, bound to the caller's unit of work. */
export interface CommentChangeStores extends NoticeStores {
  comments: CommentStore;
  threads: ThreadStore;
  identities: IdentityStore;
}

export interface StatusChange {
  id: number;
  status: CommentStatus;
  nowMs: number;
  /** Why a comment held for review waits; kept from before when not given. */
  heldReason?: HeldReason | null;
  /** Set for moderator actions (null: the site's own rules), recorded on the comment. */
  moderation?: { moderatorId: number | null; reason: string | null };
  /** Its author deleted it: its text goes with it. */
  isDeletedByAuthor?: boolean;
}

/**
 * When a comment appears or disappears for readers, its parent gains or loses a shown reply,
 * which may in turn make a placeholder parent appear or disappear, and so on up. Every parent
 * whose reply count changed takes the change's seq and goes into `changed`, so live readers
 * get its new count as catch-up would.
 */
async function propagate(
  tx: CommentChangeStores,
  comment: Comment,
  wasShown: boolean,
  isShown: boolean,
  seq: number,
  changed: Comment[],
): Promise<void> {
  let child = comment;
  let before = wasShown;
  let after = isShown;
  while (before !== after && child.parentId !== null) {
    // Every reply that appears or disappears changes its conversation's size.
    await tx.comments.addToConversation(child.rootId, after ? 1 : -1);
    const parent = (await tx.comments.findCommentById(child.parentId)) as Comment;
    const updated = await tx.comments.addReplyCount(parent.id, after ? 1 : -1, seq);
    changed.push(updated);
    child = updated;
    before = isShownStatus(parent.status, parent.replyCount);
    after = isShownStatus(updated.status, updated.replyCount);
  }
}

/**
 * A comment readers see for the first time: subscribers' notices go into the outbox in the same
 * unit of work, so a comment is never kept without its notices, nor a notice without its comment.
 * Its body's mentions (links to comments of the same thread) speak to their authors as a reply does.
 */
async function notifyPublished(tx: CommentChangeStores, comment: Comment, nowMs: number): Promise<void> {
  const repliedToId = comment.replyToId ?? comment.parentId;
  const ids = [...(repliedToId === null ? [] : [repliedToId]), ...mentionedCommentIds(comment.bodyHtml)];
  const addressed: Comment[] = [];
  for (const id of new Set(ids)) {
    const found = await tx.comments.findCommentById(id);
    if (found !== null && found.threadId === comment.threadId) addressed.push(found);
  }
  await queueNotices(tx, comment, addressed, nowMs);
}

/** Stores a new comment and counts it on its thread and up its ancestors. */
export async function addComment(tx: CommentChangeStores, comment: NewComment): Promise<CommentChange> {
  if (comment.authorKey !== null)
    await tx.identities.noteIdentity(comment.authorKey, comment.createdAtMs, comment.ipHash);
  const seq = await tx.comments.nextChangeSeq();
  const inserted = await tx.comments.insertComment(comment, seq);
  const alsoChanged: Comment[] = [];
  if (comment.status === 'published') await propagate(tx, inserted, false, true, seq, alsoChanged);
  const threadCommentCount = await tx.threads.addToCommentCount(
    comment.threadId,
    comment.status === 'published' ? 1 : 0,
  );
  // Propagation changes only ancestors (and this row only when it is its own root's conversation).
  const stored = comment.parentId === null ? inserted : ((await tx.comments.findCommentById(inserted.id)) as Comment);
  if (comment.status === 'published') await notifyPublished(tx, stored, comment.createdAtMs);
  if (comment.status === 'pending') await queueModeratorMail(tx, 'held', stored.id, null, comment.createdAtMs);
  return { comment: stored, alsoChanged, threadCommentCount };
}

/**
 * A moment strictly after the record's last stamp: two changes in one millisecond still stamp
 * it in the order they happened, so the latest one can be told (moderation/audit-undo.ts).
 */
export function stampAfter(lastMs: number | null, nowMs: number): number {
  return lastMs !== null && lastMs >= nowMs ? lastMs + 1 : nowMs;
}

/** Moves a comment to another status; placeholders, reply counts and the thread's count follow. */
export async function changeStatus(tx: CommentChangeStores, change: StatusChange): Promise<CommentChange> {
  const before = (await tx.comments.findCommentById(change.id)) as Comment;
  const seq = await tx.comments.nextChangeSeq();
  const after = await tx.comments.updateStatus({
    id: change.id,
    status: change.status,
    heldReason: change.status === 'pending' ? (change.heldReason ?? before.heldReason) : null,
    changeSeq: seq,
    moderation:
      change.moderation === undefined
        ? null
        : { ...change.moderation, atMs: stampAfter(before.moderatedAtMs, change.nowMs) },
    deletedAtMs: change.isDeletedByAuthor ? change.nowMs : null,
  });
  const alsoChanged: Comment[] = [];
  await propagate(
    tx,
    after,
    isShownStatus(before.status, before.replyCount),
    isShownStatus(after.status, after.replyCount),
    seq,
    alsoChanged,
  );
  const delta = (after.status === 'published' ? 1 : 0) - (before.status === 'published' ? 1 : 0);
  const threadCommentCount = await tx.threads.addToCommentCount(after.threadId, delta);
  if (after.status === 'published' && before.status !== 'published') await notifyPublished(tx, after, change.nowMs);
  if (after.status === 'pending' && before.status !== 'pending')
    await queueModeratorMail(tx, 'held', after.id, change.moderation?.moderatorId ?? null, change.nowMs);
  return { comment: (await tx.comments.findCommentById(change.id)) as Comment, alsoChanged, threadCommentCount };
}
