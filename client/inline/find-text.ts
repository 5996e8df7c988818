// Owns finding quoted text in the host page again: exactly, or by the text around it after small edits.
import type { CommentAnchor } from '../../server/protocol/dto';

/** Mirrors the server's limits: what it keeps of a quote and of each side of it. */
const MAX_QUOTE = 500;
const MAX_CONTEXT = 100;
const BLOCK = 'p,li,blockquote,h1,h2,h3,h4,h5,h6,td,th,pre,figcaption,dd,dt,article,main,body';

const fold = (text: string) => text.replace(/\s+/g, ' ');

/** The page's text with white space folded, and where each of its characters comes from. */
interface Flat {
  text: string;
  nodes: Text[];
  at: number[];
  offsets: number[];
}

function flatten(root: Node, skip: (node: Node) => boolean): Flat {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) =>
      /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE)$/.test(node.parentElement?.tagName ?? '') || skip(node)
        ? NodeFilter.FILTER_REJECT
        : NodeFilter.FILTER_ACCEPT,
  });
  const flat: Flat = { text: '', nodes: [], at: [], offsets: [] };
  let chars = '';
  let wasSpace = true;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const index = flat.nodes.push(node) - 1;
    const data = node.data;
    for (let i = 0; i < data.length; i++) {
      const isSpace = /\s/.test(data[i]);
      if (isSpace && wasSpace) continue;
      chars += isSpace ? ' ' : data[i];
      flat.at.push(index);
      flat.offsets.push(i);
      wasSpace = isSpace;
    }
  }
  flat.text = chars;
  return flat;
}

function rangeOf(flat: Flat, start: number, end: number): Range {
  const range = document.createRange();
  range.setStart(flat.nodes[flat.at[start]], flat.offsets[start]);
  range.setEnd(flat.nodes[flat.at[end - 1]], flat.offsets[end - 1] + 1);
  return range;
}

function indexesOf(text: string, part: string): number[] {
  const found: number[] = [];
  if (part === '') return found;
  for (let i = text.indexOf(part); i !== -1 && found.length < 50; i = text.indexOf(part, i + 1)) found.push(i);
  return found;
}

/**
 * Where the anchor's text is in the page now: the quote itself (the one its context fits best
 * when it occurs more than once), else the text between its unchanged context when that is
 * about as long as the quote was (the quote was edited a little). Null when neither is there.
 */
export function findQuote(anchor: CommentAnchor, skip: (node: Node) => boolean): Range | null {
  const quote = anchor.quote.trim();
  if (quote === '') return null;
  const flat = flatten(document.body, skip);
  const { text } = flat;
  const before = anchor.before.trim();
  const after = anchor.after.trim();
  const score = (i: number) =>
    (before !== '' &&
    text
      .slice(Math.max(0, i - before.length - 1), i)
      .trim()
      .endsWith(before)
      ? 2
      : 0) +
    (after !== '' &&
    text
      .slice(i + quote.length, i + quote.length + after.length + 1)
      .trim()
      .startsWith(after)
      ? 1
      : 0);
  const exact = indexesOf(text, quote);
  if (exact.length > 0) {
    const best = exact.reduce((a, b) => (score(b) > score(a) ? b : a));
    return rangeOf(flat, best, best + quote.length);
  }
  if (before === '' || after === '') return null;
  for (const b of indexesOf(text, before)) {
    let start = b + before.length;
    if (text[start] === ' ') start++;
    const end = text.indexOf(after, start);
    if (end === -1) continue;
    const last = text[end - 1] === ' ' ? end - 1 : end;
    const length = last - start;
    if (length > 0 && Math.abs(length - quote.length) <= Math.max(20, quote.length / 3))
      return rangeOf(flat, start, last);
  }
  return null;
}

/** The selection as an anchor: its text, and up to 100 characters either side within its block. */
export function anchorOfRange(range: Range): Required<Pick<CommentAnchor, 'quote' | 'before' | 'after'>> {
  const start = range.startContainer;
  const element = start instanceof Element ? start : start.parentElement;
  const block = element?.closest(BLOCK) ?? document.body;
  const around = document.createRange();
  around.selectNodeContents(block);
  around.setEnd(range.startContainer, range.startOffset);
  const before = fold(around.toString()).slice(-MAX_CONTEXT * 2);
  around.selectNodeContents(block);
  around.setStart(range.endContainer, range.endOffset);
  const after = fold(around.toString()).slice(0, MAX_CONTEXT * 2);
  return {
    quote: fold(range.toString()).trim().slice(0, MAX_QUOTE),
    before: before.trimStart().slice(-MAX_CONTEXT),
    after: after.trimEnd().slice(0, MAX_CONTEXT),
  };
}
