// Owns the Threads section: find a page's thread, close or reopen it, jump to its comments.
import { clear, h } from '../dom';
import type { AdminApi } from './api';
import type { ThreadSummary } from './api-types';
import { describeError } from './error-text';
import { messages } from './messages';
import { pageHrefOf, pageNameOf, unverifiedNote } from './page-label';
import { threadOptionLabel } from './thread-filter';

export interface ThreadsView {
  element: HTMLElement;
  load(): Promise<void>;
  onThreadChanged(thread: ThreadSummary): void;
}

const SEARCH_DELAY_MS = 250;

export function createThreadsView({
  api,
  announce,
  onShowComments,
}: {
  api: AdminApi;
  announce(text: string, tone?: 'ok' | 'error'): void;
  onShowComments(threadId: number, label: string): void;
}): ThreadsView {
  const m = messages.threads;
  const search = h('input', {
    id: 'threads-search',
    type: 'search',
    placeholder: m.searchPlaceholder,
    autocomplete: 'off',
  });
  const rows = h('tbody');
  const empty = h('p', { class: 'list-empty', hidden: true }, m.empty);
  const error = h('p', { class: 'form-error', role: 'alert' });
  const rowsById = new Map<number, { thread: ThreadSummary; row: HTMLTableRowElement }>();
  const tableWrap = h(
    'div',
    { class: 'table-wrap', hidden: true },
    h(
      'table',
      { class: 'table', 'aria-labelledby': 'threads-heading' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, m.columns.page),
          h('th', { scope: 'col', class: 'num' }, m.columns.comments),
          h('th', { scope: 'col' }, m.columns.state),
          h('th', { scope: 'col' }, m.columns.actions),
        ),
      ),
      rows,
    ),
  );
  let token = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function renderRow(t: ThreadSummary): HTMLTableRowElement {
    const name = pageNameOf(t);
    const href = pageHrefOf(t);
    const toggle: HTMLButtonElement = h(
      'button',
      {
        type: 'button',
        class: `button small ${t.isClosed ? 'approve' : 'warn'}`,
        'aria-label': t.isClosed ? m.reopenLabel(name) : m.closeLabel(name),
        onclick: async () => {
          toggle.disabled = true;
          error.textContent = '';
          try {
            // The answer says what readers find now, by the same rule as the list and the live channel.
            const next = await api.setThreadClosed(t.id, !t.isClosed);
            update(next);
            if (!t.isClosed) announce(m.closedDone);
            else announce(next.isClosed ? m.stillClosed : m.reopenedDone, next.isClosed ? 'error' : 'ok');
          } catch (err) {
            error.textContent = describeError(err);
            announce(messages.actions.failed(describeError(err)), 'error');
            toggle.disabled = false;
          }
        },
      },
      t.isClosed ? m.reopen : m.close,
    );
    const show = h(
      'button',
      {
        type: 'button',
        class: 'button small',
        'aria-label': m.showCommentsLabel(name),
        onclick: () => onShowComments(t.id, threadOptionLabel(t)),
      },
      m.showComments,
    );
    return h(
      'tr',
      { 'data-thread-id': String(t.id) },
      h(
        'th',
        { scope: 'row' },
        href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, name) : h('span', null, name),
        h('span', { class: 'sub' }, t.pageId),
        unverifiedNote(t),
      ),
      h('td', { class: 'num' }, String(t.commentCount)),
      h(
        'td',
        null,
        h(
          'span',
          { class: `chip ${t.isClosed ? 'status-removed' : 'status-published'}` },
          t.isClosed ? m.closed : m.open,
        ),
      ),
      h('td', { class: 'row-actions' }, toggle, show),
    );
  }

  function update(t: ThreadSummary): void {
    const entry = rowsById.get(t.id);
    if (!entry) return;
    const hadFocus = entry.row.contains(document.activeElement);
    const row = renderRow(t);
    entry.row.replaceWith(row);
    rowsById.set(t.id, { thread: t, row });
    if (hadFocus) row.querySelector<HTMLButtonElement>('button')?.focus();
  }

  async function load(): Promise<void> {
    const mine = ++token;
    error.textContent = '';
    try {
      const threads = await api.listThreads(search.value.trim());
      if (mine !== token) return;
      clear(rows);
      rowsById.clear();
      for (const t of threads) {
        const row = renderRow(t);
        rowsById.set(t.id, { thread: t, row });
        rows.appendChild(row);
      }
      empty.hidden = threads.length > 0;
      tableWrap.hidden = threads.length === 0;
    } catch (err) {
      if (mine === token) error.textContent = describeError(err);
    }
  }

  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void load(), SEARCH_DELAY_MS);
  });

  const element = h(
    'div',
    { class: 'panel' },
    h('div', { class: 'panel-head' }, h('h2', { class: 'panel-title', id: 'threads-heading' }, m.heading)),
    h(
      'form',
      {
        class: 'filters',
        role: 'search',
        'aria-label': m.search,
        onsubmit: (e: Event) => (e.preventDefault(), void load()),
      },
      h('div', { class: 'field grow' }, h('label', { for: 'threads-search' }, m.search), search),
    ),
    error,
    tableWrap,
    empty,
  );

  return {
    element,
    load,
    onThreadChanged: update,
  };
}
