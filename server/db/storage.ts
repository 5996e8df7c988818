// Owns the storage contract: every method is one whole unit of work (its own transaction),
// Promise-returning so an engine with asynchronous I/O (PostgreSQL) can implement it as is.
import type { Comment, NewComment, PageKey, VoteValue } from '../comments/comment';
import type { AccountStore } from '../accounts/account-store';
import type { AuditStore, BanStore, ModerationStore, ReportStore } from '../moderation/moderation-store';
import type { NewThread, PageAddress, Thread } from '../threads/thread';

export interface ThreadStore {
  findThreadById(id: number): Promise<Thread | null>;
  findThreadByPageId(pageId: string): Promise<Thread | null>;
  /** Returns the page's thread, creating it when it does not exist yet. */
  ensureThread(thread: NewThread): Promise<Thread>;
  /** Replaces the page's stored address and title. */
  setPageAddress(id: number, address: PageAddress): Promise<Thread | null>;
  setThreadClosed(id: number, isClosed: boolean, nowMs: number): Promise<Thread | null>;
  /** Published-comment counts of the pages that have a thread (pages without one are absent). */
  countByPageIds(pageIds: readonly string[]): Promise<Map<string, number>>;
  /** Threads whose page id or title contains the text (all when empty), newest first. */
  searchThreads(query: string, limit: number): Promise<Thread[]>;
}

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

/** The service's rules for one vote, applied by the store inside the vote's transaction. */
export interface VoteRules {
  /** Sees the comment as it stands there; throws to refuse the vote. */
  check(current: Comment | null): void;
  /**
   * Asked for a voter's first vote on the comment, with when the voter was first seen (the
   * store notes a voter it never saw as first seen now): whether to hold the vote out of the
   * score as possible stuffing. A vote keeps that answer through later switches.
   */
  isSuspect(firstSeenMs: number): boolean;
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
  /** Marks the comment deleted; ancestors left without shown replies disappear with it. */
  markCommentDeleted(deletion: { id: number; deletedAtMs: number }): Promise<CommentChange>;
  /**
   * Sets (or with 0, withdraws) one voter's vote and updates the comment's tallies atomically,
   * applying `rules` inside the same transaction. `isChanged` is false when the vote already
   * had this value.
   */
  setVote(
    vote: { commentId: number; voterKey: string; value: VoteValue; nowMs: number; ipHash: string | null },
    rules: VoteRules,
  ): Promise<{ comment: Comment; isChanged: boolean }>;
  /** The voter's votes among the given comments. */
  findVotesByVoter(voterKey: string, commentIds: readonly number[]): Promise<Map<number, VoteValue>>;
}

export interface SettingsStore {
  /** The stored value, or the generated one stored now when there was none. */
  getOrCreate(key: string, generate: () => string): Promise<string>;
  get(key: string): Promise<string | null>;
  put(key: string, value: string): Promise<void>;
}

export interface HealthStore {
  /** Schema version; rejects when the database does not answer. */
  schemaVersion(): Promise<number>;
  /** Size of the engine's write-ahead log on disk, in bytes (0 for an engine without one). */
  walBytes(): Promise<number>;
}

export interface Storage {
  threads: ThreadStore;
  comments: CommentStore;
  moderation: ModerationStore;
  reports: ReportStore;
  bans: BanStore;
  audit: AuditStore;
  accounts: AccountStore;
  settings: SettingsStore;
  health: HealthStore;
  close(): Promise<void>;
}
