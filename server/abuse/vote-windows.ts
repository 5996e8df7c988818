// Owns the windows vote stuffing is judged by, wherever they are kept: in this process's memory
// (one node, SQLite) or beside the data (several nodes on PostgreSQL), so that spreading votes
// over the nodes behind a balancer does not spread the count.
import { CommentVoteBursts } from './comment-vote-bursts';
import { NewVoterBursts } from './new-voter-bursts';

/** Votes and reactions keep counts of their own, so neither uses up the other's. */
export type VoteKind = 'vote' | 'reaction';

export interface VoteWindowLengths {
  /** How long an identity counts as new after it is first seen. */
  newForMs: number;
  /** How long the first votes of one network on one comment are counted together. */
  windowMs: number;
}

export interface VoteWindows {
  /**
   * Notes a first vote by `voterKey` (first seen at `firstSeenMs`) from `network`, and returns
   * how many identities that are still new had voted from that network before this vote
   * (itself included, if it voted before). See NewVoterBursts.
   */
  noteNewVoter(network: string, voterKey: string, firstSeenMs: number, nowMs: number): Promise<number>;
  /**
   * Notes a first vote (or reaction) on `commentId` from `network`, and returns how many first
   * ones from that network on that comment came before it in the current window (at most 7).
   * See CommentVoteBursts.
   */
  noteFirstVote(kind: VoteKind, network: string, commentId: number, nowMs: number): Promise<number>;
}

/** The windows of one process. */
export function createMemoryVoteWindows({ newForMs, windowMs }: VoteWindowLengths): VoteWindows {
  const newVoters = new NewVoterBursts(newForMs);
  const firstVotes: Record<VoteKind, CommentVoteBursts> = {
    vote: new CommentVoteBursts(windowMs),
    reaction: new CommentVoteBursts(windowMs),
  };
  return {
    async noteNewVoter(network, voterKey, firstSeenMs, nowMs) {
      return newVoters.noteVote(network, voterKey, firstSeenMs, nowMs);
    },
    async noteFirstVote(kind, network, commentId, nowMs) {
      return firstVotes[kind].noteVote(network, commentId, nowMs);
    },
  };
}
