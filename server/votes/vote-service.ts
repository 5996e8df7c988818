// Owns voting: one vote per reader per comment, never on one's own comment.
import type { AbuseDefences } from '../abuse/abuse-defences';
import type { Clock } from '../clock';
import type { EventSink } from '../events';
import type { Actor } from '../identity/actor';
import type { VoteEvents } from './vote-events';
import type { VoteStore } from './vote-store';
import type { CommentStore } from '../comments/comment-store';
import type { IdentityStore } from '../identity/identity-store';
import type { UnitOfWork } from '../unit-of-work';
import type { VoteInput } from './vote-input';
import { requireIdentity, requireLiveComment } from '../comments/comment-rules';
import { requireNotOwnComment } from './vote-rules';
import type { Comment } from '../comments/comment';
import type { VoteValue } from './vote';
import { voteTallyChange } from './vote-rules';
import { isFirstVoteSuspect } from './vote-suspicion';

export type VoteService = ReturnType<typeof createVoteService>;

/** The stores a vote reads and writes, inside its unit of work. */
export type VoteStores = { votes: VoteStore; comments: CommentStore; identities: IdentityStore };

export interface VoteServiceDeps {
  storage: UnitOfWork<VoteStores>;
  events: EventSink<VoteEvents>;
  clock: Clock;
  abuse: AbuseDefences;
}

export function createVoteService({ storage, events, clock, abuse }: VoteServiceDeps) {
  return {
    /** Sets the reader's vote to up, down or none; setting the same value twice changes nothing. */
    async castVote({ commentId, value }: VoteInput, actor: Actor): Promise<{ comment: Comment; myVote: VoteValue }> {
      const voterKey = requireIdentity(actor.authorKey);
      await abuse.limiter.spend('vote', actor);
      const nowMs = clock.now();
      const network = actor.ipHash;

      /** Whether a voter's first vote on the comment is held out of the score as possible stuffing. */
      const isSuspect = (firstSeenMs: number): Promise<boolean> =>
        isFirstVoteSuspect(abuse.voteWindows, {
          kind: 'vote',
          commentId,
          voterKey: voterKey,
          network,
          firstSeenMs,
          nowMs,
        });

      // One unit of work: the rules see the comment and the vote as they are when the vote is written.
      const { comment, isChanged } = await storage.transaction(async (tx) => {
        const current = requireLiveComment(await tx.comments.findCommentById(commentId), commentId);
        requireNotOwnComment(current, voterKey);
        const existing = await tx.votes.findVote(commentId, voterKey);
        const previous: VoteValue = existing?.value ?? 0;
        if (previous === value) return { comment: current, isChanged: false };
        // A vote keeps the trust it was given when first cast, through switches and withdrawals.
        let isFlagged: boolean;
        if (existing !== null) {
          isFlagged = existing.isFlagged;
        } else {
          let firstSeenMs = await tx.identities.findFirstSeen(voterKey);
          if (firstSeenMs === null) {
            await tx.identities.noteIdentity(voterKey, nowMs, network);
            firstSeenMs = nowMs;
          }
          isFlagged = await isSuspect(firstSeenMs);
        }
        if (value === 0) await tx.votes.withdrawVote(commentId, voterKey);
        else await tx.votes.saveVote({ commentId, voterKey, value, atMs: nowMs, ipHash: network, isFlagged });
        const seq = await tx.comments.nextChangeSeq();
        return {
          comment: await tx.comments.addVoteTally(commentId, voteTallyChange(previous, value, isFlagged), seq),
          isChanged: true,
        };
      });
      if (isChanged) events.emit('comment:voted', { comment });
      return { comment, myVote: value };
    },
  };
}
