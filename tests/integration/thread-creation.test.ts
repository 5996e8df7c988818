// Opening pages: creating a thread spends the network's allowance, lengths are bounded, and the
// page address moderators see is the one a page of the site itself sent.
import { createModeratorAccount, loginAsModerator, TEST_PASSWORD_COST, type ModeratorSession } from '../helpers/admin';
import { makeReader } from '../helpers/api';
import { startTestServer, type TestServer } from '../helpers/server';
import { connectReader, request } from '../helpers/sockets';
import { io as ioClient } from 'socket.io-client';

const off = { perIdentity: null, perNetwork: null };
const clock = { now: () => Date.parse('2026-12-02T09:00:00Z') };

async function open(
  url: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: any }> {
  const res = await fetch(`${url}/api/threads/open`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

describe('creating threads', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(
      {
        rateLimits: {
          post: off,
          edit: off,
          vote: off,
          report: off,
          login: off,
          preview: off,
          thread: { perIdentity: null, perNetwork: { count: 3, perMs: 3_600_000 } },
          subscribe: off,
        },
      },
      { clock },
    );
  });
  afterAll(() => server.close());

  it('spends the network allowance: past it a new page is refused on every path, and pages already open still open', async () => {
    for (const pageId of ['new-1', 'new-2', 'new-3']) expect((await open(server.url, { pageId })).status).toBe(200);

    const refused = await open(server.url, { pageId: 'new-4', url: 'https://news.example/4', title: 'Four' });
    expect(refused.status).toBe(429);
    expect(refused.json.error).toMatchObject({
      code: 'RATE_LIMITED',
      details: { action: 'thread', retryAfterSeconds: expect.any(Number) },
    });
    const reader = makeReader(server.url);
    const overPut = await reader.call('PUT', '/api/threads', { pageId: 'new-5' });
    expect(overPut.status).toBe(429);
    expect(overPut.json.error.code).toBe('RATE_LIMITED');
    const socket = await connectReader(server.url);
    try {
      expect(await request(socket, 'thread:join', { pageId: 'new-6' })).toMatchObject({
        ok: false,
        error: { code: 'RATE_LIMITED', details: { action: 'thread' } },
      });
      // Opening a page that has its thread is a read, whatever the allowance.
      expect(await request(socket, 'thread:join', { pageId: 'new-1' })).toMatchObject({
        ok: true,
        data: { thread: { pageId: 'new-1' } },
      });
    } finally {
      socket.close();
    }
    for (let i = 0; i < 20; i++) expect((await open(server.url, { pageId: 'new-2' })).status).toBe(200);
    expect((await open(server.url, { pageId: 'new-3', token: reader.token })).status).toBe(200);
    expect((await reader.call('PUT', '/api/threads', { pageId: 'new-3' })).status).toBe(200);
    // Nothing was created for the refused pages.
    for (const pageId of ['new-4', 'new-5', 'new-6'])
      expect((await reader.call('GET', `/api/threads?pageId=${pageId}`)).status).toBe(404);
  });

  it('refuses a title whose few characters carry thousands of combining marks', async () => {
    // 300 characters as a reader counts them, 30,000 code units.
    const title = ('a' + '\u0301'.repeat(99)).repeat(300);
    const res = await open(server.url, { pageId: 'new-1', title });
    expect(res.status).toBe(400);
    expect(res.json.error.details.fields).toEqual([{ field: 'title', issue: 'too_long', limit: 300 }]);
    expect((await open(server.url, { pageId: 'new-1', title: 'Crème brûlée, ' + 'é'.repeat(280) })).status).toBe(200);
  });
});

describe('the page address moderators see', () => {
  let server: TestServer;
  let admin: ModeratorSession;
  const SITE = 'https://news.example';

  beforeAll(async () => {
    server = await startTestServer({ allowedOrigins: [SITE] }, { passwordCostLog2: TEST_PASSWORD_COST });
    const account = await createModeratorAccount(server.dbPath, { email: 'admin@news.example', role: 'admin' });
    admin = await loginAsModerator(server.url, account.email, account.password);
  });
  afterAll(() => server.close());

  const threadOf = async (pageId: string) =>
    (await admin.call('GET', `/threads?q=${pageId}`)).json.items.find((t: { pageId: string }) => t.pageId === pageId);

  it('an address claimed by whoever opened the page first is unverified until a page of the site sends its own', async () => {
    // Opened first from outside any browser page, with an address of the opener's choosing.
    expect(
      (await open(server.url, { pageId: 'story-1', url: 'https://evil.example/login', title: 'Sign in again' })).status,
    ).toBe(200);
    expect(await threadOf('story-1')).toMatchObject({
      url: 'https://evil.example/login',
      title: 'Sign in again',
      isPageVerified: false,
    });

    // The real page, on the allowed site, about itself.
    const real = { pageId: 'story-1', url: `${SITE}/2026/story-1`, title: 'Harbour lights return' };
    const view = await open(server.url, real, { origin: SITE });
    expect(view.json.thread).toMatchObject({ url: real.url, title: real.title });
    expect(await threadOf('story-1')).toMatchObject({ url: real.url, title: real.title, isPageVerified: true });

    // Later claims change nothing: without an allowed origin, or with one but about another site.
    await open(server.url, { pageId: 'story-1', url: 'https://evil.example/login', title: 'Sign in again' });
    await open(
      server.url,
      { pageId: 'story-1', url: 'https://evil.example/login', title: 'Sign in again' },
      { origin: SITE },
    );
    expect(await threadOf('story-1')).toMatchObject({ url: real.url, title: real.title, isPageVerified: true });
    // A reader new to the site gets the corrected page too (the view kept for such readers was dropped).
    expect((await open(server.url, { pageId: 'story-1' })).json.thread).toMatchObject({
      url: real.url,
      title: real.title,
    });

    // The site's page may correct it again (a new title), over the socket as well.
    const socket = ioClient(server.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { origin: SITE },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const joined = await (socket.timeout(5000) as any).emitWithAck('thread:join', {
        ...real,
        title: 'Harbour lights return, updated',
      });
      expect(joined.ok).toBe(true);
    } finally {
      socket.close();
    }
    expect(await threadOf('story-1')).toMatchObject({ title: 'Harbour lights return, updated', isPageVerified: true });
  });

  it('a page first opened by the site itself is verified from the start, and comments name it so', async () => {
    const reader = makeReader(server.url);
    const page = { pageId: 'story-2', url: `${SITE}/2026/story-2`, title: 'Tide tables' };
    const { json } = await open(server.url, page, { origin: SITE });
    const comment = (await reader.post(json.thread.id, { body: 'Useful, thanks.' })).json.comment;
    expect((await admin.call('GET', `/comments/${comment.id}`)).json.thread).toMatchObject({
      ...page,
      id: json.thread.id,
      isPageVerified: true,
    });
  });
});
