// Owns the SQL of moderation queues and actions, and of readers' reports (PostgreSQL engines).
import type { Comment } from '../../comments/comment';
import type {
  ModerationStore,
  QueueCounts,
  QueueName,
  QueueQuery,
  Report,
  ReportStore,
} from '../../moderation/moderation-store';
import { escapeLike } from '../escape-like';
import { COMMENT_COLUMNS, toComment, type CommentRow } from './comment-rows';
import { only, type Queryable } from './sql';

const QUEUE_FILTER: Record<QueueName, string> = {
  pending: `status = 'pending'`,
  reported: `report_count > 0 AND status IN ('published', 'pending')`,
  all: `status <> 'deleted'`,
  removed: `status = 'removed'`,
  spam: `status = 'spam'`,
};

/** One reader's comments, by identity, by email (any case: the index is on lower(author_email)) or by id; $7 is the value. */
const SAME_AUTHOR_FILTER = {
  none: '',
  authorKey: 'author_key = $7 AND',
  email: 'lower(author_email) = lower($7) AND',
  commentId: 'id = $7::bigint AND',
} as const;
type SameAuthorKind = keyof typeof SAME_AUTHOR_FILTER;

function sameAuthorOf(query: QueueQuery): { kind: SameAuthorKind; same: string | number | null } {
  const same = query.sameAuthor;
  if (same === null) return { kind: 'none', same: null };
  if ('authorKey' in same) return { kind: 'authorKey', same: same.authorKey };
  if ('email' in same) return { kind: 'email', same: same.email };
  return { kind: 'commentId', same: same.commentId };
}

// ILIKE: SQLite's LIKE, which the other engine uses, ignores case too.
const queueSql = (queue: QueueName, kind: SameAuthorKind): string =>
  `SELECT ${COMMENT_COLUMNS} FROM comments
   WHERE ${SAME_AUTHOR_FILTER[kind]} ${QUEUE_FILTER[queue]}
     AND ($1::bigint IS NULL OR thread_id = $1)
     AND ($2 = '' OR body_source ILIKE '%' || $2 || '%')
     AND ($3 = '' OR author_name ILIKE '%' || $3 || '%' OR author_email ILIKE '%' || $3 || '%')
     AND ($4::bigint IS NULL OR (created_at, id) < ($4, $5::bigint))
   ORDER BY created_at DESC, id DESC LIMIT $6`;

export function createPostgresModerationStores(db: Queryable): { moderation: ModerationStore; reports: ReportStore } {
  const moderation: ModerationStore = {
    async listQueue(query) {
      const { queue, threadId, text, author, after, limit } = query;
      const { kind, same } = sameAuthorOf(query);
      const values: unknown[] = [
        threadId,
        escapeLike(text),
        escapeLike(author),
        after?.createdAtMs ?? null,
        after?.id ?? null,
        limit,
      ];
      if (kind !== 'none') values.push(same);
      const { rows } = await db.query<CommentRow>(queueSql(queue, kind), values);
      return rows.map(toComment);
    },
    async countQueues() {
      // Counts per status are kept by triggers (see the schema); only the reported are counted, through their own index.
      const row = await only<QueueCounts>(
        db,
        `SELECT
           COALESCE(SUM(CASE WHEN status = 'pending' THEN comment_count END), 0)::bigint AS pending,
           (SELECT COUNT(*) FROM comments WHERE ${QUEUE_FILTER.reported}) AS reported,
           COALESCE(SUM(CASE WHEN status <> 'deleted' THEN comment_count END), 0)::bigint AS "all",
           COALESCE(SUM(CASE WHEN status = 'removed' THEN comment_count END), 0)::bigint AS removed,
           COALESCE(SUM(CASE WHEN status = 'spam' THEN comment_count END), 0)::bigint AS spam
         FROM comment_status_counts`,
        [],
      );
      return { ...row };
    },
    async listOpenReports(commentIds) {
      const out = new Map<number, Report[]>();
      if (commentIds.length === 0) return out;
      const { rows } = await db.query<{
        comment_id: number;
        reason: Report['reason'];
        details: string | null;
        created_at: number;
      }>(
        `SELECT comment_id, reason, details, created_at FROM reports
         WHERE comment_id = ANY($1::bigint[]) AND dismissed_at IS NULL ORDER BY created_at, reporter_key`,
        [commentIds],
      );
      const byComment = new Map<number, Report[]>();
      for (const r of rows) {
        const list = byComment.get(r.comment_id) ?? [];
        list.push({ reason: r.reason, details: r.details, createdAtMs: r.created_at });
        byComment.set(r.comment_id, list);
      }
      // In the order the comments were asked for, as the other engine answers.
      for (const id of commentIds) {
        const reports = byComment.get(id);
        if (reports !== undefined) out.set(id, reports);
      }
      return out;
    },
    async countOtherReadersOnNetwork({ ipHash, sinceMs, except }) {
      // Readers by identity, else by email (any case), else each comment on its own, as on SQLite.
      return (await only<{ n: number }>(
        db,
        `SELECT COUNT(DISTINCT COALESCE('k:' || author_key, 'e:' || lower(author_email), 'c:' || id)) AS n
           FROM comments
          WHERE ip_hash = $1 AND created_at >= $2
            AND NOT (COALESCE(author_key = $3, FALSE) OR COALESCE(lower(author_email) = lower($4), FALSE)
                     OR COALESCE(id = $5, FALSE))`,
        [
          ipHash,
          sinceMs,
          'authorKey' in except ? except.authorKey : null,
          'email' in except ? except.email : null,
          'commentId' in except ? except.commentId : null,
        ],
      ))!.n;
    },
    async countByAuthor(comment: Comment) {
      if (comment.authorKey !== null)
        return (await only<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM comments WHERE author_key = $1', [
          comment.authorKey,
        ]))!.n;
      if (comment.authorEmail !== null)
        return (await only<{ n: number }>(
          db,
          'SELECT COUNT(*) AS n FROM comments WHERE lower(author_email) = lower($1)',
          [comment.authorEmail],
        ))!.n;
      return 1;
    },
    async listIdsByAuthor({ authorKey, email, ipHash }) {
      const { rows } = await db.query<{ id: number }>(
        `SELECT id FROM comments WHERE status IN ('published', 'pending')
           AND (($1::text IS NOT NULL AND author_key = $1) OR ($2::text IS NOT NULL AND lower(author_email) = lower($2))
                OR ($3::text IS NOT NULL AND ip_hash = $3))
         ORDER BY id`,
        [authorKey, email, ipHash],
      );
      return rows.map((r) => r.id);
    },
  };

  const reports: ReportStore = {
    async insertReport({ commentId, reporterKey, network, reason, details, createdAtMs }) {
      const { rowCount } = await db.query(
        `INSERT INTO reports (comment_id, reporter_key, reason, details, created_at, ip_hash) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (comment_id, reporter_key) DO NOTHING`,
        [commentId, reporterKey, reason, details, createdAtMs, network],
      );
      return rowCount === 1;
    },
    async listOpenReportSources(commentId) {
      const { rows } = await db.query<{ ip_hash: string | null; created_at: number; first_seen_at: number | null }>(
        `SELECT r.ip_hash, r.created_at, i.first_seen_at FROM reports r LEFT JOIN identities i ON i.author_key = r.reporter_key
         WHERE r.comment_id = $1 AND r.dismissed_at IS NULL`,
        [commentId],
      );
      return rows.map((r) => ({
        network: r.ip_hash,
        reportedAtMs: r.created_at,
        reporterFirstSeenMs: r.first_seen_at,
      }));
    },
  };

  return { moderation, reports };
}
