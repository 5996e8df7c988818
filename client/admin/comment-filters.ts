// Owns the filter form above the comment list: thread, text, author and one reader, turned into list filters.
import { clear, h } from '../dom';
import type { AdminApi } from './api';
import { describeError } from './error-text';
import { messages } from './messages';
import type { CommentFilters, ReaderFilter } from './queue-rules';
import { createThreadFilter } from './thread-filter';

export interface CommentFilterForm {
  element: HTMLElement;
  /** Narrows the list to one thread, as "Show only this page" asks. */
  showThread(threadId: number, label: string): void;
  /** Lists one reader's comments alone, the other filters cleared, as "Show all" asks. */
  showReader(reader: ReaderFilter): void;
}

type Chosen = Pick<CommentFilters, 'threadId' | 'text' | 'author' | 'reader'>;

export function createCommentFilters(api: AdminApi, onApply: (chosen: Chosen) => void): CommentFilterForm {
  const m = messages.filters;
  const thread = createThreadFilter(api);
  const text = h('input', {
    id: 'filter-text',
    name: 'q',
    type: 'search',
    placeholder: m.textPlaceholder,
    autocomplete: 'off',
  });
  const author = h('input', {
    id: 'filter-author',
    name: 'author',
    type: 'search',
    placeholder: m.authorPlaceholder,
    autocomplete: 'off',
  });
  const error = h('p', { class: 'form-error filter-error', role: 'alert' });
  const clearButton = h('button', { type: 'button', class: 'button' }, m.clear);
  const readerNote = h('div', { class: 'reader-filter', hidden: true });
  let reader: ReaderFilter | null = null;
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': m.label },
    thread.element,
    h('div', { class: 'field' }, h('label', { for: 'filter-text' }, m.text), text),
    h('div', { class: 'field' }, h('label', { for: 'filter-author' }, m.author), author),
    h(
      'div',
      { class: 'filter-buttons' },
      h('button', { type: 'submit', class: 'button primary' }, m.apply),
      clearButton,
    ),
    readerNote,
    error,
  );

  function showReaderNote(): void {
    clear(readerNote);
    readerNote.hidden = reader === null;
    if (reader === null) return;
    const name = reader.authorName.trim() === '' ? messages.item.anonymous : reader.authorName;
    const by =
      reader.authorKey !== null
        ? m.readerByIdentity(reader.authorKey)
        : reader.authorEmail !== null
          ? m.readerByEmail(reader.authorEmail)
          : null;
    readerNote.append(
      h('span', { class: 'reader-name' }, m.readerOnly(name)),
      by === null ? '' : h('span', { class: 'reader-facts' }, ` (${by})`),
      ' ',
      h(
        'button',
        {
          type: 'button',
          class: 'button small',
          onclick: () => {
            reader = null;
            showReaderNote();
            void apply();
            text.focus();
          },
        },
        m.readerClear,
      ),
    );
  }

  async function apply(): Promise<void> {
    error.textContent = '';
    let threadId: number | null | undefined;
    try {
      threadId = await thread.resolve();
    } catch (err) {
      error.textContent = describeError(err);
      return;
    }
    if (threadId === undefined) {
      error.textContent = m.threadNotFound(thread.input.value.trim());
      return;
    }
    onApply({ threadId, text: text.value.trim(), author: author.value.trim(), reader });
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void apply();
  });
  thread.input.addEventListener('change', () => void apply());
  clearButton.addEventListener('click', () => {
    thread.reset();
    text.value = '';
    author.value = '';
    reader = null;
    showReaderNote();
    void apply();
  });

  return {
    element: form,
    showThread(threadId, label) {
      thread.set(threadId, label);
      void apply();
    },
    showReader(chosen) {
      thread.reset();
      text.value = '';
      author.value = '';
      reader = chosen;
      showReaderNote();
      void apply();
    },
  };
}
