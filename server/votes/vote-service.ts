// Owns voting: one vote per reader per comment, never on one's own comment.
import type { AbuseDefences } from '../abuse/abuse-defences';
import type { Clock } from '../clock';
import type { EventSink } from '../events';
import type { Actor } from '../identity/actor';
import type { VoteEvents } from './vote-events';
import type { VoteStore } from './vote-store';
import type { VoteInput } from './vote-input';
import { requireIdentity, requireLiveComment } from '../comments/comment-rules';
import { requireNotOwnComment } from './vote-rules';
import type { Comment } from '../comments/comment';
import type { VoteValue } from './vote';
import { isVoteSuspicious, NEW_IDENTITY_MS } from './vote-rules';

export type VoteService = ReturnType<typeof createVoteService>;

export interface VoteServiceDeps {
  storage: { votes: VoteStore };
  events: EventSink<VoteEvents>;
  clock: Clock;
  abuse: AbuseDefences;
}

export function createVoteService({ storage, events, clock, abuse }: VoteServiceDeps) {
  return {
    /** Sets the reader's vote to up, down or none; setting the same value twice changes nothing. */
    async castVote({ commentId, value }: VoteInput, actor: Actor): Promise<{ comment: Comment; myVote: VoteValue }> {
      const voterKey = requireIdentity(actor.authorKey);
      abuse.limiter.spend('vote', actor);
      // The rules are checked inside the vote's transaction, on the comment as it is then.
      const nowMs = clock.now();
      const network = actor.ipHash;
      const { comment, isChanged } = await storage.votes.setVote(
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
