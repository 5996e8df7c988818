// Owns the storage contracts of moderation: queues and actions, readers' reports, the audit log.
import type { Comment } from '../comments/comment';
import type { ReportSource } from '../policy/moderation-rules';
import type { AuditTargetType, QueueCounts, QueueName } from '../protocol/admin-dto';

export { QUEUE_NAMES } from '../protocol/admin-dto';
export type { QueueCounts, QueueName };

/** One reader's comments: by their identity when known, else by their email; when neither, the one comment. */
export type SameAuthor = { authorKey: string } | { email: string } | { commentId: number };

export interface QueueQuery {
  queue: QueueName;
  threadId: number | null;
  /** Text the body contains. */
  text: string;
  /** Text the author's name or email contains. */
  author: string;
  sameAuthor: SameAuthor | null;
  /** Newest first: start after this comment's (createdAtMs, id). */
  after: { createdAtMs: number; id: number } | null;
  limit: number;
}

export interface Report {
  reason: 'spam' | 'abuse' | 'off-topic' | 'other';
  details: string | null;
  createdAtMs: number;
}

export interface ModerationStore {
  listQueue(query: QueueQuery): Promise<Comment[]>;
  countQueues(): Promise<QueueCounts>;
  /** Open reports of each comment. */
  listOpenReports(commentIds: readonly number[]): Promise<Map<number, Report[]>>;
  /** Comments by the same author: by identity when known, else by email; 1 when neither. */
  countByAuthor(comment: Comment): Promise<number>;
  /**
   * How many readers other than `except` wrote comments from the network `ipHash` since
   * `sinceMs`: readers by identity, else by email (any case), else each comment on its own.
   */
  countOtherReadersOnNetwork(query: { ipHash: string; sinceMs: number; except: SameAuthor }): Promise<number>;
  /** Published or pending comments by the same identity, email or address hash. */
  listIdsByAuthor(author: { authorKey: string | null; email: string | null; ipHash: string | null }): Promise<number[]>;
}

export interface ReportStore {
  /** Records a report; false when this reader already reported the comment (nothing changes then). */
  insertReport(report: { commentId: number; reporterKey: string; network: string | null } & Report): Promise<boolean>;
  /** The comment's open reports, with what deciding whether they hide it needs to know. */
  listOpenReportSources(commentId: number): Promise<ReportSource[]>;
}

export interface AuditEntry {
  id: number;
  moderatorId: number | null;
  moderatorName: string | null;
  action: string;
  targetType: AuditTargetType;
  targetId: string;
  reason: string | null;
  details: Record<string, unknown>;
  createdAtMs: number;
  /** The entry that undid this one, if any. */
  undoneBy: number | null;
}

export interface AuditQuery {
  action: string | null;
  moderatorId: number | null;
  beforeId: number | null;
  limit: number;
}

export interface AuditStore {
  addEntry(entry: Omit<AuditEntry, 'id' | 'moderatorName' | 'undoneBy'>): Promise<AuditEntry>;
  markUndone(entryId: number, undoneBy: number): Promise<void>;
  listEntries(query: AuditQuery): Promise<AuditEntry[]>;
  findEntryById(id: number): Promise<AuditEntry | null>;
}
