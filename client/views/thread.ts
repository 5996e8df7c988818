// Owns the reply tree on screen: placing each comment under its parent, once, in conversation order.
import type { CommentNode, PublicComment } from '../../server/protocol/dto';
import { h } from '../dom';
import type { Messages } from '../messages/catalog';
import { isPlaceholder, renderComment, type CommentView } from './comment';

interface Placed {
  comment: PublicComment;
  view: CommentView;
}

export type ChangeResult = 'added' | 'updated' | 'removed' | 'ignored';

export interface ThreadListView {
  element: HTMLOListElement;
  /** Applies one comment as it is now (new, edited or deleted), at most once per version. */
  apply(comment: PublicComment, options?: { isLive?: boolean }): ChangeResult;
  /** Applies every comment of a tree from the server (a view or a page); returns how many were new. */
  merge(nodes: readonly CommentNode[]): number;
  find(id: number): CommentView | undefined;
  size(): number;
}

// Oldest first at every level, as the server orders them; id breaks ties in the same millisecond.
function isBefore(a: PublicComment, b: PublicComment): boolean {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt;
  return a.id < b.id;
}

function isNewer(next: PublicComment, current: PublicComment): boolean {
  return typeof next.seq === 'number' && typeof current.seq === 'number' ? next.seq > current.seq : false;
}

export function createThreadList({
  messages,
  now,
  onReply,
}: {
  messages: Messages;
  now(): number;
  onReply(comment: PublicComment, view: CommentView): void;
}): ThreadListView {
  const element = h('ol', { class: 'thread' });
  const placed = new Map<number, Placed>();

  function insert(comment: PublicComment, isLive: boolean): void {
    const entry: Placed = {
      comment,
      view: renderComment(comment, now(), { messages, onReply: () => onReply(entry.comment, entry.view) }),
    };
    if (isLive) entry.view.item.classList.add('is-new');
    // A reply whose parent is not shown (the server lists it so) sits at the top level rather than lost.
    const parent = comment.parentId === null ? undefined : placed.get(comment.parentId);
    const list = parent ? parent.view.replies() : element;
    // New comments are almost always the newest, so look for the insertion point from the end.
    let before: Element | null = null;
    for (let el = list.lastElementChild; el; el = el.previousElementSibling) {
      const sibling = placed.get(Number(el.id.slice('comment-'.length)));
      if (sibling && isBefore(sibling.comment, comment)) break;
      before = el;
    }
    list.insertBefore(entry.view.item, before);
    placed.set(comment.id, entry);
  }

  function remove(entry: Placed): void {
    entry.view.item.remove();
    placed.delete(entry.comment.id);
  }

  function apply(comment: PublicComment, { isLive = false } = {}): ChangeResult {
    const entry = placed.get(comment.id);
    if (entry) {
      if (!isNewer(comment, entry.comment)) return 'ignored';
      // The server keeps a placeholder only while it has replies to hold together.
      if (isPlaceholder(comment) && !entry.view.hasReplies()) {
        remove(entry);
        return 'removed';
      }
      entry.comment = comment;
      entry.view.update(comment, now());
      return 'updated';
    }
    if (isPlaceholder(comment)) return 'ignored';
    // A live reply to a comment on a page not loaded yet arrives with that page instead.
    if (comment.parentId !== null && !placed.has(comment.parentId)) return 'ignored';
    insert(comment, isLive);
    return 'added';
  }

  function merge(nodes: readonly CommentNode[]): number {
    let added = 0;
    const stack = [...nodes].reverse();
    // Depth-first, parents before their replies, so every reply finds its parent placed.
    for (let node = stack.pop(); node; node = stack.pop()) {
      const entry = placed.get(node.id);
      if (!entry) {
        insert(node, false);
        added++;
      } else if (isNewer(node, entry.comment)) {
        entry.comment = node;
        entry.view.update(node, now());
      }
      for (let i = node.replies.length - 1; i >= 0; i--) stack.push(node.replies[i]);
    }
    return added;
  }

  return {
    element,
    apply,
    merge,
    find: (id) => placed.get(id)?.view,
    size: () => placed.size,
  };
}
