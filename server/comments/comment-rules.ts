// Owns the pure rules for where a new comment may go.
import { AppError } from '../errors';
import type { Comment } from './comment';

export interface Placement {
  parentId: number | null;
  rootId: number | null;
  depth: number;
}

/** Where a comment lands given its (already looked-up) parent; throws when the parent does not fit. */
export function placeComment(threadId: number, parentId: number | null, parent: Comment | null): Placement {
  if (parentId === null) return { parentId: null, rootId: null, depth: 0 };
  if (parent === null) {
    throw new AppError('PARENT_NOT_FOUND', {
      publicMessage: 'The comment you are replying to does not exist.',
      details: { parentId },
    });
  }
  if (parent.threadId !== threadId) {
    throw new AppError('PARENT_IN_OTHER_THREAD', {
      publicMessage: 'The comment you are replying to belongs to another page.',
      details: { parentId },
    });
  }
  return { parentId: parent.id, rootId: parent.rootId, depth: parent.depth + 1 };
}
