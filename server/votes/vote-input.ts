// Owns parsing a vote request at the edge (HTTP body or socket payload).
import { FieldReader, keysWithout } from '../validation/fields';
import { VOTE_VALUES, type VoteValue } from './vote';

export interface VoteInput {
  commentId: number;
  value: VoteValue;
}

export function parseVote(raw: unknown, fromPath: { commentId?: number } = {}): VoteInput {
  const r = new FieldReader(raw, keysWithout(['commentId', 'value'], fromPath));
  const commentId = fromPath.commentId ?? r.id('commentId');
  const choice = r.string('value');
  if (choice !== undefined && !Object.hasOwn(VOTE_VALUES, choice)) r.add({ field: 'value', issue: 'invalid' });
  r.finish();
  return { commentId: commentId as number, value: VOTE_VALUES[choice as keyof typeof VOTE_VALUES] };
}
