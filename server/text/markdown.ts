// Owns turning a reader's Markdown source into the stored body: markdown-it, then the one sanitize-html policy.
import MarkdownIt from 'markdown-it';
import { linkBareUrls, renderCommentBody, sanitizeMarkup } from './sanitize';

/** How a stored body's source is read: 'html' for bodies written before Markdown, 'markdown' since. */
export type BodyFormat = 'html' | 'markdown';

// CommonMark with raw HTML off: anything that is not Markdown is escaped and shows as typed.
// Single newlines stay line breaks, as readers have always had them.
const md = new MarkdownIt('commonmark', { html: false, breaks: true, linkify: false, typographer: false });
// Constructs whose tags the policy does not keep would lose what the reader typed (an image's
// address, a heading's or a rule's markers): off, so they stay text. Strikethrough maps to <s>, which it keeps.
md.disable(['image', 'heading', 'lheading', 'hr']);
md.enable('strikethrough');
// Deeper structure than the policy's nesting limit is not rendered as structure anyway; a low
// bound keeps the parser's work per character small on adversarial nesting (">>>>…", "- - - …").
md.set({ maxNesting: 8 });

/**
 * Renders Markdown source as the stored HTML. Bare http(s) addresses become links the way they
 * always have (linkBareUrls, outside links and code), and the result passes the one policy.
 * The caller enforces the length limit first.
 */
export function renderMarkdownBody(source: string): string {
  // Bidi overrides and embeddings let one comment reorder the text around it.
  const text = source
    .replace(/\r\n?/g, '\n')
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, '')
    .trim();
  if (text === '') return '';
  // markdown-it ends blocks with newlines between tags; they carry nothing once rendered.
  const html = md.render(text).replace(/>\n+/g, '>').trim();
  return sanitizeMarkup(linkBareUrls(html));
}

/** Renders a stored body's source by its format: bodies written before Markdown keep their old reading. */
export function renderBody(source: string, format: BodyFormat): string {
  return format === 'markdown' ? renderMarkdownBody(source) : renderCommentBody(source);
}

/** Whether rendered markup shows no text at all (only tags and white space). Linear: one split on tags. */
export function hasNoText(html: string): boolean {
  return html.replace(/<[^<>]*>/g, '').trim() === '';
}
