// Owns the pure rules of comments: where a reply lands, who may edit, delete or vote, and when.
import { AppError } from '../errors';
import type { Comment, CommentStatus } from './comment';

/**
 * A body whose rendering shows no text (an empty link, say). Said in words: the reader's box is
 * not empty, so "please write a comment" would be wrong.
 */
export function bodyShowsNothing(): AppError {
  return new AppError('VALIDATION_FAILED', {
    publicMessage: 'This comment would show no text: add some words to it.',
    details: { fields: [{ field: 'body', issue: 'invalid' }] },
  });
}

/** The site's rules for comments, from its configuration. */
export interface CommentRules {
  editWindowMs: number;
  maxDepth: number;
  pageSize: number;
}

export interface Placement {
  parentId: number | null;
  rootId: number | null;
  depth: number;
  replyToId: number | null;
  replyToName: string | null;
}

/**
 * Where a comment lands given its (already looked-up) parent and its ancestors' chain.
 * A reply to a comment at the deepest level attaches beside it, under the same parent,
 * and remembers whom it answers. Throws when the parent does not fit.
 */
export function placeComment(
  threadId: number,
  parentId: number | null,
  parent: Comment | null,
  maxDepth: number,
): Placement {
  if (parentId === null) return { parentId: null, rootId: null, depth: 0, replyToId: null, replyToName: null };
  if (parent === null || !isShown(parent)) {
    throw new AppError('PARENT_NOT_FOUND', {
      publicMessage: 'The comment you are replying to does not exist.',
      details: { parentId },
    });
  }
  if (parent.threadId !== threadId) {
    throw new AppError('PARENT_IN_OTHER_THREAD', {
      publicMessage: 'The comment you are replying to belongs to another page.',
      details: { parentId },
    });
  }
  if (parent.depth >= maxDepth && parent.parentId !== null) {
    return {
      parentId: parent.parentId,
      rootId: parent.rootId,
      depth: parent.depth,
      replyToId: parent.id,
      replyToName: parent.status === 'published' ? parent.authorName : null,
    };
  }
  return { parentId: parent.id, rootId: parent.rootId, depth: parent.depth + 1, replyToId: null, replyToName: null };
}

export function requireIdentity(authorKey: string | null): string {
  if (authorKey === null) {
    throw new AppError('IDENTITY_REQUIRED', {
      publicMessage: 'This needs a reader identity. Reload the page and try again.',
    });
  }
  return authorKey;
}

export function commentNotFound(commentId: number): AppError {
  return new AppError('COMMENT_NOT_FOUND', { publicMessage: 'That comment does not exist.', details: { commentId } });
}

/**
 * Readers see published comments, and gone ones (deleted, removed, spam) only as placeholders
 * while shown replies hang under them. The engines' page queries state the same rule in SQL
 * (plus the reader's own comments awaiting approval); a test holds them to this one.
 */
export function isShownStatus(status: CommentStatus, replyCount: number): boolean {
  return status === 'published' || replyCount > 0;
}

export function isShown(comment: Comment): boolean {
  return isShownStatus(comment.status, comment.replyCount);
}

/**
 * The comment, if it exists and is not gone; the two failures have their own codes.
 * Pending comments count as live only where the caller says so (their author may edit or delete them).
 */
export function requireLiveComment(
  comment: Comment | null,
  commentId: number,
  opts: { isPendingAllowed?: boolean } = {},
): Comment {
  if (comment === null) throw commentNotFound(commentId);
  if (comment.status === 'pending' && opts.isPendingAllowed) return comment;
  if (comment.status !== 'published') {
    throw new AppError('COMMENT_DELETED', { publicMessage: 'That comment has been deleted.', details: { commentId } });
  }
  return comment;
}

export function isAuthor(comment: Comment, authorKey: string | null): boolean {
  return authorKey !== null && comment.authorKey === authorKey;
}

export function requireAuthor(comment: Comment, authorKey: string): void {
  if (!isAuthor(comment, authorKey)) {
    throw new AppError('NOT_COMMENT_AUTHOR', {
      publicMessage: 'Only the author of a comment can change it.',
      details: { commentId: comment.id },
    });
  }
}

/** The last moment the author may still edit. */
export function editDeadlineMs(comment: Comment, editWindowMs: number): number {
  return comment.createdAtMs + editWindowMs;
}

export function requireEditWindowOpen(comment: Comment, nowMs: number, editWindowMs: number): void {
  if (nowMs > editDeadlineMs(comment, editWindowMs)) {
    throw new AppError('EDIT_WINDOW_CLOSED', {
      publicMessage: `Comments can be edited for ${Math.round(editWindowMs / 60_000)} minutes after posting.`,
      details: { commentId: comment.id, editWindowMs },
    });
  }
}
