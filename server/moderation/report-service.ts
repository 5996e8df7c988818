// Owns readers' reports: one per reader per comment; enough of them, from different networks, hide the comment pending review.
import type { AbuseDefences } from '../abuse/abuse-defences';
import type { Clock } from '../clock';
import type { CommentEvents } from '../comments/comment-events';
import { changeStatus, type CommentChangeStores } from '../comments/comment-changes';
import type { UnitOfWork } from '../unit-of-work';
import type { EventSink } from '../events';
import type { Actor } from '../identity/actor';
import type { ModerationSettingsSource } from '../policy/settings-service';
import type { ReportStore } from './moderation-store';
import { requireIdentity, requireLiveComment } from '../comments/comment-rules';
import { AppError } from '../errors';
import { NEW_IDENTITY_MS } from '../votes/vote-rules';
import { countHidingReports } from '../policy/moderation-rules';
import type { ReportInput } from './report-input';
import { queueModeratorMail } from '../notifications/notice-queue';

export type ReportService = ReturnType<typeof createReportService>;

/** The stores a report reads and writes, inside its unit of work. */
export type ReportStores = CommentChangeStores & { reports: ReportStore };

export interface ReportServiceDeps {
  storage: UnitOfWork<ReportStores>;
  events: EventSink<CommentEvents>;
  clock: Clock;
  moderationSettings: ModerationSettingsSource;
  abuse: AbuseDefences;
}

export function createReportService({ storage, events, clock, moderationSettings, abuse }: ReportServiceDeps) {
  return {
    async reportComment({ commentId, reason, details }: ReportInput, actor: Actor): Promise<void> {
      const reporterKey = requireIdentity(actor.authorKey);
      await abuse.limiter.spend('report', actor);
      const { reportThreshold } = await moderationSettings.current();
      const nowMs = clock.now();
      const { comment, held } = await storage.transaction(async (tx) => {
        requireLiveComment(await tx.comments.findCommentById(commentId), commentId);
        // A reader who only ever reports is seen here first; the identity then ages like a voter's.
        await tx.identities.noteIdentity(reporterKey, nowMs, actor.ipHash);
        const isNew = await tx.reports.insertReport({
          commentId,
          reporterKey,
          network: actor.ipHash,
          reason,
          details,
          createdAtMs: nowMs,
        });
        if (!isNew) {
          throw new AppError('ALREADY_REPORTED', {
            publicMessage: 'You have already reported this comment. Thank you.',
            details: { commentId },
          });
        }
        const reported = await tx.comments.addReportCount(commentId, 1);
        await queueModeratorMail(tx, 'report', commentId, null, nowMs);
        // Every report reaches the Reported queue; hiding takes reports from different networks, by readers not brand new.
        const openReports = await tx.reports.listOpenReportSources(commentId);
        if (reported.status !== 'published' || countHidingReports(openReports, NEW_IDENTITY_MS) < reportThreshold)
          return { comment: reported, held: null };
        const change = await changeStatus(tx, {
          id: commentId,
          status: 'pending',
          heldReason: 'reports',
          nowMs,
          moderation: { moderatorId: null, reason: null },
        });
        return { comment: change.comment, held: change };
      });
      events.emit('comment:updated', { comment });
      if (held === null) return;
      for (const changed of held.alsoChanged) events.emit('comment:updated', { comment: changed });
      events.emit('thread:counted', { threadId: comment.threadId, commentCount: held.threadCommentCount });
    },
  };
}
