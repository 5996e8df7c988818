// Owns the pure rules of votes: never on one's own comment, and spotting vote stuffing (many identities voting from one network).
import type { Comment } from '../comments/comment';
import { AppError } from '../errors';
import type { VoteValue } from './vote';

/** An identity first seen this recently is "new". */
export const NEW_IDENTITY_MS = 10 * 60_000;
/** This many new identities already voting from one network within the window make the next one suspect. */
export const NEW_VOTERS_PER_NETWORK = 5;
/** Votes on one comment from one network are counted for this long from the first of them, whoever cast them. */
export const COMMENT_VOTE_WINDOW_MS = 24 * 60 * 60_000;
/** This many votes already cast on a comment from one network within the window make the next one suspect. */
export const VOTES_PER_COMMENT_PER_NETWORK = 5;

export interface VoteFacts {
  /** The voter was first seen under NEW_IDENTITY_MS ago. */
  isNewIdentity: boolean;
  /** New identities that voted from the voter's network before, on any comment, while new. */
  newVotersFromNetwork: number;
  /** Votes cast on this comment from the voter's network before, in its current COMMENT_VOTE_WINDOW_MS. */
  earlierVotesOnComment: number;
}

/**
 * A burst of brand-new identities from one network (on any comments), or more than a few
 * votes on one comment from one network in a day, however old the identities casting them:
 * ageing tokens before using them escapes the first check, not the second.
 */
export function isVoteSuspicious({ isNewIdentity, newVotersFromNetwork, earlierVotesOnComment }: VoteFacts): boolean {
  return (
    (isNewIdentity && newVotersFromNetwork >= NEW_VOTERS_PER_NETWORK) ||
    earlierVotesOnComment >= VOTES_PER_COMMENT_PER_NETWORK
  );
}

export function requireNotOwnComment(comment: Comment, voterKey: string): void {
  if (comment.authorKey === voterKey) {
    throw new AppError('SELF_VOTE', {
      publicMessage: 'You cannot vote on your own comment.',
      details: { commentId: comment.id },
    });
  }
}

/** What changing a vote from `previous` to `next` adds to a comment's tallies; a flagged vote counts only among the held back. */
export function voteTallyChange(
  previous: VoteValue,
  next: VoteValue,
  isFlagged: boolean,
): { up: number; down: number; flagged: number } {
  const trusted = isFlagged ? 0 : 1;
  return {
    up: ((next === 1 ? 1 : 0) - (previous === 1 ? 1 : 0)) * trusted,
    down: ((next === -1 ? 1 : 0) - (previous === -1 ? 1 : 0)) * trusted,
    flagged: isFlagged ? (next !== 0 ? 1 : 0) - (previous !== 0 ? 1 : 0) : 0,
  };
}
