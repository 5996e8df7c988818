// Owns the events the reaction use cases emit.
import type { Comment } from '../comments/comment';

export interface ReactionEvents {
  'comment:reacted': { comment: Comment };
}
