// Owns the @mention suggestions of the comment forms: typing "@" lists the names of people in this thread
// (a listbox the textarea points into: arrows move, Enter or Tab picks, Escape closes). Loaded on first "@".
import { h } from './dom';
import { mentionMessages } from './messages/mentions';

export interface MentionSuggestOptions {
  shadow: ShadowRoot;
  /** The widget's locale, which picks the strings. */
  locale: string;
}

/** The most names the list shows. */
const MAX_SHOWN = 8;
/** "@" at the start or after a character that is not part of a word, then what is typed of the name. */
const TYPED = /(?:^|[^\p{L}\p{N}_])@([^@\n]{0,40})$/u;

const STYLE = `
.mention-list{position:absolute;z-index:10;margin:.25em 0 0;padding:.25em 0;list-style:none;min-width:12em;max-width:100%;
background:var(--parley-bg,#fff);color:inherit;border:1px solid currentColor;border-radius:.4em;box-shadow:0 .3em 1em rgba(0,0,0,.2)}
.mention-list li{padding:.3em .8em;cursor:pointer}
.mention-list li[aria-selected="true"]{background:#1a56db;color:#fff}
.mention-host{position:relative}`;

export function attachMentionSuggest({ shadow, locale }: MentionSuggestOptions): {
  update(field: HTMLTextAreaElement): void;
} {
  const m = mentionMessages(locale);
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(STYLE);
  shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];

  let serial = 0;
  let open: {
    field: HTMLTextAreaElement;
    list: HTMLElement;
    status: HTMLElement;
    names: string[];
    active: number;
    from: number;
  } | null = null;

  /** The names of the thread's comments on screen, each once, in the order they show. */
  function namesInThread(): string[] {
    const seen = new Map<string, string>();
    for (const el of Array.from(shadow.querySelectorAll('.comment .author'))) {
      const name = (el.textContent ?? '').trim();
      if (name !== '' && !seen.has(name.toLocaleLowerCase())) seen.set(name.toLocaleLowerCase(), name);
    }
    return [...seen.values()];
  }

  function close(): void {
    if (open === null) return;
    open.list.remove();
    open.status.remove();
    open.field.removeAttribute('aria-activedescendant');
    open.field.removeAttribute('aria-controls');
    open.field.removeAttribute('aria-autocomplete');
    open = null;
  }

  function highlight(index: number): void {
    if (open === null) return;
    open.active = index;
    const options = Array.from(open.list.children);
    options.forEach((option, i) => option.setAttribute('aria-selected', String(i === index)));
    open.field.setAttribute('aria-activedescendant', options[index].id);
  }

  function pick(index: number): void {
    if (open === null) return;
    const { field, names, from } = open;
    const caret = field.selectionStart ?? field.value.length;
    const inserted = `@${names[index]} `;
    field.value = field.value.slice(0, from) + inserted + field.value.slice(caret);
    const at = from + inserted.length;
    field.setSelectionRange(at, at);
    close();
    // Drafts and the form's own checks hear of the change as of any typing.
    field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }

  function update(field: HTMLTextAreaElement): void {
    const caret = field.selectionStart ?? field.value.length;
    const typed = TYPED.exec(field.value.slice(0, caret));
    const query = typed?.[1].toLocaleLowerCase() ?? null;
    const names =
      query === null
        ? []
        : namesInThread()
            .filter((n) => n.toLocaleLowerCase().startsWith(query))
            .slice(0, MAX_SHOWN);
    if (typed === null || names.length === 0) return close();
    if (open !== null && open.field !== field) close();
    const from = caret - typed[1].length - 1;
    if (open === null) {
      const id = `parley-mentions-${++serial}`;
      const list = h('ul', { class: 'mention-list', role: 'listbox', id, 'aria-label': m.label });
      const status = h('p', { class: 'visually-hidden', role: 'status' });
      field.parentElement?.classList.add('mention-host');
      field.after(list, status);
      field.setAttribute('aria-autocomplete', 'list');
      field.setAttribute('aria-controls', id);
      open = { field, list, status, names, active: 0, from };
    }
    const current = open;
    current.names = names;
    current.from = from;
    current.list.replaceChildren(
      ...names.map((name, i) => {
        const option = h('li', { role: 'option', id: `${current.list.id}-${i}`, 'aria-selected': 'false' }, name);
        // Before the textarea loses focus: the pick keeps the caret where it was.
        option.addEventListener('mousedown', (event) => {
          event.preventDefault();
          pick(i);
        });
        return option;
      }),
    );
    current.status.textContent = m.count(names.length);
    highlight(Math.min(current.active, names.length - 1));
  }

  shadow.addEventListener('input', (event) => {
    if (event.target instanceof HTMLTextAreaElement) update(event.target);
  });
  shadow.addEventListener(
    'keydown',
    (event) => {
      const e = event as KeyboardEvent;
      if (open === null || e.target !== open.field || e.isComposing) return;
      const count = open.names.length;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp')
        highlight((open.active + (e.key === 'ArrowDown' ? 1 : count - 1)) % count);
      else if (e.key === 'Enter' || e.key === 'Tab') pick(open.active);
      else if (e.key === 'Escape') close();
      else return;
      e.preventDefault();
      e.stopPropagation();
    },
    true,
  );
  shadow.addEventListener('focusout', (event) => {
    if (open !== null && event.target === open.field) close();
  });
  return { update };
}
