import fc from 'fast-check';
import { LINK_REL, renderCommentBody, sanitizeMarkup, trailingPunctuationLength } from '../../server/text/sanitize';
import { cleanPlainText } from '../../server/text/plain-text';

const ALLOWED_TAGS = new Set(['p', 'br', 'strong', 'em', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a']);

/** Tags and attributes in markup the sanitizer produced (well-formed by construction). */
function tagsOf(html: string): { name: string; attrs: string }[] {
  return [...html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)].map((m) => ({
    name: m[1].toLowerCase(),
    attrs: m[2].replace(/\s*\/$/, ''),
  }));
}

// Fragments that stress the parser: markup, entities, quotes, schemes, control characters.
const pieces = fc.constantFrom(
  '<',
  '>',
  '"',
  "'",
  '&',
  '&#x3C;',
  '&lt;',
  '=',
  '/',
  '\n',
  '\n\n',
  '\u0000',
  '\u202e',
  ' ',
  'script',
  'img',
  'svg',
  'a',
  'p',
  'b',
  'i',
  'style',
  'iframe',
  'xmp',
  'math',
  'href',
  'src',
  'onerror',
  'onclick',
  'javascript:',
  'data:',
  'vbscript:',
  'http://x.example',
  'https://y.example/?a=1&b=2',
  'mailto:a@b.example',
  '//evil.example',
  '<a href="',
  '</a>',
  '<script>',
  '</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<!--',
  '-->',
  '<![CDATA[',
  '<p>',
  '</p>',
  '<b>',
  '</b>',
  '<pre>',
  '</pre>',
  '<code>',
  '<blockquote>',
  '<ul><li>',
  'alert(1)',
  '`',
  '\t',
);
const hostileText = fc
  .array(fc.oneof(pieces, fc.string({ maxLength: 5 })), { maxLength: 40 })
  .map((parts) => parts.join(''));

describe('sanitizer properties', () => {
  it('output only ever holds allowed tags, and links only http(s)/mailto hrefs with the ugc rel', () => {
    fc.assert(
      fc.property(hostileText, (input) => {
        const html = renderCommentBody(input);
        for (const { name, attrs } of tagsOf(html)) {
          expect(ALLOWED_TAGS.has(name)).toBe(true);
          if (name !== 'a' || attrs.trim() === '') {
            expect(attrs.trim()).toBe('');
            continue;
          }
          const match = /^\s+href="([^"]*)" rel="([^"]*)"\s*$/.exec(attrs);
          expect(match).not.toBeNull();
          expect(match![1]).toMatch(/^(https?:\/\/|mailto:)/i);
          expect(match![2]).toBe(LINK_REL);
        }
        expect(html).not.toMatch(/<(script|style|iframe|svg|math|img|xmp|textarea)/i);
      }),
      { numRuns: 1500 },
    );
  });

  it('is stable: its own output passes through unchanged', () => {
    fc.assert(
      fc.property(hostileText, (input) => {
        const html = renderCommentBody(input);
        expect(sanitizeMarkup(html)).toBe(html);
      }),
      { numRuns: 1500 },
    );
  });

  it('prose without markup renders to markup the sanitizer leaves unchanged (it skips the last pass)', () => {
    const prose = fc
      .array(
        fc.oneof(
          fc.constantFrom(
            'word',
            ' ',
            '\n',
            '\n\n',
            '\r\n',
            '&',
            '&amp;',
            '"',
            "'",
            '>',
            '\t',
            '\u00a0',
            'é',
            '😀',
            '\u202e',
          ),
          fc.string({ maxLength: 4 }).map((s) => s.replace(/</g, '')),
        ),
        { maxLength: 60 },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(prose, (input) => {
        const html = renderCommentBody(input);
        expect(sanitizeMarkup(html)).toBe(html);
      }),
      { numRuns: 1500 },
    );
  });

  it('leaves outside a link the same trailing punctuation as the longest match of the pattern it replaced', () => {
    // The pattern is quadratic on long runs, so it is compared on short ones.
    const anchored = /(?:[.,;:!?)\]}]|&amp;|&#x27;)+$/;
    const tail = fc
      .array(
        fc.constantFrom(
          '.',
          ',',
          ';',
          ':',
          '!',
          '?',
          ')',
          ']',
          '}',
          '&amp;',
          '&#x27;',
          '&amp',
          '#x27;',
          'amp;',
          'x',
          '/',
          '&',
          '(',
        ),
        { maxLength: 12 },
      )
      .map((parts) => `http://a${parts.join('')}`);
    fc.assert(
      fc.property(tail, (url) => {
        expect(trailingPunctuationLength(url)).toBe(anchored.exec(url)?.[0].length ?? 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('plain-text names never keep controls or bidi overrides, and cleaning twice changes nothing', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText, fc.string({ unit: 'binary' })), (input) => {
        const name = cleanPlainText(input);
        expect(name).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b\ufeff]/);
        expect(cleanPlainText(name)).toBe(name);
      }),
      { numRuns: 1500 },
    );
  });
});
