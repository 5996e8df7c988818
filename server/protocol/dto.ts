// Owns the shapes that travel on the wire: what the server sends and what clients may send.
import type { ErrorCode, WireError } from '../errors';

export type { ErrorCode, WireError };

export type SortOrder = 'oldest' | 'newest' | 'top';
/** Every sort order, in the order the widget offers them. */
export const SORT_ORDERS: readonly SortOrder[] = ['oldest', 'newest', 'top'];
export type VoteChoice = 'up' | 'down' | 'none';

/** The emoji reactions a reader may give a comment, one of each (👍 ❤️ 😂 😮 😢), in the order the widget offers them. */
export type Reaction = 'like' | 'love' | 'laugh' | 'wow' | 'sad';
export const REACTIONS: readonly Reaction[] = ['like', 'love', 'laugh', 'wow', 'sad'];
/** How many readers gave each reaction; only reactions with a count are present. */
export type ReactionCounts = Partial<Record<Reaction, number>>;

export interface PublicThread {
  id: number;
  pageId: string;
  url: string | null;
  title: string | null;
  /** Published comments (deleted ones do not count). */
  commentCount: number;
  /** Read-only: closed by a moderator or by age. */
  isClosed: boolean;
}

export interface PublicComment {
  id: number;
  threadId: number;
  parentId: number | null;
  depth: number;
  /**
   * 'published': shown. 'pending': awaiting a moderator; author and body are filled only for
   * the comment's own author ("awaiting approval"), for others it is hidden. 'deleted' (by its
   * author) and 'removed' (by a moderator): author and body are empty. Anything not published is
   * a placeholder while replyCount > 0, else gone.
   */
  status: 'published' | 'pending' | 'deleted' | 'removed';
  /** Plain text: render with textContent. Empty when deleted. */
  authorName: string;
  /** Sanitized by the server's one policy; the widget still copies it through its own allow-list. */
  bodyHtml: string;
  score: number;
  upvotes: number;
  downvotes: number;
  reactions: ReactionCounts;
  /** Direct replies still shown. */
  replyCount: number;
  /**
   * On a top-level comment: shown replies in its whole conversation. A page carries only the
   * first few of them; `thread:replies` fetches the rest.
   */
  descendantCount: number;
  /** Set when this reply attached higher than the comment it answers (past the depth limit). */
  replyToId: number | null;
  replyToName: string | null;
  /** Pinned by a moderator to the top of the thread. */
  isPinned: boolean;
  /** ISO-8601 UTC. */
  createdAt: string;
  editedAt: string | null;
  /** The thread's change sequence number of this version; catch-up asks for everything after one. */
  seq: number;
  /** Set on feedback (a top-level comment about a passage or quoted text); null on every other comment. */
  anchor: CommentAnchor | null;
}

/**
 * What feedback is about, as untrusted plain text (render with textContent): a passage the
 * site owner marked (`data-parley-passage`), and/or text a reader quoted with the text just
 * before and after it. `quote` is '' for feedback on a passage that quoted nothing.
 */
export interface CommentAnchor {
  passageId: string | null;
  quote: string;
  before: string;
  after: string;
}

/** Published feedback of a thread: in all, and per marked passage (passages without any are absent). */
export interface FeedbackCounts {
  threadId: number;
  total: number;
  byPassage: Record<string, number>;
}

/** The lists of a thread's comments: every one, or only feedback. */
export type CommentFilter = 'all' | 'feedback';

export interface CommentNode extends PublicComment {
  replies: CommentNode[];
}

/** What only this reader sees about the comments in a response. */
export interface ViewerState {
  /** The reader's votes among the returned comments. */
  votes: Record<number, 'up' | 'down'>;
  /** The reader's reactions among the returned comments (comments without any are absent). */
  reactions: Record<number, Reaction[]>;
  /** Ids among the returned comments that the reader wrote (may edit or delete). */
  ownCommentIds: number[];
  /**
   * The Markdown the reader typed, by id, for those of their own comments written in Markdown:
   * an edit starts from it. Bodies written before Markdown have none.
   */
  ownSources: Record<number, string>;
}

export interface ThreadSettings {
  editWindowMs: number;
  maxDepth: number;
  pageSize: number;
  /** The site owner's choice: false hides reactions and the server refuses them. */
  areReactionsEnabled: boolean;
  /** The site owner's choice: false hides "Comment on this" for selected text (marked passages stay). */
  isQuotingEnabled: boolean;
}

export interface CommentPage {
  sort: SortOrder;
  /** Which comments the list holds. */
  filter: CommentFilter;
  /** Top-level comments in the sort order, each with every shown reply nested oldest first. */
  comments: CommentNode[];
  /** Pass back to get the next page; null when this is the last one. */
  nextCursor: string | null;
  viewer: ViewerState;
}

export interface ThreadView extends CommentPage {
  thread: PublicThread;
  /** Pinned top-level comments (with replies), shown above the list under every sort; pages may repeat them. */
  pinned: CommentNode[];
  /** The thread's newest change when this was read: the starting point for catch-up. */
  seq: number;
  settings: ThreadSettings;
  /** The server's clock (ISO-8601) when this was read, so time-limited actions can be shown right on skewed clocks. */
  serverTime: string;
  /** Published feedback counts; they change live (`feedback:counted`). */
  feedback: FeedbackCounts;
}

export interface RepliesRequest {
  rootId: number;
  /** Continue after this reply (the last one the client has of this conversation). */
  afterId?: number;
  limit?: number;
}

export interface RepliesPage {
  /** Replies of the conversation in conversation order; each one's parent comes before it. */
  replies: PublicComment[];
  hasMore: boolean;
  viewer: ViewerState;
}

export interface CatchUp {
  /** The current version of every comment changed after the given seq, in change order. */
  changes: PublicComment[];
  viewer: ViewerState;
  commentCount: number;
  seq: number;
  /** False when there were more changes than one answer carries: reload instead. */
  isComplete: boolean;
}

export interface CommentContext {
  /** The top-level comment holding the asked-for comment, with every shown reply. */
  root: CommentNode;
  viewer: ViewerState;
}

export interface VoteTally {
  id: number;
  threadId: number;
  score: number;
  upvotes: number;
  downvotes: number;
  seq: number;
}

export interface ReactionTally {
  id: number;
  threadId: number;
  reactions: ReactionCounts;
  seq: number;
}

export interface ThreadCount {
  threadId: number;
  commentCount: number;
}

export interface ThreadState {
  threadId: number;
  isClosed: boolean;
  commentCount: number;
}

/** What a client sends to open (or create on first use) the thread of a page. */
export interface OpenThreadRequest {
  pageId: string;
  url?: string;
  title?: string;
  sort?: SortOrder;
  limit?: number;
}

export interface PageRequest {
  threadId: number;
  sort: SortOrder;
  /** 'feedback': only comments about a passage or quoted text; a cursor continues the list it came from. */
  only?: 'feedback';
  cursor?: string;
  limit?: number;
}

/** What a client sends to post a comment or a reply. */
export interface PostCommentRequest {
  threadId: number;
  parentId?: number | null;
  authorName: string;
  authorEmail?: string | null;
  body: string;
  /**
   * The client's own id for this comment (16 to 64 of A-Z a-z 0-9 _ -), made once per
   * comment and reused on every retry: a retried or duplicated post is stored once.
   */
  clientId?: string;
  /** The form's hidden trap field, left empty by people; bots fill it. */
  honeypot?: string;
  /** Milliseconds between the form appearing and this submission. */
  elapsedMs?: number;
  /** Subscribe `authorEmail` (required then) to replies to this author's comments on the thread. */
  notifyReplies?: boolean;
  /** Makes a top-level comment feedback on a marked passage and/or on quoted text (see CommentAnchor). */
  anchor?: { passageId?: string; quote?: string; before?: string; after?: string };
}

export interface EditCommentRequest {
  commentId: number;
  body: string;
}

export interface CommentRef {
  commentId: number;
}

export type ReportReason = 'spam' | 'abuse' | 'off-topic' | 'other';

export interface ReportRequest {
  commentId: number;
  reason: ReportReason;
  /** Required for 'other', optional otherwise; up to 500 characters. */
  details?: string;
}

export interface VoteRequest {
  commentId: number;
  value: VoteChoice;
}

/** Gives (`isOn: true`) or takes back (`isOn: false`) one reaction; asking for what already is changes nothing. */
export interface ReactRequest {
  commentId: number;
  reaction: Reaction;
  isOn: boolean;
}

export interface CatchUpRequest {
  threadId: number;
  sinceSeq: number;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: WireError };

export interface ErrorBody {
  error: WireError;
}

/** `POST /api/threads/:threadId/subscriptions`. */
export interface SubscribeRequest {
  email: string;
  kind: 'thread' | 'replies';
}

/** `pending`: a confirmation email was (or lately had been) sent; `active`: the address was confirmed before. */
export interface SubscribeAnswer {
  kind: 'thread' | 'replies';
  status: 'active' | 'pending';
}
