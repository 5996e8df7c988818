// Owns the pure rules of reactions: never on one's own comment, only while the site allows them, and what a change does to the counts.
import type { Comment } from '../comments/comment';
import { AppError } from '../errors';

export function requireNotOwnComment(comment: Comment, reactorKey: string): void {
  if (comment.authorKey === reactorKey) {
    throw new AppError('SELF_REACTION', {
      publicMessage: 'You cannot react to your own comment.',
      details: { commentId: comment.id },
    });
  }
}

export function requireReactionsEnabled(settings: { areReactionsEnabled: boolean }): void {
  if (!settings.areReactionsEnabled) {
    throw new AppError('REACTIONS_OFF', { publicMessage: 'Reactions are turned off on this site.' });
  }
}

/**
 * What turning a reaction from `wasOn` to `isOn` adds to the comment's count of that kind: a
 * reaction held back as possible stuffing is kept but never counted, as flagged votes are.
 */
export function reactionCountChange(wasOn: boolean, isOn: boolean, isFlagged: boolean): number {
  if (isFlagged || wasOn === isOn) return 0;
  return isOn ? 1 : -1;
}
