// Owns the storage contract as a whole: every store an engine provides, each declared by the
// folder whose use cases need it. Only the composition root and the engines import this file.
import type { AccountStore } from '../accounts/account-store';
import type { BanStore } from '../bans/ban';
import type { CommentStore } from '../comments/comment-store';
import type { HealthStore } from '../health/health-store';
import type { AuditStore, ModerationStore, ReportStore } from '../moderation/moderation-store';
import type { SettingsStore } from '../policy/settings-store';
import type { ThreadStore } from '../threads/thread-store';
import type { VoteStore } from '../votes/vote-store';

export interface Storage {
  threads: ThreadStore;
  comments: CommentStore;
  votes: VoteStore;
  moderation: ModerationStore;
  reports: ReportStore;
  bans: BanStore;
  audit: AuditStore;
  accounts: AccountStore;
  settings: SettingsStore;
  health: HealthStore;
  close(): Promise<void>;
}
