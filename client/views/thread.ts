// Owns the comments on screen: the pinned, linked and main lists, each comment placed once under its parent.
import type { CommentNode, PublicComment, ReactionCounts, SortOrder } from '../../server/protocol/dto';
import { h } from '../dom';
import type { ReadMessages } from '../messages/catalog';
import type { CommentHost } from './comment-actions';
import { idOfItem, isPlaceholder, renderComment, type CommentView } from './comment';

/** A vote's or a reaction's tally: what changed on a comment, with the change's number. */
export type Tally = {
  id: number;
  seq: number;
  score?: number;
  upvotes?: number;
  downvotes?: number;
  reactions?: ReactionCounts;
};

/** The comment with a tally's counts; what the tally does not carry stays. */
export function withTally<C extends PublicComment>(c: C, t: Tally): C {
  return {
    ...c,
    score: t.score ?? c.score,
    upvotes: t.upvotes ?? c.upvotes,
    downvotes: t.downvotes ?? c.downvotes,
    reactions: t.reactions ?? c.reactions,
    seq: t.seq,
  };
}

export interface Placed {
  comment: PublicComment;
  view: CommentView;
}

/** Where a top-level comment goes: the ends of the list, the end of the paged part, or a section. */
export type TopPlace = 'start' | 'end' | 'page' | 'pinned' | 'linked' | Element;

export type ChangeResult = 'updated' | 'removed' | 'ignored';

export interface ThreadListView {
  /** Main list; its top-level items come in page order, then whatever arrived live. */
  element: HTMLOListElement;
  pinned: HTMLElement;
  linked: HTMLElement;
  get(id: number): Placed | undefined;
  /** Comments shown in full anywhere. */
  size(): number;
  placeTop(comment: PublicComment, at: TopPlace, options?: { isLive?: boolean; isFloating?: boolean }): Placed;
  /** Places a reply under its parent; false when the parent is not on screen. */
  placeReply(comment: PublicComment, isLive: boolean): boolean;
  /**
   * A newer version of a comment on screen; a placeholder without replies goes away. A comment
   * pinned or unpinned by a moderator moves to or from the pinned section; `order` says where an
   * unpinned one goes back to (without it, it stays where it is).
   */
  update(comment: PublicComment, order?: { sort: SortOrder; isFullyLoaded: boolean }): ChangeResult;
  /** A newer score or newer reaction counts of a comment on screen; false when it is not there or not newer. */
  applyTally(tally: Tally): boolean;
  /** Places a tree from the server: new comments go to `at`, known ones are updated (and leave the linked section). */
  merge(nodes: readonly CommentNode[], at: TopPlace): void;
  /** Where a top-level comment belongs among those shown under `sort`, or null when that is on a page not loaded. */
  positionOf(comment: PublicComment, sort: SortOrder, isFullyLoaded: boolean): Element | 'end' | null;
  /** Opens every collapsed or shortened thread above a comment, so it can be seen. */
  openAbove(id: number): void;
  /** The creation time of the newest comment on screen ('' when there is none). */
  newestCreatedAt(): string;
  /** Empties the main list and the linked section (a new sort, a reload); pinned comments stay. */
  clear(): void;
  forEach(fn: (placed: Placed) => void): void;
  /** How far a conversation has been loaded: the last reply in conversation order, and how many are still on the server. */
  conversationOf(rootId: number): Conversation | undefined;
  setConversation(rootId: number, conversation: Conversation): void;
}

export interface Conversation {
  afterId: number | null;
  unloaded: number;
}

/** Every reply under a node, in conversation order (the order the server pages replies in). */
function repliesInOrder(node: CommentNode): CommentNode[] {
  const all: CommentNode[] = [];
  const walk = (n: CommentNode) => n.replies.forEach((r) => (all.push(r), walk(r)));
  walk(node);
  return all.sort((a, b) => (isOlder(a, b) ? -1 : 1));
}

function isOlder(a: PublicComment, b: PublicComment): boolean {
  return a.createdAt !== b.createdAt ? a.createdAt < b.createdAt : a.id < b.id;
}

/** The server's top-level order (build-thread.ts): true when `a` comes before `b`. */
export function comesBefore(a: PublicComment, b: PublicComment, sort: SortOrder): boolean {
  if (sort === 'oldest') return isOlder(a, b);
  if (sort === 'top' && a.score !== b.score) return a.score > b.score;
  return isOlder(b, a);
}

function isNewer(next: PublicComment, current: PublicComment): boolean {
  return typeof next.seq === 'number' && typeof current.seq === 'number' ? next.seq > current.seq : false;
}

export function createThreadList({ messages, host }: { messages: ReadMessages; host: CommentHost }): ThreadListView {
  const element = h('ol', { class: 'thread' });
  const pinnedList = h('ol', { class: 'thread' });
  const linkedList = h('ol', { class: 'thread' });
  const pinned = h('section', { class: 'pinned', 'aria-label': messages.pinnedLabel, hidden: true }, pinnedList);
  const linked = h(
    'section',
    { class: 'linked', 'aria-labelledby': 'linked-title', hidden: true },
    h('h3', { class: 'section-title', id: 'linked-title' }, messages.linkedLabel),
    linkedList,
  );
  const placed = new Map<number, Placed>();
  const conversations = new Map<number, Conversation>();

  function setConversation(rootId: number, conversation: Conversation): void {
    conversations.set(rootId, conversation);
    placed.get(rootId)?.view.setUnloaded(conversation.unloaded);
  }

  /** A conversation from the server carries its first replies and how many it has in all. */
  function noteConversation(node: CommentNode): void {
    if (node.parentId !== null || typeof node.descendantCount !== 'number') return;
    const replies = repliesInOrder(node);
    const unloaded = Math.max(0, node.descendantCount - replies.length);
    const known = conversations.get(node.id);
    // What an earlier read already brought in stays brought in.
    if (known && known.unloaded <= unloaded) return;
    setConversation(node.id, { afterId: replies.length > 0 ? replies[replies.length - 1].id : null, unloaded });
  }

  function sections(): void {
    pinned.hidden = pinnedList.firstElementChild === null;
    linked.hidden = linkedList.firstElementChild === null;
  }

  function parentOf(entry: Placed): Placed | undefined {
    return entry.comment.parentId === null ? undefined : placed.get(entry.comment.parentId);
  }

  function render(comment: PublicComment, isLive: boolean, parentName?: string): Placed {
    const entry = { comment } as Placed;
    entry.view = renderComment(comment, host, parentName);
    if (isLive) entry.view.item.classList.add('is-new');
    placed.set(comment.id, entry);
    return entry;
  }

  function forget(item: Element): void {
    placed.delete(idOfItem(item));
    conversations.delete(idOfItem(item));
    for (const inner of Array.from(item.querySelectorAll('li.comment'))) placed.delete(idOfItem(inner));
    item.remove();
  }

  function insertTop(item: HTMLElement, at: TopPlace): void {
    if (at === 'pinned') pinnedList.append(item);
    else if (at === 'linked') linkedList.prepend(item);
    else if (at === 'start') element.prepend(item);
    else if (at === 'end') element.append(item);
    // Paged comments go before the reader's own comments shown ahead of their page.
    else if (at === 'page') element.insertBefore(item, element.querySelector(':scope > [data-floating]'));
    else element.insertBefore(item, at);
    sections();
  }

  function placeReply(comment: PublicComment, isLive: boolean): boolean {
    const parent = comment.parentId === null ? undefined : placed.get(comment.parentId);
    if (!parent) return false;
    const entry = render(comment, isLive, isPlaceholder(parent.comment) ? '' : parent.comment.authorName);
    const list = parent.view.replies();
    // Replies run oldest first; new ones are almost always the newest, so search from the end.
    let before: Element | null = null;
    for (let el = list.lastElementChild; el; el = el.previousElementSibling) {
      const sibling = placed.get(idOfItem(el));
      if (sibling && isOlder(sibling.comment, comment)) break;
      before = el;
    }
    list.insertBefore(entry.view.item, before);
    parent.view.syncReplies();
    return true;
  }

  /** Pinned comments run oldest first, as the server lists them; an unpinned one returns to its place by `order`. */
  function movePinned(entry: Placed, order: { sort: SortOrder; isFullyLoaded: boolean }): ChangeResult {
    const item = entry.view.item;
    if (entry.comment.isPinned) {
      const before = Array.from(pinnedList.children).find((el) => {
        const other = placed.get(idOfItem(el));
        return other !== undefined && other !== entry && isOlder(entry.comment, other.comment);
      });
      pinnedList.insertBefore(item, before ?? null);
      sections();
      return 'updated';
    }
    const at = positionOf(entry.comment, order.sort, order.isFullyLoaded);
    // Its place is on a page not loaded yet: it comes back with that page.
    if (at === null) {
      forget(item);
      sections();
      return 'removed';
    }
    insertTop(item, at);
    return 'updated';
  }

  function update(comment: PublicComment, order?: { sort: SortOrder; isFullyLoaded: boolean }): ChangeResult {
    const entry = placed.get(comment.id);
    if (!entry || !isNewer(comment, entry.comment)) return 'ignored';
    // The server keeps a placeholder only while it has replies to hold together.
    if (isPlaceholder(comment) && !entry.view.hasReplies()) {
      const parent = parentOf(entry);
      forget(entry.view.item);
      parent?.view.syncReplies();
      sections();
      return 'removed';
    }
    const wasPinned = entry.comment.isPinned;
    entry.comment = comment;
    entry.view.update(comment);
    if (order && comment.parentId === null && wasPinned !== comment.isPinned) return movePinned(entry, order);
    return 'updated';
  }

  function positionOf(comment: PublicComment, sort: SortOrder, isFullyLoaded: boolean): Element | 'end' | null {
    for (const item of Array.from(element.children)) {
      const other = placed.get(idOfItem(item));
      if (other && comesBefore(comment, other.comment, sort)) return item;
    }
    return isFullyLoaded ? 'end' : null;
  }

  return {
    element,
    pinned,
    linked,
    get: (id) => placed.get(id),
    size: () => Array.from(placed.values()).filter((p) => !isPlaceholder(p.comment)).length,
    placeTop(comment, at, { isLive = false, isFloating = false } = {}) {
      const entry = render(comment, isLive);
      if (isFloating) entry.view.item.dataset.floating = '';
      insertTop(entry.view.item, at);
      return entry;
    },
    placeReply,
    update,
    applyTally(tally) {
      const entry = placed.get(tally.id);
      if (!entry || !(tally.seq > entry.comment.seq)) return false;
      entry.comment = withTally(entry.comment, tally);
      entry.view.update(entry.comment, true);
      return true;
    },
    merge(nodes, at) {
      const stack: CommentNode[] = [...nodes].reverse();
      // Depth-first, parents before their replies, so every reply finds its parent placed.
      for (let node = stack.pop(); node; node = stack.pop()) {
        const entry = placed.get(node.id);
        if (entry) {
          // A linked conversation reaches its own place once the reader pages that far.
          if (at === 'page' && entry.view.item.parentElement === linkedList) insertTop(entry.view.item, 'page');
          if (isNewer(node, entry.comment)) update(node);
        } else if (node.parentId === null || !placed.has(node.parentId)) {
          if (!isPlaceholder(node) || node.replies.length > 0) insertTop(render(node, false).view.item, at);
        } else {
          placeReply(node, false);
        }
        for (let i = node.replies.length - 1; i >= 0; i--) stack.push(node.replies[i]);
      }
      // After placing: the count goes on the root's view, which now exists.
      nodes.forEach(noteConversation);
    },
    positionOf,
    openAbove(id) {
      const entry = placed.get(id);
      for (let p = entry && parentOf(entry); p; p = parentOf(p)) p.view.expand();
    },
    newestCreatedAt() {
      let newest = '';
      placed.forEach(({ comment }) => (newest = comment.createdAt > newest ? comment.createdAt : newest));
      return newest;
    },
    clear() {
      for (const item of [...Array.from(element.children), ...Array.from(linkedList.children)]) forget(item);
      sections();
    },
    forEach: (fn) => placed.forEach(fn),
    conversationOf: (rootId) => conversations.get(rootId),
    setConversation,
  };
}
