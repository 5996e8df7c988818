// Owns the pure rules of the comment lists: which queue a comment belongs in, list order, and which actions fit.
import type { ModComment, QueueName } from './api-types';

/** Every queue, in the order the sidebar lists them (held equal to the server's list by a test). */
export const QUEUES: readonly QueueName[] = ['pending', 'reported', 'all', 'removed', 'spam'];

/** "This reader's comments": the comment it was asked from, and that reader's facts as the list shows them. */
export interface ReaderFilter {
  commentId: number;
  authorName: string;
  authorKey: string | null;
  authorEmail: string | null;
}

export interface CommentFilters {
  queue: QueueName;
  threadId: number | null;
  /** Text the body contains. */
  text: string;
  /** Part of the author's name or email. */
  author: string;
  /** Only one reader's comments. */
  reader: ReaderFilter | null;
}

const IN_QUEUE: Record<QueueName, (c: ModComment) => boolean> = {
  pending: (c) => c.status === 'pending',
  reported: (c) => c.reportCount > 0 && (c.status === 'published' || c.status === 'pending'),
  all: (c) => c.status !== 'deleted',
  removed: (c) => c.status === 'removed',
  spam: (c) => c.status === 'spam',
};

const contains = (haystack: string | null, needle: string) =>
  haystack !== null && haystack.toLowerCase().includes(needle.toLowerCase());

/**
 * The server's "same author": the same identity when the reader has one, else the same email
 * (any case), else that one comment. Identities are compared by the digits the list shows.
 */
export function isByReader(
  comment: Pick<ModComment, 'id' | 'authorKey' | 'authorEmail'>,
  reader: ReaderFilter,
): boolean {
  if (reader.authorKey !== null) return comment.authorKey === reader.authorKey;
  if (reader.authorEmail !== null)
    return comment.authorEmail !== null && comment.authorEmail.toLowerCase() === reader.authorEmail.toLowerCase();
  return comment.id === reader.commentId;
}

/** Mirrors the server's queue filters, so a live change can be placed without asking the server again. */
export function belongsInView(comment: ModComment, filters: CommentFilters): boolean {
  if (!IN_QUEUE[filters.queue](comment)) return false;
  if (filters.threadId !== null && comment.threadId !== filters.threadId) return false;
  if (filters.reader !== null && !isByReader(comment, filters.reader)) return false;
  const text = filters.text.trim();
  if (text !== '' && !contains(comment.bodySource, text)) return false;
  const author = filters.author.trim();
  if (author !== '' && !contains(comment.authorName, author) && !contains(comment.authorEmail, author)) return false;
  return true;
}

/** Newest first, then the higher id: the server's list order. Negative when `a` comes first. */
export function compareNewestFirst(
  a: Pick<ModComment, 'createdAt' | 'id'>,
  b: Pick<ModComment, 'createdAt' | 'id'>,
): number {
  const byTime = Date.parse(b.createdAt) - Date.parse(a.createdAt);
  return byTime !== 0 ? byTime : b.id - a.id;
}

export type ItemAction =
  'approve' | 'remove' | 'spam' | 'restore' | 'dismiss-reports' | 'edit' | 'pin' | 'unpin' | 'ban' | 'remove-all';

export function hasAuthorFacts(c: ModComment): boolean {
  return c.authorKey !== null || c.authorEmail !== null || c.ipHash !== null;
}

/** The actions that make sense for a comment as it is now, in the order they are offered. */
export function actionsFor(c: ModComment): ItemAction[] {
  if (c.status === 'deleted') return [];
  const out: ItemAction[] = [];
  if (c.status === 'pending') out.push('approve');
  if (c.status === 'removed' || c.status === 'spam') out.push('restore');
  if (c.status !== 'removed') out.push('remove');
  if (c.status !== 'spam') out.push('spam');
  if (c.reportCount > 0 || c.heldReason === 'reports') out.push('dismiss-reports');
  out.push('edit');
  if (c.parentId === null && (c.isPinned || c.status === 'published')) out.push(c.isPinned ? 'unpin' : 'pin');
  if (hasAuthorFacts(c)) out.push('ban', 'remove-all');
  return out;
}
