// Owns the answers of the moderation API and the /admin channel: each built by a function naming every field (pure).
import type { Moderator } from '../accounts/account-store';
import type { Ban } from '../bans/ban';
import type { Comment } from '../comments/comment';
import type { ModerationSettings } from '../policy/moderation-settings';
import type {
  AdminSession,
  AuditEntryView,
  ModComment,
  ModThread,
  ModThreadRef,
  PublicBan,
  PublicModerator,
  PublicOutboxMail,
} from '../protocol/admin-dto';
import type { OutboxMail } from '../notifications/subscription-store';
import type { Thread } from '../threads/thread';
import type { AuditEntry, Report } from './moderation-store';

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

/** An identity's hash is shown by its first digits: enough to tell readers apart, no more. */
const SHOWN_KEY_DIGITS = 16;

/** What a moderator's view of one comment needs besides the comment, looked up by the caller. */
export interface ModCommentContext {
  thread: Thread | null;
  /** Whether readers find the thread closed now: `isThreadClosed`, the one rule. */
  isThreadClosed: boolean;
  parent: Comment | null;
  reports: readonly Report[];
  authorCommentCount: number;
  moderatorName: string | null;
}

export function toModThreadRef(thread: Thread, isClosed: boolean): ModThreadRef {
  return {
    id: thread.id,
    pageId: thread.pageId,
    url: thread.url,
    title: thread.title,
    isPageVerified: thread.isPageVerified,
    isClosed,
  };
}

export function toModThread(thread: Thread, isClosed: boolean): ModThread {
  return { ...toModThreadRef(thread, isClosed), commentCount: thread.commentCount };
}

export function toModComment(c: Comment, ctx: ModCommentContext): ModComment {
  const { thread, parent } = ctx;
  return {
    id: c.id,
    threadId: c.threadId,
    parentId: c.parentId,
    depth: c.depth,
    createdAt: iso(c.createdAtMs),
    editedAt: isoOrNull(c.editedAtMs),
    status: c.status,
    heldReason: c.heldReason,
    authorName: c.authorName,
    authorEmail: c.authorEmail,
    authorKey: c.authorKey === null ? null : c.authorKey.slice(0, SHOWN_KEY_DIGITS),
    ipHash: c.ipHash,
    authorCommentCount: ctx.authorCommentCount,
    bodyHtml: c.bodyHtml,
    bodySource: c.bodySource,
    score: c.score,
    flaggedVotes: c.flaggedVotes,
    replyCount: c.replyCount,
    isPinned: c.isPinned,
    reportCount: c.reportCount,
    reports: ctx.reports.map((r) => ({ reason: r.reason, details: r.details, createdAt: iso(r.createdAtMs) })),
    moderationReason: c.moderationReason,
    moderatedBy: c.moderatedBy === null ? null : ctx.moderatorName,
    moderatedAt: isoOrNull(c.moderatedAtMs),
    thread: thread
      ? toModThreadRef(thread, ctx.isThreadClosed)
      : { id: c.threadId, pageId: '', url: null, title: null, isPageVerified: false, isClosed: ctx.isThreadClosed },
    parent: parent
      ? { id: parent.id, authorName: parent.authorName, bodyHtml: parent.bodyHtml, status: parent.status }
      : null,
  };
}

export function toPublicBan(ban: Ban): PublicBan {
  return {
    id: ban.id,
    kind: ban.kind,
    value: ban.kind === 'identity' ? ban.value.slice(0, SHOWN_KEY_DIGITS) : ban.value,
    reason: ban.reason,
    createdBy: ban.createdByName,
    createdAt: iso(ban.createdAtMs),
    expiresAt: isoOrNull(ban.expiresAtMs),
  };
}

export function toPublicOutboxMail(mail: OutboxMail): PublicOutboxMail {
  return {
    id: mail.id,
    email: mail.email,
    purpose: mail.purpose,
    state: mail.state,
    attempts: mail.attempts,
    lastError: mail.lastError,
    commentId: mail.commentId,
    createdAt: iso(mail.createdAtMs),
    dueAt: iso(mail.dueAtMs),
    sentAt: isoOrNull(mail.sentAtMs),
  };
}

/** What the log says of an entry's target and whether it can be undone, worked out by the caller. */
export interface AuditEntryFacts {
  targetExcerpt: string | null;
  banKind: AuditEntryView['banKind'];
  canRestore: boolean;
}

export function toAuditEntryView(entry: AuditEntry, facts: AuditEntryFacts): AuditEntryView {
  return {
    id: entry.id,
    moderator: entry.moderatorId === null ? null : { id: entry.moderatorId, displayName: entry.moderatorName ?? '' },
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    targetExcerpt: facts.targetExcerpt,
    banKind: facts.banKind,
    reason: entry.reason,
    createdAt: iso(entry.createdAtMs),
    canRestore: facts.canRestore,
    undoneBy: entry.undoneBy,
  };
}

export function toPublicModerator(m: Pick<Moderator, 'id' | 'email' | 'displayName' | 'role'>): PublicModerator {
  return { id: m.id, email: m.email, displayName: m.displayName, role: m.role };
}

export function toAdminSession(moderator: Moderator, csrfToken: string): AdminSession {
  return { moderator: toPublicModerator(moderator), csrfToken };
}

export function toPublicSettings(s: ModerationSettings): ModerationSettings {
  return {
    premoderation: s.premoderation,
    bannedWords: [...s.bannedWords],
    watchedWords: [...s.watchedWords],
    maxLinks: s.maxLinks,
    autoCloseDays: s.autoCloseDays,
    reportThreshold: s.reportThreshold,
    areReactionsEnabled: s.areReactionsEnabled,
    isQuotingEnabled: s.isQuotingEnabled,
  };
}
