// Owns parsing a reaction request at the edge (HTTP body or socket payload).
import { REACTIONS, type Reaction } from '../protocol/dto';
import { FieldReader, keysWithout } from '../validation/fields';

export interface ReactionInput {
  commentId: number;
  reaction: Reaction;
  isOn: boolean;
}

export function parseReaction(raw: unknown, fromPath: { commentId?: number } = {}): ReactionInput {
  const r = new FieldReader(raw, keysWithout(['commentId', 'reaction', 'isOn'], fromPath));
  const commentId = fromPath.commentId ?? r.id('commentId');
  const reaction = r.string('reaction');
  if (reaction !== undefined && !(REACTIONS as readonly string[]).includes(reaction))
    r.add({ field: 'reaction', issue: 'invalid' });
  const isOn = r.raw('isOn');
  if (isOn === undefined || isOn === null) r.add({ field: 'isOn', issue: 'required' });
  else if (typeof isOn !== 'boolean') r.add({ field: 'isOn', issue: 'wrong_type' });
  r.finish();
  return { commentId: commentId as number, reaction: reaction as Reaction, isOn: isOn as boolean };
}
