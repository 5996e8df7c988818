// Owns whether an audit entry can still be undone from the log: not undone yet, and what it did still stands (pure).
import { AppError } from '../errors';
import type { AuditTargetNow } from './audit-target';
import type { AuditEntry } from './moderation-store';

/** Actions the log can undo: a removal or spam mark (restore), a ban (lift), a closing (reopen). */
export const RESTORABLE_ACTIONS: ReadonlySet<string> = new Set([
  'comment.remove',
  'comment.spam',
  'author.ban',
  'thread.close',
]);

/**
 * Why an entry cannot be undone: its action cannot be; it was undone already; its target is
 * gone; or what it did no longer stands (the comment was restored or moderated again since, the
 * ban was lifted or ran out, the thread was reopened).
 */
export type UndoRefusal = 'not-undoable' | 'undone' | 'gone' | 'superseded';

/**
 * Null when the entry can be undone now. The target is what `targetRefOf(entry)` names, as it
 * is at `nowMs`. A comment's or a thread's state counts as this entry's doing only while no
 * later moderation replaced it: the entry is stamped with the moment of its change, and a later
 * change stamps the record later.
 */
export function undoRefusalOf(
  entry: Pick<AuditEntry, 'action' | 'createdAtMs' | 'undoneBy'>,
  target: AuditTargetNow,
  nowMs: number,
): UndoRefusal | null {
  if (!RESTORABLE_ACTIONS.has(entry.action)) return 'not-undoable';
  if (entry.undoneBy !== null) return 'undone';
  switch (entry.action) {
    case 'comment.remove':
    case 'comment.spam': {
      const comment = target?.type === 'comment' ? target.comment : null;
      if (comment === null) return 'gone';
      const leftAs = entry.action === 'comment.remove' ? 'removed' : 'spam';
      const isLatest = comment.moderatedAtMs === null || comment.moderatedAtMs <= entry.createdAtMs;
      return comment.status === leftAs && isLatest ? null : 'superseded';
    }
    case 'author.ban': {
      const ban = target?.type === 'ban' ? target.ban : null;
      if (ban === null) return 'gone';
      const isActive = ban.liftedAtMs === null && (ban.expiresAtMs === null || ban.expiresAtMs > nowMs);
      return isActive ? null : 'superseded';
    }
    case 'thread.close': {
      const thread = target?.type === 'thread' ? target.thread : null;
      if (thread === null) return 'gone';
      const isLatest = thread.closedAtMs === null || thread.closedAtMs <= entry.createdAtMs;
      return thread.isClosed && isLatest ? null : 'superseded';
    }
    default:
      return 'not-undoable';
  }
}

const REFUSALS: Record<UndoRefusal, string> = {
  'not-undoable': 'This action cannot be undone from the log.',
  undone: 'This action has already been undone.',
  gone: 'What this action changed no longer exists.',
  superseded: 'What this action did has changed since: the comment, ban or thread is no longer as it left it.',
};

/** The refusal of an undo, saying why (`details.reason`). */
export function notRestorable(entry: Pick<AuditEntry, 'id' | 'undoneBy'>, refusal: UndoRefusal): AppError {
  return new AppError('NOT_RESTORABLE', {
    publicMessage: REFUSALS[refusal],
    details: { entryId: entry.id, reason: refusal, ...(entry.undoneBy !== null ? { undoneBy: entry.undoneBy } : {}) },
  });
}
