// Owns the dashboard's view of the moderation API's shapes, tied to the server's own definitions.
import type { ErrorCode, WireError } from '../../server/errors';
import type { ModComment, ModThread, ModThreadRef, toPublicAuditEntry, toPublicBan, toPublicModerator } from '../../server/moderation/mod-comment';
import type { ModerationSettings, PremoderationMode } from '../../server/policy/moderation-settings';
import type { QueueCounts, QueueName } from '../../server/moderation/moderation-store';

export type { ErrorCode, ModComment, ModerationSettings, PremoderationMode, QueueCounts, QueueName, WireError };

export type CommentStatus = ModComment['status'];
export type HeldReason = NonNullable<ModComment['heldReason']>;
export type ReportReason = 'spam' | 'abuse' | 'off-topic' | 'other';

export type Moderator = ReturnType<typeof toPublicModerator> & { role: Role };
export type Role = 'admin' | 'moderator';
export type Ban = ReturnType<typeof toPublicBan>;
export type BanKind = Ban['kind'];
export type AuditEntry = ReturnType<typeof toPublicAuditEntry>;

export interface Session {
  moderator: Moderator;
  csrfToken: string;
}

/** A thread in the Threads list and in thread:changed. */
export type ThreadSummary = ModThread;
/** A thread as a comment names it. */
export type ThreadRef = ModThreadRef;

export interface CommentFilters {
  queue: QueueName;
  threadId: number | null;
  /** Text the body contains. */
  text: string;
  /** Part of the author's name or email. */
  author: string;
}

export interface Paged<T> {
  items: T[];
  nextCursor: string | null;
}

export type CommentAction = 'approve' | 'remove' | 'spam' | 'restore' | 'dismiss-reports';

export interface BulkResult {
  id: number;
  ok: boolean;
  error?: { code: ErrorCode; message: string };
}

export interface BanRequest {
  commentId: number;
  by: BanKind[];
  days: number | null;
  reason?: string;
  removeComments: boolean;
}

export interface NewModerator {
  email: string;
  displayName: string;
  role: Role;
  password: string;
}

export const QUEUES: readonly QueueName[] = ['pending', 'reported', 'all', 'removed', 'spam'];
