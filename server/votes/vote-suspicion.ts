// Owns judging a reader's first vote (or first reaction) on a comment as possible stuffing, from the shared windows.
import type { VoteKind, VoteWindows } from '../abuse/vote-windows';
import { isVoteSuspicious, NEW_IDENTITY_MS } from './vote-rules';

export interface FirstVote {
  kind: VoteKind;
  commentId: number;
  voterKey: string;
  /** The voter's network (hashed); none, no judgement. */
  network: string | null;
  /** When the voter's identity was first seen. */
  firstSeenMs: number;
  nowMs: number;
}

/**
 * Notes the vote in the windows and says whether it is held out of the score: a burst of
 * brand-new identities from one network, or many first votes of one network on one comment.
 */
export async function isFirstVoteSuspect(windows: VoteWindows, vote: FirstVote): Promise<boolean> {
  const { kind, commentId, voterKey, network, firstSeenMs, nowMs } = vote;
  if (network === null) return false;
  const isNewIdentity = firstSeenMs > nowMs - NEW_IDENTITY_MS;
  return isVoteSuspicious({
    isNewIdentity,
    newVotersFromNetwork: isNewIdentity ? await windows.noteNewVoter(network, voterKey, firstSeenMs, nowMs) : 0,
    earlierVotesOnComment: await windows.noteFirstVote(kind, network, commentId, nowMs),
  });
}
