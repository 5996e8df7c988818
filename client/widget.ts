// Owns one mounted widget: its shadow root, its views, and wiring them to the live thread.
import type { CommentNode, OpenThreadRequest, SortOrder, ThreadView } from '../server/protocol/dto';
import { createArrivals } from './arrivals';
import { createCommentControls } from './comment-controls';
import { h } from './dom';
import { errorText } from './error-text';
import { loadAuthor, loadGuestToken, loadSort, saveAuthor, saveSort, type RememberedAuthor } from './identity';
import { connectThread, type CommentDraft } from './live';
import type { Messages } from './messages/catalog';
import { createPager } from './pager';
import { createPermalinks } from './permalink';
import { attachStyles } from './styles';
import { createViewer, idsIn } from './viewer';
import type { CommentHost } from './views/comment-actions';
import { refreshTimes } from './views/comment';
import { createCommentForm } from './views/form';
import { createHeader } from './views/header';
import { createSortTabs } from './views/sort-tabs';
import { createThreadList } from './views/thread';

export interface WidgetOptions {
  origin: string;
  page: OpenThreadRequest;
  messages: Messages;
}

export interface MountedWidget {
  /** Stops the connection and timers; the rendered comments stay as they are. */
  close(): void;
}

const TIME_REFRESH_MS = 60_000;
/** How often "Edit (N min left)" is brought up to date; a minute's label is then at most this late. */
const EDIT_REFRESH_MS = 5_000;

let widgetCount = 0;

/** Parents before their replies, the order in which they can be placed. */
function flatten(nodes: readonly CommentNode[]): CommentNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.replies)]);
}

export function mountWidget(host: HTMLElement, { origin, page, messages }: WidgetOptions): MountedWidget {
  const shadow = host.attachShadow({ mode: 'open' });
  attachStyles(shadow);
  const prefix = `parley-${++widgetCount}`;

  let author: RememberedAuthor = loadAuthor();
  let sort: SortOrder = page.sort ?? loadSort() ?? 'oldest';
  let hasView = false;
  let isClosed = false;
  let editWindowMs = 0;
  const viewer = createViewer();
  const permalink = (id: number) => `${location.href.split('#')[0]}#comment-${id}`;

  const commentHost: CommentHost = {
    messages,
    viewer,
    now: Date.now,
    editWindowMs: () => editWindowMs,
    isClosed: () => isClosed,
    permalink,
    act: (action, comment) => controls.act(action, comment),
  };
  const list = createThreadList({ messages, host: commentHost });
  const panelId = `${prefix}-panel`;
  const tabs = createSortTabs({ messages, idPrefix: prefix, panelId, initial: sort, onChoose: chooseSort });
  const header = createHeader(messages, tabs.element);
  const notice = h('p', { class: 'notice' }, messages.loading);
  const linkNotice = h('p', { class: 'notice banner', role: 'status' });
  const root = h('section', { class: 'parley', 'aria-label': messages.regionLabel, 'data-state': 'loading' });
  const closedNotice = h('p', { class: 'notice banner', hidden: true }, messages.closed);

  const arrivals = createArrivals({
    messages,
    viewer,
    list,
    sort: () => sort,
    isFullyLoaded: () => pager.isFullyLoaded(),
    onChanged: refreshNotice,
  });

  function setClosed(value: boolean): void {
    isClosed = value;
    root.classList.toggle('is-closed', value);
    mainForm.element.hidden = value;
    closedNotice.hidden = !value;
    if (value) controls.closePanel(false);
    list.forEach((p) => p.view.sync());
  }

  function refreshNotice(): void {
    if (hasView) notice.textContent = list.size() === 0 && arrivals.bar.hidden ? messages.empty : '';
  }

  function remember(next: RememberedAuthor): void {
    author = next;
    saveAuthor(next);
  }

  function chooseSort(next: SortOrder): void {
    sort = next;
    saveSort(next);
    panel.setAttribute('aria-labelledby', tabs.selectedId());
    pager.reload();
  }

  /** Posts, holding back others' new comments until the ack says which one is this reader's own. */
  function post(draft: CommentDraft) {
    arrivals.setPosting(true);
    return live.post(draft).then((outcome) => {
      if (outcome.kind === 'ok') viewer.markOwn(outcome.data.id);
      arrivals.setPosting(false);
      return outcome;
    });
  }

  const mainForm = createCommentForm({
    messages,
    idPrefix: `${prefix}-main`,
    mode: 'comment',
    label: messages.form.mainLabel,
    author,
    send: (draft) => post({ ...draft, parentId: null, authorEmail: draft.authorEmail || null }),
    onSent(comment, postedBy) {
      remember(postedBy);
      arrivals.showOwn(comment);
    },
    onRefused(error) {
      if (error.code === 'THREAD_CLOSED') setClosed(true);
    },
  });

  const panel = h(
    'div',
    { class: 'list-panel', role: 'tabpanel', id: panelId, 'aria-labelledby': tabs.selectedId() },
    list.pinned,
    linkNotice,
    list.linked,
    arrivals.bar,
    notice,
    list.element,
  );

  // Its handlers run only once the socket answers, after everything below is built.
  const live = connectThread(
    { origin, token: loadGuestToken(), page: { ...page, sort } },
    {
      onView(view: ThreadView, isRejoin: boolean) {
        editWindowMs = view.settings.editWindowMs;
        viewer.learn(view.viewer, idsIn([...view.pinned, ...view.comments]));
        list.merge(view.pinned, 'pinned');
        if (!hasView) {
          pager.take(view);
        } else if (isRejoin) {
          // Pages already on screen stay and take the newer versions; what is new arrives by catch-up.
          for (const comment of flatten(view.comments)) if (list.get(comment.id)) list.update(comment);
        }
        const isFirst = !hasView;
        hasView = true;
        root.dataset.state = 'ready';
        header.setCount(view.thread.commentCount);
        setClosed(view.thread.isClosed === true);
        refreshNotice();
        if (isFirst) void permalinks.open();
      },
      onChange: arrivals.receive,
      onVoted: arrivals.receiveTally,
      onCaughtUp(caughtUp) {
        viewer.learn(caughtUp.viewer, caughtUp.changes.map((c) => c.id));
        header.setCount(caughtUp.commentCount);
        list.forEach((p) => p.view.sync());
        // More changed while away than one answer carries: only a fresh first page is sure to be right.
        if (!caughtUp.isComplete) pager.reload();
      },
      onCounted: ({ commentCount }) => header.setCount(commentCount),
      onClosed: setClosed,
      onStatus(status) {
        header.setStatus(status);
        root.dataset.connection = status;
      },
      onJoinFailed(error) {
        if (hasView) return;
        root.dataset.state = 'error';
        notice.textContent = messages.loadFailed(errorText(messages, error));
      },
    },
  );

  const pager = createPager({
    messages,
    live,
    list,
    viewer,
    sort: () => sort,
    panel,
    onReplace() {
      controls.closePanel(false);
      arrivals.clear();
    },
    onPage: refreshNotice,
  });
  panel.append(pager.more, pager.error);

  const controls = createCommentControls({
    messages,
    idPrefix: prefix,
    // Replies go through `post` too, so their broadcast cannot beat their ack into the wrong place.
    live: { ...live, post },
    viewer,
    list,
    author: () => author,
    remember,
    showOwn: arrivals.showOwn,
    fallbackFocus: () => header.title,
    permalink,
    shadow,
  });

  const permalinks = createPermalinks({
    messages,
    live,
    viewer,
    arrivals,
    list,
    sort: () => sort,
    isFullyLoaded: () => pager.isFullyLoaded(),
    isReady: () => hasView,
    notice: linkNotice,
  });
  const onHashChange = () => void permalinks.open();
  window.addEventListener('hashchange', onHashChange);

  root.append(header.element, closedNotice, mainForm.element, panel);
  shadow.appendChild(root);

  const timers = [
    setInterval(() => refreshTimes(panel, messages, Date.now()), TIME_REFRESH_MS),
    setInterval(() => list.forEach((p) => viewer.isOwn(p.comment) && p.view.sync()), EDIT_REFRESH_MS),
  ];

  return {
    close() {
      timers.forEach(clearInterval);
      window.removeEventListener('hashchange', onHashChange);
      live.close();
    },
  };
}
