// Owns the shapes the moderation API and the /admin channel carry: what the dashboard gets and what it may send.
import type { ErrorCode, ReportReason } from './dto';

export type QueueName = 'pending' | 'reported' | 'all' | 'removed' | 'spam';
/** Every queue, in the order the dashboard lists them. */
export const QUEUE_NAMES: readonly QueueName[] = ['pending', 'reported', 'all', 'removed', 'spam'];
export type QueueCounts = Record<QueueName, number>;

export type ModCommentStatus = 'published' | 'pending' | 'deleted' | 'removed' | 'spam';
/** Why a comment waits in the Pending queue. */
export type HeldReason = 'all' | 'first' | 'links' | 'watched' | 'reports' | 'spam-check';
export type CommentAction = 'approve' | 'remove' | 'spam' | 'restore' | 'dismiss-reports';
export type BanKind = 'identity' | 'email' | 'ip';
export type Role = 'admin' | 'moderator';

/**
 * A thread as a comment names it. `url` and `title` are the page's only when
 * `isPageVerified`; otherwise they are what whoever opened the page id first claimed.
 */
export interface ModThreadRef {
  id: number;
  pageId: string;
  url: string | null;
  title: string | null;
  isPageVerified: boolean;
  /** Read-only for readers now: closed by a moderator, or by age (autoCloseDays) unless reopened. */
  isClosed: boolean;
}

/** A thread in the Threads list, in close and reopen answers, and in `thread:changed`. */
export interface ModThread extends ModThreadRef {
  commentCount: number;
}

export interface ModReport {
  reason: ReportReason;
  details: string | null;
  /** ISO-8601 UTC. */
  createdAt: string;
}

/** A comment as moderators see it: everything readers see plus its author's facts, reports and context. */
export interface ModComment {
  id: number;
  threadId: number;
  parentId: number | null;
  depth: number;
  createdAt: string;
  editedAt: string | null;
  status: ModCommentStatus;
  heldReason: HeldReason | null;
  authorName: string;
  authorEmail: string | null;
  /** The first 16 hex digits of the guest identity's hash. */
  authorKey: string | null;
  /** Keyed hash of the client's address (IPv6 by /64). */
  ipHash: string | null;
  /** Comments by the same identity, or by the same email when it has none; 1 when neither. */
  authorCommentCount: number;
  bodyHtml: string;
  bodySource: string;
  score: number;
  /** Votes held back as possible stuffing (not in the score). */
  flaggedVotes: number;
  replyCount: number;
  isPinned: boolean;
  /** Open reports; each comes from a different reader. */
  reportCount: number;
  /** The open reports, oldest first. */
  reports: ModReport[];
  moderationReason: string | null;
  moderatedBy: string | null;
  moderatedAt: string | null;
  thread: ModThreadRef;
  parent: { id: number; authorName: string; bodyHtml: string; status: ModCommentStatus } | null;
}

export interface PublicBan {
  id: number;
  kind: BanKind;
  /** The email; for an identity or an address, the first 16 digits of its hash. */
  value: string;
  reason: string | null;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
}

/** One mail of the outbox, as the dashboard's Outbox page lists it (admins only: it shows readers' addresses). */
export interface PublicOutboxMail {
  id: number;
  email: string;
  /** confirm: asks an address to confirm a subscription; notice: tells of a new comment. */
  purpose: 'confirm' | 'notice' | 'held' | 'report';
  state: 'pending' | 'sending' | 'sent' | 'failed' | 'dropped';
  attempts: number;
  /** Why the last attempt failed, or why the mail was dropped. */
  lastError: string | null;
  commentId: number | null;
  createdAt: string;
  /** When a pending mail is due (its next attempt, after a failure). */
  dueAt: string;
  sentAt: string | null;
}

export type AuditTargetType = 'comment' | 'author' | 'ban' | 'thread' | 'settings' | 'moderator';

export interface AuditEntryView {
  id: number;
  moderator: { id: number; displayName: string } | null;
  action: string;
  targetType: AuditTargetType;
  targetId: string;
  /**
   * The target named in a few words of plain text (render it as text): a comment's first words
   * (for `author`, those of the comment the action started from), a ban's value, a thread's
   * title, or its page id when no page of the site sent the title, a moderator's name. Null
   * when the target is gone or has no text left.
   */
  targetExcerpt: string | null;
  /** For a ban: what its value is. */
  banKind: BanKind | null;
  reason: string | null;
  createdAt: string;
  /** The action can still be undone from the log: not undone yet, and what it did still stands. */
  canRestore: boolean;
  /** The entry that undid this one. */
  undoneBy: number | null;
}

export interface PublicModerator {
  id: number;
  email: string;
  displayName: string;
  role: Role;
}

export interface AdminSession {
  moderator: PublicModerator;
  /** Sent back in the X-CSRF-Token header of every request that changes something. */
  csrfToken: string;
}

/** A moderator's own choice of mail (GET/PUT /admin/api/account/mail). */
export interface MailPreferences {
  /** An email for each comment newly held for review. */
  onHeld: boolean;
  /** An email for each new report. */
  onReport: boolean;
}

export type PremoderationMode = 'off' | 'all' | 'first' | 'links';

export interface ModerationSettings {
  premoderation: PremoderationMode;
  bannedWords: string[];
  watchedWords: string[];
  maxLinks: number | null;
  autoCloseDays: number | null;
  reportThreshold: number;
  /** Readers may give emoji reactions; off hides them in the widget and the server refuses them. */
  areReactionsEnabled: boolean;
  /** Readers may select any text of the article and comment on it (feedback on marked passages stays either way). */
  isQuotingEnabled: boolean;
}

/** A page of a list, newest first. */
export interface Paged<T> {
  items: T[];
  /** Opaque and signed: pass it back as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

export interface BulkRequest {
  action: CommentAction;
  ids: number[];
  reason?: string;
}

export interface BulkResult {
  id: number;
  ok: boolean;
  error?: { code: ErrorCode; message: string };
}

export interface BanRequest {
  commentId: number;
  by: BanKind[];
  days: number | null;
  reason?: string;
  removeComments: boolean;
}

/** Who else a ban by network would lock out: readers other than the comment's author who wrote from its network lately. */
export interface NetworkNeighbours {
  /** Null when the comment has no network recorded (nothing to ban by). */
  otherReaderCount: number | null;
  /** How far back "lately" reaches. */
  windowDays: number;
}

export interface BanAnswer {
  bans: PublicBan[];
  removedCount: number;
}

export interface NewModeratorRequest {
  email: string;
  displayName: string;
  role: Role;
  password: string;
}

/** The query of `GET /admin/api/comments`. */
export interface CommentListQuery {
  queue?: QueueName;
  threadId?: number;
  /** Text the body contains. */
  q?: string;
  /** Part of the author's name or email. */
  author?: string;
  /** Comments by the author of this comment: same identity, or same email when it has none. */
  authorOf?: number;
  cursor?: string;
  limit?: number;
}
