// Owns the dashboard's names for the moderation API's shapes: every one of them is the admin protocol's own.
export type { ErrorCode, ReportReason, WireError } from '../../server/protocol/dto';
export type {
  AdminSession as Session,
  AuditEntryView as AuditEntry,
  BanKind,
  BanRequest,
  BulkResult,
  CommentAction,
  HeldReason,
  MailPreferences,
  ModComment,
  ModCommentStatus as CommentStatus,
  ModerationSettings,
  ModThread as ThreadSummary,
  ModThreadRef as ThreadRef,
  NetworkNeighbours,
  NewModeratorRequest as NewModerator,
  Paged,
  PremoderationMode,
  PublicBan as Ban,
  PublicModerator as Moderator,
  PublicOutboxMail as OutboxMail,
  QueueCounts,
  QueueName,
  Role,
} from '../../server/protocol/admin-dto';
export type { AdminServerToClientEvents } from '../../server/protocol/admin-socket-events';
