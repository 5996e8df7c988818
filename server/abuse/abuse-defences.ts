// Owns the set of defences against abuse that the reader-facing use cases share.
import type { CommentVoteBursts } from './comment-vote-bursts';
import type { NewVoterBursts } from './new-voter-bursts';
import type { Limiter } from './rate-limiter';
import type { SpamChecker } from './spam-check';

export interface AbuseDefences {
  limiter: Limiter;
  /** Brand-new identities voting from each network lately, to spot vote stuffing. */
  newVoters: NewVoterBursts;
  /** Votes on each comment from each network lately, whatever the voters' age, to spot stuffing by aged identities. */
  commentVotes: CommentVoteBursts;
  /** The same count for readers' first reactions on each comment, kept apart so reactions and votes each get their own allowance. */
  commentReactions: CommentVoteBursts;
  minSubmitMs: number;
  spamCheck: SpamChecker | null;
}
