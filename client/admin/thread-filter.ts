// Owns the thread typeahead of the comment filters: suggestions from the server, a label resolved to a thread id.
import { clear, h } from '../dom';
import type { AdminApi } from './api';
import type { ThreadSummary } from './api-types';
import { messages } from './messages';

export interface ThreadFilter {
  element: HTMLElement;
  input: HTMLInputElement;
  /** The chosen thread, or null for all; undefined when the text matches no thread. */
  resolve(): Promise<number | null | undefined>;
  set(threadId: number, label: string): void;
  reset(): void;
}

const SUGGEST_DELAY_MS = 200;

/** "Title (page id)" when a page of the site sent the title; the page id alone otherwise. */
export function threadOptionLabel(t: Pick<ThreadSummary, 'title' | 'pageId' | 'isPageVerified'>): string {
  return t.isPageVerified && t.title && t.title.trim() !== '' ? `${t.title} (${t.pageId})` : t.pageId;
}

export function createThreadFilter(api: AdminApi): ThreadFilter {
  const m = messages.filters;
  const input = h('input', {
    id: 'filter-thread',
    name: 'thread',
    type: 'search',
    list: 'filter-thread-options',
    autocomplete: 'off',
    placeholder: m.threadPlaceholder,
    'aria-describedby': 'filter-thread-hint',
  });
  const options = h('datalist', { id: 'filter-thread-options' });
  const hint = h('p', { class: 'hint visually-hidden', id: 'filter-thread-hint' }, m.threadHint);
  const element = h(
    'div',
    { class: 'field thread-field' },
    h('label', { for: 'filter-thread' }, m.thread),
    input,
    options,
    hint,
  );

  // Label shown in the box -> thread id, for every suggestion offered so far.
  const known = new Map<string, number>();
  let chosen: { id: number; label: string } | null = null;
  let suggestTimer: ReturnType<typeof setTimeout> | undefined;
  let suggestToken = 0;

  function remember(threads: ThreadSummary[]): void {
    clear(options);
    for (const t of threads) {
      const label = threadOptionLabel(t);
      known.set(label, t.id);
      options.appendChild(h('option', { value: label }));
    }
  }

  async function suggest(): Promise<ThreadSummary[]> {
    const token = ++suggestToken;
    const threads = await api.listThreads(input.value.trim());
    if (token === suggestToken) remember(threads);
    return threads;
  }

  input.addEventListener('focus', () => {
    if (options.childElementCount === 0) suggest().catch(() => undefined);
  });
  input.addEventListener('input', () => {
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(() => suggest().catch(() => undefined), SUGGEST_DELAY_MS);
  });

  return {
    element,
    input,
    async resolve() {
      const text = input.value.trim();
      if (text === '') {
        chosen = null;
        return null;
      }
      if (chosen && chosen.label === text) return chosen.id;
      const exact = known.get(text);
      if (exact !== undefined) {
        chosen = { id: exact, label: text };
        return exact;
      }
      const threads = await suggest();
      const match = threads.length === 1 ? threads[0] : threads.find((t) => t.pageId === text || t.title === text);
      if (!match) return undefined;
      chosen = { id: match.id, label: threadOptionLabel(match) };
      input.value = chosen.label;
      return match.id;
    },
    set(threadId, label) {
      chosen = { id: threadId, label };
      known.set(label, threadId);
      input.value = label;
    },
    reset() {
      chosen = null;
      input.value = '';
    },
  };
}
