// Owns voting: one vote per reader per comment, never on one's own comment.
import type { Actor, CommentDeps } from '../comments/comment-context';
import type { VoteInput } from '../comments/comment-input';
import { requireIdentity, requireLiveComment, requireNotOwnComment } from '../comments/comment-rules';
import type { Comment, VoteValue } from '../comments/comment';

export type VoteService = ReturnType<typeof createVoteService>;

export function createVoteService({ storage, events, clock, abuse }: Pick<CommentDeps, 'storage' | 'events' | 'clock' | 'abuse'>) {
  return {
    /** Sets the reader's vote to up, down or none; setting the same value twice changes nothing. */
    async castVote({ commentId, value }: VoteInput, actor: Actor): Promise<{ comment: Comment; myVote: VoteValue }> {
      const voterKey = requireIdentity(actor.authorKey);
      abuse.limiter.spend('vote', actor);
      const comment = requireLiveComment(await storage.comments.findCommentById(commentId), commentId);
      requireNotOwnComment(comment, voterKey);
      const updated = await storage.comments.setVote({ commentId, voterKey, value, nowMs: clock.now(), ipHash: actor.ipHash });
      if (updated.changeSeq !== comment.changeSeq || updated.score !== comment.score) events.emit('comment:voted', { comment: updated });
      return { comment: updated, myVote: value };
    },
  };
}
