// Owns turning a comment's stored HTML back into the text its author edits, in the markup the form writes.

// Written back as themselves; the server maps strong/em to the same tags.
const TAG_OF: Record<string, string> = {
  strong: 'b',
  b: 'b',
  em: 'i',
  i: 'i',
  s: 's',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  ul: 'ul',
  ol: 'ol',
  li: 'li',
};

/** Text that would read as markup when sent back is escaped; everything else stays as typed. */
function escapeText(text: string): string {
  return text.replace(/&(?=#?\w+;)/g, '&amp;').replace(/<(?=[a-zA-Z/!?])/g, '&lt;');
}

function write(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return escapeText((node as Text).data);
  if (node.nodeType !== Node.ELEMENT_NODE) return '';
  const el = node as Element;
  const inner = Array.from(el.childNodes, write).join('');
  const name = el.localName;
  if (name === 'br') return '\n';
  if (name === 'p') return inner;
  if (name === 'a') {
    const href = el.getAttribute('href') ?? '';
    // A bare address the server turned into a link goes back bare, as it was typed.
    return el.textContent === href ? inner : `<a href="${href.replace(/"/g, '%22')}">${inner}</a>`;
  }
  const tag = TAG_OF[name];
  return tag ? `<${tag}>${inner}</${tag}>` : inner;
}

/**
 * Blocks (paragraphs, quotes, lists) are separated by a blank line, the way the server splits
 * them. `safeFragment` is the widget's allow-list copy of comment markup.
 */
export function toEditableText(bodyHtml: string, safeFragment: (html: string) => DocumentFragment): string {
  return Array.from(safeFragment(bodyHtml).childNodes, write)
    .map((block) => block.trim())
    .filter((block) => block !== '')
    .join('\n\n');
}
