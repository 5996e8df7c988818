// Owns turning a comment's shown HTML back into Markdown for its edit box, when the reader's own source is not known.

/**
 * Characters that would read as Markdown when sent back are escaped: emphasis, code, links,
 * autolinks and strikethrough anywhere, and block markers at the start of a line.
 */
function escapeText(text: string): string {
  return text
    .replace(/[\\`*_[\]<~]/g, (c) => `\\${c}`)
    .replace(/&(?=#?\w+;)/g, '\\&')
    .replace(/(^|\n)([ \t]*)([>#+-]|\d+[.)])/g, (_m, start: string, indent: string, marker: string) =>
      /\d/.test(marker)
        ? `${start}${indent}${marker.slice(0, -1)}\\${marker.slice(-1)}`
        : `${start}${indent}\\${marker}`,
    );
}

/** Backticks around code: one more than the longest run inside it, so the code cannot close them early. */
function fenceFor(code: string, min: number): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(min, longest + 1));
}

const prefixLines = (text: string, first: string, rest: string): string =>
  text
    .split('\n')
    .map((line, i) => (i === 0 ? first : rest) + line)
    .join('\n');

function inline(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return escapeText((node as Text).data);
  if (node.nodeType !== Node.ELEMENT_NODE) return '';
  const el = node as Element;
  const inner = () => Array.from(el.childNodes, inline).join('');
  switch (el.localName) {
    case 'br':
      return '\n';
    case 'strong':
    case 'b':
      return `**${inner()}**`;
    case 'em':
    case 'i':
      return `*${inner()}*`;
    case 's':
      return `~~${inner()}~~`;
    case 'code': {
      const code = el.textContent ?? '';
      const ticks = fenceFor(code, 1);
      const pad = code.startsWith('`') || code.endsWith('`') ? ' ' : '';
      return `${ticks}${pad}${code}${pad}${ticks}`;
    }
    case 'a': {
      const href = el.getAttribute('href') ?? '';
      // A bare address the server turned into a link goes back bare, as it was typed.
      if (el.textContent === href) return href;
      return `[${inner()}](<${href.replace(/[<>\s]/g, encodeURIComponent)}>)`;
    }
    default:
      return block(el);
  }
}

function block(el: Element): string {
  const children = Array.from(el.childNodes);
  switch (el.localName) {
    case 'p':
      return children.map(inline).join('');
    case 'pre': {
      const code = el.textContent ?? '';
      const fence = fenceFor(code, 3);
      return `${fence}\n${code.replace(/\n$/, '')}\n${fence}`;
    }
    case 'blockquote':
      return prefixLines(blocks(children), '> ', '> ');
    case 'ul':
    case 'ol': {
      const items = children.filter((c): c is Element => c.nodeType === Node.ELEMENT_NODE);
      return items
        .map((item, i) => {
          const marker = el.localName === 'ol' ? `${i + 1}. ` : '- ';
          return prefixLines(blocks(Array.from(item.childNodes)), marker, ' '.repeat(marker.length));
        })
        .join('\n');
    }
    default:
      return children.map(inline).join('');
  }
}

const BLOCKS = new Set(['p', 'pre', 'blockquote', 'ul', 'ol']);

/** Blocks are separated by a blank line; runs of inline nodes between them form one block. */
function blocks(nodes: readonly Node[]): string {
  const out: string[] = [];
  let run = '';
  for (const node of nodes) {
    if (node.nodeType === Node.ELEMENT_NODE && BLOCKS.has((node as Element).localName)) {
      if (run.trim() !== '') out.push(run.trim());
      run = '';
      out.push(block(node as Element));
    } else run += inline(node);
  }
  if (run.trim() !== '') out.push(run.trim());
  return out.filter((b) => b.trim() !== '').join('\n\n');
}

/**
 * The shown body written as Markdown that renders back to it: for bodies written before
 * Markdown, and for comments whose source this widget has not seen. `safeFragment` is the
 * widget's allow-list copy of comment markup.
 */
export function toMarkdown(bodyHtml: string, safeFragment: (html: string) => DocumentFragment): string {
  return blocks(Array.from(safeFragment(bodyHtml).childNodes));
}
