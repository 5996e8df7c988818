// Owns readers' reports: one per reader per comment; enough of them, from different networks, hide the comment pending review.
import type { AbuseDefences } from '../abuse/abuse-defences';
import type { Clock } from '../clock';
import type { CommentEvents } from '../comments/comment-events';
import type { CommentStore } from '../comments/comment-store';
import type { EventSink } from '../events';
import type { Actor } from '../identity/actor';
import type { ModerationSettingsSource } from '../policy/settings-service';
import type { ReportStore } from './moderation-store';
import { requireIdentity, requireLiveComment } from '../comments/comment-rules';
import { AppError } from '../errors';
import { NEW_IDENTITY_MS } from '../votes/vote-rules';
import { countHidingReports } from '../policy/moderation-rules';
import type { ReportInput } from './report-input';

export type ReportService = ReturnType<typeof createReportService>;

export interface ReportServiceDeps {
  storage: { comments: CommentStore; reports: ReportStore };
  events: EventSink<CommentEvents>;
  clock: Clock;
  moderationSettings: ModerationSettingsSource;
  abuse: AbuseDefences;
}

export function createReportService({ storage, events, clock, moderationSettings, abuse }: ReportServiceDeps) {
  return {
    async reportComment({ commentId, reason, details }: ReportInput, actor: Actor): Promise<void> {
      const reporterKey = requireIdentity(actor.authorKey);
      abuse.limiter.spend('report', actor);
      requireLiveComment(await storage.comments.findCommentById(commentId), commentId);
      const nowMs = clock.now();
      const { isNew, comment, openReports } = await storage.reports.addReport({ commentId, reporterKey, network: actor.ipHash, reason, details, createdAtMs: nowMs });
      if (!isNew) {
        throw new AppError('ALREADY_REPORTED', { publicMessage: 'You have already reported this comment. Thank you.', details: { commentId } });
      }
      const { reportThreshold } = await moderationSettings.current();
      // Every report reaches the Reported queue; hiding takes reports from different networks, by readers not brand new.
      if (comment.status === 'published' && countHidingReports(openReports, NEW_IDENTITY_MS) >= reportThreshold) {
        const held = await storage.comments.setCommentStatus({ id: commentId, status: 'pending', heldReason: 'reports', moderatorId: null, reason: null, nowMs });
        events.emit('comment:updated', { comment: held.comment });
        for (const changed of held.alsoChanged) events.emit('comment:updated', { comment: changed });
        events.emit('thread:counted', { threadId: comment.threadId, commentCount: held.threadCommentCount });
        return;
      }
      events.emit('comment:updated', { comment });
    },
  };
}
