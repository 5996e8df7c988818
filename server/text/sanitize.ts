// Owns the one sanitize-html policy every piece of user text passes before it becomes HTML.
import sanitizeHtml from 'sanitize-html';

export const LINK_REL = 'nofollow ugc noopener noreferrer';

// The widget rebuilds comment markup through its own copy of these lists (client/safe-html.ts);
// a unit test holds the two equal.
export const ALLOWED_TAGS: readonly string[] = [
  'p',
  'br',
  'b',
  'strong',
  'i',
  'em',
  's',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
];
export const ALLOWED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = { a: ['href', 'rel'] };
export const ALLOWED_SCHEMES: readonly string[] = ['http', 'https', 'mailto'];
/** Whatever is inside these is code or foreign markup, never text a reader typed. */
export const NON_TEXT_TAGS: readonly string[] = [
  'script',
  'style',
  'textarea',
  'option',
  'noscript',
  'xmp',
  'svg',
  'math',
  'iframe',
  'template',
  'title',
  'object',
  'embed',
];

/**
 * A link that may not stay keeps its words: it becomes this tag, which the policy keeps and
 * sanitizeMarkup then removes. Turning it into a tag the policy drops instead left a stray
 * closing tag behind whenever a line break followed it (sanitize-html's skip bookkeeping).
 */
const UNLINKED = 'parley-unlinked';
const UNLINKED_TAGS = new RegExp(`</?${UNLINKED}>`, 'g');

const POLICY: sanitizeHtml.IOptions = {
  allowedTags: [...ALLOWED_TAGS, UNLINKED],
  allowedAttributes: Object.fromEntries(Object.entries(ALLOWED_ATTRIBUTES).map(([tag, names]) => [tag, [...names]])),
  allowedSchemes: [...ALLOWED_SCHEMES],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  allowedClasses: {},
  allowedStyles: {},
  disallowedTagsMode: 'discard',
  nonTextTags: [...NON_TEXT_TAGS],
  enforceHtmlBoundary: false,
  nestingLimit: 8,
  parser: { lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true },
  transformTags: {
    b: 'strong',
    i: 'em',
    // A link whose target is not an absolute http(s) or mailto URL keeps its text and loses the link;
    // a link to a comment of the page (a mention) stays, without rel: it leaves nothing.
    a: (tagName, attribs): sanitizeHtml.Tag =>
      isCommentHref(attribs.href ?? '')
        ? { tagName, attribs: { href: attribs.href } }
        : isAllowedHref(attribs.href ?? '')
          ? { tagName, attribs: { href: attribs.href.trim(), rel: LINK_REL } }
          : { tagName: UNLINKED, attribs: {} },
  },
};

/** A permalink to a comment on the same page, exactly: `#comment-` and its id. */
export function isCommentHref(href: string): boolean {
  return /^#comment-[1-9]\d{0,14}$/.test(href);
}

/** Absolute http, https or mailto only; browsers ignore control characters and spaces inside schemes. */
export function isAllowedHref(href: string): boolean {
  const squeezed = href.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
  return /^(https?:\/\/[^/\\]|mailto:[^\s])/.test(squeezed);
}

/** Applies the policy to markup. Idempotent: its output passes through unchanged. */
export function sanitizeMarkup(html: string): string {
  return sanitizeHtml(html, POLICY).replace(UNLINKED_TAGS, '');
}

// Runs over the text between tags of sanitized output: already escaped, so it stops at
// escaped brackets and at quotes.
const BARE_URL = /\bhttps?:\/\/(?:(?!&lt;|&gt;|&quot;|&#39;)[^\s<>"'])+/g;
const NO_AUTOLINK_INSIDE = /^<(\/?)(a|code|pre)[\s>]/;
const CLOSING_PUNCTUATION = '.,;:!?)]}';

/**
 * How many characters of closing punctuation (escaped `&` and `'` included) end the text.
 * A scan back from the end: a regex anchored at `$` retries from every position of a long
 * run and costs its length squared (issue 13: "http://a" and 10,000 dots took up to a second).
 */
export function trailingPunctuationLength(text: string): number {
  let end = text.length;
  for (;;) {
    // The longer tokens first: their last character, ";", is closing punctuation on its own too.
    if (text.endsWith('&amp;', end)) end -= 5;
    else if (text.endsWith('&#x27;', end)) end -= 6;
    else if (end > 0 && CLOSING_PUNCTUATION.includes(text[end - 1])) end -= 1;
    else return text.length - end;
  }
}

function linkText(escapedText: string): string {
  return escapedText.replace(BARE_URL, (match) => {
    const shown = match.slice(0, match.length - trailingPunctuationLength(match));
    const trailing = match.slice(shown.length);
    if (!isAllowedHref(shown.replace(/&amp;/g, '&'))) return match;
    return `<a href="${shown}">${shown}</a>${trailing}`;
  });
}

/**
 * Turns bare URLs in sanitized markup into links, except inside links, code and pre. A tag
 * never holds a raw `<`, so `[^<>]` keeps the split linear on any input, not only on
 * sanitizer output.
 */
export function linkBareUrls(sanitized: string): string {
  let insideDepth = 0;
  return sanitized
    .split(/(<[^<>]*>)/)
    .map((part) => {
      if (part.startsWith('<')) {
        const tag = NO_AUTOLINK_INSIDE.exec(part);
        if (tag) insideDepth += tag[1] === '/' ? -1 : 1;
        return part;
      }
      return insideDepth > 0 ? part : linkText(part);
    })
    .join('');
}

/**
 * Single newlines become <br /> except inside <pre>…</pre>. Found with indexOf: a lazy
 * `<pre>[\s\S]*?</pre>` rescans to the end from every <pre> that has no close after it.
 */
function breakLines(html: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const open = html.indexOf('<pre>', at);
    const close = open === -1 ? -1 : html.indexOf('</pre>', open);
    if (close === -1) return out + html.slice(at).replace(/\n/g, '<br />');
    out += html.slice(at, open).replace(/\n/g, '<br />') + html.slice(open, close + 6);
    at = close + 6;
  }
}

const BLOCK_START = /^<(p|pre|blockquote|ul|ol)[\s>]/;
/** Only <p>…</p> around text without markup, with <br /> line breaks. */
const PLAIN_PARAGRAPHS = /^(?:<p>(?:[^<]|<br \/>)*<\/p>)+$/;

/**
 * Turns what a reader typed (text with a little optional HTML) into the stored body:
 * blank lines make paragraphs, single newlines make line breaks (not inside <pre>),
 * and everything passes the policy. The caller enforces the length limit first,
 * because sanitizing cost grows faster than its input.
 */
export function renderCommentBody(source: string): string {
  // Bidi overrides and embeddings let one comment reorder the text around it.
  const text = source
    .replace(/\r\n?/g, '\n')
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, '')
    .trim();
  if (text === '') return '';
  const paragraphs = text
    .split(/\n[ \t]*\n+/)
    .map((chunk) => sanitizeMarkup(chunk).trim())
    .filter((chunk) => chunk !== '')
    .map((chunk) => {
      const withBreaks = breakLines(chunk);
      return BLOCK_START.test(withBreaks) ? withBreaks : `<p>${withBreaks}</p>`;
    });
  // Each chunk is sanitizer output, so its tags are well formed for linkBareUrls; the one
  // last pass holds the links it makes, like every wrapper added above, to the policy.
  const joined = paragraphs.join('');
  const linked = linkBareUrls(joined);
  // Plain text (most comments) leaves the first pass as escaped text alone, and the only
  // markup added is whole <p> and <br /> tags: with no link made either, the last pass
  // would return its input unchanged, at up to half the cost of the whole render.
  if (linked === joined && PLAIN_PARAGRAPHS.test(joined)) return joined;
  return sanitizeMarkup(linked);
}
