// Owns a vote as stored and as readers choose it.

/** A vote as stored: +1 up, -1 down; 0 means "no vote". */
export type VoteValue = -1 | 0 | 1;

export const VOTE_VALUES = { up: 1, down: -1, none: 0 } as const satisfies Record<string, VoteValue>;

export function voteChoiceOf(value: VoteValue): 'up' | 'down' | 'none' {
  return value === 1 ? 'up' : value === -1 ? 'down' : 'none';
}
