// Owns parsing a reader's report of a comment.
import type { ReportReason } from '../protocol/dto';
import { LIMITS } from '../protocol/limits';
import { cleanPlainText, isLongerThan } from '../text/plain-text';
import { FieldReader } from '../validation/fields';

export interface ReportInput {
  commentId: number;
  reason: ReportReason;
  details: string | null;
}

const REASONS: readonly ReportReason[] = ['spam', 'abuse', 'off-topic', 'other'];

export function parseReport(raw: unknown, fromPath: { commentId?: number } = {}): ReportInput {
  const r = new FieldReader(
    raw,
    fromPath.commentId === undefined ? ['commentId', 'reason', 'details'] : ['reason', 'details'],
  );
  const commentId = fromPath.commentId ?? r.id('commentId');
  const reason = r.string('reason');
  if (reason !== undefined && !(REASONS as readonly string[]).includes(reason))
    r.add({ field: 'reason', issue: 'invalid' });
  const detailsRaw = r.string('details', { isOptional: true });
  const details = detailsRaw === undefined ? '' : cleanPlainText(detailsRaw);
  if (isLongerThan(details, LIMITS.maxReportDetailsChars))
    r.add({ field: 'details', issue: 'too_long', limit: LIMITS.maxReportDetailsChars });
  if (reason === 'other' && details === '') r.add({ field: 'details', issue: 'required' });
  r.finish();
  return { commentId: commentId as number, reason: reason as ReportReason, details: details === '' ? null : details };
}
