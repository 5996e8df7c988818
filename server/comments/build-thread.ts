// Owns turning a flat list of comments into the reply tree readers see.
import type { CommentNode, PublicComment } from '../protocol/dto';

function byTimeThenId(a: PublicComment, b: PublicComment): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id - b.id;
}

/**
 * Nests every comment under its parent, oldest first at every level. A comment whose
 * parent is not in the list (not loaded, or gone) is shown at the top level rather than lost.
 */
export function buildThread(comments: readonly PublicComment[]): CommentNode[] {
  const nodes = new Map<number, CommentNode>();
  for (const comment of [...comments].sort(byTimeThenId)) nodes.set(comment.id, { ...comment, replies: [] });
  const roots: CommentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    if (parent) parent.replies.push(node);
    else roots.push(node);
  }
  return roots;
}
