// @mentions end to end over SMTP: a mention links to the author's latest comment and tells them by email when they
// asked to hear of replies and confirmed their address; never the unconfirmed, never oneself, once per comment.
import type { ParsedMail } from 'mailparser';
import { makeReader } from '../helpers/api';
import { linksIn, outboxRows, startMailReceiver, waitUntil, type MailReceiver } from '../helpers/mail';
import { openThread, startTestServer, type TestServer } from '../helpers/server';

jest.setTimeout(60_000);

const PAGE_URL = 'https://news.example/mentions';
let receiver: MailReceiver;
let server: TestServer;
let threadId: number;
beforeAll(async () => {
  receiver = await startMailReceiver();
  server = await startTestServer({
    mail: { smtpUrl: receiver.url, from: 'Parley <parley@news.example>', publicUrl: null, batchMs: 0, retryMs: 0 },
  });
  threadId = (await openThread(server.url, 'mentions', { url: PAGE_URL, title: 'Mentions' })).thread.id;
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

const to = (email: string) => (m: ParsedMail) => m.to !== undefined && !Array.isArray(m.to) && m.to.text === email;
const settled = () =>
  waitUntil(
    () => outboxRows(server.dbPath).every((r) => r.state !== 'pending' && r.state !== 'sending'),
    'the outbox to be sent',
  );
const noticesTo = (email: string) =>
  outboxRows(server.dbPath).filter((r) => r.email === email && r.purpose === 'notice');

test('a mention links to the author’s latest comment and notifies them once, only when confirmed, never oneself', async () => {
  const ada = makeReader(server.url);
  const first = await ada.post(threadId, {
    authorName: 'Ada Lovelace',
    authorEmail: 'ada@example.com',
    body: 'An early note',
    notifyReplies: true,
  });
  const [confirmation] = (await receiver.waitFor((all) => all.some(to('ada@example.com')))).filter(
    to('ada@example.com'),
  );
  expect((await fetch(linksIn(confirmation).find((l) => l.includes('/subscriptions?token=')) as string)).status).toBe(
    200,
  );
  const latest = await ada.post(threadId, { authorName: 'Ada Lovelace', body: 'A later note' });
  // Grace asks for replies but never confirms.
  const grace = await makeReader(server.url).post(threadId, {
    authorName: 'Grace',
    authorEmail: 'grace@example.com',
    body: 'Hello',
    notifyReplies: true,
  });
  await settled();

  const bob = makeReader(server.url);
  const mention = await bob.post(threadId, { authorName: 'Bob', body: 'Thanks @ada lovelace and @grace.' });
  expect(mention.status).toBe(201);
  expect(mention.json.comment.bodyHtml).toBe(
    `<p>Thanks <a href="#comment-${latest.json.comment.id}">@ada lovelace</a> and ` +
      `<a href="#comment-${grace.json.comment.id}">@grace</a>.</p>`,
  );
  const notice = (await receiver.waitFor((all) => all.filter(to('ada@example.com')).length === 2)).filter(
    to('ada@example.com'),
  )[1];
  expect(notice.subject).toBe('Bob commented on Mentions');
  expect(notice.text).toContain(`${PAGE_URL}#comment-${mention.json.comment.id}`);
  // The mention in the mail leads to the comment on its page.
  expect(notice.html).toContain(`href="${PAGE_URL}#comment-${latest.json.comment.id}"`);

  // A reply that also mentions her: one notice for the comment.
  const reply = await bob.post(threadId, {
    authorName: 'Bob',
    parentId: first.json.comment.id,
    body: '@Ada Lovelace, replying too',
  });
  // Her own mention of herself tells her nothing.
  await ada.post(threadId, { authorName: 'Ada Lovelace', body: 'As @Ada Lovelace said' });
  await settled();
  expect(noticesTo('ada@example.com').map((r) => r.id)).toHaveLength(2);
  expect(
    outboxRows(server.dbPath)
      .filter((r) => r.email === 'grace@example.com')
      .map((r) => r.purpose),
  ).toEqual(['confirm']);
  expect(receiver.messages.filter(to('ada@example.com'))).toHaveLength(3);
  expect(reply.status).toBe(201);
});
