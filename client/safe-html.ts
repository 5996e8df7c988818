// Owns the widget's own allow-list for comment bodies: server HTML in, freshly built DOM nodes out.
// The server already sanitizes; this is the second wall, so a server bug or a tampered
// response still cannot put a script, a handler or a javascript: link into the host page.

export const LINK_REL = 'nofollow ugc noopener noreferrer';

// The same lists as the server's policy (server/text/sanitize.ts); a unit test holds them equal.
export const ALLOWED_TAGS = new Set([
  'p',
  'br',
  'strong',
  'b',
  'em',
  'i',
  's',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
]);

/** What a kept element carries: a link its checked address and LINK_REL, plus a target of the widget's own. */
export const ALLOWED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = { a: ['href', 'rel'] };

export const LINK_SCHEMES = ['http', 'https', 'mailto'];

/** Their content is code or foreign markup, never text a reader wrote. */
export const DROPPED_WHOLE = new Set([
  'script',
  'style',
  'template',
  'svg',
  'math',
  'iframe',
  'object',
  'embed',
  'noscript',
  'textarea',
  'xmp',
  'option',
  'title',
]);

const XHTML_NS = 'http://www.w3.org/1999/xhtml';

// Deeper nesting than any real comment; beyond it the text is kept flat so a crafted body
// cannot exhaust the stack.
const MAX_DEPTH = 32;

/** Absolute http, https or mailto, or a comment of the page (a mention); browsers ignore control characters and spaces inside a scheme. */
export function toSafeHref(raw: string): string | null {
  if (/^#comment-[1-9]\d{0,14}$/.test(raw)) return raw;
  const squeezed = raw.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
  if (!/^(https?:\/\/[^/\\]|mailto:\S)/.test(squeezed)) return null;
  try {
    const url = new URL(raw.trim());
    return LINK_SCHEMES.includes(url.protocol.slice(0, -1)) ? url.href : null;
  } catch {
    return null;
  }
}

/** One document without a browsing context, reused: nothing parsed into it loads or runs. */
let inert: Document | null = null;
/**
 * Trusted Types: undefined while the page takes plain strings; then our policy, or null where the
 * page refuses it. Settled once: each refused try files a violation report with the site.
 */
let policy: { createHTML(s: string): string } | null | undefined;

/**
 * Parses HTML without running it, into a body that stays valid until the next call (copy it
 * out first). Returns null where the page forbids it (Trusted Types). A whole document per
 * comment, as DOMParser makes, was most of the cost of drawing a page of comments.
 */
function parseInert(html: string): HTMLElement | null {
  if (policy === null) return null;
  try {
    inert ??= document.implementation.createHTMLDocument('');
    inert.body.innerHTML = policy ? policy.createHTML(html) : html;
    return inert.body;
  } catch {
    if (policy) return null;
    // A page enforcing Trusted Types rejects plain strings; a policy of our own works if the page allows it.
    try {
      const tt = (window as unknown as { trustedTypes?: { createPolicy(name: string, rules: object): typeof policy } })
        .trustedTypes;
      policy = tt?.createPolicy('parley', { createHTML: (s: string) => s }) ?? null;
    } catch {
      policy = null;
    }
    return parseInert(html);
  }
}
function copyChildren(from: Node, to: Node, depth: number): void {
  for (let child = from.firstChild; child; child = child.nextSibling) copyNode(child, to, depth);
}

function copyNode(node: Node, to: Node, depth: number): void {
  if (node.nodeType === Node.TEXT_NODE) {
    to.appendChild(document.createTextNode((node as Text).data));
    return;
  }
  if (node.nodeType !== Node.ELEMENT_NODE) return;
  const source = node as Element;
  const name = source.localName;
  const isHtml = source.namespaceURI === XHTML_NS;
  if (!isHtml || DROPPED_WHOLE.has(name)) return;
  if (depth >= MAX_DEPTH) {
    to.appendChild(document.createTextNode(source.textContent ?? ''));
    return;
  }
  if (!ALLOWED_TAGS.has(name)) {
    copyChildren(source, to, depth + 1);
    return;
  }
  const copy = document.createElement(name);
  if (name === 'a') {
    const href = toSafeHref(source.getAttribute('href') ?? '');
    if (href === null) {
      // A link that may not stay a link keeps its words.
      copyChildren(source, to, depth + 1);
      return;
    }
    copy.setAttribute('href', href);
    // A mention opens the comment in this page; any other link leaves it.
    if (href[0] !== '#') {
      copy.setAttribute('rel', LINK_REL);
      copy.setAttribute('target', '_blank');
    }
  }
  copyChildren(source, copy, depth + 1);
  to.appendChild(copy);
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' };

/**
 * The words of comment HTML as plain text, for when nothing may parse it. Only a line or block
 * end parts words: formatting may sit inside a word or before its punctuation. A tag is taken
 * to stop at the next `<` as well as at `>`: with `[^>]*` a tampered body of many `<` and no
 * `>` cost its length squared (60,000 of them took two seconds).
 */
export function plainTextOf(html: string): string {
  return html
    .replace(/<(br|\/(p|li|pre|blockquote))\b[^<>]*>/g, ' ')
    .replace(/<[^<>]*>/g, '')
    .replace(/&(lt|gt|quot|#39|amp);/g, (_m, e: string) => ENTITIES[e] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Rebuilds comment HTML as new nodes of the allowed kinds only; nothing of the input is adopted. */
export function toSafeFragment(html: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const parsed = parseInert(html);
  if (parsed) {
    copyChildren(parsed, fragment, 0);
  } else {
    // Without a parser the words still show, as plain text.
    fragment.appendChild(document.createTextNode(plainTextOf(html)));
  }
  return fragment;
}
