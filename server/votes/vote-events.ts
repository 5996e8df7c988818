// Owns the events the vote use cases emit.
import type { Comment } from '../comments/comment';

export interface VoteEvents {
  'comment:voted': { comment: Comment };
}
