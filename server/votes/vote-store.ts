// Owns the storage contract of votes: what any engine must do for them.
import type { Comment } from '../comments/comment';
import type { VoteValue } from './vote';

/** The service's rules for one vote, applied by the store inside the vote's transaction. */
export interface VoteRules {
  /** Sees the comment as it stands there; throws to refuse the vote. */
  check(current: Comment | null): void;
  /**
   * Asked for a voter's first vote on the comment, with when the voter was first seen (the
   * store notes a voter it never saw as first seen now): whether to hold the vote out of the
   * score as possible stuffing. A vote keeps that answer through later switches.
   */
  isSuspect(firstSeenMs: number): boolean;
}

export interface VoteStore {
  /**
   * Sets (or with 0, withdraws) one voter's vote and updates the comment's tallies atomically,
   * applying `rules` inside the same transaction. `isChanged` is false when the vote already
   * had this value.
   */
  setVote(
    vote: { commentId: number; voterKey: string; value: VoteValue; nowMs: number; ipHash: string | null },
    rules: VoteRules,
  ): Promise<{ comment: Comment; isChanged: boolean }>;
  /** The voter's votes among the given comments. */
  findVotesByVoter(voterKey: string, commentIds: readonly number[]): Promise<Map<number, VoteValue>>;
}
