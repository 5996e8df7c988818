// Owns what readers are told of a comment's reactions: its counts, never who reacted.
import type { Comment } from '../comments/comment';
import { visibleReactions } from '../comments/public-comment';
import type { ReactionTally } from '../protocol/dto';

export function toReactionTally(comment: Comment): ReactionTally {
  return { id: comment.id, threadId: comment.threadId, reactions: visibleReactions(comment), seq: comment.changeSeq };
}
