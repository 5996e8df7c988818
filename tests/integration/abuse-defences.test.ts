import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { makeReader } from '../helpers/api';
import { createModeratorAccount, loginAsModerator, TEST_PASSWORD_COST } from '../helpers/admin';
import { openThread, startTestServer, type TestServer } from '../helpers/server';
import { connectReader, nextEvent, request } from '../helpers/sockets';
import { loadConfig } from '../../server/config';
import { io as ioClient } from 'socket.io-client';

const limited = (env: Record<string, string>) => loadConfig(env).rateLimits;

describe('rate limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      rateLimits: limited({
        PARLEY_POSTS_PER_MINUTE: '3',
        PARLEY_VOTES_PER_MINUTE: '4',
        PARLEY_REPORTS_PER_HOUR: '2',
        PARLEY_LOGINS_PER_MINUTE: '3',
      }),
    });
  });
  afterAll(() => server.close());

  it('limit posts per reader over HTTP and socket.io together, saying when to retry', async () => {
    const token = makeReader(server.url).token;
    const reader = makeReader(server.url, token);
    const { thread } = await openThread(server.url, 'limits-posts');
    for (let i = 0; i < 2; i++) expect((await reader.post(thread.id, { body: `http ${i}` })).status).toBe(201);
    const socket = await connectReader(server.url, token);
    await request(socket, 'thread:join', { pageId: 'limits-posts' });
    expect((await request(socket, 'comment:post', { threadId: thread.id, authorName: 'S', body: 'socket 1' })).ok).toBe(
      true,
    );
    const refused = await request(socket, 'comment:post', { threadId: thread.id, authorName: 'S', body: 'socket 2' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', details: { action: 'post', retryAfterSeconds: expect.any(Number) } },
    });
    const overHttp = await reader.post(thread.id, { body: 'http again' });
    expect(overHttp.status).toBe(429);
    expect(overHttp.json.error.details.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    socket.close();
  });

  it('limit edits per reader over HTTP and socket.io together, apart from posts, and a refused edit changes nothing', async () => {
    const own = await startTestServer({
      rateLimits: limited({ PARLEY_EDITS_PER_MINUTE: '3', PARLEY_POSTS_PER_MINUTE: '0' }),
    });
    const reader = makeReader(own.url);
    const socket = await connectReader(own.url, reader.token);
    try {
      const { thread } = await openThread(own.url, 'limits-edits');
      const { comment } = (await reader.post(thread.id, { body: 'first words' })).json;
      expect((await reader.edit(comment.id, 'second words')).status).toBe(200);
      expect((await reader.edit(comment.id, 'third words')).status).toBe(200);
      await request(socket, 'thread:join', { pageId: 'limits-edits' });
      expect((await request(socket, 'comment:edit', { commentId: comment.id, body: 'fourth words' })).ok).toBe(true);
      const refused = await request(socket, 'comment:edit', { commentId: comment.id, body: 'fifth words' });
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'RATE_LIMITED', details: { action: 'edit', retryAfterSeconds: expect.any(Number) } },
      });
      const overHttp = await reader.edit(comment.id, 'sixth words');
      expect(overHttp.status).toBe(429);
      expect(overHttp.json.error).toMatchObject({ code: 'RATE_LIMITED', details: { action: 'edit' } });
      const view = (await reader.call('GET', `/api/threads/${thread.id}`)).json;
      expect(view.comments.map((c: { bodyHtml: string }) => c.bodyHtml)).toEqual(['<p>fourth words</p>']);
      expect((await reader.post(thread.id, { body: 'a second comment' })).status).toBe(201);
    } finally {
      socket.close();
      await own.close();
    }
  });

  it('limit votes and reports', async () => {
    const author = makeReader(server.url);
    const { thread } = await openThread(server.url, 'limits-votes');
    const c = (await author.post(thread.id, { body: 'vote on me' })).json.comment;
    const voter = makeReader(server.url);
    const statuses = [];
    for (const v of ['up', 'down', 'up', 'none', 'up']) statuses.push((await voter.vote(c.id, v)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const reporter = makeReader(server.url);
    expect((await reporter.call('POST', `/api/comments/${c.id}/report`, { reason: 'spam' })).status).toBe(201);
  });

  it('limit login attempts from one network', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${server.url}/admin/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'x@example.com', password: 'nope nope nope' }),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('limit a network across identities, four times the per-reader allowance', async () => {
    const own = await startTestServer({ rateLimits: limited({ PARLEY_POSTS_PER_MINUTE: '3' }) });
    try {
      const { thread } = await openThread(own.url, 'limits-network');
      const statuses = [];
      for (let i = 0; i < 14; i++)
        statuses.push((await makeReader(own.url).post(thread.id, { body: `fresh identity ${i}` })).status);
      expect(statuses).toEqual([...Array(12).fill(201), 429, 429]);
    } finally {
      await own.close();
    }
  });

  it('disconnect a socket that floods events', async () => {
    const socket = await connectReader(server.url);
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    for (let i = 0; i < 200; i++) socket.emit('thread:join', { pageId: 'flood' }, () => undefined);
    expect(await closed).toBe('io server disconnect');
  });
});

describe('spam signals', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ minSubmitMs: 2000 }, { passwordCostLog2: TEST_PASSWORD_COST });
    await createModeratorAccount(server.dbPath, { email: 'm@example.com' });
  });
  afterAll(() => server.close());

  it('a filled honeypot goes to the Spam queue unseen, a too-fast form is held, a double post is refused', async () => {
    const reader = makeReader(server.url);
    const { thread } = await openThread(server.url, 'spam-signals');
    const bot = (await reader.post(thread.id, { body: 'cheap pills', honeypot: 'http://spam.example' })).json.comment;
    const fast = (await reader.post(thread.id, { body: 'typed in a flash', elapsedMs: 300 })).json.comment;
    const human = (await reader.post(thread.id, { body: 'typed with care', elapsedMs: 9000 })).json.comment;
    expect(human.status).toBe('published');
    expect(fast.status).toBe('pending');
    expect(bot.status).toBe('removed');
    const mod = await loginAsModerator(server.url, 'm@example.com', 'correct horse battery staple');
    expect((await mod.call('GET', '/comments?queue=spam')).json.items.map((c: { id: number }) => c.id)).toEqual([
      bot.id,
    ]);
    expect((await mod.call('GET', `/comments/${fast.id}`)).json.heldReason).toBe('spam-check');
    const again = await reader.post(thread.id, { body: 'typed with care', elapsedMs: 9000 });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: 'DUPLICATE_COMMENT', details: { commentId: human.id } });
    const view = (await makeReader(server.url).call('GET', `/api/threads/${thread.id}`)).json;
    expect(view.comments.map((c: { id: number }) => c.id)).toEqual([human.id]);
  });

  it('a retried post with the same client id is stored and broadcast once, even when the copies race', async () => {
    const token = makeReader(server.url).token;
    const { thread } = await openThread(server.url, 'idempotent');
    const watcher = await connectReader(server.url);
    await request(watcher, 'thread:join', { pageId: 'idempotent' });
    const seen: number[] = [];
    watcher.on('comment:created', (c) => seen.push(c.id));
    const clientId = 'retry-me-0123456789';
    const copies = await Promise.all(
      Array.from({ length: 8 }, () =>
        makeReader(server.url, token).post(thread.id, { body: 'only once please', clientId }),
      ),
    );
    const ids = new Set(copies.map((c) => c.json.comment.id));
    expect(copies.every((c) => c.status === 201)).toBe(true);
    expect(ids.size).toBe(1);
    const socket = await connectReader(server.url, token);
    await request(socket, 'thread:join', { pageId: 'idempotent' });
    const overSocket = await request(socket, 'comment:post', {
      threadId: thread.id,
      authorName: 'R',
      body: 'only once please',
      clientId,
    });
    expect(overSocket.data.id).toBe([...ids][0]);
    // Broadcasts to a thread leave in order: once a vote's tally is here, any second
    // announcement of the post would have arrived before it.
    const tallied = nextEvent(watcher, 'comment:voted', (t) => t.id === overSocket.data.id);
    await makeReader(server.url).vote(overSocket.data.id, 'up');
    await tallied;
    expect(seen).toEqual([...ids]);
    expect((await makeReader(server.url).call('GET', `/api/threads/${thread.id}`)).json.thread.commentCount).toBe(1);
    const stolen = await makeReader(server.url).post(thread.id, { body: 'someone else', clientId });
    expect(stolen.json.error.code).toBe('VALIDATION_FAILED');
    watcher.close();
    socket.close();
  });
});

describe('an Akismet-compatible spam check', () => {
  let stub: http.Server;
  let answer: 'true' | 'false' | 'hang' = 'false';
  const seenBodies: string[] = [];
  let server: TestServer;

  beforeAll(async () => {
    stub = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        seenBodies.push(body);
        if (answer !== 'hang') res.end(answer);
      });
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/1.1/comment-check`;
    server = await startTestServer({
      akismet: { key: 'test-key', url, siteUrl: 'https://news.example', timeoutMs: 300 },
    });
  });
  afterAll(async () => {
    await server.close();
    stub.closeAllConnections();
    await new Promise((resolve) => stub.close(resolve));
  });

  it('publishes ham, files spam in the Spam queue, and holds the comment when the service does not answer', async () => {
    const reader = makeReader(server.url);
    const { thread } = await openThread(server.url, 'akismet');
    answer = 'false';
    expect((await reader.post(thread.id, { body: 'a thoughtful remark' })).json.comment.status).toBe('published');
    expect(seenBodies.at(-1)).toContain('comment_content=a+thoughtful+remark');
    expect(seenBodies.at(-1)).toContain('blog=https%3A%2F%2Fnews.example');
    answer = 'true';
    expect((await reader.post(thread.id, { body: 'buy followers' })).json.comment.status).toBe('removed');
    answer = 'hang';
    const started = Date.now();
    const held = await reader.post(thread.id, { body: 'while the checker sleeps' });
    expect(held.status).toBe(201);
    expect(held.json.comment.status).toBe('pending');
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('origins', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ allowedOrigins: ['https://news.example'] });
  });
  afterAll(() => server.close());

  it('lets listed sites call the API, refuses others, and answers preflights', async () => {
    const ok = await fetch(`${server.url}/api/threads?pageId=x`, { headers: { origin: 'https://news.example' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://news.example');
    const other = await fetch(`${server.url}/api/threads?pageId=x`, { headers: { origin: 'https://evil.example' } });
    expect(other.status).toBe(403);
    const preflight = await fetch(`${server.url}/api/threads`, {
      method: 'OPTIONS',
      headers: { origin: 'https://news.example', 'access-control-request-method': 'PUT' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-parley-token');
  });

  it('refuses a socket.io handshake from an unlisted origin', async () => {
    const good = ioClient(server.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { origin: 'https://news.example' },
    });
    await new Promise<void>((resolve, reject) => {
      good.once('connect', () => resolve());
      good.once('connect_error', reject);
    });
    good.close();
    const bad = ioClient(server.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { origin: 'https://evil.example' },
    });
    await new Promise<void>((resolve) => bad.once('connect_error', () => resolve()));
    bad.close();
  });
});

describe('security headers', () => {
  it('are on every page; the dashboard may not be framed', async () => {
    const server = await startTestServer();
    try {
      for (const path of ['/', '/admin', '/widget.js', '/api/threads?pageId=x', '/healthz']) {
        const res = await fetch(`${server.url}${path}`);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      }
      const page = await fetch(`${server.url}/`);
      expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      const admin = await fetch(`${server.url}/admin`);
      expect(admin.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(admin.headers.get('x-frame-options')).toBe('DENY');
    } finally {
      await server.close();
    }
  });
});

describe('a database locked by another process', () => {
  it('turns writes into 503s while reads go on, and recovers without a restart', async () => {
    const server = await startTestServer();
    try {
      const reader = makeReader(server.url);
      const { thread } = await openThread(server.url, 'locked');
      await reader.post(thread.id, { body: 'before the lock' });
      const other = new Database(server.dbPath);
      other.pragma('busy_timeout = 0');
      other.prepare('BEGIN IMMEDIATE').run();
      try {
        const started = Date.now();
        const write = await reader.post(thread.id, { body: 'during the lock' });
        expect(write.status).toBe(503);
        expect(write.json.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { retryAfterSeconds: 5 } });
        expect(Date.now() - started).toBeLessThan(15_000);
        const read = await reader.call('GET', `/api/threads/${thread.id}`);
        expect(read.status).toBe(200);
        expect(read.json.comments).toHaveLength(1);
      } finally {
        other.prepare('ROLLBACK').run();
        other.close();
      }
      expect((await reader.post(thread.id, { body: 'after the lock' })).status).toBe(201);
    } finally {
      await server.close();
    }
  }, 30_000);
});
