// Owns the events of moderation that are not changes to comments or threads.
import type { AuditEntry } from './moderation-store';

export interface ModerationEvents {
  'audit:added': { entry: AuditEntry };
}
