// Owns where comments nobody asked for go (live, replayed, approved): in place, behind the "new comments" bar, or later.
import type { PublicComment, SortOrder } from '../server/protocol/dto';
import { h } from './dom';
import type { Messages } from './messages/catalog';
import type { Viewer } from './viewer';
import { isPlaceholder } from './views/comment';
import { withTally, type Tally, type ThreadListView } from './views/thread';

export interface ArrivalsDeps {
  messages: Messages;
  viewer: Viewer;
  list: ThreadListView;
  sort(): SortOrder;
  /** True once the last page is on screen: nothing can come after the list's end any more. */
  isFullyLoaded(): boolean;
  /** Something was added or removed: the "be the first" notice may need to change. */
  onChanged(): void;
  /** Whether the list shows this new top-level comment now (the Inline Feedbacks filter shows only feedback). */
  isListed(comment: PublicComment): boolean;
}

export interface Arrivals {
  /** The sticky bar that lets others' new comments in when the reader asks. */
  bar: HTMLElement;
  /** A comment as it is now; `isReplay` when catch-up brought it rather than a live event. */
  receive(comment: PublicComment, isReplay?: boolean): void;
  receiveTally(tally: Tally): void;
  /** The reader's own comment, from the ack: shown at once, where they will look for it. */
  showOwn(comment: PublicComment): void;
  /** Whether this comment is among those waiting behind the bar. */
  isWaiting(id: number): boolean;
  /** Lets in what waits behind the bar; a click on the bar also moves the focus to it. */
  letIn(isFocusMoved: boolean): void;
  /** While a post of this reader is on its way, its broadcast can beat its ack: hold new top-level comments. */
  setPosting(isPosting: boolean): void;
  /** Forgets what waits (the list is being reloaded, which brings it anyway). */
  clear(): void;
}

export function createArrivals(deps: ArrivalsDeps): Arrivals {
  const { messages, viewer } = deps;
  // Arrival order, so replies come after the comments they answer.
  const waiting = new Map<number, PublicComment>();
  const held: PublicComment[] = [];
  let postsInFlight = 0;
  const bar = h('button', { type: 'button', class: 'new-bar', hidden: true, onclick: () => letIn(true) });

  function syncBar(): void {
    bar.hidden = waiting.size === 0;
    bar.textContent = messages.newComments(waiting.size);
  }

  function letIn(isFocusMoved: boolean): void {
    const list = deps.list;
    const comments = Array.from(waiting.values());
    waiting.clear();
    syncBar();
    const cards: HTMLElement[] = [];
    // Oldest first, each before the ones already in: the newest ends up first. Under Newest an
    // older one (approved late) goes to its place by time; under Most Voted new ones lead.
    for (const comment of comments.sort((a, b) =>
      a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id - b.id,
    )) {
      if (comment.parentId !== null) {
        list.placeReply(comment, true);
        continue;
      }
      const at = deps.sort() === 'newest' ? list.positionOf(comment, 'newest', true) : 'start';
      cards.push(list.placeTop(comment, at ?? 'start', { isLive: true }).view.card);
    }
    // The highest of them on the page is where the reader goes on reading.
    const first = cards.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))[0];
    deps.onChanged();
    // Only a click on the bar moves focus; a permalink puts it on its own target.
    if (isFocusMoved) first?.focus({ preventScroll: true });
    first?.scrollIntoView({ block: 'nearest' });
  }

  function receive(comment: PublicComment, isReplay = false): void {
    const list = deps.list;
    if (list.get(comment.id)) {
      if (list.update(comment, { sort: deps.sort(), isFullyLoaded: deps.isFullyLoaded() }) === 'removed')
        deps.onChanged();
      return;
    }
    if (waiting.has(comment.id) || (comment.parentId !== null && waiting.has(comment.parentId))) {
      // Changed before it was let in: keep its latest version, or let it go.
      if (isPlaceholder(comment)) waiting.delete(comment.id);
      else waiting.set(comment.id, comment);
      syncBar();
      return;
    }
    if (isPlaceholder(comment)) return;
    // Not in what the list shows now: neither placed nor counted behind the bar.
    if (comment.parentId === null && !deps.isListed(comment)) return;
    if (comment.parentId !== null) {
      // A reply to a comment on a page not loaded yet arrives with that page instead.
      if (list.placeReply(comment, true)) deps.onChanged();
      return;
    }
    // Catch-up also replays old comments that were only voted on while the reader was away:
    // only one newer than everything on screen is new; the others come with their pages.
    if (isReplay && comment.createdAt <= list.newestCreatedAt()) return;
    if (postsInFlight > 0) {
      held.push(comment);
      return;
    }
    if (viewer.isOwn(comment)) {
      showOwn(comment);
    } else if (deps.sort() === 'oldest') {
      // Its place is near the end; with pages still to load, it comes with the one it belongs to.
      const at = list.positionOf(comment, 'oldest', deps.isFullyLoaded());
      if (at !== null) {
        list.placeTop(comment, at, { isLive: true });
        deps.onChanged();
      }
    } else if (deps.sort() === 'top' || list.positionOf(comment, 'newest', deps.isFullyLoaded()) !== null) {
      // At the top it would push what the reader is reading down the page: it waits to be asked for.
      waiting.set(comment.id, comment);
      syncBar();
    }
  }

  function showOwn(comment: PublicComment): void {
    const list = deps.list;
    viewer.markOwn(comment.id);
    if (waiting.delete(comment.id)) syncBar();
    const entry = list.get(comment.id);
    if (entry) {
      list.update(comment);
      entry.view.sync();
    } else if (comment.parentId === null) {
      const isOldest = deps.sort() === 'oldest';
      // Under Oldest it belongs at the end; until the last page is in, it stands in for it there.
      list.placeTop(comment, isOldest ? 'end' : 'start', {
        isLive: true,
        isFloating: isOldest && !deps.isFullyLoaded(),
      });
    } else {
      list.placeReply(comment, true);
    }
    // Every thread above it opens, so the reader sees what they just wrote.
    list.openAbove(comment.id);
    list.get(comment.id)?.view.item.scrollIntoView({ block: 'nearest' });
    deps.onChanged();
  }

  return {
    bar,
    receive,
    receiveTally(tally) {
      const waiter = waiting.get(tally.id);
      if (waiter && tally.seq > waiter.seq) waiting.set(tally.id, withTally(waiter, tally));
      else deps.list.applyTally(tally);
    },
    showOwn,
    isWaiting: (id) => waiting.has(id),
    letIn,
    setPosting(isPosting) {
      postsInFlight = Math.max(0, postsInFlight + (isPosting ? 1 : -1));
      if (postsInFlight > 0) return;
      for (const comment of held.splice(0)) receive(comment);
    },
    clear() {
      waiting.clear();
      held.length = 0;
      syncBar();
    },
  };
}
