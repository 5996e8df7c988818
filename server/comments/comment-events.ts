// Owns the events the comment use cases emit.
import type { Comment } from './comment';

export interface CommentEvents {
  'comment:created': { comment: Comment; threadCommentCount: number };
  /** Edited, deleted, moderated, or its reply count changed (hidden when its last shown reply went away). */
  'comment:updated': { comment: Comment };
  'thread:counted': { threadId: number; commentCount: number };
}
