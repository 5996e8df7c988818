// Owns looking up what an audit entry acts on, as it is now: in a unit of work when undoing, outside one when listing.
import type { AccountStore } from '../accounts/account-store';
import type { BanStore } from '../bans/ban';
import type { CommentStore } from '../comments/comment-store';
import type { ThreadStore } from '../threads/thread-store';
import { targetRefOf, type AuditTargetNow } from './audit-target';
import type { AuditEntry } from './moderation-store';

export interface AuditTargetStores {
  comments: Pick<CommentStore, 'findCommentById'>;
  bans: Pick<BanStore, 'findBanById'>;
  threads: Pick<ThreadStore, 'findThreadById'>;
  accounts: Pick<AccountStore, 'findModeratorById'>;
}

export async function loadAuditTarget(
  stores: AuditTargetStores,
  entry: Pick<AuditEntry, 'targetType' | 'targetId'>,
): Promise<AuditTargetNow> {
  const ref = targetRefOf(entry);
  if (ref === null) return null;
  switch (ref.type) {
    case 'comment':
      return { type: 'comment', comment: await stores.comments.findCommentById(ref.id) };
    case 'ban':
      return { type: 'ban', ban: await stores.bans.findBanById(ref.id) };
    case 'thread':
      return { type: 'thread', thread: await stores.threads.findThreadById(ref.id) };
    case 'moderator':
      return { type: 'moderator', moderator: await stores.accounts.findModeratorById(ref.id) };
  }
}
