// Owns moderators' actions on comments and threads, each one audited and announced to readers and moderators.
import type { Moderator } from '../accounts/account-store';
import type { Comment, CommentStatus } from '../comments/comment';
import type { AccountStore } from '../accounts/account-store';
import type { BanStore } from '../bans/ban';
import type { Clock } from '../clock';
import type { CommentEvents } from '../comments/comment-events';
import type { CommentStore } from '../comments/comment-store';
import type { EventSink } from '../events';
import type { ThreadEvents } from '../threads/thread-events';
import type { ThreadStore } from '../threads/thread-store';
import type { ModerationEvents } from './moderation-events';
import type { AuditStore, ModerationStore } from './moderation-store';
import { commentNotFound } from '../comments/comment-rules';
import type { CommentChange } from '../comments/comment-store';
import { AppError } from '../errors';
import { renderCommentBody } from '../text/sanitize';
import type { Thread } from '../threads/thread';
import type { AuditEntry } from './moderation-store';

export type ModerationService = ReturnType<typeof createModerationService>;
export type CommentAction = 'approve' | 'remove' | 'spam' | 'restore' | 'dismiss-reports';

export interface ModerationServiceDeps {
  storage: { comments: CommentStore; moderation: ModerationStore; threads: ThreadStore; bans: BanStore; audit: AuditStore; accounts: AccountStore };
  events: EventSink<CommentEvents & ThreadEvents & ModerationEvents>;
  clock: Clock;
}

/** Which statuses each action starts from, and where it leaves the comment. */
const TRANSITIONS: Record<Exclude<CommentAction, 'dismiss-reports'>, { from: CommentStatus[]; to: CommentStatus; wrongState: string }> = {
  approve: { from: ['pending', 'spam'], to: 'published', wrongState: 'This comment is not waiting for approval.' },
  remove: { from: ['published', 'pending', 'spam'], to: 'removed', wrongState: 'This comment is already removed or deleted.' },
  spam: { from: ['published', 'pending', 'removed'], to: 'spam', wrongState: 'This comment is already marked as spam or deleted.' },
  restore: { from: ['removed', 'spam'], to: 'published', wrongState: 'This comment was never removed.' },
};

export function createModerationService({ storage, events, clock }: ModerationServiceDeps) {
  async function requireComment(id: number): Promise<Comment> {
    const comment = await storage.comments.findCommentById(id);
    if (!comment) throw commentNotFound(id);
    return comment;
  }

  async function audit(moderator: Moderator | null, entry: Pick<AuditEntry, 'action' | 'targetType' | 'targetId' | 'reason' | 'details'>): Promise<AuditEntry> {
    const saved = await storage.audit.addEntry({ ...entry, moderatorId: moderator?.id ?? null, createdAtMs: clock.now() });
    events.emit('audit:added', { entry: saved });
    return saved;
  }

  function announce(change: CommentChange, countChanged: boolean): void {
    events.emit('comment:updated', { comment: change.comment });
    for (const changed of change.alsoChanged) events.emit('comment:updated', { comment: changed });
    if (countChanged) events.emit('thread:counted', { threadId: change.comment.threadId, commentCount: change.threadCommentCount });
  }

  async function transition(
    id: number,
    action: Exclude<CommentAction, 'dismiss-reports'>,
    moderator: Moderator,
    reason: string | null,
  ): Promise<{ comment: Comment; entry: AuditEntry }> {
    const comment = await requireComment(id);
    const rule = TRANSITIONS[action];
    // Approving a published comment that readers reported means "this is fine": dismiss the reports.
    if (action === 'approve' && comment.status === 'published' && comment.reportCount > 0) return dismissReports(id, moderator);
    if (!rule.from.includes(comment.status)) {
      throw new AppError('ALREADY_IN_STATE', { publicMessage: rule.wrongState, details: { commentId: id, status: comment.status } });
    }
    const change = await storage.comments.setCommentStatus({
      id,
      status: rule.to,
      moderatorId: moderator.id,
      reason,
      nowMs: clock.now(),
      isDismissingReports: rule.to === 'published',
    });
    announce(change, comment.status === 'published' || rule.to === 'published');
    const entry = await audit(moderator, { action: `comment.${action}`, targetType: 'comment', targetId: String(id), reason, details: { from: comment.status, to: rule.to } });
    return { comment: change.comment, entry };
  }

  async function dismissReports(id: number, moderator: Moderator): Promise<{ comment: Comment; entry: AuditEntry }> {
    const comment = await requireComment(id);
    if (comment.reportCount === 0 && comment.heldReason !== 'reports') {
      throw new AppError('ALREADY_IN_STATE', { publicMessage: 'This comment has no open reports.', details: { commentId: id } });
    }
    let updated = await storage.moderation.dismissReports(id, clock.now());
    if (comment.status === 'pending' && comment.heldReason === 'reports') {
      const change = await storage.comments.setCommentStatus({ id, status: 'published', moderatorId: moderator.id, reason: null, nowMs: clock.now() });
      announce(change, true);
      updated = change.comment;
    } else {
      events.emit('comment:updated', { comment: updated });
    }
    const entry = await audit(moderator, { action: 'comment.dismiss-reports', targetType: 'comment', targetId: String(id), reason: null, details: { reportCount: comment.reportCount } });
    return { comment: updated, entry };
  }

  async function liftBan(id: number, moderator: Moderator) {
    const ban = await storage.bans.findBanById(id);
    if (!ban || ban.liftedAtMs !== null) throw new AppError('BAN_NOT_FOUND', { publicMessage: 'No active ban has that id.', details: { banId: id } });
    const lifted = (await storage.bans.liftBan(id, clock.now()))!;
    const entry = await audit(moderator, { action: 'ban.lift', targetType: 'ban', targetId: String(id), reason: null, details: {} });
    return { ban: lifted, entry };
  }

  async function setThreadClosed(id: number, isClosed: boolean, moderator: Moderator | null): Promise<{ thread: Thread; entry: AuditEntry }> {
    const thread = await storage.threads.setThreadClosed(id, isClosed, clock.now());
    if (!thread) throw new AppError('THREAD_NOT_FOUND', { publicMessage: 'That thread does not exist.', details: { threadId: id } });
    events.emit('thread:updated', { thread, isClosed });
    const entry = await audit(moderator, { action: isClosed ? 'thread.close' : 'thread.reopen', targetType: 'thread', targetId: String(id), reason: null, details: {} });
    return { thread, entry };
  }

  return {
    audit,

    async applyAction(id: number, action: CommentAction, moderator: Moderator, reason: string | null): Promise<Comment> {
      const { comment } = action === 'dismiss-reports' ? await dismissReports(id, moderator) : await transition(id, action, moderator, reason);
      return comment;
    },

    /** Applies one action to many comments; each succeeds or fails on its own. */
    async applyBulk(ids: readonly number[], action: CommentAction, moderator: Moderator, reason: string | null) {
      const results: { id: number; ok: boolean; error?: { code: string; message: string } }[] = [];
      for (const id of ids) {
        try {
          await this.applyAction(id, action, moderator, reason);
          results.push({ id, ok: true });
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          results.push({ id, ok: false, error: { code: err.code, message: err.publicMessage } });
        }
      }
      return results;
    },

    async editBody(id: number, body: string, moderator: Moderator): Promise<Comment> {
      const comment = await requireComment(id);
      if (comment.status === 'deleted') {
        throw new AppError('ALREADY_IN_STATE', { publicMessage: 'Its author deleted this comment.', details: { commentId: id } });
      }
      const bodyHtml = renderCommentBody(body);
      if (bodyHtml === '') {
        throw new AppError('VALIDATION_FAILED', {
          publicMessage: 'The comment has no text left once unsupported markup is removed.',
          details: { fields: [{ field: 'body', issue: 'required' }] },
        });
      }
      const updated = await storage.moderation.replaceBody({ id, bodySource: body, bodyHtml, nowMs: clock.now() });
      events.emit('comment:updated', { comment: updated });
      await audit(moderator, { action: 'comment.edit', targetType: 'comment', targetId: String(id), reason: null, details: { previousBody: comment.bodySource } });
      return updated;
    },

    async setPinned(id: number, isPinned: boolean, moderator: Moderator): Promise<Comment> {
      const comment = await requireComment(id);
      if (comment.parentId !== null) {
        throw new AppError('VALIDATION_FAILED', {
          publicMessage: 'Only top-level comments can be pinned.',
          details: { fields: [{ field: 'isPinned', issue: 'invalid' }] },
        });
      }
      if (comment.isPinned === isPinned) {
        throw new AppError('ALREADY_IN_STATE', { publicMessage: isPinned ? 'This comment is already pinned.' : 'This comment is not pinned.' });
      }
      const updated = await storage.moderation.setPinned(id, isPinned);
      events.emit('comment:updated', { comment: updated });
      await audit(moderator, { action: isPinned ? 'comment.pin' : 'comment.unpin', targetType: 'comment', targetId: String(id), reason: null, details: {} });
      return updated;
    },

    /** Bans the author of a comment by identity, email and/or address, for a number of days or for ever. */
    async banAuthor(
      input: { commentId: number; by: ('identity' | 'email' | 'ip')[]; days: number | null; reason: string | null; isRemovingComments: boolean },
      moderator: Moderator,
    ) {
      const comment = await requireComment(input.commentId);
      if (comment.authorEmail !== null && (await storage.accounts.findModeratorByEmail(comment.authorEmail)) !== null) {
        throw new AppError('CANNOT_BAN_MODERATOR', { publicMessage: 'This comment was written by a moderator; moderators cannot be banned.' });
      }
      const facts = { identity: comment.authorKey, email: comment.authorEmail, ip: comment.ipHash };
      const usable = input.by.filter((kind) => facts[kind] !== null);
      if (usable.length === 0) {
        throw new AppError('VALIDATION_FAILED', {
          publicMessage: 'This author has none of the chosen facts (identity, email, address) to ban.',
          details: { fields: [{ field: 'by', issue: 'invalid' }] },
        });
      }
      const nowMs = clock.now();
      const expiresAtMs = input.days === null ? null : nowMs + input.days * 86_400_000;
      const bans = [];
      for (const kind of usable) {
        const ban = await storage.bans.addBan({ kind, value: facts[kind] as string, reason: input.reason, createdBy: moderator.id, createdAtMs: nowMs, expiresAtMs });
        bans.push(ban);
        await audit(moderator, { action: 'author.ban', targetType: 'ban', targetId: String(ban.id), reason: input.reason, details: { kind, commentId: comment.id, days: input.days } });
      }
      const removedCount = input.isRemovingComments ? await this.removeAuthorComments(comment.id, input.reason, moderator) : 0;
      return { bans, removedCount };
    },

    /** Removes every published or pending comment by the author of one comment. */
    async removeAuthorComments(commentId: number, reason: string | null, moderator: Moderator): Promise<number> {
      const comment = await requireComment(commentId);
      const ids = await storage.moderation.listIdsByAuthor({ authorKey: comment.authorKey, email: comment.authorEmail, ipHash: comment.authorKey === null ? comment.ipHash : null });
      let removed = 0;
      for (const id of ids) {
        const before = await requireComment(id);
        const change = await storage.comments.setCommentStatus({ id, status: 'removed', moderatorId: moderator.id, reason, nowMs: clock.now() });
        announce(change, before.status === 'published');
        removed++;
      }
      await audit(moderator, { action: 'author.remove-comments', targetType: 'author', targetId: String(commentId), reason, details: { removedIds: ids } });
      return removed;
    },

    async liftBan(id: number, moderator: Moderator) {
      return (await liftBan(id, moderator)).ban;
    },

    closeThread: async (id: number, moderator: Moderator | null) => (await setThreadClosed(id, true, moderator)).thread,
    reopenThread: async (id: number, moderator: Moderator | null) => (await setThreadClosed(id, false, moderator)).thread,

    /** Undoes what an audit entry did, when that is still possible. */
    async restoreFromAudit(entryId: number, moderator: Moderator): Promise<AuditEntry> {
      const entry = await storage.audit.findEntryById(entryId);
      if (!entry) throw new AppError('AUDIT_ENTRY_NOT_FOUND', { publicMessage: 'No audit entry has that id.', details: { entryId } });
      if (entry.undoneBy !== null) {
        throw new AppError('NOT_RESTORABLE', { publicMessage: 'This action has already been undone.', details: { undoneBy: entry.undoneBy } });
      }
      const id = Number(entry.targetId);
      let undo: AuditEntry;
      if (entry.action === 'comment.remove' || entry.action === 'comment.spam') undo = (await transition(id, 'restore', moderator, null)).entry;
      else if (entry.action === 'author.ban') undo = (await liftBan(id, moderator)).entry;
      else if (entry.action === 'thread.close') undo = (await setThreadClosed(id, false, moderator)).entry;
      else throw new AppError('NOT_RESTORABLE', { publicMessage: 'This action cannot be undone from the log.', details: { action: entry.action } });
      await storage.audit.markUndone(entry.id, undo.id);
      return undo;
    },
  };
}
