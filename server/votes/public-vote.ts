// Owns what readers are told of a comment's votes: its tally, never who voted.
import type { Comment } from '../comments/comment';
import type { VoteTally } from '../protocol/dto';

export function toVoteTally(comment: Comment): VoteTally {
  return {
    id: comment.id,
    threadId: comment.threadId,
    score: comment.score,
    upvotes: comment.upvotes,
    downvotes: comment.downvotes,
    seq: comment.changeSeq,
  };
}
