// Owns the event maps of the moderators' live channel, the socket.io namespace /admin, shared by the server and the dashboard.
import type { AuditEntryView, ModComment, ModThread, QueueCounts } from './admin-dto';

export const ADMIN_NAMESPACE = '/admin';

/** Moderators act over HTTP (one CSRF story); the channel only listens, so a client asks for nothing. */
export type AdminClientToServerEvents = Record<string, never>;

/** Events the server pushes to every moderator's socket. */
export interface AdminServerToClientEvents {
  /** On connect, and at most every 200 ms while comments change. */
  'queue:counts': (counts: QueueCounts) => void;
  /** A comment was posted, edited, voted away, reported or moderated: its state now. */
  'comment:changed': (comment: ModComment) => void;
  /** A moderator (or Parley itself) did something. */
  'audit:added': (entry: AuditEntryView) => void;
  /** A thread was closed or reopened. */
  'thread:changed': (thread: ModThread) => void;
}

/** What the server keeps on each moderator's socket: the session it was opened with. */
export interface AdminSocketData {
  sessionToken: string;
  sessionTokenHash: string;
}
