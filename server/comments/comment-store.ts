// Owns the storage contract of comments: what any engine must do for them.
import type { Comment, CommentStatus, NewComment, PageKey } from './comment';
import type { HeldReason } from '../policy/moderation-rules';

export interface TopLevelPageQuery {
  threadId: number;
  sort: PageKey['sort'];
  /** Start after this key; null for the first page. */
  after: PageKey | null;
  limit: number;
  /** The reader asking: their own comments awaiting approval are included. */
  viewerKey: string | null;
}

/** A write that changed comments: every row it touched, as stored after the change. */
export interface CommentChange {
  comment: Comment;
  /** Other rows the change touched: ancestors whose reply count changed (and which may have appeared or disappeared with it). */
  alsoChanged: Comment[];
  threadCommentCount: number;
  /** Set when the write found the same post (by its client id) already stored: nothing changed. */
  isDuplicate?: boolean;
}

export interface CommentStore {
  findCommentById(id: number): Promise<Comment | null>;
  /** Top-level comments still shown (published, or deleted with replies), in the page's sort order. */
  listTopLevelPage(query: TopLevelPageQuery): Promise<Comment[]>;
  /** The thread's pinned top-level comments that are shown, oldest first. */
  listPinned(threadId: number, viewerKey: string | null): Promise<Comment[]>;
  /** The first `perRoot` shown replies of each given top-level comment, in conversation order. */
  listRepliesOfRoots(rootIds: readonly number[], viewerKey: string | null, perRoot: number): Promise<Comment[]>;
  /** Shown replies of one conversation in order, after one reply and/or up to and including another. */
  listConversation(query: {
    rootId: number;
    after: { createdAtMs: number; id: number } | null;
    until: { createdAtMs: number; id: number } | null;
    limit: number;
    viewerKey: string | null;
  }): Promise<Comment[]>;
  findCommentByClientId(clientId: string): Promise<Comment | null>;
  /** Whether this author has a comment awaiting approval in the thread. */
  hasPendingByAuthor(threadId: number, authorKey: string): Promise<boolean>;
  /** A comment with the same text by the same author (identity, else network) in the thread since a time. */
  findRecentSameBody(query: { threadId: number; authorKey: string | null; ipHash: string | null; bodySource: string; sinceMs: number }): Promise<number | null>;
  /** Published comments by one guest identity (for "first comment of a new author"). */
  countPublishedByAuthorKey(authorKey: string): Promise<number>;
  /** Rows of the thread changed after `seq`, in change order, at most `limit`. */
  listChangesSince(threadId: number, seq: number, limit: number): Promise<Comment[]>;
  /** The thread's newest change sequence number (0 when empty). */
  latestChangeSeq(threadId: number): Promise<number>;
  /** Inserts the comment, counts it on its thread and its parent, atomically. */
  insertComment(comment: NewComment): Promise<CommentChange>;
  updateCommentBody(update: { id: number; bodySource: string; bodyHtml: string; editedAtMs: number }): Promise<Comment>;
  /** Moves the comment to another status (moderation, holding for review); placeholders, reply counts and the thread's count follow. */
  setCommentStatus(change: {
    id: number;
    status: CommentStatus;
    heldReason?: HeldReason | null;
    moderatorId: number | null;
    reason: string | null;
    nowMs: number;
    /** Also clears open reports (approve, restore). */
    isDismissingReports?: boolean;
  }): Promise<CommentChange>;
  /** Marks the comment deleted; ancestors left without shown replies disappear with it. */
  markCommentDeleted(deletion: { id: number; deletedAtMs: number }): Promise<CommentChange>;
}
