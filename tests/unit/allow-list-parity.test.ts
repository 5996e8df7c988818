// The server's sanitize-html policy and the widget's own allow-list (its second wall) let the same markup through.
import * as widget from '../../client/safe-html';
import * as server from '../../server/text/sanitize';

const sorted = (values: Iterable<string>) => [...values].sort();

/** Addresses on either side of the line both walls draw; browsers ignore controls and spaces inside a scheme. */
const HREFS = [
  '#comment-12',
  '#comment-12x',
  '#comment-0',
  '#elsewhere',
  'https://example.com/a?b=c',
  'HTTP://EXAMPLE.COM/',
  'http://127.0.0.1:8080/x',
  ' https://example.com/padded ',
  'mailto:ed@example.com',
  'MAILTO:ed@example.com',
  'javascript:alert(1)',
  'java\tscript:alert(1)',
  ' JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:x',
  'file:///etc/passwd',
  'ftp://example.com/',
  'tel:+15550100',
  'sms:+15550100',
  'blob:https://example.com/uuid',
  '//evil.example/',
  '/relative',
  '#fragment',
  'https:/one-slash.example',
  'https:\\\\backslash.example',
  'mailto:',
  '',
];

describe('the widget and the server allow the same comment markup', () => {
  it('keep the same tags', () => {
    expect(sorted(widget.ALLOWED_TAGS)).toEqual(sorted(server.ALLOWED_TAGS));
  });

  it('drop the same tags whole, with their content', () => {
    expect(sorted(widget.DROPPED_WHOLE)).toEqual(sorted(server.NON_TEXT_TAGS));
  });

  it('let the same attributes through, and give links the same rel', () => {
    expect(Object.keys(server.ALLOWED_ATTRIBUTES)).toContain('a');
    expect(widget.ALLOWED_ATTRIBUTES).toEqual(server.ALLOWED_ATTRIBUTES);
    expect(widget.LINK_REL).toBe(server.LINK_REL);
  });

  it('allow the same link schemes', () => {
    expect(sorted(widget.LINK_SCHEMES)).toEqual(sorted(server.ALLOWED_SCHEMES));
  });

  it.each(HREFS)('agree on whether %j may stay a link', (href) => {
    const keptByServer = server.sanitizeMarkup(`<a href="${href.replace(/"/g, '&quot;')}">x</a>`).startsWith('<a ');
    expect(server.isAllowedHref(href) || server.isCommentHref(href)).toBe(keptByServer);
    expect(widget.toSafeHref(href) !== null).toBe(keptByServer);
  });
});
