import { LINK_REL, isAllowedHref, renderCommentBody, sanitizeMarkup } from '../../server/text/sanitize';
import { renderMarkdownBody } from '../../server/text/markdown';

describe('the comment sanitizer policy', () => {
  it('keeps paragraphs, line breaks, bold, italic, code and blockquote', () => {
    expect(renderCommentBody('one\ntwo\n\n<b>bold</b> <i>it</i> <code>x()</code>')).toBe(
      '<p>one<br />two</p><p><strong>bold</strong> <em>it</em> <code>x()</code></p>',
    );
    expect(renderCommentBody('<blockquote>quoted</blockquote>')).toBe('<blockquote>quoted</blockquote>');
  });

  it('keeps newlines inside pre instead of turning them into breaks', () => {
    expect(renderCommentBody('<pre>a\nb</pre>')).toBe('<pre>a\nb</pre>');
  });

  it('escapes text that looks like markup but is not', () => {
    expect(renderCommentBody('a < b && c > d')).toBe('<p>a &lt; b &amp;&amp; c &gt; d</p>');
  });

  it.each([
    ['<script>alert(1)</script>hello', '<p>hello</p>'],
    ['<img src=x onerror=alert(1)>hello', '<p>hello</p>'],
    ['<iframe src="https://evil.example"></iframe>hello', '<p>hello</p>'],
    ['<svg><script>alert(1)</script></svg>hello', '<p>hello</p>'],
    ['<xmp><img src=x onerror=alert(1)></xmp>hello', '<p>hello</p>'],
    ['<style>body{display:none}</style>hello', '<p>hello</p>'],
    ['<p onclick="alert(1)" style="color:red" class="x">hello</p>', '<p>hello</p>'],
  ])('removes dangerous markup from %s', (input, expected) => {
    expect(renderCommentBody(input)).toBe(expected);
  });

  it('renders http, https and mailto links with the nofollow ugc rel and nothing else', () => {
    const html = renderCommentBody('<a href="https://example.com/x" target="_blank" onclick="x()">site</a>');
    expect(html).toBe(`<p><a href="https://example.com/x" rel="${LINK_REL}">site</a></p>`);
    expect(renderCommentBody('<a href="mailto:a@b.example">mail</a>')).toContain('href="mailto:a@b.example"');
    expect(renderCommentBody('<a href="http://example.com">h</a>')).toContain('href="http://example.com"');
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'jav&#x09;ascript:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    '//evil.example/x',
    '/relative/path',
  ])('turns a link to %s into plain text', (href) => {
    const html = renderCommentBody(`<a href="${href}">click</a>`);
    expect(html).not.toContain('<a');
    expect(html).toContain('click');
  });

  it('a link that may not stay, followed by a line break, leaves its words and no stray tag', () => {
    expect(sanitizeMarkup('<p><a href="ahttp://x.example">t</a><br />a</p>')).toBe('<p>t<br />a</p>');
    expect(renderMarkdownBody('<ahttp://x.example/a-->\na')).toBe('<p>ahttp://x.example/a--<br />a</p>');
  });

  it('is stable: sanitizing its own output changes nothing', () => {
    const samples = [
      'x\n\ny<b>z',
      '<blockquote>a\n\nb</blockquote>',
      '<ul><li>a<li>b</ul>',
      '<a href="https://a.example">a</a>\nb',
    ];
    for (const sample of samples) {
      const once = renderCommentBody(sample);
      expect(sanitizeMarkup(once)).toBe(once);
    }
  });

  it('gives an empty body when nothing readable survives', () => {
    expect(renderCommentBody('<script>x</script>')).toBe('');
    expect(renderCommentBody('   \n\n  ')).toBe('');
  });

  it('accepts only absolute http, https and mailto hrefs', () => {
    expect(isAllowedHref('https://a.example')).toBe(true);
    expect(isAllowedHref('mailto:x@y.example')).toBe(true);
    expect(isAllowedHref('https:/\\evil.example')).toBe(false);
    expect(isAllowedHref('java\nscript:alert(1)')).toBe(false);
  });
});

describe('bare URLs in comment text', () => {
  it('become links with the ugc rel, leaving trailing punctuation outside', () => {
    expect(renderCommentBody('see https://example.com/a?b=1&c=2.')).toBe(
      `<p>see <a href="https://example.com/a?b=1&amp;c=2" rel="${LINK_REL}">https://example.com/a?b=1&amp;c=2</a>.</p>`,
    );
  });

  it('are not linked inside links or code', () => {
    expect(renderCommentBody('<a href="https://a.example">https://b.example</a>')).toBe(
      `<p><a href="https://a.example" rel="${LINK_REL}">https://b.example</a></p>`,
    );
    expect(renderCommentBody('<code>https://c.example</code>')).toBe('<p><code>https://c.example</code></p>');
  });

  it('cannot break out of the attribute or smuggle a scheme', () => {
    const html = renderCommentBody(
      'https://x.example/"onmouseover="alert(1) and http://y.example/<script>alert(1)</script>',
    );
    expect(html).not.toMatch(/<[^>]*onmouseover/);
    expect(html).not.toContain('<script');
    expect(renderCommentBody('javascript:alert(1)//https://z.example')).not.toContain('href="javascript');
    expect(sanitizeMarkup(html)).toBe(html);
  });
});
