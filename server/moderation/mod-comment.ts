// Owns what moderators see of a comment: everything readers see plus author facts, reports and context.
import type { Comment } from '../comments/comment';
import type { AccountStore } from '../accounts/account-store';
import type { CommentStore } from '../comments/comment-store';
import type { ThreadStore } from '../threads/thread-store';
import type { ModerationStore } from './moderation-store';
import type { Thread } from '../threads/thread';
import type { AuditEntry } from './moderation-store';
import type { Ban } from '../bans/ban';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export interface ModComment {
  id: number;
  threadId: number;
  parentId: number | null;
  depth: number;
  createdAt: string;
  editedAt: string | null;
  status: Comment['status'];
  heldReason: Comment['heldReason'];
  authorName: string;
  authorEmail: string | null;
  authorKey: string | null;
  ipHash: string | null;
  authorCommentCount: number;
  bodyHtml: string;
  bodySource: string;
  score: number;
  /** Votes held back as possible stuffing (not in the score). */
  flaggedVotes: number;
  replyCount: number;
  isPinned: boolean;
  reportCount: number;
  reports: { reason: string; details: string | null; createdAt: string }[];
  moderationReason: string | null;
  moderatedBy: string | null;
  moderatedAt: string | null;
  thread: ModThreadRef;
  parent: { id: number; authorName: string; bodyHtml: string; status: Comment['status'] } | null;
}

/**
 * A thread as moderators see it. `url` and `title` are shown as the page's only when
 * `isPageVerified`; otherwise they are what whoever opened the page id first claimed.
 */
export interface ModThreadRef {
  id: number;
  pageId: string;
  url: string | null;
  title: string | null;
  isPageVerified: boolean;
  isClosed: boolean;
}

export type ModThread = ModThreadRef & { commentCount: number };

/** Names every field a moderator gets of a thread; `isClosed` as given (by age, or the moderator's flag alone). */
export function toModThread(thread: Thread, isClosed: boolean): ModThread {
  return {
    id: thread.id,
    pageId: thread.pageId,
    url: thread.url,
    title: thread.title,
    isPageVerified: thread.isPageVerified,
    isClosed,
    commentCount: thread.commentCount,
  };
}

/** Whether a thread is closed now, by a moderator or by age. */
export type ClosedCheck = (thread: Thread) => boolean;

/** Builds moderator views of several comments with one look-up per distinct thread, parent and moderator. */
/** What building moderator views reads. */
export type ModViewStores = { threads: ThreadStore; comments: CommentStore; moderation: ModerationStore; accounts: AccountStore };

export async function toModComments(storage: ModViewStores, comments: readonly Comment[], isClosed: ClosedCheck): Promise<ModComment[]> {
  const threads = new Map<number, Thread | null>();
  const parents = new Map<number, Comment | null>();
  for (const c of comments) {
    if (!threads.has(c.threadId)) threads.set(c.threadId, await storage.threads.findThreadById(c.threadId));
    if (c.parentId !== null && !parents.has(c.parentId)) parents.set(c.parentId, await storage.comments.findCommentById(c.parentId));
  }
  const reports = await storage.moderation.listOpenReports(comments.filter((c) => c.reportCount > 0).map((c) => c.id));
  const moderatorNames = new Map((await storage.accounts.listModerators()).map((m) => [m.id, m.displayName]));
  const out: ModComment[] = [];
  for (const c of comments) {
    const thread = threads.get(c.threadId);
    const parent = c.parentId === null ? null : parents.get(c.parentId) ?? null;
    out.push({
      id: c.id,
      threadId: c.threadId,
      parentId: c.parentId,
      depth: c.depth,
      createdAt: new Date(c.createdAtMs).toISOString(),
      editedAt: iso(c.editedAtMs),
      status: c.status,
      heldReason: c.heldReason,
      authorName: c.authorName,
      authorEmail: c.authorEmail,
      authorKey: c.authorKey === null ? null : c.authorKey.slice(0, 16),
      ipHash: c.ipHash,
      authorCommentCount: await storage.moderation.countByAuthor(c),
      bodyHtml: c.bodyHtml,
      bodySource: c.bodySource,
      score: c.score,
      flaggedVotes: c.flaggedVotes,
      replyCount: c.replyCount,
      isPinned: c.isPinned,
      reportCount: c.reportCount,
      reports: (reports.get(c.id) ?? []).map((r) => ({ reason: r.reason, details: r.details, createdAt: new Date(r.createdAtMs).toISOString() })),
      moderationReason: c.moderationReason,
      moderatedBy: c.moderatedBy === null ? null : moderatorNames.get(c.moderatedBy) ?? null,
      moderatedAt: iso(c.moderatedAtMs),
      thread: thread
        ? { id: thread.id, pageId: thread.pageId, url: thread.url, title: thread.title, isPageVerified: thread.isPageVerified, isClosed: isClosed(thread) }
        : { id: c.threadId, pageId: '', url: null, title: null, isPageVerified: false, isClosed: false },
      parent: parent ? { id: parent.id, authorName: parent.authorName, bodyHtml: parent.bodyHtml, status: parent.status } : null,
    });
  }
  return out;
}

export function toPublicBan(ban: Ban) {
  return {
    id: ban.id,
    kind: ban.kind,
    value: ban.kind === 'identity' ? ban.value.slice(0, 16) : ban.value,
    reason: ban.reason,
    createdBy: ban.createdByName,
    createdAt: new Date(ban.createdAtMs).toISOString(),
    expiresAt: iso(ban.expiresAtMs),
  };
}

/** Actions whose effect the audit log can undo. */
export const RESTORABLE_ACTIONS: ReadonlySet<string> = new Set(['comment.remove', 'comment.spam', 'author.ban', 'thread.close']);

export function toPublicAuditEntry(entry: AuditEntry) {
  const isUndone = entry.undoneBy !== null;
  return {
    id: entry.id,
    moderator: entry.moderatorId === null ? null : { id: entry.moderatorId, displayName: entry.moderatorName ?? '' },
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    reason: entry.reason,
    createdAt: new Date(entry.createdAtMs).toISOString(),
    canRestore: RESTORABLE_ACTIONS.has(entry.action) && !isUndone,
    undoneBy: entry.undoneBy,
  };
}

export function toPublicModerator(m: { id: number; email: string; displayName: string; role: string }) {
  return { id: m.id, email: m.email, displayName: m.displayName, role: m.role };
}
