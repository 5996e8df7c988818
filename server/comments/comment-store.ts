// Owns the storage contract of comments: what any engine must do for them.
import type { Reaction } from '../protocol/dto';
import type { BodyFormat } from '../text/markdown';
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
  /** Only feedback: comments anchored to a passage or a quote. */
  isFeedbackOnly?: boolean;
}

/** Published feedback on one passage of a thread; passageId null counts feedback quoting other text. */
export interface FeedbackCount {
  passageId: string | null;
  count: number;
}

/** A write that changed comments: every row it touched, as stored after the change. */
export interface CommentChange {
  comment: Comment;
  /** Other rows the change touched: ancestors whose reply count changed (and which may have appeared or disappeared with it). */
  alsoChanged: Comment[];
  threadCommentCount: number;
}

export interface CommentStore {
  findCommentById(id: number): Promise<Comment | null>;
  /** Each display name of the thread's published comments, as written, with its latest comment. */
  listAuthorNames(threadId: number): Promise<{ id: number; authorName: string }[]>;
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
  /** Published top-level feedback of the thread, counted per passage, in no particular order. */
  countFeedback(threadId: number): Promise<FeedbackCount[]>;
  findCommentByClientId(clientId: string): Promise<Comment | null>;
  /** Whether this author has a comment awaiting approval in the thread. */
  hasPendingByAuthor(threadId: number, authorKey: string): Promise<boolean>;
  /** A comment with the same text by the same author (identity, else network) in the thread since a time. */
  findRecentSameBody(query: {
    threadId: number;
    authorKey: string | null;
    ipHash: string | null;
    bodySource: string;
    sinceMs: number;
  }): Promise<number | null>;
  /** Published comments by one guest identity (for "first comment of a new author"). */
  countPublishedByAuthorKey(authorKey: string): Promise<number>;
  /** Rows of the thread changed after `seq`, in change order, at most `limit`. */
  listChangesSince(threadId: number, seq: number, limit: number): Promise<Comment[]>;
  /** The thread's newest change sequence number (0 when empty). */
  latestChangeSeq(threadId: number): Promise<number>;
  /**
   * The next number of the one change sequence: every change to a comment takes one, and a
   * transaction holding one keeps later writers waiting until it commits, so numbers become
   * visible in the order they were taken.
   */
  nextChangeSeq(): Promise<number>;
  /** Stores a new comment as given (a top-level one becomes its own root); nothing else changes. */
  insertComment(comment: NewComment, changeSeq: number): Promise<Comment>;
  updateBody(update: {
    id: number;
    bodySource: string;
    bodyFormat: BodyFormat;
    bodyHtml: string;
    editedAtMs: number;
    changeSeq: number;
  }): Promise<Comment>;
  /** Sets the comment's status fields only; see comments/comment-changes.ts for what follows from it. */
  updateStatus(update: StatusUpdate): Promise<Comment>;
  /** Shown direct replies gained (+1) or lost (-1). */
  addReplyCount(id: number, delta: number, changeSeq: number): Promise<Comment>;
  /** Shown replies in a whole conversation, kept on its top-level comment. */
  addToConversation(rootId: number, delta: number): Promise<void>;
  /** Closes the comment's open reports. */
  clearReports(id: number, nowMs: number, changeSeq: number): Promise<Comment>;
  addReportCount(id: number, delta: number): Promise<Comment>;
  setPinned(id: number, isPinned: boolean, changeSeq: number): Promise<Comment>;
  /** Adds to the comment's vote tallies: counted up and down votes, and votes held back as possible stuffing. */
  addVoteTally(id: number, tally: { up: number; down: number; flagged: number }, changeSeq: number): Promise<Comment>;
  /** Adds `delta` to the comment's count of one reaction (the counted ones: not taken back, not held back). */
  addReactionCount(id: number, reaction: Reaction, delta: number, changeSeq: number): Promise<Comment>;
}

export interface StatusUpdate {
  id: number;
  status: CommentStatus;
  heldReason: HeldReason | null;
  changeSeq: number;
  /** Set when a moderator (or the site's rules, with no moderator) made the change: recorded on the comment. */
  moderation: { moderatorId: number | null; reason: string | null; atMs: number } | null;
  /** Set when its author deletes it: when, and its text goes with it. */
  deletedAtMs: number | null;
}
