// Owns the storage contract as a whole: every store an engine provides, each declared by the
// folder whose use cases need it. Only the composition root and the engines import this file.
import type { AccountStore } from '../accounts/account-store';
import type { BanStore } from '../bans/ban';
import type { CommentStore } from '../comments/comment-store';
import type { HealthStore } from '../health/health-store';
import type { IdentityStore } from '../identity/identity-store';
import type { AuditStore, ModerationStore, ReportStore } from '../moderation/moderation-store';
import type { SettingsStore } from '../policy/settings-store';
import type { ThreadStore } from '../threads/thread-store';
import type { UnitOfWork } from '../unit-of-work';
import type { VoteStore } from '../votes/vote-store';
import type { ReactionStore } from '../reactions/reaction-store';
import type { MailOutboxStore, SubscriptionStore } from '../notifications/subscription-store';

/** Every store of an engine; a unit of work is handed all of them, bound to its transaction. */
export interface Stores {
  threads: ThreadStore;
  comments: CommentStore;
  votes: VoteStore;
  reactions: ReactionStore;
  identities: IdentityStore;
  moderation: ModerationStore;
  reports: ReportStore;
  bans: BanStore;
  audit: AuditStore;
  accounts: AccountStore;
  settings: SettingsStore;
  subscriptions: SubscriptionStore;
  outbox: MailOutboxStore;
}

export interface Storage extends Stores, UnitOfWork<Stores> {
  health: HealthStore;
  close(): Promise<void>;
}

/**
 * Store methods that write: outside a unit of work each runs as a unit of its own, on every
 * engine; every other method reads.
 */
export const WRITE_METHODS: { readonly [S in keyof Stores]: readonly (keyof Stores[S])[] } = {
  threads: ['ensureThread', 'setPageAddress', 'setThreadClosed', 'addToCommentCount'],
  comments: [
    'nextChangeSeq',
    'insertComment',
    'updateBody',
    'updateStatus',
    'addReplyCount',
    'addToConversation',
    'clearReports',
    'addReportCount',
    'setPinned',
    'addVoteTally',
    'addReactionCount',
  ],
  votes: ['saveVote', 'withdrawVote'],
  reactions: ['saveReaction', 'withdrawReaction'],
  identities: ['noteIdentity'],
  moderation: [],
  reports: ['insertReport'],
  bans: ['addBan', 'liftBan'],
  audit: ['addEntry', 'markUndone'],
  accounts: [
    'insertModerator',
    'setPassword',
    'setMailPreferences',
    'insertSession',
    'deleteSession',
    'takeLoginAttempt',
    'clearLoginFailures',
  ],
  settings: ['put', 'getOrCreate'],
  subscriptions: ['noteConfirmationSent', 'confirmAddress', 'saveSubscription', 'endSubscriptions'],
  outbox: ['queueMail', 'queueThreadNotices', 'claimDue', 'markSent', 'markFailed', 'markDropped'],
};
