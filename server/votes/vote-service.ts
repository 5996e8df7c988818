// Owns voting: one vote per reader per comment, never on one's own comment.
import type { Actor, CommentDeps } from '../comments/comment-context';
import type { VoteInput } from '../comments/comment-input';
import { requireIdentity, requireLiveComment, requireNotOwnComment } from '../comments/comment-rules';
import type { Comment, VoteValue } from '../comments/comment';
import { isVoteSuspicious, NEW_IDENTITY_MS } from './vote-rules';

export type VoteService = ReturnType<typeof createVoteService>;

export function createVoteService({ storage, events, clock, abuse }: Pick<CommentDeps, 'storage' | 'events' | 'clock' | 'abuse'>) {
  return {
    /** Sets the reader's vote to up, down or none; setting the same value twice changes nothing. */
    async castVote({ commentId, value }: VoteInput, actor: Actor): Promise<{ comment: Comment; myVote: VoteValue }> {
      const voterKey = requireIdentity(actor.authorKey);
      abuse.limiter.spend('vote', actor);
      // The rules are checked inside the vote's transaction, on the comment as it is then.
      const nowMs = clock.now();
      const network = actor.ipHash;
      const { comment, isChanged } = await storage.comments.setVote(
        { commentId, voterKey, value, nowMs, ipHash: network },
        {
          check: (current) => requireNotOwnComment(requireLiveComment(current, commentId), voterKey),
          isSuspect(firstSeenMs) {
            if (network === null) return false;
            const isNewIdentity = firstSeenMs > nowMs - NEW_IDENTITY_MS;
            return isVoteSuspicious({
              isNewIdentity,
              newVotersFromNetwork: isNewIdentity ? abuse.newVoters.noteVote(network, voterKey, firstSeenMs, nowMs) : 0,
              earlierVotesOnComment: abuse.commentVotes.noteVote(network, commentId, nowMs),
            });
          },
        },
      );
      if (isChanged) events.emit('comment:voted', { comment });
      return { comment, myVote: value };
    },
  };
}
