import fc from 'fast-check';
import { LINK_REL, sanitizeMarkup } from '../../server/text/sanitize';
import { hasNoText, renderBody, renderMarkdownBody } from '../../server/text/markdown';

const ALLOWED_TAGS = new Set(['p', 'br', 'strong', 'em', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a']);

/** The text a browser shows for rendered markup, from the escapes the renderer writes. */
function shownText(html: string): string {
  return html
    .replace(/<br \/>/g, '\n')
    .replace(/<[^<>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('a Markdown body', () => {
  it.each([
    ['How do I stop <script> tags in my blog?', '<p>How do I stop &lt;script&gt; tags in my blog?</p>'],
    ['x <img src=x onerror=alert(1)> y', '<p>x &lt;img src=x onerror=alert(1)&gt; y</p>'],
    ['<b>not bold</b>', '<p>&lt;b&gt;not bold&lt;/b&gt;</p>'],
    ['# not a heading\n---', '<p># not a heading<br />---</p>'],
    ['a < b && c > d', '<p>a &lt; b &amp;&amp; c &gt; d</p>'],
  ])('shows what is not Markdown exactly as typed: %s', (input, expected) => {
    expect(renderMarkdownBody(input)).toBe(expected);
  });

  it('keeps an address typed in angle brackets, as a mail link', () => {
    expect(renderMarkdownBody('my email is <nadia@example.com> ok')).toBe(
      `<p>my email is <a href="mailto:nadia@example.com" rel="${LINK_REL}">nadia@example.com</a> ok</p>`,
    );
  });

  it('renders emphasis, code, quotes, lists, strikethrough and line breaks into the allowed tags', () => {
    expect(renderMarkdownBody('**bold** _it_ `x()` ~~gone~~\nnext')).toBe(
      '<p><strong>bold</strong> <em>it</em> <code>x()</code> <s>gone</s><br />next</p>',
    );
    expect(renderMarkdownBody('> quoted\n\n- one\n- two\n\n1. first')).toBe(
      '<blockquote><p>quoted</p></blockquote><ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>',
    );
    expect(renderMarkdownBody('```\nlet a = 1 < 2;\n```')).toBe('<pre><code>let a = 1 &lt; 2;\n</code></pre>');
  });

  it('links http(s) addresses, bare or written as links, with the ugc rel, and never other schemes', () => {
    expect(renderMarkdownBody('see http://a.example/x. and [site](https://b.example/y)')).toBe(
      `<p>see <a href="http://a.example/x" rel="${LINK_REL}">http://a.example/x</a>. and ` +
        `<a href="https://b.example/y" rel="${LINK_REL}">site</a></p>`,
    );
    for (const href of ['javascript:alert(1)', 'data:text/html,x', 'vbscript:x', '//evil.example/x']) {
      expect(renderMarkdownBody(`[click](${href})`)).not.toContain('<a');
    }
    expect(renderMarkdownBody('`http://a.example/`')).toBe('<p><code>http://a.example/</code></p>');
  });

  it('keeps an image’s words and address instead of dropping them', () => {
    expect(renderMarkdownBody('![a chart](https://c.example/p.png)')).toBe(
      `<p>!<a href="https://c.example/p.png" rel="${LINK_REL}">a chart</a></p>`,
    );
  });

  it('strips bidi overrides that would reorder the page around it', () => {
    expect(renderMarkdownBody('abc\u202edef')).toBe('<p>abcdef</p>');
  });

  it('tells a body that shows nothing from one that shows something', () => {
    expect(hasNoText(renderMarkdownBody('[](https://a.example)'))).toBe(true);
    expect(hasNoText(renderMarkdownBody('<>'))).toBe(false);
  });

  it('renders older bodies by their own format, unchanged', () => {
    expect(renderBody('<b>bold</b>', 'html')).toBe('<p><strong>bold</strong></p>');
    expect(renderBody('<b>bold</b>', 'markdown')).toBe('<p>&lt;b&gt;bold&lt;/b&gt;</p>');
  });
});

const pieces = fc.constantFrom(
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">',
  '</a>',
  '<b>',
  '<!--',
  '-->',
  '*',
  '**',
  '_',
  '`',
  '```',
  '~~',
  '>',
  '<',
  '[',
  ']',
  '(',
  ')',
  '](javascript:alert(1))',
  '](https://ok.example/)',
  '!',
  '#',
  '- ',
  '1. ',
  '\n',
  '\n\n',
  ' ',
  'http://x.example/a',
  'mailto:a@b.example',
  '<a@b.example>',
  '"',
  "'",
);
const words = fc.stringMatching(/^[a-z]{1,6}$/);
const hostileMarkdown = fc.array(fc.oneof(pieces, words), { maxLength: 40 }).map((parts) => parts.join(''));

describe('Markdown body properties', () => {
  it('output holds only allowed tags, and links only http(s)/mailto hrefs with the ugc rel', () => {
    fc.assert(
      fc.property(hostileMarkdown, (input) => {
        const html = renderMarkdownBody(input);
        for (const [, name, attrs] of html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)) {
          expect(ALLOWED_TAGS.has(name.toLowerCase())).toBe(true);
          const rest = attrs.replace(/\s*\/$/, '').trim();
          if (name !== 'a' || rest === '') {
            expect(rest).toBe('');
            continue;
          }
          expect(rest).toMatch(new RegExp(`^href="(https?://|mailto:)[^"]*" rel="${LINK_REL}"$`, 'i'));
        }
        expect(sanitizeMarkup(html)).toBe(html);
      }),
      { numRuns: 1500 },
    );
  });

  it('drops no word a reader typed: every word shows, as text or as a link’s address (list numbers and code fences’ language names are markup)', () => {
    fc.assert(
      fc.property(hostileMarkdown, (input) => {
        const html = renderMarkdownBody(input);
        const shown = shownText(html) + ' ' + [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]).join(' ');
        // A code fence's info string names the language and is not shown.
        const typed = input.replace(/`{3,}[^\n`]*|~{3,}[^\n]*/g, '');
        for (const word of typed.match(/[a-z]+/g) ?? []) expect(shown).toContain(word);
      }),
      { numRuns: 1500 },
    );
  });
});
