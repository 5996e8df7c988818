import { makeReader } from '../helpers/api';
import { createModeratorAccount, loginAsModerator, TEST_PASSWORD_COST, type ModeratorSession } from '../helpers/admin';
import { openThread, startTestServer, type TestServer } from '../helpers/server';
import { io as ioClient } from 'socket.io-client';
import { connectReader, newGuestToken, nextEvent, request, type TestSocket } from '../helpers/sockets';

let server: TestServer;
let admin: ModeratorSession;
let now = Date.UTC(2026, 10, 1);
const clock = { now: () => now };
const sockets: TestSocket[] = [];

const BASE_SETTINGS = {
  premoderation: 'off',
  bannedWords: [],
  watchedWords: [],
  maxLinks: null,
  autoCloseDays: null,
  reportThreshold: 3,
  areReactionsEnabled: true,
};

async function useSettings(overrides: Record<string, unknown>): Promise<void> {
  const res = await admin.call('PUT', '/settings', { ...BASE_SETTINGS, ...overrides });
  expect(res.status).toBe(200);
}

async function socketFor(token: string, pageId: string): Promise<{ socket: TestSocket; threadId: number }> {
  const socket = await connectReader(server.url, token);
  sockets.push(socket);
  const { data } = await request(socket, 'thread:join', { pageId });
  return { socket, threadId: data.thread.id };
}

beforeAll(async () => {
  // Behind a proxy, so each reader can come from a network of its own (X-Forwarded-For).
  server = await startTestServer({ trustProxy: { hops: 1 } }, { passwordCostLog2: TEST_PASSWORD_COST, clock });
  const a = await createModeratorAccount(server.dbPath, { email: 'admin@example.com', role: 'admin' });
  admin = await loginAsModerator(server.url, a.email, a.password);
});

afterEach(async () => {
  await useSettings({});
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await server.close();
});

describe('pre-moderation', () => {
  it('holds every comment: only its author sees it, marked pending, until approval shows it to everyone live', async () => {
    await useSettings({ premoderation: 'all' });
    const authorToken = newGuestToken();
    const { socket: author, threadId } = await socketFor(authorToken, 'premod-all');
    const { socket: other } = await socketFor(newGuestToken(), 'premod-all');
    const othersSaw: number[] = [];
    other.on('comment:created', (c) => othersSaw.push(c.id));

    const authorSaw = nextEvent(author, 'comment:created');
    const ack = await request(author, 'comment:post', { threadId, authorName: 'Newbie', body: 'hello there' });
    expect(ack.data).toMatchObject({ status: 'pending', bodyHtml: '<p>hello there</p>' });
    expect(await authorSaw).toMatchObject({ status: 'pending', authorName: 'Newbie' });

    const asAuthor = (await makeReader(server.url, authorToken).call('GET', `/api/threads/${threadId}`)).json;
    expect(asAuthor.comments.map((c: { status: string }) => c.status)).toEqual(['pending']);
    const asOther = (await makeReader(server.url).call('GET', `/api/threads/${threadId}`)).json;
    expect(asOther.comments).toEqual([]);
    expect(asOther.thread.commentCount).toBe(0);
    expect((await admin.call('GET', '/queues/counts')).json.pending).toBe(1);
    const [held] = (await admin.call('GET', '/comments?queue=pending')).json.items;
    expect(held).toMatchObject({ id: ack.data.id, heldReason: 'all' });

    const shown = nextEvent(other, 'comment:updated', (c) => c.id === ack.data.id);
    await admin.call('POST', `/comments/${ack.data.id}/approve`);
    expect(await shown).toMatchObject({ status: 'published', bodyHtml: '<p>hello there</p>' });
    expect(othersSaw).toEqual([]);
    expect((await makeReader(server.url).call('GET', `/api/threads/${threadId}`)).json.thread.commentCount).toBe(1);
  });

  it('holds only the first comment of a new author', async () => {
    await useSettings({ premoderation: 'first' });
    const reader = makeReader(server.url);
    const { thread } = await openThread(server.url, 'premod-first');
    const first = (await reader.post(thread.id, { body: 'first ever' })).json.comment;
    expect(first.status).toBe('pending');
    await admin.call('POST', `/comments/${first.id}/approve`);
    expect((await reader.post(thread.id, { body: 'second' })).json.comment.status).toBe('published');
    expect((await makeReader(server.url).post(thread.id, { body: 'someone new' })).json.comment.status).toBe('pending');
  });

  it('holds comments with links when set to, and refuses more links than allowed', async () => {
    await useSettings({ premoderation: 'links', maxLinks: 2 });
    const reader = makeReader(server.url);
    const { thread } = await openThread(server.url, 'premod-links');
    expect((await reader.post(thread.id, { body: 'no links here' })).json.comment.status).toBe('published');
    expect((await reader.post(thread.id, { body: 'see https://a.example' })).json.comment).toMatchObject({
      status: 'pending',
    });
    const tooMany = await reader.post(thread.id, { body: 'https://a.example https://b.example https://c.example' });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error).toMatchObject({ code: 'TOO_MANY_LINKS', details: { maxLinks: 2, linkCount: 3 } });
  });
});

describe('word lists', () => {
  it('refuses banned words and holds watched words, matching whole words without case or accents', async () => {
    await useSettings({ bannedWords: ['scam', 'buy now'], watchedWords: ['cafe'] });
    const reader = makeReader(server.url);
    const { thread } = await openThread(server.url, 'words');
    const banned = await reader.post(thread.id, { body: 'This is a SCAM!' });
    expect(banned.json.error).toMatchObject({ code: 'BANNED_WORD', details: { word: 'scam' } });
    expect((await reader.post(thread.id, { body: 'Buy   now, friends' })).json.error.code).toBe('BANNED_WORD');
    expect((await reader.post(thread.id, { body: 'The scampi was great' })).json.comment.status).toBe('published');
    expect((await reader.post(thread.id, { body: 'buy it now' })).json.comment.status).toBe('published');
    const watched = (await reader.post(thread.id, { body: 'Meet me at the Café' })).json.comment;
    expect(watched.status).toBe('pending');
    expect((await admin.call('GET', `/comments/${watched.id}`)).json.heldReason).toBe('watched');
    expect((await reader.post(thread.id, { body: 'x', authorName: 'Scam Artist' })).json.error.code).toBe(
      'BANNED_WORD',
    );
  });

  it('refuses bad settings with field errors', async () => {
    const res = await admin.call('PUT', '/settings', {
      ...BASE_SETTINGS,
      premoderation: 'sometimes',
      reportThreshold: 0,
      bannedWords: 'scam',
    });
    expect(res.status).toBe(400);
    expect(res.json.error.details.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'bannedWords',
      'premoderation',
      'reportThreshold',
    ]);
    expect((await admin.call('PUT', '/settings', { premoderation: 'all' })).status).toBe(400);
  });
});

describe('closing by age', () => {
  it('closes a thread automatically N days after it was opened', async () => {
    const { thread } = await openThread(server.url, 'auto-close');
    await useSettings({ autoCloseDays: 3 });
    const reader = makeReader(server.url);
    expect((await reader.post(thread.id, { body: 'early' })).status).toBe(201);
    now += 3 * 86_400_000;
    expect((await reader.post(thread.id, { body: 'late' })).json.error.code).toBe('THREAD_CLOSED');
    expect((await reader.call('GET', `/api/threads/${thread.id}`)).json.thread.isClosed).toBe(true);
    // Three days also outlast the moderator's session.
    expect((await admin.call('GET', '/settings')).status).toBe(401);
    admin = await loginAsModerator(server.url, 'admin@example.com', 'correct horse battery staple');
    expect((await admin.call('GET', '/threads?q=auto-close')).json.items[0].isClosed).toBe(true);
    // A moderator may reopen it; the age rule then leaves it open.
    await admin.call('POST', `/threads/${thread.id}/reopen`);
    expect((await admin.call('GET', '/threads?q=auto-close')).json.items[0].isClosed).toBe(false);
    expect((await reader.post(thread.id, { body: 'reopened' })).status).toBe(201);
  });
});

/** A reader on a network of its own, first seen (by voting on a comment) eleven minutes ago. */
async function establishedReader(
  address: string,
  onCommentId: number,
): Promise<{ token: string; report: (commentId: number, body: object) => Promise<{ status: number; json: any }> }> {
  const token = newGuestToken();
  const call = async (path: string, body: object) => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-parley-token': token, 'x-forwarded-for': address },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  };
  expect((await call(`/api/comments/${onCommentId}/vote`, { value: 'up' })).status).toBe(200);
  now += 11 * 60_000;
  return { token, report: (commentId, body) => call(`/api/comments/${commentId}/report`, body) };
}

describe("readers' reports", () => {
  it('one report per reader; at the threshold the comment is hidden pending review; dismissing brings it back', async () => {
    await useSettings({ reportThreshold: 2 });
    const author = makeReader(server.url);
    const { thread } = await openThread(server.url, 'reports');
    const c = (await author.post(thread.id, { body: 'spicy take' })).json.comment;
    const other = (await author.post(thread.id, { body: 'something to vote on' })).json.comment;
    const { socket: watcher } = await socketFor(newGuestToken(), 'reports');

    const first = await establishedReader('198.51.100.1', other.id);
    const secondReader = await establishedReader('198.51.100.2', other.id);
    expect((await first.report(c.id, { reason: 'abuse' })).status).toBe(201);
    expect((await first.report(c.id, { reason: 'spam' })).json.error.code).toBe('ALREADY_REPORTED');
    expect((await first.report(c.id, { reason: 'other' })).json.error.details.fields).toEqual([
      { field: 'details', issue: 'required' },
    ]);
    expect((await first.report(c.id, { reason: 'boring' })).status).toBe(400);
    expect((await admin.call('GET', '/comments?queue=reported')).json.items[0]).toMatchObject({
      id: c.id,
      reportCount: 1,
      reports: [{ reason: 'abuse' }],
    });

    const hidden = nextEvent(watcher, 'comment:updated', (x) => x.id === c.id && x.status === 'pending');
    const second = ioClient(server.url, {
      auth: { token: secondReader.token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { 'x-forwarded-for': '198.51.100.2' },
    }) as TestSocket;
    sockets.push(second);
    await new Promise<void>((resolve, reject) => {
      second.once('connect', () => resolve());
      second.once('connect_error', reject);
    });
    await request(second, 'thread:join', { pageId: 'reports' });
    expect(
      await request(second, 'comment:report', { commentId: c.id, reason: 'other', details: 'personal attack' }),
    ).toEqual({ ok: true, data: { isReported: true } });
    expect(await hidden).toMatchObject({ status: 'pending', bodyHtml: '' });
    expect(
      (await makeReader(server.url).call('GET', `/api/threads/${thread.id}`)).json.comments.map(
        (x: { id: number }) => x.id,
      ),
    ).toEqual([other.id]);

    const back = nextEvent(watcher, 'comment:updated', (x) => x.id === c.id && x.status === 'published');
    await admin.call('POST', `/comments/${c.id}/dismiss-reports`);
    await back;
    expect((await admin.call('GET', `/comments/${c.id}`)).json).toMatchObject({ status: 'published', reportCount: 0 });
  });

  it('free tokens cannot hide a comment: brand-new reporters and reporters sharing a network count toward the threshold once at most', async () => {
    await useSettings({ reportThreshold: 3 });
    const author = makeReader(server.url);
    const { thread } = await openThread(server.url, 'reports-brigade');
    const c = (await author.post(thread.id, { body: 'an unpopular opinion' })).json.comment;
    const other = (await author.post(thread.id, { body: 'a comment to vote on' })).json.comment;
    const stillShown = async () => (await admin.call('GET', `/comments/${c.id}`)).json;

    // Three fresh tokens from three networks: brand new, so none of them counts.
    for (const address of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) {
      const res = await fetch(`${server.url}/api/comments/${c.id}/report`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-parley-token': newGuestToken(), 'x-forwarded-for': address },
        body: JSON.stringify({ reason: 'abuse' }),
      });
      expect(res.status).toBe(201);
    }
    expect(await stillShown()).toMatchObject({ status: 'published', reportCount: 3 });

    // Three established readers, all from one network: one network counts once.
    const sameNetwork = [];
    for (let i = 0; i < 3; i++) sameNetwork.push(await establishedReader('192.0.2.50', other.id));
    for (const reader of sameNetwork) expect((await reader.report(c.id, { reason: 'abuse' })).status).toBe(201);
    expect(await stillShown()).toMatchObject({ status: 'published', reportCount: 6 });

    // Two more established readers on networks of their own make three networks: hidden.
    const elsewhere = [
      await establishedReader('192.0.2.60', other.id),
      await establishedReader('192.0.2.70', other.id),
    ];
    expect((await elsewhere[0].report(c.id, { reason: 'abuse' })).status).toBe(201);
    expect(await stillShown()).toMatchObject({ status: 'published' });
    expect((await elsewhere[1].report(c.id, { reason: 'spam' })).status).toBe(201);
    expect(await stillShown()).toMatchObject({ status: 'pending', heldReason: 'reports', reportCount: 8 });
  });

  it('refuses reports without identity or on missing comments', async () => {
    const res = await fetch(`${server.url}/api/comments/1/report`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"reason":"spam"}',
    });
    expect((await res.json()).error.code).toBe('IDENTITY_REQUIRED');
    expect(
      (await makeReader(server.url).call('POST', '/api/comments/424242/report', { reason: 'spam' })).json.error.code,
    ).toBe('COMMENT_NOT_FOUND');
  });
});
