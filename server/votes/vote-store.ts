// Owns the storage contract of votes: what any engine must do for them.
import type { VoteValue } from './vote';

/** One reader's vote on one comment, as stored. */
export interface StoredVote {
  /** The current choice; 0 once withdrawn. */
  value: VoteValue;
  /** Held back as possible stuffing when first cast; it keeps that through switches and withdrawals. */
  isFlagged: boolean;
}

export interface VoteStore {
  findVote(commentId: number, voterKey: string): Promise<StoredVote | null>;
  /** Casts or changes a vote (up or down). */
  saveVote(vote: {
    commentId: number;
    voterKey: string;
    value: 1 | -1;
    atMs: number;
    ipHash: string | null;
    isFlagged: boolean;
  }): Promise<void>;
  /** Withdraws a vote; its row stays, so its flag outlives the withdrawal. */
  withdrawVote(commentId: number, voterKey: string): Promise<void>;
  /** The voter's votes (not withdrawn) among the given comments. */
  findVotesByVoter(voterKey: string, commentIds: readonly number[]): Promise<Map<number, VoteValue>>;
}
