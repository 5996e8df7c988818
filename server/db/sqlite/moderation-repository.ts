// Owns the SQL of moderation queues and actions, and of readers' reports (SQLite engines).
import type { Db } from './connection';
import type { Writer } from './group-commit';
import type { Comment } from '../../comments/comment';
import { COMMENT_COLUMNS, prepareCommentQuery, toComment } from './comment-rows';
import { escapeLike } from '../escape-like';
import type {
  ModerationStore,
  QueueCounts,
  QueueName,
  QueueQuery,
  Report,
  ReportStore,
} from '../../moderation/moderation-store';

const QUEUE_FILTER: Record<QueueName, string> = {
  pending: `status = 'pending'`,
  // The unary + keeps SQLite off the status index, which would walk every published comment
  // to find the few reported ones, and onto the index of reported comments.
  reported: `report_count > 0 AND +status IN ('published', 'pending')`,
  all: `status <> 'deleted'`,
  removed: `status = 'removed'`,
  spam: `status = 'spam'`,
};

interface QueueParams {
  threadId: number | null;
  text: string;
  author: string;
  /** The reader's identity, email or comment id, for a list of one reader's comments. */
  same: string | number | null;
  createdAtMs: number | null;
  id: number | null;
  limit: number;
}

type SameAuthorKind = 'none' | 'authorKey' | 'email' | 'commentId';

/** One reader's comments go through the index on identities (by time) or on emails, never through every comment of a queue. */
const SAME_AUTHOR_FILTER: Record<SameAuthorKind, string> = {
  none: '',
  authorKey: 'author_key = @same AND',
  email: 'author_email = @same COLLATE NOCASE AND',
  commentId: 'id = @same AND',
};

/**
 * The queue's condition with its columns kept off their indexes (the unary +): for one reader,
 * the index on identities or emails finds a few rows, where a status index would walk the queue.
 */
function offIndexes(filter: string): string {
  return filter.replace(/(?<!\+)\b(status|report_count)\b/g, '+$1');
}

function sameAuthorOf(query: QueueQuery): { kind: SameAuthorKind; same: string | number | null } {
  const same = query.sameAuthor;
  if (same === null) return { kind: 'none', same: null };
  if ('authorKey' in same) return { kind: 'authorKey', same: same.authorKey };
  if ('email' in same) return { kind: 'email', same: same.email };
  return { kind: 'commentId', same: same.commentId };
}

/** Every write goes through `writes`, the engine's one write path. */
export function createSqliteModerationStores(
  db: Db,
  writes: Writer,
): { moderation: ModerationStore; reports: ReportStore } {
  const queueSql = (queue: QueueName, kind: SameAuthorKind) =>
    `SELECT ${COMMENT_COLUMNS} FROM comments
     WHERE ${SAME_AUTHOR_FILTER[kind]} ${kind === 'none' ? QUEUE_FILTER[queue] : offIndexes(QUEUE_FILTER[queue])}
       AND (@threadId IS NULL OR thread_id = @threadId)
       AND (@text = '' OR body_source LIKE '%' || @text || '%' ESCAPE '\\')
       AND (@author = '' OR author_name LIKE '%' || @author || '%' ESCAPE '\\'
            OR author_email LIKE '%' || @author || '%' ESCAPE '\\')
       AND (@createdAtMs IS NULL OR (created_at, id) < (@createdAtMs, @id))
     ORDER BY created_at DESC, id DESC LIMIT @limit`;
  const queueStatements = new Map(
    (Object.keys(QUEUE_FILTER) as QueueName[]).flatMap((queue) =>
      (Object.keys(SAME_AUTHOR_FILTER) as SameAuthorKind[]).map(
        (kind) => [`${queue}:${kind}`, prepareCommentQuery<QueueParams>(db, queueSql(queue, kind))] as const,
      ),
    ),
  );
  // Counts per status are kept by triggers (migration 0011); only the reported are counted, through their own index.
  const counts = db.prepare<[], QueueCounts>(
    `SELECT
       COALESCE(SUM(CASE WHEN status = 'pending' THEN comment_count END), 0) AS pending,
       (SELECT COUNT(*) FROM comments WHERE ${QUEUE_FILTER.reported}) AS reported,
       COALESCE(SUM(CASE WHEN status <> 'deleted' THEN comment_count END), 0) AS "all",
       COALESCE(SUM(CASE WHEN status = 'removed' THEN comment_count END), 0) AS removed,
       COALESCE(SUM(CASE WHEN status = 'spam' THEN comment_count END), 0) AS spam
     FROM comment_status_counts`,
  );
  const reportsOf = db.prepare<[number], { reason: Report['reason']; details: string | null; created_at: number }>(
    'SELECT reason, details, created_at FROM reports WHERE comment_id = ? AND dismissed_at IS NULL ORDER BY created_at',
  );
  const countByKey = db.prepare<[string], { n: number }>(`SELECT COUNT(*) AS n FROM comments WHERE author_key = ?`);
  const countByEmail = db.prepare<[string], { n: number }>(
    `SELECT COUNT(*) AS n FROM comments WHERE author_email = ? COLLATE NOCASE`,
  );
  const idsByAuthor = db.prepare<{ key: string | null; email: string | null; ip: string | null }, { id: number }>(
    `SELECT id FROM comments WHERE status IN ('published', 'pending')
       AND ((@key IS NOT NULL AND author_key = @key) OR (@email IS NOT NULL AND author_email = @email COLLATE NOCASE)
            OR (@ip IS NOT NULL AND ip_hash = @ip))
     ORDER BY id`,
  );
  // Served by comments_by_ip_hash (ip_hash, created_at); a comment with no identity and no
  // email is a reader of its own. The COALESCEs keep a NULL comparison from hiding a row.
  const otherReadersOnNetwork = db.prepare<
    { ip: string; since: number; key: string | null; email: string | null; id: number | null },
    { n: number }
  >(
    `SELECT COUNT(DISTINCT COALESCE('k:' || author_key, 'e:' || lower(author_email), 'c:' || id)) AS n
       FROM comments
      WHERE ip_hash = @ip AND created_at >= @since
        AND NOT (COALESCE(author_key = @key, 0) OR COALESCE(author_email = @email COLLATE NOCASE, 0) OR id IS @id)`,
  );
  const insertReport = db.prepare(
    `INSERT INTO reports (comment_id, reporter_key, reason, details, created_at, ip_hash) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (comment_id, reporter_key) DO NOTHING`,
  );
  const openSources = db.prepare<
    [number],
    { ip_hash: string | null; created_at: number; first_seen_at: number | null }
  >(
    `SELECT r.ip_hash, r.created_at, i.first_seen_at FROM reports r LEFT JOIN identities i ON i.author_key = r.reporter_key
     WHERE r.comment_id = ? AND r.dismissed_at IS NULL`,
  );

  const moderation: ModerationStore = {
    async listQueue(query) {
      const { queue, threadId, text, author, after, limit } = query;
      const { kind, same } = sameAuthorOf(query);
      return queueStatements
        .get(`${queue}:${kind}`)!
        .all({
          threadId,
          text: escapeLike(text),
          author: escapeLike(author),
          same,
          createdAtMs: after?.createdAtMs ?? null,
          id: after?.id ?? null,
          limit,
        })
        .map(toComment);
    },
    async countQueues() {
      return { ...counts.get()! };
    },
    async listOpenReports(commentIds) {
      const out = new Map<number, Report[]>();
      for (const id of commentIds) {
        const rows = reportsOf.all(id);
        if (rows.length > 0)
          out.set(
            id,
            rows.map((r) => ({ reason: r.reason, details: r.details, createdAtMs: r.created_at })),
          );
      }
      return out;
    },
    async countByAuthor(comment: Comment) {
      if (comment.authorKey !== null) return countByKey.get(comment.authorKey)!.n;
      if (comment.authorEmail !== null) return countByEmail.get(comment.authorEmail)!.n;
      return 1;
    },
    async countOtherReadersOnNetwork({ ipHash, sinceMs, except }) {
      return otherReadersOnNetwork.get({
        ip: ipHash,
        since: sinceMs,
        key: 'authorKey' in except ? except.authorKey : null,
        email: 'email' in except ? except.email : null,
        id: 'commentId' in except ? except.commentId : null,
      })!.n;
    },
    async listIdsByAuthor({ authorKey, email, ipHash }) {
      return idsByAuthor.all({ key: authorKey, email, ip: ipHash }).map((r) => r.id);
    },
  };

  const reports: ReportStore = {
    async insertReport({ commentId, reporterKey, network, reason, details, createdAtMs }) {
      return writes.run(
        () => insertReport.run(commentId, reporterKey, reason, details, createdAtMs, network).changes === 1,
      );
    },
    async listOpenReportSources(commentId) {
      return openSources
        .all(commentId)
        .map((r) => ({ network: r.ip_hash, reportedAtMs: r.created_at, reporterFirstSeenMs: r.first_seen_at }));
    },
  };

  return { moderation, reports };
}
