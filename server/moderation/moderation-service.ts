// Owns moderators' actions on comments and threads: each one checked, written and audited in one unit of work, then announced to readers and moderators.
import { insertNewModerator, type NewModeratorRecord } from '../accounts/account-service';
import type { AccountStore, Moderator } from '../accounts/account-store';
import type { BanStore } from '../bans/ban';
import type { Clock } from '../clock';
import type { Comment, CommentStatus } from '../comments/comment';
import { changeStatus, stampAfter, type CommentChangeStores } from '../comments/comment-changes';
import type { CommentEvents } from '../comments/comment-events';
import { commentNotFound } from '../comments/comment-rules';
import type { CommentChange } from '../comments/comment-store';
import { AppError, type ErrorCode } from '../errors';
import type { EventSink } from '../events';
import type { ModerationSettings } from '../policy/moderation-settings';
import { storeModerationSettings } from '../policy/settings-service';
import type { SettingsStore } from '../policy/settings-store';
import type { CommentAction } from '../protocol/admin-dto';
import { hasNoText, renderBody } from '../text/markdown';
import { bodyShowsNothing } from '../comments/comment-rules';
import type { Thread } from '../threads/thread';
import type { ThreadEvents } from '../threads/thread-events';
import type { UnitOfWork } from '../unit-of-work';
import { notRestorable, undoRefusalOf } from './audit-undo';
import { loadAuditTarget } from './load-audit-target';
import type { ModerationEvents } from './moderation-events';
import type { PolicyEvents } from '../policy/policy-events';
import type { AuditEntry, AuditStore, ModerationStore } from './moderation-store';

export type ModerationService = ReturnType<typeof createModerationService>;
export type { CommentAction };

/** The stores moderation reads and writes, inside its units of work. */
export type ModerationStores = CommentChangeStores & {
  moderation: ModerationStore;
  bans: BanStore;
  audit: AuditStore;
  accounts: AccountStore;
  settings: SettingsStore;
};

type ModerationEventSink = EventSink<CommentEvents & ThreadEvents & ModerationEvents & PolicyEvents>;

export interface ModerationServiceDeps {
  storage: UnitOfWork<ModerationStores>;
  events: ModerationEventSink;
  clock: Clock;
}

/** What an action announces once its unit of work has committed (never before: it might not). */
type Announcements = Array<(events: ModerationEventSink) => void>;

/** Which statuses each action starts from, and where it leaves the comment. */
const TRANSITIONS: Record<
  Exclude<CommentAction, 'dismiss-reports'>,
  { from: CommentStatus[]; to: CommentStatus; wrongState: string }
> = {
  approve: { from: ['pending', 'spam'], to: 'published', wrongState: 'This comment is not waiting for approval.' },
  remove: {
    from: ['published', 'pending', 'spam'],
    to: 'removed',
    wrongState: 'This comment is already removed or deleted.',
  },
  spam: {
    from: ['published', 'pending', 'removed'],
    to: 'spam',
    wrongState: 'This comment is already marked as spam or deleted.',
  },
  restore: { from: ['removed', 'spam'], to: 'published', wrongState: 'This comment was never removed.' },
};

export function createModerationService({ storage, events, clock }: ModerationServiceDeps) {
  /** Runs an action as one unit of work, then announces what it did. */
  async function act<T>(work: (tx: ModerationStores, out: Announcements) => Promise<T>): Promise<T> {
    const out: Announcements = [];
    const result = await storage.transaction((tx) => work(tx, out));
    for (const announce of out) announce(events);
    return result;
  }

  async function requireComment(tx: ModerationStores, id: number): Promise<Comment> {
    const comment = await tx.comments.findCommentById(id);
    if (!comment) throw commentNotFound(id);
    return comment;
  }

  /**
   * Logs what a moderator did. `atMs` is the moment the change itself was stamped with, so the
   * log can tell whether the record still stands as this entry left it (see audit-undo.ts).
   */
  async function audit(
    tx: ModerationStores,
    out: Announcements,
    moderator: Moderator | null,
    entry: Pick<AuditEntry, 'action' | 'targetType' | 'targetId' | 'reason' | 'details'>,
    atMs = clock.now(),
  ): Promise<AuditEntry> {
    const saved = await tx.audit.addEntry({ ...entry, moderatorId: moderator?.id ?? null, createdAtMs: atMs });
    out.push((e) => e.emit('audit:added', { entry: saved }));
    return saved;
  }

  function announceChange(out: Announcements, change: CommentChange, isCountChanged: boolean): void {
    out.push((e) => {
      e.emit('comment:updated', { comment: change.comment });
      for (const changed of change.alsoChanged) e.emit('comment:updated', { comment: changed });
      if (isCountChanged)
        e.emit('thread:counted', { threadId: change.comment.threadId, commentCount: change.threadCommentCount });
    });
  }

  async function transition(
    tx: ModerationStores,
    out: Announcements,
    id: number,
    action: Exclude<CommentAction, 'dismiss-reports'>,
    moderator: Moderator,
    reason: string | null,
  ): Promise<{ comment: Comment; entry: AuditEntry }> {
    const comment = await requireComment(tx, id);
    const rule = TRANSITIONS[action];
    // Approving a published comment that readers reported means "this is fine": dismiss the reports.
    if (action === 'approve' && comment.status === 'published' && comment.reportCount > 0)
      return dismissReports(tx, out, id, moderator);
    if (!rule.from.includes(comment.status)) {
      throw new AppError('ALREADY_IN_STATE', {
        publicMessage: rule.wrongState,
        details: { commentId: id, status: comment.status },
      });
    }
    const nowMs = clock.now();
    // Publishing a comment again also closes the reports against it.
    if (rule.to === 'published' && comment.reportCount > 0)
      await tx.comments.clearReports(id, nowMs, await tx.comments.nextChangeSeq());
    const change = await changeStatus(tx, {
      id,
      status: rule.to,
      nowMs,
      moderation: { moderatorId: moderator.id, reason },
    });
    announceChange(out, change, comment.status === 'published' || rule.to === 'published');
    // Logged at the moment the comment was stamped with, so the log knows this change is its latest.
    const atMs = change.comment.moderatedAtMs ?? nowMs;
    const entry = await audit(
      tx,
      out,
      moderator,
      {
        action: `comment.${action}`,
        targetType: 'comment',
        targetId: String(id),
        reason,
        details: { from: comment.status, to: rule.to },
      },
      atMs,
    );
    return { comment: change.comment, entry };
  }

  async function dismissReports(
    tx: ModerationStores,
    out: Announcements,
    id: number,
    moderator: Moderator,
  ): Promise<{ comment: Comment; entry: AuditEntry }> {
    const comment = await requireComment(tx, id);
    if (comment.reportCount === 0 && comment.heldReason !== 'reports') {
      throw new AppError('ALREADY_IN_STATE', {
        publicMessage: 'This comment has no open reports.',
        details: { commentId: id },
      });
    }
    const nowMs = clock.now();
    let updated = await tx.comments.clearReports(id, nowMs, await tx.comments.nextChangeSeq());
    if (comment.status === 'pending' && comment.heldReason === 'reports') {
      const change = await changeStatus(tx, {
        id,
        status: 'published',
        nowMs,
        moderation: { moderatorId: moderator.id, reason: null },
      });
      announceChange(out, change, true);
      updated = change.comment;
    } else {
      const cleared = updated;
      out.push((e) => e.emit('comment:updated', { comment: cleared }));
    }
    const entry = await audit(tx, out, moderator, {
      action: 'comment.dismiss-reports',
      targetType: 'comment',
      targetId: String(id),
      reason: null,
      details: { reportCount: comment.reportCount },
    });
    return { comment: updated, entry };
  }

  async function liftBan(tx: ModerationStores, out: Announcements, id: number, moderator: Moderator) {
    const ban = await tx.bans.findBanById(id);
    if (!ban || ban.liftedAtMs !== null)
      throw new AppError('BAN_NOT_FOUND', { publicMessage: 'No active ban has that id.', details: { banId: id } });
    const lifted = (await tx.bans.liftBan(id, clock.now()))!;
    const entry = await audit(tx, out, moderator, {
      action: 'ban.lift',
      targetType: 'ban',
      targetId: String(id),
      reason: null,
      details: {},
    });
    return { ban: lifted, entry };
  }

  async function setThreadClosed(
    tx: ModerationStores,
    out: Announcements,
    id: number,
    isClosed: boolean,
    moderator: Moderator | null,
  ): Promise<{ thread: Thread; entry: AuditEntry }> {
    const before = await tx.threads.findThreadById(id);
    if (!before)
      throw new AppError('THREAD_NOT_FOUND', {
        publicMessage: 'That thread does not exist.',
        details: { threadId: id },
      });
    // Stamped after its last closing or reopening, so the log knows which of its entries is the latest.
    const nowMs = stampAfter(before.closedAtMs ?? before.reopenedAtMs, clock.now());
    const thread = (await tx.threads.setThreadClosed(id, isClosed, nowMs)) as Thread;
    out.push((e) => e.emit('thread:updated', { thread, isClosed }));
    const entry = await audit(
      tx,
      out,
      moderator,
      {
        action: isClosed ? 'thread.close' : 'thread.reopen',
        targetType: 'thread',
        targetId: String(id),
        reason: null,
        details: {},
      },
      nowMs,
    );
    return { thread, entry };
  }

  async function removeAuthorComments(
    tx: ModerationStores,
    out: Announcements,
    commentId: number,
    reason: string | null,
    moderator: Moderator,
  ): Promise<number> {
    const comment = await requireComment(tx, commentId);
    const ids = await tx.moderation.listIdsByAuthor({
      authorKey: comment.authorKey,
      email: comment.authorEmail,
      ipHash: comment.authorKey === null ? comment.ipHash : null,
    });
    for (const id of ids) {
      const before = await requireComment(tx, id);
      const change = await changeStatus(tx, {
        id,
        status: 'removed',
        nowMs: clock.now(),
        moderation: { moderatorId: moderator.id, reason },
      });
      announceChange(out, change, before.status === 'published');
    }
    await audit(tx, out, moderator, {
      action: 'author.remove-comments',
      targetType: 'author',
      targetId: String(commentId),
      reason,
      details: { removedIds: ids },
    });
    return ids.length;
  }

  const applyAction = (
    id: number,
    action: CommentAction,
    moderator: Moderator,
    reason: string | null,
  ): Promise<Comment> =>
    act(
      async (tx, out) =>
        (action === 'dismiss-reports'
          ? await dismissReports(tx, out, id, moderator)
          : await transition(tx, out, id, action, moderator, reason)
        ).comment,
    );

  return {
    /** Records what a moderator did elsewhere (settings, accounts) in the audit log. */
    audit: (
      moderator: Moderator | null,
      entry: Pick<AuditEntry, 'action' | 'targetType' | 'targetId' | 'reason' | 'details'>,
    ): Promise<AuditEntry> => act((tx, out) => audit(tx, out, moderator, entry)),

    applyAction,

    /** Applies one action to many comments; each succeeds or fails on its own. */
    async applyBulk(ids: readonly number[], action: CommentAction, moderator: Moderator, reason: string | null) {
      const results: { id: number; ok: boolean; error?: { code: ErrorCode; message: string } }[] = [];
      for (const id of ids) {
        try {
          await applyAction(id, action, moderator, reason);
          results.push({ id, ok: true });
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          results.push({ id, ok: false, error: { code: err.code, message: err.publicMessage } });
        }
      }
      return results;
    },

    async editBody(id: number, body: string, moderator: Moderator): Promise<Comment> {
      return act(async (tx, out) => {
        const comment = await requireComment(tx, id);
        if (comment.status === 'deleted') {
          throw new AppError('ALREADY_IN_STATE', {
            publicMessage: 'Its author deleted this comment.',
            details: { commentId: id },
          });
        }
        // The moderator edits the source as stored, so it keeps the way it is read.
        const bodyHtml = renderBody(body, comment.bodyFormat);
        if (hasNoText(bodyHtml)) throw bodyShowsNothing();
        const updated = await tx.comments.updateBody({
          id,
          bodySource: body,
          bodyFormat: comment.bodyFormat,
          bodyHtml,
          editedAtMs: clock.now(),
          changeSeq: await tx.comments.nextChangeSeq(),
        });
        out.push((e) => e.emit('comment:updated', { comment: updated }));
        await audit(tx, out, moderator, {
          action: 'comment.edit',
          targetType: 'comment',
          targetId: String(id),
          reason: null,
          details: { previousBody: comment.bodySource },
        });
        return updated;
      });
    },

    setPinned(id: number, isPinned: boolean, moderator: Moderator): Promise<Comment> {
      return act(async (tx, out) => {
        const comment = await requireComment(tx, id);
        if (comment.parentId !== null) {
          throw new AppError('VALIDATION_FAILED', {
            publicMessage: 'Only top-level comments can be pinned.',
            details: { fields: [{ field: 'isPinned', issue: 'invalid' }] },
          });
        }
        if (comment.isPinned === isPinned) {
          throw new AppError('ALREADY_IN_STATE', {
            publicMessage: isPinned ? 'This comment is already pinned.' : 'This comment is not pinned.',
          });
        }
        const updated = await tx.comments.setPinned(id, isPinned, await tx.comments.nextChangeSeq());
        out.push((e) => e.emit('comment:updated', { comment: updated }));
        await audit(tx, out, moderator, {
          action: isPinned ? 'comment.pin' : 'comment.unpin',
          targetType: 'comment',
          targetId: String(id),
          reason: null,
          details: {},
        });
        return updated;
      });
    },

    /** Bans the author of a comment by identity, email and/or address, for a number of days or for ever. */
    banAuthor(
      input: {
        commentId: number;
        by: ('identity' | 'email' | 'ip')[];
        days: number | null;
        reason: string | null;
        isRemovingComments: boolean;
      },
      moderator: Moderator,
    ) {
      return act(async (tx, out) => {
        const comment = await requireComment(tx, input.commentId);
        if (comment.authorEmail !== null && (await tx.accounts.findModeratorByEmail(comment.authorEmail)) !== null) {
          throw new AppError('CANNOT_BAN_MODERATOR', {
            publicMessage: 'This comment was written by a moderator; moderators cannot be banned.',
          });
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
          const ban = await tx.bans.addBan({
            kind,
            value: facts[kind] as string,
            reason: input.reason,
            createdBy: moderator.id,
            createdAtMs: nowMs,
            expiresAtMs,
          });
          bans.push(ban);
          await audit(tx, out, moderator, {
            action: 'author.ban',
            targetType: 'ban',
            targetId: String(ban.id),
            reason: input.reason,
            details: { kind, commentId: comment.id, days: input.days },
          });
        }
        const removedCount = input.isRemovingComments
          ? await removeAuthorComments(tx, out, comment.id, input.reason, moderator)
          : 0;
        return { bans, removedCount };
      });
    },

    /** Removes every published or pending comment by the author of one comment. */
    removeAuthorComments: (commentId: number, reason: string | null, moderator: Moderator): Promise<number> =>
      act((tx, out) => removeAuthorComments(tx, out, commentId, reason, moderator)),

    liftBan: async (id: number, moderator: Moderator) => (await act((tx, out) => liftBan(tx, out, id, moderator))).ban,

    closeThread: async (id: number, moderator: Moderator | null) =>
      (await act((tx, out) => setThreadClosed(tx, out, id, true, moderator))).thread,
    reopenThread: async (id: number, moderator: Moderator | null) =>
      (await act((tx, out) => setThreadClosed(tx, out, id, false, moderator))).thread,

    /** Stores new moderation settings and logs the change, in one unit of work. */
    async replaceSettings(next: ModerationSettings, moderator: Moderator): Promise<ModerationSettings> {
      await act(async (tx, out) => {
        await storeModerationSettings(tx.settings, next);
        // Every node, this one included, takes the new settings from the event (main.ts).
        out.push((e) => e.emit('settings:changed', { settings: next }));
        await audit(tx, out, moderator, {
          action: 'settings.update',
          targetType: 'settings',
          targetId: 'moderation',
          reason: null,
          details: { settings: next },
        });
      });
      return next;
    },

    /** Stores a new moderator account (its password hashed before) and logs who added it, in one unit of work. */
    addModerator(record: NewModeratorRecord, moderator: Moderator): Promise<Moderator> {
      return act(async (tx, out) => {
        const created = await insertNewModerator(tx.accounts, record);
        await audit(tx, out, moderator, {
          action: 'moderator.create',
          targetType: 'moderator',
          targetId: String(created.id),
          reason: null,
          details: { role: created.role },
        });
        return created;
      });
    },

    /**
     * Undoes what an audit entry did, when that still stands: one rule (audit-undo.ts) decides,
     * here inside the unit of work and for every entry the log shows.
     */
    restoreFromAudit(entryId: number, moderator: Moderator): Promise<AuditEntry> {
      return act(async (tx, out) => {
        const entry = await tx.audit.findEntryById(entryId);
        if (!entry)
          throw new AppError('AUDIT_ENTRY_NOT_FOUND', {
            publicMessage: 'No audit entry has that id.',
            details: { entryId },
          });
        const refusal = undoRefusalOf(entry, await loadAuditTarget(tx, entry), clock.now());
        if (refusal !== null) throw notRestorable(entry, refusal);
        const id = Number(entry.targetId);
        let undo: AuditEntry;
        if (entry.action === 'comment.remove' || entry.action === 'comment.spam')
          undo = (await transition(tx, out, id, 'restore', moderator, null)).entry;
        else if (entry.action === 'author.ban') undo = (await liftBan(tx, out, id, moderator)).entry;
        else if (entry.action === 'thread.close') undo = (await setThreadClosed(tx, out, id, false, moderator)).entry;
        else throw notRestorable(entry, 'not-undoable');
        await tx.audit.markUndone(entry.id, undo.id);
        return undo;
      });
    },
  };
}
