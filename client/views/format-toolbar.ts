// Owns the formatting toolbar of a comment form: writes the Markdown for what the server renders (bold, italic, code, quote, list, link).
import { h } from '../dom';
import type { FormatAction, Messages } from '../messages/catalog';
import { attachRovingFocus } from './roving-focus';

/** Marks around the selection. */
const WRAP: Record<'bold' | 'italic' | 'code', string> = { bold: '**', italic: '*', code: '`' };
/** Marks at the start of each selected line. */
const LINE_START: Record<'quote' | 'list', string> = { quote: '> ', list: '- ' };
// What each button shows: the look of the result, in characters every font has.
const GLYPH: Record<FormatAction, string> = { bold: 'B', italic: 'I', code: '</>', quote: '“ ”', list: '•', link: '' };

/** An absolute http(s) address, normalised; anything else (javascript:, relative, mailto) is refused. */
export function toHttpUrl(raw: string): string | null {
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Replaces the selection with open + selection + close and keeps the words selected for the next click. */
function wrapSelection(textarea: HTMLTextAreaElement, open: string, close: string): void {
  const { selectionStart: start, selectionEnd: end, value } = textarea;
  const selected = value.slice(start, end);
  textarea.setRangeText(open + selected + close, start, end);
  textarea.setSelectionRange(start + open.length, start + open.length + selected.length);
  textarea.focus();
  // The character counter listens for input.
  textarea.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Starts every line the selection touches with `mark`, as its own block: a blank line before and after. */
function prefixLines(textarea: HTMLTextAreaElement, mark: string): void {
  const { selectionStart, selectionEnd, value } = textarea;
  const start = value.lastIndexOf('\n', selectionStart - 1) + 1;
  const lineEnd = value.indexOf('\n', selectionEnd);
  const end = lineEnd === -1 ? value.length : lineEnd;
  const lines = value.slice(start, end).split('\n');
  const marked = lines.map((line) => mark + line).join('\n');
  const before = start === 0 || value.slice(0, start).endsWith('\n\n') ? '' : '\n';
  const after = end === value.length || value.slice(end).startsWith('\n\n') ? '' : '\n';
  textarea.setRangeText(before + marked + after, start, end);
  const caret = start + before.length + marked.length;
  textarea.setSelectionRange(caret, caret);
  textarea.focus();
  textarea.dispatchEvent(new Event('input', { bubbles: true }));
}

export function createFormatToolbar(messages: Messages, textarea: HTMLTextAreaElement, idPrefix: string): HTMLElement {
  const m = messages.form;
  const address = h('input', {
    type: 'url',
    id: `${idPrefix}-link`,
    placeholder: 'https://',
    autocomplete: 'off',
    'aria-describedby': `${idPrefix}-link-error`,
  });
  const error = h('p', { class: 'field-error', id: `${idPrefix}-link-error` });
  // Kept for the moment the link field opens: focus moves there and the textarea forgets nothing.
  let range: [number, number] = [0, 0];

  function closeLinkField(): void {
    linkField.hidden = true;
    error.textContent = '';
    address.removeAttribute('aria-invalid');
    textarea.setSelectionRange(...range);
    textarea.focus();
  }

  function addLink(): void {
    const href = toHttpUrl(address.value);
    if (href === null) {
      error.textContent = m.linkInvalid;
      address.setAttribute('aria-invalid', 'true');
      address.focus();
      return;
    }
    closeLinkField();
    const hasWords = range[0] !== range[1];
    // A bare address becomes a link by itself; words get Markdown's [words](address).
    if (hasWords) wrapSelection(textarea, '[', `](${href.replace(/[()\s]/g, encodeURIComponent)})`);
    else wrapSelection(textarea, href, '');
  }

  const linkField = h(
    'div',
    { class: 'link-field', id: `${idPrefix}-link-field`, hidden: true },
    h('label', { for: address.id }, m.linkAddress),
    h(
      'div',
      { class: 'link-row' },
      address,
      h('button', { type: 'button', class: 'button quiet small', onclick: addLink }, m.linkAdd),
      h('button', { type: 'button', class: 'button quiet small', onclick: closeLinkField }, m.cancel),
    ),
    error,
  );
  address.addEventListener('keydown', (event) => {
    // Enter would send the whole comment; Escape would close a reply form around it.
    if (event.key === 'Enter') {
      event.preventDefault();
      addLink();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      closeLinkField();
    }
  });

  const actions = Object.keys(GLYPH) as FormatAction[];
  const buttons = actions.map((action) =>
    h(
      'button',
      {
        type: 'button',
        class: `format format-${action}`,
        'aria-label': m.format[action],
        title: m.format[action],
        'aria-controls': action === 'link' ? linkField.id : textarea.id,
        onclick() {
          if (action === 'quote' || action === 'list') {
            prefixLines(textarea, LINE_START[action]);
            return;
          }
          if (action !== 'link') {
            wrapSelection(textarea, WRAP[action], WRAP[action]);
            return;
          }
          range = [textarea.selectionStart, textarea.selectionEnd];
          address.value = '';
          linkField.hidden = false;
          address.focus();
        },
      },
      h('span', { 'aria-hidden': 'true' }, GLYPH[action] || m.format[action]),
    ),
  );
  buttons.forEach((b, i) => (b.tabIndex = i === 0 ? 0 : -1));
  const toolbar = h(
    'div',
    { class: 'toolbar', role: 'toolbar', 'aria-label': m.toolbarLabel, 'aria-controls': textarea.id },
    ...buttons,
  );
  attachRovingFocus(toolbar, buttons);

  // Familiar shortcuts while typing.
  textarea.addEventListener('keydown', (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    const key = event.key.toLowerCase();
    if (key !== 'b' && key !== 'i') return;
    event.preventDefault();
    const mark = key === 'b' ? WRAP.bold : WRAP.italic;
    wrapSelection(textarea, mark, mark);
  });

  return h('div', { class: 'format-bar' }, toolbar, linkField);
}
