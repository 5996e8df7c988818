// Owns changing a comment's status inside a transaction: reply counts, placeholders and the thread's count follow.
import type { Db } from './connection';
import type { CommentChange } from '../../comments/comment-store';
import type { Comment, CommentStatus } from '../../comments/comment';
import type { HeldReason } from '../../policy/moderation-rules';
import { COMMENT_COLUMNS, prepareCommentQuery, toComment, type CommentRow } from './comment-rows';

/** Shown to every reader: published, or gone but holding shown replies (a placeholder). */
export function isPubliclyShown(status: CommentStatus, replyCount: number): boolean {
  return status === 'published' || replyCount > 0;
}

export interface StatusChange {
  id: number;
  status: CommentStatus;
  nowMs: number;
  heldReason?: HeldReason | null;
  /** Set for moderator actions. */
  moderatorId?: number | null;
  moderationReason?: string | null;
  /** Authors deleting their own comment take its text with it. */
  isErasingBody?: boolean;
}

export type StatusWriter = ReturnType<typeof createStatusWriter>;

/** Statements for status changes; `apply` must run inside a caller's transaction. */
export function createStatusWriter(db: Db) {
  const byId = prepareCommentQuery<[number]>(db, `SELECT ${COMMENT_COLUMNS} FROM comments WHERE id = ?`);
  // One counter row: every change gets a number above all before it, undone with its write.
  const nextSeq = db.prepare<[], { seq: number }>('UPDATE change_counter SET seq = seq + 1 WHERE id = 1 RETURNING seq');
  const setStatus = db.prepare(
    `UPDATE comments SET status = @status, held_reason = @heldReason, change_seq = @seq,
       moderation_reason = CASE WHEN @isModeration THEN @moderationReason ELSE moderation_reason END,
       moderated_by = CASE WHEN @isModeration THEN @moderatorId ELSE moderated_by END,
       moderated_at = CASE WHEN @isModeration THEN @nowMs ELSE moderated_at END,
       deleted_at = CASE WHEN @status = 'deleted' THEN @nowMs ELSE deleted_at END,
       body_source = CASE WHEN @isErasingBody THEN '' ELSE body_source END,
       body_html = CASE WHEN @isErasingBody THEN '' ELSE body_html END
     WHERE id = @id`,
  );
  const addReplies = db.prepare('UPDATE comments SET reply_count = reply_count + ?, change_seq = ? WHERE id = ?');
  const addToConversation = db.prepare('UPDATE comments SET descendant_count = descendant_count + ? WHERE id = ?');
  const addToThreadCount = db.prepare<[number, number], { comment_count: number }>(
    'UPDATE threads SET comment_count = comment_count + ? WHERE id = ? RETURNING comment_count',
  );
  const threadCount = db.prepare<[number], { comment_count: number }>('SELECT comment_count FROM threads WHERE id = ?');
  const dismiss = db.prepare('UPDATE reports SET dismissed_at = ? WHERE comment_id = ? AND dismissed_at IS NULL');
  const clearReportCount = db.prepare('UPDATE comments SET report_count = 0, change_seq = ? WHERE id = ?');

  const row = (id: number): Comment => toComment(byId.get(id) as CommentRow);

  /**
   * When a comment appears or disappears for readers, its parent gains or loses a shown
   * reply, which may in turn make a placeholder parent appear or disappear, and so on up.
   * Every parent whose reply count changed takes the change's seq and goes into `changed`,
   * so live readers get its new count as catch-up would.
   */
  function propagate(comment: Comment, wasShown: boolean, isShown: boolean, seq: number, changed: Comment[]): void {
    let child = comment;
    let before = wasShown;
    let after = isShown;
    while (before !== after && child.parentId !== null) {
      // Every reply that appears or disappears changes its conversation's size.
      addToConversation.run(after ? 1 : -1, child.rootId);
      const parent = row(child.parentId);
      const parentWasShown = isPubliclyShown(parent.status, parent.replyCount);
      addReplies.run(after ? 1 : -1, seq, parent.id);
      const updated = row(parent.id);
      const parentIsShown = isPubliclyShown(updated.status, updated.replyCount);
      changed.push(updated);
      child = updated;
      before = parentWasShown;
      after = parentIsShown;
    }
  }

  return {
    nextSeq: (): number => nextSeq.get()!.seq,
    row,
    propagate,

    /** Closes the comment's open reports; call inside a transaction. */
    dismissReports(id: number, nowMs: number): void {
      dismiss.run(nowMs, id);
      clearReportCount.run(nextSeq.get()!.seq, id);
    },

    /** Applies the change; call inside a transaction. */
    apply(change: StatusChange): CommentChange {
      const before = row(change.id);
      const seq = nextSeq.get()!.seq;
      const isModeration = change.moderatorId !== undefined;
      setStatus.run({
        id: change.id,
        status: change.status,
        heldReason: change.status === 'pending' ? (change.heldReason ?? before.heldReason) : null,
        seq,
        isModeration: isModeration ? 1 : 0,
        moderationReason: change.moderationReason ?? null,
        moderatorId: change.moderatorId ?? null,
        nowMs: change.nowMs,
        isErasingBody: change.isErasingBody ? 1 : 0,
      });
      const after = row(change.id);
      const alsoChanged: Comment[] = [];
      propagate(after, isPubliclyShown(before.status, before.replyCount), isPubliclyShown(after.status, after.replyCount), seq, alsoChanged);
      const delta = (after.status === 'published' ? 1 : 0) - (before.status === 'published' ? 1 : 0);
      const counted = delta === 0 ? threadCount.get(after.threadId)! : addToThreadCount.get(delta, after.threadId)!;
      return { comment: row(change.id), alsoChanged, threadCommentCount: counted.comment_count };
    },
  };
}
