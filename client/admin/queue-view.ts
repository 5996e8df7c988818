// Owns the Comments section: queue sidebar with live counts, filters, the list with paging, and live placement.
import { clear, h } from '../dom';
import type { AdminApi } from './api';
import type { ModComment, QueueCounts, QueueName } from './api-types';
import { createBulkBar } from './bulk-bar';
import { createCommentFilters } from './comment-filters';
import { runItemAction, type ActionDeps } from './comment-actions';
import { renderCommentItem, type CommentItemView } from './comment-item';
import { redirectDialogReturn } from './dialogs';
import { describeError } from './error-text';
import { messages } from './messages';
import { belongsInView, compareNewestFirst, type CommentFilters } from './queue-rules';
import { createQueueNav } from './queue-nav';

export interface QueueView {
  element: HTMLElement;
  setCounts(counts: QueueCounts): void;
  /** A comment's current state, from the live channel or an action's answer. */
  applyChange(comment: ModComment): void;
  reload(): Promise<void>;
  /** Every comment on one page (the All queue), as the Threads section asks. */
  showThreadComments(threadId: number, label: string): void;
  /** One comment among its author's (the All queue), brought into view and focused: a mail's link to it. */
  showComment(id: number): Promise<void>;
}

interface Listed {
  comment: ModComment;
  view: CommentItemView;
  isEditing: boolean;
  /** A newer state that arrived while the editor was open. */
  deferred: ModComment | null;
}

const PAGE_SIZE = 25;

export function createQueueView({
  api,
  announce,
}: {
  api: AdminApi;
  announce(text: string, tone?: 'ok' | 'error'): void;
}): QueueView {
  const m = messages;
  const filters: CommentFilters = { queue: 'pending', threadId: null, text: '', author: '', reader: null };
  const listed = new Map<number, Listed>();
  let order: number[] = [];
  const selected = new Set<number>();
  let nextCursor: string | null = null;
  let loadToken = 0;
  /** The comment a link asked for, until a page brings it. */
  let linked: number | null = null;

  const nav = createQueueNav(selectQueue);
  const filterForm = createCommentFilters(api, (chosen) => {
    Object.assign(filters, chosen);
    void load(true);
  });

  const heading = h(
    'h2',
    { id: 'queue-heading', class: 'panel-title', tabindex: '-1' },
    m.queues.heading(filters.queue),
  );
  const summary = h('p', { class: 'list-summary' });
  const list = h('ol', { class: 'items', 'aria-labelledby': 'queue-heading' });
  const empty = h('p', { class: 'list-empty', hidden: true });
  const loadError = h('div', { class: 'list-error', role: 'alert', hidden: true });
  const more = h(
    'button',
    { type: 'button', class: 'button more', hidden: true, onclick: () => void load(false) },
    m.list.loadMore,
  );

  const bulk = createBulkBar({
    api,
    announce,
    selectableIds: () => order.filter((id) => listed.get(id)?.comment.status !== 'deleted'),
    selectedIds: () => order.filter((id) => selected.has(id)),
    setSelected(ids, isSelected) {
      for (const id of ids) {
        if (isSelected) selected.add(id);
        else selected.delete(id);
        const entry = listed.get(id);
        if (entry) {
          entry.view.checkbox.checked = isSelected;
          entry.view.element.classList.toggle('is-selected', isSelected);
        }
      }
      bulk.refresh();
    },
    onApplied(ids) {
      // The live channel also reports these; fetching them keeps the list right without it.
      for (const id of ids) api.getComment(id).then(applyChange, () => undefined);
    },
  });

  const actionDeps: ActionDeps = {
    api,
    announce,
    applyChange,
    reloadList: () => void load(true),
    setEditing(commentId, isEditing) {
      const entry = listed.get(commentId);
      if (!entry) return;
      entry.isEditing = isEditing;
      if (!isEditing && entry.deferred) {
        const next = entry.deferred;
        entry.deferred = null;
        applyChange(next);
      }
    },
  };

  function render(comment: ModComment): CommentItemView {
    const view: CommentItemView = renderCommentItem(comment, {
      nowMs: Date.now(),
      isSelected: selected.has(comment.id),
      onSelect(isSelected) {
        if (isSelected) selected.add(comment.id);
        else selected.delete(comment.id);
        view.element.classList.toggle('is-selected', isSelected);
        bulk.refresh();
      },
      onAction: (action, button) =>
        runItemAction(actionDeps, listed.get(comment.id)?.comment ?? comment, action, view, button),
      onShowThread: (threadId, label) => filterForm.showThread(threadId, label),
      onShowReader: (c) => {
        // Every comment of theirs, whatever its state: the All queue.
        setQueue('all');
        filterForm.showReader({
          commentId: c.id,
          authorName: c.authorName,
          authorKey: c.authorKey,
          authorEmail: c.authorEmail,
        });
        heading.focus();
      },
    });
    return view;
  }

  function updateSummary(): void {
    const isFiltered =
      filters.threadId !== null || filters.text !== '' || filters.author !== '' || filters.reader !== null;
    empty.hidden = order.length > 0;
    empty.textContent = isFiltered ? m.list.emptyFiltered : m.list.empty;
    summary.textContent = order.length === 0 ? '' : m.list.shown(order.length, nextCursor !== null);
    more.hidden = nextCursor === null;
    bulk.refresh();
  }

  function removeListed(id: number): void {
    const entry = listed.get(id);
    if (!entry) return;
    const index = order.indexOf(id);
    const element = entry.view.element;
    listed.delete(id);
    selected.delete(id);
    order.splice(index, 1);
    // Keep the keyboard where the moderator was working: the next comment, else the list's heading.
    const next = listed.get(order[Math.min(index, order.length - 1)]);
    const target = next?.view.element.querySelector<HTMLElement>('.actions button') ?? heading;
    const hadFocus = element.contains(document.activeElement);
    redirectDialogReturn(element, target);
    element.remove();
    if (hadFocus) target.focus();
  }

  function insertListed(comment: ModComment, index: number): void {
    const view = render(comment);
    const before = order[index] === undefined ? null : (listed.get(order[index])?.view.element ?? null);
    list.insertBefore(view.element, before);
    order.splice(index, 0, comment.id);
    listed.set(comment.id, { comment, view, isEditing: false, deferred: null });
  }

  function applyChange(comment: ModComment): void {
    const entry = listed.get(comment.id);
    const belongs = belongsInView(comment, filters);
    if (entry) {
      if (!belongs) {
        if (!entry.isEditing) removeListed(comment.id);
        else entry.deferred = comment;
      } else if (entry.isEditing) {
        entry.deferred = comment;
      } else {
        const old = entry.view.element;
        const hadFocus = old.contains(document.activeElement);
        const focusedAction = (document.activeElement as HTMLElement | null)?.dataset?.action;
        const view = render(comment);
        old.replaceWith(view.element);
        entry.comment = comment;
        entry.view = view;
        const same = focusedAction ? view.element.querySelector<HTMLElement>(`[data-action="${focusedAction}"]`) : null;
        const target = same ?? view.element.querySelector<HTMLElement>('.actions button') ?? heading;
        redirectDialogReturn(old, target);
        if (hadFocus) target.focus();
      }
    } else if (belongs) {
      let index = order.findIndex((id) => compareNewestFirst(comment, listed.get(id)!.comment) < 0);
      if (index === -1) {
        // Older than everything shown: it will come with a later page, unless this is the last one.
        if (nextCursor !== null) return;
        index = order.length;
      }
      insertListed(comment, index);
    }
    updateSummary();
  }

  async function load(reset: boolean): Promise<void> {
    const token = ++loadToken;
    if (reset) {
      clear(list);
      listed.clear();
      order = [];
      selected.clear();
      nextCursor = null;
      empty.hidden = true;
      summary.textContent = m.list.loading;
      more.hidden = true;
    } else {
      more.disabled = true;
      more.textContent = m.list.loadingMore;
    }
    loadError.hidden = true;
    list.setAttribute('aria-busy', 'true');
    try {
      const page = await api.listComments(filters, reset ? null : nextCursor, PAGE_SIZE);
      if (token !== loadToken) return;
      for (const comment of page.items) if (!listed.has(comment.id)) insertListed(comment, order.length);
      nextCursor = page.nextCursor;
      updateSummary();
      revealLinked();
    } catch (err) {
      if (token !== loadToken) return;
      clear(loadError);
      loadError.append(
        h('p', null, m.list.loadFailed(describeError(err))),
        h('button', { type: 'button', class: 'button small', onclick: () => void load(reset) }, m.list.retry),
      );
      loadError.hidden = false;
      summary.textContent = '';
    } finally {
      if (token === loadToken) {
        list.removeAttribute('aria-busy');
        more.disabled = false;
        more.textContent = m.list.loadMore;
      }
    }
  }

  function revealLinked(): void {
    const entry = linked === null ? undefined : listed.get(linked);
    if (!entry) return;
    linked = null;
    entry.view.element.classList.add('is-linked');
    entry.view.element.scrollIntoView({ block: 'center' });
    entry.view.element.querySelector<HTMLElement>('.actions button')?.focus();
  }

  function setQueue(queue: QueueName): void {
    filters.queue = queue;
    nav.markCurrent(queue);
    heading.textContent = m.queues.heading(queue);
  }

  function selectQueue(queue: QueueName): void {
    setQueue(queue);
    void load(true);
  }

  nav.markCurrent(filters.queue);
  const element = h(
    'div',
    { class: 'queue-layout' },
    nav.element,
    h(
      'div',
      { class: 'queue-main' },
      h('div', { class: 'panel-head' }, heading, summary),
      filterForm.element,
      bulk.element,
      bulk.failures,
      loadError,
      list,
      empty,
      h('div', { class: 'list-foot' }, more),
    ),
  );

  return {
    element,
    setCounts: nav.setCounts,
    applyChange,
    reload: () => load(true),
    showThreadComments(threadId, label) {
      setQueue('all');
      filterForm.showThread(threadId, label);
    },
    async showComment(id) {
      let comment: ModComment;
      try {
        comment = await api.getComment(id);
      } catch (err) {
        announce(m.actions.failed(describeError(err)), 'error');
        return load(true);
      }
      linked = id;
      setQueue('all');
      filterForm.showReader({
        commentId: comment.id,
        authorName: comment.authorName,
        authorKey: comment.authorKey,
        authorEmail: comment.authorEmail,
      });
    },
  };
}
