// Owns voting: one vote per reader per comment, never on one's own comment.
import type { Actor, CommentDeps } from '../comments/comment-context';
import type { VoteInput } from '../comments/comment-input';
import { requireIdentity, requireLiveComment, requireNotOwnComment } from '../comments/comment-rules';
import type { Comment, VoteValue } from '../comments/comment';

export type VoteService = ReturnType<typeof createVoteService>;

export function createVoteService({ storage, events, clock, abuse }: Pick<CommentDeps, 'storage' | 'events' | 'clock' | 'abuse'>) {
  return {
    /** Sets the reader's vote to up, down or none; setting the same value twice changes nothing. */
    async castVote({ commentId, value }: VoteInput, actor: Actor): Promise<{ comment: Comment; myVote: VoteValue }> {
      const voterKey = requireIdentity(actor.authorKey);
      abuse.limiter.spend('vote', actor);
      // The rules are checked inside the vote's transaction, on the comment as it is then.
      const vote = { commentId, voterKey, value, nowMs: clock.now(), ipHash: actor.ipHash };
      const { comment, isChanged } = await storage.comments.setVote(vote, (current) =>
        requireNotOwnComment(requireLiveComment(current, commentId), voterKey),
      );
      if (isChanged) events.emit('comment:voted', { comment });
      return { comment, myVote: value };
    },
  };
}
