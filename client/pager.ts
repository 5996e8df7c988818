// Owns paging through the list: the first page of a sort, "Load more comments" after it, and starting over.
import type { CommentPage, SortOrder } from '../server/protocol/dto';
import { h } from './dom';
import { errorText } from './error-text';
import type { LiveThread } from './live';
import type { Messages } from './messages/catalog';
import { idsIn, type Viewer } from './viewer';
import type { ThreadListView } from './views/thread';

export interface PagerDeps {
  messages: Messages;
  live: Pick<LiveThread, 'loadPage'>;
  list: ThreadListView;
  viewer: Viewer;
  sort(): SortOrder;
  /** 'feedback' while only inline feedback is listed. */
  only(): 'feedback' | undefined;
  /** Marked busy while a new first page is on its way. */
  panel: HTMLElement;
  /** The list is about to be replaced: forms open in it and comments waiting for it go. */
  onReplace(): void;
  /** A page was placed. */
  onPage(): void;
}

export interface Pager {
  more: HTMLButtonElement;
  error: HTMLElement;
  /** True once the last page is on screen. */
  isFullyLoaded(): boolean;
  /** Places a page (a join's first page, or one asked for) and remembers where the next starts. */
  take(page: Pick<CommentPage, 'comments' | 'nextCursor' | 'viewer'>): void;
  /** Replaces the list with the first page of the current sort. */
  reload(): void;
  /** Carries on after a first page placed without this pager (the first render's HTTP view). */
  resume(cursor: string | null): void;
}

export function createPager(deps: PagerDeps): Pager {
  const { messages, live, list, viewer } = deps;
  let nextCursor: string | null = null;
  // Bumped by every reload, so the answer to an older request is dropped.
  let generation = 0;
  const more = h(
    'button',
    { type: 'button', class: 'button quiet more', hidden: true, onclick: () => void loadMore() },
    messages.showMore,
  );
  const error = h('p', { class: 'form-error', role: 'alert' });

  function take(page: Pick<CommentPage, 'comments' | 'nextCursor' | 'viewer'>): void {
    // Who wrote what and how this reader voted, before the comments are drawn.
    viewer.learn(page.viewer, idsIn(page.comments));
    list.merge(page.comments, 'page');
    nextCursor = page.nextCursor;
    more.hidden = nextCursor === null;
    list.forEach((p) => p.view.sync());
    deps.onPage();
  }

  function reload(): void {
    const asked = ++generation;
    deps.panel.setAttribute('aria-busy', 'true');
    void live.loadPage(deps.sort(), null, deps.only()).then((outcome) => {
      if (asked !== generation) return;
      deps.panel.removeAttribute('aria-busy');
      if (outcome.kind !== 'ok') {
        error.textContent = errorText(messages, outcome.kind === 'refused' ? outcome.error : null);
        return;
      }
      error.textContent = '';
      deps.onReplace();
      list.clear();
      take(outcome.data);
    });
  }

  async function loadMore(): Promise<void> {
    if (nextCursor === null || more.disabled) return;
    const asked = generation;
    more.disabled = true;
    more.textContent = messages.loadingMore;
    error.textContent = '';
    const outcome = await live.loadPage(deps.sort(), nextCursor, deps.only());
    more.disabled = false;
    more.textContent = messages.showMore;
    if (asked !== generation) return;
    if (outcome.kind === 'ok') {
      take(outcome.data);
      return;
    }
    error.textContent = errorText(messages, outcome.kind === 'refused' ? outcome.error : null);
    // The cursor no longer fits the list (a restart with a new key, a tampered page): start the list again.
    if (outcome.kind === 'refused' && outcome.error.code === 'INVALID_CURSOR') reload();
  }

  function resume(cursor: string | null): void {
    nextCursor = cursor;
    more.hidden = cursor === null;
  }

  return { more, error, isFullyLoaded: () => nextCursor === null, take, reload, resume };
}
