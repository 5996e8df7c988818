import {
  composeNotices,
  EXCERPT_CHARS,
  excerpt,
  headerText,
  htmlToText,
  withPageLinks,
} from '../../server/notifications/mail-composer';

const links = {
  manageUrl: 'https://c.example/subscriptions?token=m',
  oneClickUrl: 'https://c.example/subscriptions/one-click?token=u',
  unsubscribeUrl: 'https://c.example/subscriptions?token=u',
};
const envelope = {
  from: 'Parley <p@c.example>',
  to: 'r@example.com',
  messageId: '<notice.1.abc@c.example>',
  threadTitle: 'A <title>',
  threadUrl: 'https://news.example/a',
};

test('a header value is one line whatever it holds', () => {
  expect(headerText('Eve\r\nBcc: spy@evil.example')).toBe('Eve Bcc: spy@evil.example');
  expect(headerText('a\u2028b\u0000c')).toBe('a b c');
  expect(headerText('x'.repeat(300))).toHaveLength(200);
});

test('the excerpt keeps the comment’s links and cuts long text', () => {
  const html = '<p>See <a href="https://example.org/x?a=1&amp;b=2" rel="nofollow ugc noopener noreferrer">this</a></p>';
  expect(excerpt(html).html).toContain('href="https://example.org/x?a=1&amp;b=2"');
  expect(htmlToText(html)).toBe('See this <https://example.org/x?a=1&b=2>');
  const long = excerpt(`<p>${'word '.repeat(1000)}</p>`);
  expect(long.text.length).toBe(EXCERPT_CHARS);
  expect(long.text.endsWith('…')).toBe(true);
  expect(excerpt('<p>x<script>alert(1)</script></p>').html).not.toContain('<script');
});

test('a notice escapes names and titles in HTML, and carries the one-click unsubscribe headers', () => {
  const mail = composeNotices(
    envelope,
    [
      {
        authorName: '<img src=x onerror=alert(1)>',
        bodyHtml: '<p>Hi</p>',
        permalink: 'https://news.example/a#comment-5',
      },
    ],
    links,
  );
  expect(mail.html).not.toContain('<img');
  expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  expect(mail.html).toContain('A &lt;title&gt;');
  expect(mail.text).toContain('https://news.example/a#comment-5');
  expect(mail.text).toContain(`Unsubscribe: ${links.unsubscribeUrl}`);
  expect(mail.headers).toEqual({
    'List-Unsubscribe': `<${links.oneClickUrl}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  });
});

test('a mention in a mailed comment links to the comment on its page, not to the mail', () => {
  const body = '<p>Thanks <a href="#comment-12">@Ada</a>, see <a href="https://x.example/#comment-3" rel="r">x</a></p>';
  const linked = withPageLinks(body, 'https://news.example/a?b=1&c=2#comment-9');
  expect(linked).toBe(
    '<p>Thanks <a href="https://news.example/a?b=1&amp;c=2#comment-12">@Ada</a>, see <a href="https://x.example/#comment-3" rel="r">x</a></p>',
  );
  expect(htmlToText(excerpt(linked).html)).toContain('@Ada <https://news.example/a?b=1&c=2#comment-12>');
});
