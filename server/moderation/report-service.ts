// Owns readers' reports: one per reader per comment; enough of them hide the comment pending review.
import type { CommentDeps, Actor } from '../comments/comment-context';
import { requireIdentity, requireLiveComment } from '../comments/comment-rules';
import { AppError } from '../errors';
import type { ReportInput } from './report-input';

export type ReportService = ReturnType<typeof createReportService>;

export function createReportService({ storage, events, clock, moderationSettings, abuse }: Pick<CommentDeps, 'storage' | 'events' | 'clock' | 'moderationSettings' | 'abuse'>) {
  return {
    async reportComment({ commentId, reason, details }: ReportInput, actor: Actor): Promise<void> {
      const reporterKey = requireIdentity(actor.authorKey);
      abuse.limiter.spend('report', actor);
      requireLiveComment(await storage.comments.findCommentById(commentId), commentId);
      const nowMs = clock.now();
      const { isNew, comment } = await storage.reports.addReport({ commentId, reporterKey, reason, details, createdAtMs: nowMs });
      if (!isNew) {
        throw new AppError('ALREADY_REPORTED', { publicMessage: 'You have already reported this comment. Thank you.', details: { commentId } });
      }
      const { reportThreshold } = await moderationSettings.current();
      if (comment.status === 'published' && comment.reportCount >= reportThreshold) {
        const held = await storage.moderation.setStatus({ id: commentId, status: 'pending', heldReason: 'reports', moderatorId: null, reason: null, nowMs });
        events.emit('comment:updated', { comment: held.comment });
        for (const changed of held.alsoChanged) events.emit('comment:updated', { comment: changed });
        events.emit('thread:counted', { threadId: comment.threadId, commentCount: held.threadCommentCount });
        return;
      }
      events.emit('comment:updated', { comment });
    },
  };
}
