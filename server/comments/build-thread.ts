// Owns turning a flat list of comments into the reply tree readers see, in the chosen order.
import type { CommentNode, PublicComment, SortOrder } from '../protocol/dto';

function oldestFirst(a: PublicComment, b: PublicComment): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id - b.id;
}

/** The order of top-level comments under each sort; documented in docs/api.md. */
export function compareTopLevel(sort: SortOrder): (a: PublicComment, b: PublicComment) => number {
  if (sort === 'oldest') return oldestFirst;
  if (sort === 'newest') return (a, b) => oldestFirst(b, a);
  // Most voted: score, then newer first among equal scores.
  return (a, b) => (a.score !== b.score ? b.score - a.score : oldestFirst(b, a));
}

/**
 * Nests every comment under its parent. Top-level comments follow `sort`; replies stay in
 * conversation order (oldest first) under every sort. A comment whose parent is not in the
 * list is shown at the top level rather than lost.
 */
export function buildThread(comments: readonly PublicComment[], sort: SortOrder = 'oldest'): CommentNode[] {
  const nodes = new Map<number, CommentNode>();
  for (const comment of [...comments].sort(oldestFirst)) nodes.set(comment.id, { ...comment, replies: [] });
  const roots: CommentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    if (parent) parent.replies.push(node);
    else roots.push(node);
  }
  return roots.sort(compareTopLevel(sort));
}
