// Subscriptions by email against a real SMTP server on loopback: double opt-in, notices with their headers and links,
// unsubscribing, batching, what is never sent, restarts, refusals, header injection and forged links.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ParsedMail } from 'mailparser';
import { loadConfig, type Config } from '../../server/config';
import { createLogger } from '../../server/log/logger';
import { createModeratorAccount, loginAsModerator, TEST_PASSWORD_COST } from '../helpers/admin';
import { makeReader } from '../helpers/api';
import { linksIn, outboxRows, signTokenFor, startMailReceiver, waitUntil, type MailReceiver } from '../helpers/mail';
import { openThread, startPostgresTestServer, startTestServer, type TestServer } from '../helpers/server';

jest.setTimeout(60_000);

const PAGE_URL = 'https://news.example/story';

let receiver: MailReceiver;
beforeAll(async () => {
  receiver = await startMailReceiver();
});
afterAll(() => receiver.close());

function mailConfig(overrides: Partial<Config['mail']> = {}): Partial<Config> {
  return {
    mail: {
      smtpUrl: receiver.url,
      from: 'Parley <parley@news.example>',
      publicUrl: null,
      batchMs: 0,
      retryMs: 0,
      ...overrides,
    },
  };
}

const to = (email: string) => (m: ParsedMail) => m.to !== undefined && !Array.isArray(m.to) && m.to.text === email;
const mailTo = (email: string) => receiver.messages.filter(to(email));

async function subscribe(server: TestServer, threadId: number, email: string, kind: 'thread' | 'replies') {
  return makeReader(server.url).call('POST', `/api/threads/${threadId}/subscriptions`, { email, kind });
}

/** Subscribes the address and follows the link of the confirmation mail it gets. */
async function subscribeConfirmed(server: TestServer, threadId: number, email: string, kind: 'thread' | 'replies') {
  expect((await subscribe(server, threadId, email, kind)).json).toEqual({ kind, status: 'pending' });
  const [confirmation] = (await receiver.waitFor((all) => all.some(to(email)))).filter(to(email));
  const link = linksIn(confirmation).find((l) => l.includes('/subscriptions?token='));
  const page = await fetch(link as string);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Your email address is confirmed');
}

/** Waits until the server's outbox has nothing left to send. */
function outboxSettled(server: TestServer) {
  return waitUntil(
    () => outboxRows(server.dbPath).every((r) => r.state !== 'pending' && r.state !== 'sending'),
    'the outbox to be sent',
  );
}

describe('with a server that sends at once', () => {
  let server: TestServer;
  let threadId: number;
  beforeAll(async () => {
    server = await startTestServer(mailConfig());
    threadId = (await openThread(server.url, 'story', { url: PAGE_URL, title: 'The story' })).thread.id;
  });
  afterAll(() => server.close());

  test('a guest address gets only a confirmation until its link is followed; then notices, and later subscriptions are active at once', async () => {
    const email = 'guest@example.com';
    expect((await subscribe(server, threadId, email, 'thread')).json).toEqual({ kind: 'thread', status: 'pending' });
    // A second subscription within the hour sends no second confirmation.
    const other = (await openThread(server.url, 'other-story', { url: `${PAGE_URL}-2`, title: 'Other' })).thread.id;
    expect((await subscribe(server, other, email, 'thread')).json).toEqual({ kind: 'thread', status: 'pending' });
    const writer = makeReader(server.url);
    const before = await writer.post(threadId, { authorName: 'Writer', body: 'Before the confirmation' });
    expect(before.status).toBe(201);
    await outboxSettled(server);
    expect(outboxRows(server.dbPath).filter((r) => r.email === email)).toEqual([
      expect.objectContaining({ purpose: 'confirm', state: 'sent' }),
    ]);
    const [confirmation] = mailTo(email);
    expect(mailTo(email)).toHaveLength(1);
    expect(confirmation.subject).toContain('Confirm');
    const link = linksIn(confirmation).find((l) => l.includes('/subscriptions?token=')) as string;
    expect(await (await fetch(link)).text()).toContain('Your email address is confirmed');

    await writer.post(threadId, { authorName: 'Writer', body: 'After the confirmation' });
    const notices = (await receiver.waitFor((all) => all.filter(to(email)).length === 2)).filter(to(email));
    expect(notices[1].text).toContain('After the confirmation');
    expect(notices[1].text).not.toContain('Before the confirmation');
    const third = (await openThread(server.url, 'third-story', { url: `${PAGE_URL}-3` })).thread.id;
    expect((await subscribe(server, third, email, 'replies')).json).toEqual({ kind: 'replies', status: 'active' });
  });

  test('a reply notice names its author, quotes the reply with its links, links to it, and carries one-click unsubscribe headers', async () => {
    const email = 'author@example.com';
    const author = makeReader(server.url);
    const posted = await author.post(threadId, {
      authorName: 'Ada',
      authorEmail: email,
      body: 'My first point',
      notifyReplies: true,
    });
    expect(posted.status).toBe(201);
    const [confirmation] = (await receiver.waitFor((all) => all.some(to(email)))).filter(to(email));
    await fetch(linksIn(confirmation).find((l) => l.includes('/subscriptions?token=')) as string);

    const replier = makeReader(server.url);
    const reply = await replier.post(threadId, {
      authorName: 'Grace',
      parentId: posted.json.comment.id,
      body: 'I disagree, see https://example.org/evidence for why',
    });
    expect(reply.status).toBe(201);
    // Someone else's top-level comment is not a reply to Ada: no notice for it.
    await makeReader(server.url).post(threadId, { authorName: 'Linus', body: 'Unrelated' });
    const notice = (await receiver.waitFor((all) => all.filter(to(email)).length === 2)).filter(to(email))[1];
    const replyId = reply.json.comment.id;
    expect(notice.subject).toBe('Grace commented on The story');
    expect(notice.text).toContain('I disagree');
    expect(notice.text).toContain(`${PAGE_URL}#comment-${replyId}`);
    expect(notice.html).toContain('href="https://example.org/evidence"');
    expect(notice.html).toContain(`href="${PAGE_URL}#comment-${replyId}"`);
    expect(notice.messageId).toMatch(/^<notice\.\d+\.[0-9a-f]+@127\.0\.0\.1>$/);
    const header = (name: string) => notice.headerLines.find((h) => h.key === name)?.line.replace(/\r?\n\s+/g, ' ');
    const oneClickUrl = /^List-Unsubscribe:\s*<([^>]+)>$/.exec(header('list-unsubscribe') ?? '')?.[1] as string;
    expect(oneClickUrl).toMatch(/\/subscriptions\/one-click\?token=/);
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    await outboxSettled(server);
    expect(
      outboxRows(server.dbPath)
        .filter((r) => r.email === email)
        .map((r) => r.state),
    ).toEqual(['sent', 'sent']);

    // RFC 8058: the mail client posts to the header's address; nothing more is sent for this subscription.
    const oneClick = await fetch(oneClickUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(204);
    await replier.post(threadId, { authorName: 'Grace', parentId: posted.json.comment.id, body: 'One more thing' });
    expect(outboxRows(server.dbPath).filter((r) => r.email === email)).toHaveLength(2);
  });

  test('the unsubscribe link opens a page listing the subscriptions; its button ends one', async () => {
    const email = 'reader@example.com';
    await subscribeConfirmed(server, threadId, email, 'thread');
    await makeReader(server.url).post(threadId, { authorName: 'Writer', body: 'News <b>for</b> readers' });
    const notice = (await receiver.waitFor((all) => all.filter(to(email)).length === 2)).filter(to(email))[1];
    const unsubscribe = linksIn(notice).find(
      (l) => l.includes('/subscriptions?token=') && notice.text?.includes(`Unsubscribe: ${l}`),
    ) as string;
    const page = await fetch(unsubscribe);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('New comments on <a href="https://news.example/story">The story</a>');
    const token = /name="token" value="([^"]+)"/.exec(html)?.[1] as string;
    const id = /name="subscriptionId" value="(\d+)"/.exec(html)?.[1] as string;
    const ended = await fetch(`${server.url}/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, subscriptionId: id }).toString(),
    });
    expect(ended.status).toBe(200);
    expect(await ended.text()).toContain('The subscription has ended.');
    const rowsBefore = outboxRows(server.dbPath).filter((r) => r.email === email).length;
    await makeReader(server.url).post(threadId, { authorName: 'Writer', body: 'Nobody hears this' });
    expect(outboxRows(server.dbPath).filter((r) => r.email === email)).toHaveLength(rowsBefore);
  });

  test('no notice for the subscriber’s own comment or for a spam-trapped one', async () => {
    const email = 'watcher@example.com';
    const thread = (await openThread(server.url, 'quiet-story', { url: `${PAGE_URL}-quiet`, title: 'Quiet' })).thread
      .id;
    await subscribeConfirmed(server, thread, email, 'thread');
    const own = await makeReader(server.url).post(thread, {
      authorName: 'Watcher',
      authorEmail: 'Watcher@Example.com',
      body: 'My own words',
    });
    expect(own.status).toBe(201);
    const trapped = await makeReader(server.url).post(thread, {
      authorName: 'Bot',
      body: 'Buy now',
      honeypot: 'filled',
    });
    expect(trapped.json.comment.status).not.toBe('published');
    expect(
      outboxRows(server.dbPath)
        .filter((r) => r.email === email)
        .map((r) => r.purpose),
    ).toEqual(['confirm']);
  });

  test('a name with CR and LF reaches no header: the subject stays one line and no Bcc appears', async () => {
    const email = 'victim@example.com';
    const thread = (await openThread(server.url, 'crlf-story', { url: `${PAGE_URL}-crlf`, title: 'Line\r\nBcc: x' }))
      .thread.id;
    await subscribeConfirmed(server, thread, email, 'thread');
    await makeReader(server.url).post(thread, {
      authorName: 'Eve\r\nBcc: spy@evil.example',
      body: 'Hello',
    });
    const notice = (await receiver.waitFor((all) => all.filter(to(email)).length === 2)).filter(to(email))[1];
    expect(notice.subject).not.toMatch(/[\r\n]/);
    expect(notice.headers.has('bcc')).toBe(false);
    expect(receiver.messages.some((m) => JSON.stringify(m.to).includes('spy@evil.example'))).toBe(false);
    const refused = await subscribe(server, thread, 'a@example.com\r\nBcc: spy@evil.example', 'thread');
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe('VALIDATION_FAILED');
  });

  test('altered, expired, foreign and wrong-purpose links are refused', async () => {
    const email = 'linker@example.com';
    await subscribe(server, threadId, email, 'thread');
    const good = signTokenFor(server.dbPath, { purpose: 'manage', email, subscriptionId: null, expiresAtMs: null });
    const [payload, mac] = good.split('.');
    const forgedPayload = Buffer.from(JSON.stringify(['manage', 'other@example.com', null, null])).toString(
      'base64url',
    );
    const expired = signTokenFor(server.dbPath, {
      purpose: 'confirm',
      email,
      subscriptionId: 1,
      expiresAtMs: Date.now() - 1000,
    });
    for (const [token, reason] of [
      [`${forgedPayload}.${mac}`, 'forged'],
      [`${payload}.${mac.slice(0, -2)}AA`, 'forged'],
      ['not-a-token', 'forged'],
      [expired, 'expired'],
    ]) {
      const page = await fetch(`${server.url}/subscriptions?token=${encodeURIComponent(token)}`);
      expect({ reason, status: page.status }).toEqual({ reason, status: 400 });
      expect(await page.text()).toContain('This link does not work');
    }
    expect(outboxRows(server.dbPath).some((r) => r.email === 'other@example.com')).toBe(false);
    const oneClick = await fetch(`${server.url}/subscriptions/one-click?token=${encodeURIComponent(good)}`, {
      method: 'POST',
    });
    expect(oneClick.status).toBe(400);
    expect((await oneClick.json()).error).toEqual(
      expect.objectContaining({ code: 'MAIL_LINK_INVALID', details: { reason: 'wrong-purpose' } }),
    );
  });
});

test('replies close together go to one address as one message', async () => {
  const server = await startTestServer(mailConfig({ batchMs: 3000 }));
  try {
    const thread = (await openThread(server.url, 'busy-story', { url: `${PAGE_URL}-busy`, title: 'Busy' })).thread.id;
    const email = 'batched@example.com';
    await subscribeConfirmed(server, thread, email, 'thread');
    const writer = makeReader(server.url);
    await writer.post(thread, { authorName: 'One', body: 'First of two' });
    await writer.post(thread, { authorName: 'Two', body: 'Second of two' });
    await outboxSettled(server);
    const notices = mailTo(email).slice(1);
    expect(notices).toHaveLength(1);
    expect(notices[0].subject).toBe('2 new comments on Busy');
    expect(notices[0].text).toContain('First of two');
    expect(notices[0].text).toContain('Second of two');
  } finally {
    await server.close();
  }
});

test('a held comment notifies when a moderator approves it', async () => {
  const server = await startTestServer(
    { ...mailConfig(), minSubmitMs: 5_000 },
    { passwordCostLog2: TEST_PASSWORD_COST },
  );
  try {
    const thread = (await openThread(server.url, 'held-story', { url: `${PAGE_URL}-held`, title: 'Held' })).thread.id;
    const email = 'patient@example.com';
    await subscribeConfirmed(server, thread, email, 'thread');
    const held = await makeReader(server.url).post(thread, { authorName: 'Quick', body: 'Typed fast', elapsedMs: 10 });
    expect(held.json.comment.status).toBe('pending');
    expect(outboxRows(server.dbPath).filter((r) => r.email === email)).toHaveLength(1);
    const account = await createModeratorAccount(server.dbPath, { email: 'mod@example.com' });
    const mod = await loginAsModerator(server.url, account.email, account.password);
    expect((await mod.call('POST', `/comments/${held.json.comment.id}/approve`)).status).toBe(200);
    // Readers' addresses are for admins: a moderator is refused the outbox.
    expect((await mod.call('GET', '/outbox')).status).toBe(403);
    const notice = (await receiver.waitFor((all) => all.filter(to(email)).length === 2)).filter(to(email))[1];
    expect(notice.text).toContain('Typed fast');
  } finally {
    await server.close();
  }
});

test('mail queued before a restart is sent once by the next server on the same database', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-mail-restart-'));
  const dbPath = path.join(dir, 'parley.db');
  try {
    // The first server has no SMTP: the mail stays in the outbox when it stops.
    const first = await startTestServer({ dbPath, ...mailConfig({ smtpUrl: null }) });
    const email = 'restart@example.com';
    let commentId: number;
    try {
      const thread = (await openThread(first.url, 'restart-story', { url: `${PAGE_URL}-r`, title: 'Restart' })).thread
        .id;
      await subscribe(first, thread, email, 'thread');
      const confirm = signTokenFor(dbPath, {
        purpose: 'confirm',
        email,
        subscriptionId: 1,
        expiresAtMs: Date.now() + 60_000,
      });
      expect((await fetch(`${first.url}/subscriptions?token=${encodeURIComponent(confirm)}`)).status).toBe(200);
      const posted = await makeReader(first.url).post(thread, { authorName: 'Writer', body: 'Queued, not sent' });
      expect(posted.status).toBe(201);
      commentId = posted.json.comment.id;
      expect(outboxRows(dbPath).map((r) => [r.purpose, r.state])).toEqual([
        ['confirm', 'pending'],
        ['notice', 'pending'],
      ]);
    } finally {
      await first.close();
    }
    const second = await startTestServer({ dbPath, ...mailConfig() });
    try {
      await outboxSettled(second);
      // The confirmation is no longer needed (the address was confirmed): dropped, not sent.
      expect(outboxRows(dbPath).map((r) => [r.purpose, r.state])).toEqual([
        ['confirm', 'dropped'],
        ['notice', 'sent'],
      ]);
      const received = mailTo(email);
      expect(received).toHaveLength(1);
      expect(received[0].text).toContain(`#comment-${commentId}`);
    } finally {
      await second.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a message the SMTP server refuses for now (4xx) is sent again and delivered once', async () => {
  const server = await startTestServer(mailConfig());
  try {
    const email = 'busy-mailbox@example.com';
    const thread = (await openThread(server.url, 'retry-story', { url: `${PAGE_URL}-retry` })).thread.id;
    receiver.refuseNext(1);
    const refusedBefore = receiver.refusedCount();
    await subscribe(server, thread, email, 'thread');
    await receiver.waitFor((all) => all.some(to(email)));
    await outboxSettled(server);
    expect(receiver.refusedCount()).toBe(refusedBefore + 1);
    expect(mailTo(email)).toHaveLength(1);
    const [row] = outboxRows(server.dbPath).filter((r) => r.email === email);
    expect(row).toEqual(expect.objectContaining({ state: 'sent', attempts: 2, last_error: null }));
  } finally {
    await server.close();
  }
});

test('a message the SMTP server refuses for good (5xx) is marked failed with its error, and not sent again', async () => {
  const server = await startTestServer(mailConfig());
  try {
    const email = 'no-such-user@example.com';
    const thread = (await openThread(server.url, 'refused-story', { url: `${PAGE_URL}-refused` })).thread.id;
    receiver.refuseNext(1, 550);
    await subscribe(server, thread, email, 'thread');
    await outboxSettled(server);
    const [row] = outboxRows(server.dbPath).filter((r) => r.email === email);
    expect(row).toEqual(expect.objectContaining({ state: 'failed', attempts: 1 }));
    expect(row.last_error).toContain('No such mailbox');
    expect(mailTo(email)).toHaveLength(0);
  } finally {
    await server.close();
  }
});

test('without PARLEY_SMTP_URL the server says once at start that mail is not configured, and keeps the mail', async () => {
  const lines: string[] = [];
  const server = await startTestServer(
    { ...mailConfig({ smtpUrl: null }), logLevel: 'info' },
    { logger: createLogger('info', (line) => lines.push(line)) },
  );
  try {
    const thread = (await openThread(server.url, 'unsent-story')).thread.id;
    await subscribe(server, thread, 'kept@example.com', 'thread');
    expect(outboxRows(server.dbPath).map((r) => r.state)).toEqual(['pending']);
    expect(lines.filter((l) => l.includes('mail is not configured'))).toHaveLength(1);
  } finally {
    await server.close();
  }
});

test('subscribing is limited per reader (PARLEY_SUBSCRIPTIONS_PER_HOUR)', async () => {
  const server = await startTestServer({
    ...mailConfig({ smtpUrl: null }),
    rateLimits: {
      ...loadConfig({}).rateLimits,
      subscribe: { perIdentity: { count: 2, perMs: 3_600_000 }, perNetwork: null },
    },
  });
  try {
    const thread = (await openThread(server.url, 'limited-story')).thread.id;
    const reader = makeReader(server.url);
    const ask = (n: number) =>
      reader.call('POST', `/api/threads/${thread}/subscriptions`, { email: `l${n}@example.com`, kind: 'thread' });
    expect((await ask(1)).status).toBe(200);
    expect((await ask(2)).status).toBe(200);
    const third = await ask(3);
    expect(third.status).toBe(429);
    expect(third.json.error).toEqual(expect.objectContaining({ code: 'RATE_LIMITED' }));
    expect(third.json.error.details.action).toBe('subscribe');
  } finally {
    await server.close();
  }
});

test('two nodes on one PostgreSQL database send each notice once between them', async () => {
  const first = await startPostgresTestServer(mailConfig());
  const second = await startTestServer({ ...mailConfig(), databaseUrl: first.databaseUrl });
  try {
    const email = 'two-nodes@example.com';
    const thread = (await openThread(first.url, 'nodes-story', { url: `${PAGE_URL}-nodes`, title: 'Nodes' })).thread.id;
    await subscribeConfirmed(first, thread, email, 'thread');
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      const node = i % 2 === 0 ? first : second;
      ids.push(
        (await makeReader(node.url).post(thread, { authorName: `Writer ${i}`, body: `Note ${i}` })).json.comment.id,
      );
    }
    const mentioned = () =>
      mailTo(email)
        .slice(1)
        .flatMap((m) => [...(m.text ?? '').matchAll(/#comment-(\d+)/g)].map((x) => Number(x[1])));
    await waitUntil(() => ids.every((id) => mentioned().includes(id)), 'every notice to arrive');
    expect([...mentioned()].sort((a, b) => a - b)).toEqual(ids);
  } finally {
    await second.close();
    await first.close();
  }
});
