// Owns one mounted widget: its shadow root, its views, and wiring them to the live thread.
import type { OpenThreadRequest, PublicComment, ThreadView, WireError } from '../server/protocol/dto';
import { h } from './dom';
import { loadAuthor, loadGuestToken, saveAuthor, type RememberedAuthor } from './identity';
import { connectThread, type LiveStatus } from './live';
import type { Messages } from './messages/catalog';
import { attachStyles } from './styles';
import { refreshTimes, type CommentView } from './views/comment';
import { createCommentForm, type FormView } from './views/form';
import { createHeader } from './views/header';
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

let widgetCount = 0;

export function mountWidget(host: HTMLElement, { origin, page, messages }: WidgetOptions): MountedWidget {
  const shadow = host.attachShadow({ mode: 'open' });
  attachStyles(shadow);
  const prefix = `parley-${++widgetCount}`;
  let formCount = 0;

  let author: RememberedAuthor = loadAuthor();
  let hasView = false;
  let count = 0;
  let nextCursor: string | null = null;
  let openReply: { commentId: number; form: FormView; view: CommentView } | null = null;

  const header = createHeader(messages);
  const notice = h('p', { class: 'notice' }, messages.loading);
  const root = h('section', { class: 'parley', 'aria-label': messages.regionLabel, 'data-state': 'loading' });
  const list = createThreadList({ messages, now: Date.now, onReply: openReplyForm });
  const more = h('button', { type: 'button', class: 'button quiet more', hidden: true, onclick: loadMore }, messages.showMore);
  const moreError = h('p', { class: 'form-error', role: 'alert' });
  const closedNotice = h('p', { class: 'notice banner', hidden: true }, messages.closed);
  const staleNotice = h('p', { class: 'notice banner', role: 'status' });

  // The server's count is the truth (join, catch-up, thread:counted); in between, what this
  // widget adds or removes moves it, so a server that sends no counts still reads right.
  function setCount(value: number): void {
    count = Math.max(0, value);
    header.setCount(count);
  }

  function track(comment: PublicComment, result: ReturnType<typeof list.apply>): void {
    // A comment held for a moderator is not counted by the server until it is approved.
    if (result === 'added' && comment.status !== 'pending') setCount(count + 1);
    else if (result === 'removed') setCount(count - 1);
    refreshNotice();
  }

  function setClosed(isClosed: boolean): void {
    root.classList.toggle('is-closed', isClosed);
    mainForm.element.hidden = isClosed;
    closedNotice.hidden = !isClosed;
    if (isClosed) closeReplyForm(false);
  }

  function refreshNotice(): void {
    if (hasView) notice.textContent = list.size() === 0 ? messages.empty : '';
  }

  function setCursor(cursor: string | null): void {
    nextCursor = cursor;
    more.hidden = cursor === null;
  }

  function remember(next: RememberedAuthor): void {
    author = next;
    saveAuthor(next);
  }

  async function loadMore(): Promise<void> {
    if (nextCursor === null || more.disabled) return;
    more.disabled = true;
    more.textContent = messages.loadingMore;
    moreError.textContent = '';
    const outcome = await live.loadPage(nextCursor);
    more.disabled = false;
    more.textContent = messages.showMore;
    if (outcome.kind === 'page') {
      list.merge(outcome.page.comments);
      setCursor(outcome.page.nextCursor);
      refreshNotice();
    } else {
      moreError.textContent =
        outcome.kind === 'unreachable' ? messages.unreachable : (messages.errors[outcome.error.code] ?? messages.errors.INTERNAL);
    }
  }

  /** Shows the reader's own comment at once, from the ack; the broadcast of it is then a no-op. */
  function showOwn(comment: PublicComment): CommentView | undefined {
    track(comment, list.apply(comment));
    const view = list.find(comment.id);
    view?.item.scrollIntoView({ block: 'nearest' });
    return view;
  }

  function closeReplyForm(isFocusReturned: boolean): void {
    if (!openReply) return;
    const { form, view } = openReply;
    form.element.remove();
    openReply = null;
    if (isFocusReturned) view.replyButton()?.focus();
  }

  function openReplyForm(parent: PublicComment, view: CommentView): void {
    if (openReply?.commentId === parent.id) {
      openReply.form.focus();
      return;
    }
    closeReplyForm(false);
    const form = createCommentForm({
      messages,
      idPrefix: `${prefix}-f${++formCount}`,
      isReply: true,
      label: messages.form.replyLabel(parent.authorName),
      author,
      send: (draft) => live.post({ ...draft, parentId: parent.id, authorEmail: draft.authorEmail || null }),
      onPosted(comment, postedBy) {
        remember(postedBy);
        closeReplyForm(false);
        showOwn(comment);
        view.replyButton()?.focus();
      },
      onCancel: () => closeReplyForm(true),
    });
    openReply = { commentId: parent.id, form, view };
    view.replySlot.appendChild(form.element);
    form.focus();
  }

  const mainForm = createCommentForm({
    messages,
    idPrefix: `${prefix}-f${++formCount}`,
    isReply: false,
    label: messages.form.mainLabel,
    author,
    send: (draft) => live.post({ ...draft, parentId: null, authorEmail: draft.authorEmail || null }),
    onPosted(comment, postedBy) {
      remember(postedBy);
      showOwn(comment);
    },
  });

  // Connected last: its handlers touch the views built above.
  const live = connectThread(
    { origin, token: loadGuestToken(), page },
    {
      onView(view: ThreadView) {
        list.merge(view.comments);
        // Pages already loaded stay; only the first join decides where "more" starts.
        if (!hasView) setCursor(view.nextCursor ?? null);
        hasView = true;
        root.dataset.state = 'ready';
        setCount(view.thread.commentCount);
        setClosed(view.thread.isClosed === true);
        refreshNotice();
      },
      onChange(comment) {
        track(comment, list.apply(comment, { isLive: true }));
      },
      onCounted({ commentCount }) {
        setCount(commentCount);
      },
      onClosed: setClosed,
      onStale() {
        staleNotice.textContent = messages.stale;
      },
      onStatus(status: LiveStatus) {
        header.setStatus(status);
        root.dataset.connection = status;
      },
      onJoinFailed(error: WireError | null) {
        if (hasView) return;
        root.dataset.state = 'error';
        const reason = error ? (messages.errors[error.code] ?? messages.errors.INTERNAL) : messages.unreachable;
        notice.textContent = messages.loadFailed(reason);
      },
    },
  );

  root.append(header.element, staleNotice, closedNotice, mainForm.element, notice, list.element, more, moreError);
  shadow.appendChild(root);

  const timer = setInterval(() => refreshTimes(list.element, messages, Date.now()), TIME_REFRESH_MS);

  return {
    close() {
      clearInterval(timer);
      live.close();
    },
  };
}
