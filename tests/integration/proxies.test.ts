// Behind a reverse proxy: a client must not choose its own address by writing X-Forwarded-For.
import { io as ioClient } from 'socket.io-client';
import { createModeratorAccount, TEST_PASSWORD_COST } from '../helpers/admin';
import { openThread, startTestServer, type TestServer } from '../helpers/server';
import { newGuestToken, request, type TestSocket } from '../helpers/sockets';
import { loadConfig } from '../../server/config';

let server: TestServer;
let spoofCount = 0;

beforeAll(async () => {
  server = await startTestServer(
    {
      // The test's own connection plays the proxy: it is one hop in front of Parley.
      trustProxy: { hops: 1 },
      rateLimits: loadConfig({
        PARLEY_POSTS_PER_MINUTE: '3',
        PARLEY_VOTES_PER_MINUTE: '0',
        PARLEY_REPORTS_PER_HOUR: '0',
        PARLEY_LOGINS_PER_MINUTE: '3',
      }).rateLimits,
    },
    { passwordCostLog2: TEST_PASSWORD_COST },
  );
  await createModeratorAccount(server.dbPath, {
    email: 'admin@example.com',
    password: 'admin password 1',
    role: 'admin',
  });
});
afterAll(() => server.close());

/**
 * What a proxy in front of Parley passes on for a client at `realAddress` that wrote its own
 * X-Forwarded-For: the client's claim on the left, the proxy's own entry appended on the right.
 */
function viaProxy(realAddress: string): Record<string, string> {
  spoofCount += 1;
  return { 'x-forwarded-for': `10.${spoofCount >> 8}.${spoofCount & 255}.1, ${realAddress}` };
}

async function post(
  path: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; json: any }> {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

describe('a client behind a trusted proxy that writes its own X-Forwarded-For', () => {
  it('shares its network allowance across new identities when posting', async () => {
    const { thread } = await openThread(server.url, 'spoof-hot');
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const headers = { 'x-parley-token': newGuestToken(), ...viaProxy('203.0.113.1') };
      statuses.push(
        (await post(`/api/threads/${thread.id}/comments`, { authorName: 'Spoof', body: `fast ${i}` }, headers)).status,
      );
    }
    // A network gets four times a reader's 3 posts a minute.
    expect(statuses.filter((s) => s === 201)).toHaveLength(12);
    expect(statuses.slice(12).every((s) => s === 429)).toBe(true);
  });

  it('shares its network allowance under another spelling of the address too', async () => {
    const { thread } = await openThread(server.url, 'spoof-express');
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      const headers = { 'x-parley-token': newGuestToken(), ...viaProxy('203.0.113.2') };
      // The trailing slash is another spelling of the address: the same endpoint, the same allowance.
      statuses.push(
        (await post(`/api/threads/${thread.id}/comments/`, { authorName: 'Spoof', body: `express ${i}` }, headers))
          .status,
      );
    }
    expect(statuses).toEqual([...Array(12).fill(201), 429, 429]);
  });

  it('shares its network allowance over socket.io', async () => {
    const { thread } = await openThread(server.url, 'spoof-socket');
    const results: boolean[] = [];
    for (let i = 0; i < 14; i++) {
      const socket: TestSocket = ioClient(server.url, {
        auth: { token: newGuestToken() },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        extraHeaders: viaProxy('203.0.113.3'),
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      await request(socket, 'thread:join', { pageId: 'spoof-socket' });
      results.push(
        (await request(socket, 'comment:post', { threadId: thread.id, authorName: 'Spoof', body: `socket ${i}` })).ok,
      );
      socket.close();
    }
    expect(results).toEqual([...Array(12).fill(true), false, false]);
  });

  it('is seen as one network by the vote-stuffing check', async () => {
    const { thread } = await openThread(server.url, 'spoof-votes');
    const author = await post(
      `/api/threads/${thread.id}/comments`,
      { authorName: 'Author', body: 'vote on me' },
      { 'x-parley-token': newGuestToken(), ...viaProxy('198.51.100.1') },
    );
    const commentId = author.json.comment.id;
    let score = 0;
    for (let i = 0; i < 25; i++) {
      const vote = await post(
        `/api/comments/${commentId}/vote`,
        { value: 'up' },
        { 'x-parley-token': newGuestToken(), ...viaProxy('203.0.113.4') },
      );
      expect(vote.status).toBe(200);
      score = vote.json.score;
    }
    // Brand-new voters from one network: from the sixth on, votes are kept but not counted.
    expect(score).toBe(5);
  });

  it('stays banned by address whatever address it claims', async () => {
    const { thread } = await openThread(server.url, 'spoof-ban');
    const first = await post(
      `/api/threads/${thread.id}/comments`,
      { authorName: 'Troll', body: 'first' },
      { 'x-parley-token': newGuestToken(), ...viaProxy('203.0.113.5') },
    );
    expect(first.status).toBe(201);
    const login = await fetch(`${server.url}/admin/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...viaProxy('198.51.100.2') },
      body: JSON.stringify({ email: 'admin@example.com', password: 'admin password 1' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const ban = await fetch(`${server.url}/admin/api/authors/ban`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ commentId: first.json.comment.id, by: ['ip'], days: null, removeComments: false }),
    });
    expect(ban.status).toBe(200);
    const again = await post(
      `/api/threads/${thread.id}/comments`,
      { authorName: 'Troll', body: 'again' },
      { 'x-parley-token': newGuestToken(), ...viaProxy('203.0.113.5') },
    );
    expect(again.status).toBe(403);
    expect(again.json.error.code).toBe('AUTHOR_BANNED');
  });

  it("shares its network's login allowance", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (
          await post(
            '/admin/api/login',
            { email: `nobody${i}@example.com`, password: 'not the password' },
            viaProxy('203.0.113.6'),
          )
        ).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

describe('https as a trusted proxy reports it', () => {
  it('is the protocol the dashboard login and the /admin socket both check the origin against', async () => {
    const host = new URL(server.url).host;
    const headers = { origin: `https://${host}`, 'x-forwarded-proto': 'https', ...viaProxy('198.51.100.3') };
    const login = await fetch(`${server.url}/admin/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ email: 'admin@example.com', password: 'admin password 1' }),
    });
    expect(login.status).toBe(200);
    const setCookie = login.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/Secure/);
    const cookie = setCookie.split(';')[0];
    const socket = ioClient(`${server.url}/admin`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { ...headers, cookie },
    });
    const outcome = await new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (err) => resolve(`refused: ${err.message}`));
    });
    socket.close();
    expect(outcome).toBe('connected');
  });

  it('is not believed from a client the server does not trust', async () => {
    const direct = await startTestServer({}, { passwordCostLog2: TEST_PASSWORD_COST });
    try {
      await createModeratorAccount(direct.dbPath, {
        email: 'admin@example.com',
        password: 'admin password 1',
        role: 'admin',
      });
      const host = new URL(direct.url).host;
      const res = await fetch(`${direct.url}/admin/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: `https://${host}`, 'x-forwarded-proto': 'https' },
        body: JSON.stringify({ email: 'admin@example.com', password: 'admin password 1' }),
      });
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe('CSRF_FAILED');
    } finally {
      await direct.close();
    }
  });
});
