// Owns one mounted widget: its shadow root, the placeholder, the lazy start and the first render over HTTP.
import type { OpenThreadRequest, SortOrder, ThreadView, WireError } from '../server/protocol/dto';
import { h } from './dom';
import { loadGuestToken, loadSort, tokenForFirstView } from './identity';
import { toSafeFragment } from './safe-html';
import { loadMessages } from './languages';
import { attachStyles } from './styles';
import { createViewer, idsIn } from './viewer';
import type { LivePart, WidgetParts } from './widget-parts';
import { createDock, type BubbleSide } from './views/bubble';
import type { CommentHost } from './views/comment-actions';
import { refreshTimes } from './views/comment';
import { createHeader } from './views/header';
import { createSortTabs } from './views/sort-tabs';
import { createThreadList } from './views/thread';

export type Theme = 'light' | 'dark' | 'auto';

export interface WidgetOptions {
  origin: string;
  page: OpenThreadRequest;
  /** BCP 47 tag; languages without a catalog fall back to English. */
  lang: string;
  theme: Theme;
  /** Starts at once instead of waiting for the comment area to come near the viewport. */
  isEager?: boolean;
  /** The floating comment bubble: off, or the corner it sits in (unset: the reading direction's end). */
  bubble?: BubbleSide;
}

export interface MountedWidget {
  /** Shows another page's thread in the same place. */
  switchPage(page: OpenThreadRequest): void;
  /** Removes the widget's content and closes everything it opened. */
  unmount(): void;
}

const TIME_REFRESH_MS = 60_000;
/** How often "Edit (N min left)" is brought up to date; a minute's label is then at most this late. */
const EDIT_REFRESH_MS = 5_000;
/** Comments start loading when the area is this close to the viewport, so they are there when it arrives. */
const NEAR_PX = 600;
const NEAR_MARGIN = `${NEAR_PX}px 0px`;

let widgetCount = 0;

type LiveModule = typeof import('./interactive');

/**
 * The first page over HTTP: the same view a socket join answers, with no socket yet. A string
 * body goes as text/plain and no header of ours is added, so a cross-origin embed pays no
 * preflight; the token, when there is one to send, goes in the body.
 */
async function fetchView(
  origin: string,
  token: string | undefined,
  page: OpenThreadRequest,
): Promise<ThreadView | WireError | null> {
  try {
    const res = await fetch(`${origin}/api/threads/open`, {
      method: 'POST',
      body: JSON.stringify({ ...page, token }),
      credentials: 'omit',
    });
    const json = (await res.json()) as ThreadView | { error: WireError };
    return 'error' in json ? json.error : json;
  } catch {
    return null;
  }
}

/**
 * Conversations drawn before the first paint: about a screenful. Drawing a whole page of
 * comments took longer than fetching it; the rest follow in the next frame.
 */
const FIRST_PASS = 5;

function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/**
 * The first Intl object in a page loads the locale's data, tens of milliseconds in a fresh
 * page. Done while the first request is out, it costs nothing the reader waits for.
 */
function warmUpIntl(lang: string): void {
  try {
    new Intl.NumberFormat(lang).format(0);
  } catch {
    // An unusable language tag: the catalog falls back to English, which warms up on first use.
  }
}

/** Whether the element is within the near margin of the viewport now (the margin as NEAR_MARGIN's). */
function isNearViewport(el: HTMLElement): boolean {
  const { top, bottom } = el.getBoundingClientRect();
  return top < innerHeight + NEAR_PX && bottom > -NEAR_PX;
}

export function mountWidget(host: HTMLElement, options: WidgetOptions): MountedWidget {
  const shadow = host.attachShadow({ mode: 'open' });
  attachStyles(shadow);
  const prefix = `parley-${++widgetCount}`;
  const dock = createDock(options.bubble, options.theme);
  let stopCurrent = start(options.page, options.isEager === true);

  function start(page: OpenThreadRequest, isEager: boolean): () => void {
    const cleanups: Array<() => void> = [];
    let isStopped = false;
    const root = h('section', {
      class: 'parley',
      'data-state': 'idle',
      'data-theme': options.theme,
      'aria-busy': 'true',
    });
    const skeleton = h('div', { class: 'skeleton', 'aria-hidden': 'true' }, h('span'), h('span'), h('span'));
    root.append(skeleton);
    // <style> elements are the styles where constructable sheets are missing: only the last page goes.
    shadow.replaceChildren(...Array.from(shadow.querySelectorAll('style')), root);
    if (dock) {
      shadow.append(dock.element);
      dock.isFormWanted = false;
      // Before the live part is in, the bubble starts the widget and brings the reader to it; the form follows.
      dock.activate = () => {
        dock.isFormWanted = true;
        begin();
        host.scrollIntoView();
      };
    }

    const begin = () => {
      if (isStopped || root.dataset.state !== 'idle') return;
      root.dataset.state = 'loading';
      void render(
        page,
        root,
        (fn) => cleanups.push(fn),
        () => isStopped,
      );
    };
    if (isEager || typeof IntersectionObserver === 'undefined' || isNearViewport(host)) {
      // Already in sight (or near): an observer would only report so a frame or two later.
      begin();
    } else {
      const observer = new IntersectionObserver(
        (entries) => {
          if (!entries.some((e) => e.isIntersecting)) return;
          observer.disconnect();
          begin();
        },
        { rootMargin: NEAR_MARGIN },
      );
      observer.observe(host);
      cleanups.push(() => observer.disconnect());
    }
    return () => {
      isStopped = true;
      cleanups.splice(0).forEach((fn) => fn());
    };
  }

  async function render(
    page: OpenThreadRequest,
    root: HTMLElement,
    onStop: (fn: () => void) => void,
    isStopped: () => boolean,
  ): Promise<void> {
    const token = loadGuestToken();
    const state = {
      sort: page.sort ?? loadSort() ?? ('oldest' as SortOrder),
      editWindowMs: 0,
      isClosed: false,
      areReactionsEnabled: false,
    };
    const loading = Promise.all([
      loadMessages(options.lang, options.origin),
      fetchView(options.origin, tokenForFirstView(), { ...page, sort: state.sort }),
    ]);
    warmUpIntl(options.lang);
    const [loaded, view] = await loading;
    if (isStopped()) return;
    const messages = loaded.read;
    const isRtl = messages.dir === 'rtl';
    root.setAttribute('dir', isRtl ? 'rtl' : 'ltr');
    root.setAttribute('lang', messages.locale);
    root.setAttribute('aria-label', messages.regionLabel);

    const viewer = createViewer();
    const permalink = (id: number) => `${location.href.split('#')[0]}#comment-${id}`;
    let pendingAction: Parameters<WidgetParts['hooks']['act']> | null = null;
    const hooks: WidgetParts['hooks'] = {
      // A click before the live part is in is kept and replayed when it arrives.
      act: (...args) => void (pendingAction = args),
      chooseSort(next) {
        state.sort = next;
      },
    };
    const commentHost: CommentHost = {
      messages,
      viewer,
      now: Date.now,
      editWindowMs: () => state.editWindowMs,
      isClosed: () => state.isClosed,
      areReactionsEnabled: () => state.areReactionsEnabled,
      permalink,
      act: (...args) => hooks.act(...args),
    };
    const list = createThreadList({ messages, host: commentHost });
    const panelId = `${prefix}-panel`;
    const tabs = createSortTabs({
      messages,
      idPrefix: prefix,
      panelId,
      initial: state.sort,
      onChoose(next) {
        panel.setAttribute('aria-labelledby', tabs.selectedId());
        hooks.chooseSort(next);
      },
    });
    const header = createHeader(messages, tabs.element);
    const notice = h('p', { class: 'notice' });
    const linkNotice = h('p', { class: 'notice banner', role: 'status' });
    const closedNotice = h('p', { class: 'notice banner', hidden: true }, messages.closed);
    const formSlot = h('div', { class: 'form-slot' });
    const panel = h(
      'div',
      { class: 'list-panel', role: 'tabpanel', id: panelId, 'aria-labelledby': tabs.selectedId() },
      list.pinned,
      linkNotice,
      list.linked,
      notice,
      list.element,
    );
    // One polite region for the whole widget: new comments are announced here, and nowhere else.
    const announcer = h('p', { class: 'visually-hidden', 'aria-live': 'polite' });

    function setClosed(value: boolean): void {
      // Each comment drew itself for the current state: only a change needs them all again.
      if (value === state.isClosed) return;
      state.isClosed = value;
      root.classList.toggle('is-closed', value);
      closedNotice.hidden = !value;
      list.forEach((p) => p.view.sync());
    }

    const isView = view !== null && 'thread' in view;
    const parts: WidgetParts = {
      origin: options.origin,
      safeFragment: toSafeFragment,
      page,
      token,
      messages,
      liveMessages: loaded.live,
      shadow,
      prefix,
      root,
      header,
      tabs,
      panel,
      notice,
      linkNotice,
      closedNotice,
      formSlot,
      list,
      viewer,
      state,
      hooks,
      dock,
      view: isView ? view : null,
      refusal: isView ? null : view,
      permalink,
      setCount: (count) => header.setCount(count),
      announce(text) {
        announcer.textContent = text;
      },
      setClosed,
      refreshNotice() {
        notice.textContent = list.size() === 0 ? messages.empty : '';
      },
    };

    if (isView) {
      state.editWindowMs = view.settings.editWindowMs;
      state.areReactionsEnabled = view.settings.areReactionsEnabled === true;
      viewer.learn(view.viewer, idsIn([...view.pinned, ...view.comments]));
      list.merge(view.pinned, 'pinned');
      list.merge(view.comments.slice(0, FIRST_PASS), 'page');
      header.setCount(view.thread.commentCount);
      setClosed(view.thread.isClosed === true);
      parts.refreshNotice();
    } else {
      // Unanswered, the socket may still bring the page. Refused (a closed site, a banned origin),
      // the reader hears so at once; the live part, with a sentence for every error code, adds why.
      notice.textContent = view ? messages.loadFailed('').trim() : messages.loading;
    }
    root.replaceChildren(header.element, closedNotice, formSlot, panel, announcer);
    if (isView && view.comments.length > FIRST_PASS) {
      // The first conversations are painted before the rest of the page is drawn below them.
      await afterNextPaint();
      if (isStopped()) return;
      list.merge(view.comments.slice(FIRST_PASS), 'page');
    }
    root.removeAttribute('aria-busy');
    root.dataset.state = isView ? 'shown' : 'loading';

    const timers = [
      setInterval(() => refreshTimes(panel, messages, Date.now()), TIME_REFRESH_MS),
      setInterval(() => list.forEach((p) => viewer.isOwn(p.comment) && p.view.sync()), EDIT_REFRESH_MS),
    ];
    onStop(() => timers.forEach(clearInterval));

    let livePart: LivePart | null = null;
    onStop(() => livePart?.close());
    try {
      const module = (await import(`${options.origin}/modules/interactive.js`)) as LiveModule;
      if (isStopped()) return;
      livePart = module.attachInteractive(parts);
      // Assigned from a click handler, which the compiler cannot see.
      const pending = pendingAction as Parameters<WidgetParts['hooks']['act']> | null;
      if (pending) hooks.act(...pending);
    } catch {
      if (isStopped()) return;
      root.dataset.state = 'error';
      notice.textContent = messages.loadFailed(messages.unreachable);
    }
  }

  return {
    switchPage(page) {
      stopCurrent();
      stopCurrent = start(page, true);
    },
    unmount() {
      stopCurrent();
      shadow.replaceChildren();
    },
  };
}
