// The edges of HTTP an attacker or a confused client reaches: body encodings and charsets,
// oversized error echoes, chunked dashboard writes, when to retry, HSTS, a flooding socket.
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { createModeratorAccount, loginAsModerator, TEST_PASSWORD_COST } from '../helpers/admin';
import { makeReader } from '../helpers/api';
import { openThread, startTestServer, type TestServer } from '../helpers/server';
import { connectReader, newGuestToken } from '../helpers/sockets';
import { loadConfig } from '../../server/config';
import type { Logger } from '../../server/log/logger';

/** Warnings and errors the server logs, kept for the test to read. */
function recordingLogger(): Logger & { lines: { level: string; msg: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  return {
    lines,
    isEnabled: (level) => level === 'warn' || level === 'error',
    debug: () => undefined,
    info: () => undefined,
    warn: (msg, fields) => lines.push({ level: 'warn', msg, fields }),
    error: (msg, fields) => lines.push({ level: 'error', msg, fields }),
  };
}

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: any;
  bytes: number;
}

/** A request written exactly as given: a body in chunks goes chunked, without a Content-Length. */
function raw(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer | string | (Buffer | string)[],
): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = text;
        try {
          json = JSON.parse(text);
        } catch {
          // Not JSON: the test sees the text.
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json, bytes: Buffer.concat(chunks).length });
      });
    });
    req.on('error', reject);
    if (Array.isArray(body)) {
      for (const part of body) req.write(part);
    } else if (body !== undefined) {
      req.setHeader('content-length', Buffer.byteLength(body));
      req.write(body);
    }
    req.end();
  });
}

describe('request bodies', () => {
  let server: TestServer;
  let logger: ReturnType<typeof recordingLogger>;
  let threadId: number;
  let commentId: number;
  beforeAll(async () => {
    logger = recordingLogger();
    server = await startTestServer({}, { logger, passwordCostLog2: TEST_PASSWORD_COST });
    threadId = (await openThread(server.url, 'bodies')).thread.id;
    commentId = (await makeReader(server.url).post(threadId, { body: 'Vote on me' })).json.comment.id;
  });
  afterAll(() => server.close());

  /** Every JSON write route, the dashboard's login included, with a body it would accept. */
  const writes = () => [
    { method: 'PUT', path: '/api/threads', body: { pageId: 'bodies' } },
    { method: 'POST', path: `/api/threads/${threadId}/comments`, body: { authorName: 'A', body: 'Hello' } },
    { method: 'POST', path: `/api/comments/${commentId}/vote`, body: { value: 'up' } },
    { method: 'POST', path: '/api/threads/open', body: { pageId: 'bodies' } },
    { method: 'POST', path: '/admin/api/login', body: { email: 'nobody@example.com', password: 'not a password' } },
  ];

  it('a body that is not in the Content-Encoding it names is a 400, not a fault, on every JSON write route', async () => {
    for (const { method, path, body } of writes()) {
      for (const encoding of ['gzip', 'deflate', 'br']) {
        const res = await raw(
          server.url,
          method,
          path,
          { 'content-type': 'application/json', 'content-encoding': encoding, 'x-parley-token': newGuestToken() },
          JSON.stringify(body),
        );
        expect({ path, encoding, status: res.status, code: res.json.error?.code }).toEqual({
          path,
          encoding,
          status: 400,
          code: 'INVALID_JSON',
        });
      }
    }
    expect(logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('a Content-Encoding Parley does not read is a 415 on every JSON write route, and a real gzip body still works', async () => {
    for (const { method, path, body } of writes()) {
      for (const encoding of ['garbage', 'gzip, gzip', 'compress']) {
        const res = await raw(
          server.url,
          method,
          path,
          { 'content-type': 'application/json', 'content-encoding': encoding },
          JSON.stringify(body),
        );
        expect({ path, encoding, status: res.status, code: res.json.error?.code }).toEqual({
          path,
          encoding,
          status: 415,
          code: 'UNSUPPORTED_MEDIA_TYPE',
        });
      }
    }
    const zipped = await raw(
      server.url,
      'PUT',
      '/api/threads',
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      gzipSync(JSON.stringify({ pageId: 'bodies' })),
    );
    expect(zipped.status).toBe(200);
    expect(logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('a body in a charset other than UTF-8 is a 415, however it is encoded', async () => {
    const post = JSON.stringify({ authorName: 'Wide', body: 'Sixteen bits' });
    const cases = [
      {
        method: 'PUT',
        path: '/api/threads',
        type: 'application/json; charset=utf-16',
        body: Buffer.from(JSON.stringify({ pageId: 'bodies' }), 'utf16le'),
      },
      {
        method: 'POST',
        path: `/api/threads/${threadId}/comments`,
        type: 'application/json; charset=utf-16le',
        body: Buffer.from(post, 'utf16le'),
      },
      {
        method: 'POST',
        path: `/api/threads/${threadId}/comments`,
        type: 'application/json; charset="UTF-16"',
        body: post,
      },
      {
        method: 'POST',
        path: '/api/threads/open',
        type: 'text/plain; charset=utf-16',
        body: Buffer.from(JSON.stringify({ pageId: 'bodies' }), 'utf16le'),
      },
      {
        method: 'POST',
        path: '/api/threads/open',
        type: 'text/plain; charset=iso-8859-1',
        body: JSON.stringify({ pageId: 'bodies' }),
      },
      {
        method: 'POST',
        path: '/admin/api/login',
        type: 'application/json; charset=utf-32',
        body: JSON.stringify({ email: 'a@example.com', password: 'x' }),
      },
    ];
    for (const { method, path, type, body } of cases) {
      const res = await raw(
        server.url,
        method,
        path,
        { 'content-type': type, 'x-parley-token': newGuestToken() },
        body,
      );
      expect({ path, type, status: res.status, code: res.json.error?.code }).toEqual({
        path,
        type,
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      });
    }
    // UTF-8 in any spelling is welcome.
    for (const type of [
      'application/json; charset=utf-8',
      'application/json; charset="UTF-8"',
      'application/json;charset=UTF-8',
    ]) {
      expect(
        (await raw(server.url, 'PUT', '/api/threads', { 'content-type': type }, JSON.stringify({ pageId: 'bodies' })))
          .status,
      ).toBe(200);
    }
  });

  it('an error about thousands of unknown fields repeats only the first few, and says how many more there were', async () => {
    const body: Record<string, unknown> = { pageId: 'bodies' };
    for (let i = 0; i < 4000; i++) body[`k${i}`] = 1;
    body['x'.repeat(5000)] = 1;
    for (const path of ['/api/threads', '/api/threads/']) {
      const res = await raw(server.url, 'PUT', path, { 'content-type': 'application/json' }, JSON.stringify(body));
      expect(res.json.error).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(res.status).toBe(400);
      expect(res.json.error.details.fields).toHaveLength(20);
      expect(res.json.error.details.moreFieldCount).toBe(3981);
      expect(res.json.error.message).toMatch(/; and 3981 more\.$/);
      expect(res.bytes).toBeLessThan(4096);
    }
    const long = await raw(
      server.url,
      'PUT',
      '/api/threads',
      { 'content-type': 'application/json' },
      JSON.stringify({ pageId: 'bodies', ['y'.repeat(5000)]: 1 }),
    );
    expect(long.json.error.details.fields).toEqual([{ field: `${'y'.repeat(100)}…`, issue: 'unknown_field' }]);
    const longId = await raw(server.url, 'GET', `/api/comments/${'9'.repeat(3000)}/context`, {});
    expect(longId.status).toBe(404);
    expect(longId.bytes).toBeLessThan(1024);
  });
});

describe('dashboard writes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({}, { passwordCostLog2: TEST_PASSWORD_COST });
    await createModeratorAccount(server.dbPath, { email: 'mod@example.com', password: 'mod password ok' });
  });
  afterAll(() => server.close());

  it('a chunked text/plain write is refused like any other that is not JSON', async () => {
    const mod = await loginAsModerator(server.url, 'mod@example.com', 'mod password ok');
    const { thread } = await openThread(server.url, 'chunked');
    const headers = { cookie: mod.cookie, 'x-csrf-token': mod.csrfToken };
    const plain = await raw(
      server.url,
      'POST',
      `/admin/api/threads/${thread.id}/close`,
      { ...headers, 'content-type': 'text/plain' },
      ['{', '}'],
    );
    expect(plain.status).toBe(403);
    expect(plain.json.error.code).toBe('CSRF_FAILED');
    expect((await mod.call('GET', `/threads?q=chunked`)).json.items[0].isClosed).toBe(false);
    // Chunked JSON is JSON.
    const chunkedJson = await raw(
      server.url,
      'POST',
      `/admin/api/threads/${thread.id}/close`,
      { ...headers, 'content-type': 'application/json' },
      ['{', '}'],
    );
    expect(chunkedJson.status).toBe(200);
    expect(chunkedJson.json.isClosed).toBe(true);
  });
});

describe('answers that say when to retry', () => {
  it('a 429 carries Retry-After on the fast routes, through express, and at login', async () => {
    const server = await startTestServer(
      { rateLimits: loadConfig({ PARLEY_POSTS_PER_MINUTE: '1', PARLEY_LOGINS_PER_MINUTE: '1' }).rateLimits },
      { passwordCostLog2: TEST_PASSWORD_COST },
    );
    try {
      const { thread } = await openThread(server.url, 'retry');
      const reader = makeReader(server.url);
      expect((await reader.post(thread.id, { body: 'one' })).status).toBe(201);
      for (const path of [`/api/threads/${thread.id}/comments`, `/api/threads/${thread.id}/comments/`]) {
        const res = await raw(
          server.url,
          'POST',
          path,
          { 'content-type': 'application/json', 'x-parley-token': reader.token },
          JSON.stringify({ authorName: 'R', body: `again ${path}` }),
        );
        expect(res.status).toBe(429);
        expect(res.headers['retry-after']).toBe(String(res.json.error.details.retryAfterSeconds));
        expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      }
      const login = () =>
        raw(
          server.url,
          'POST',
          '/admin/api/login',
          { 'content-type': 'application/json' },
          JSON.stringify({ email: 'a@example.com', password: 'not the one' }),
        );
      expect((await login()).status).toBe(401);
      const limited = await login();
      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toBe(String(limited.json.error.details.retryAfterSeconds));
    } finally {
      await server.close();
    }
  });

  it('a 503 while the database is locked carries Retry-After on the fast routes and through express', async () => {
    const server = await startTestServer();
    try {
      const { thread } = await openThread(server.url, 'retry-locked');
      const reader = makeReader(server.url);
      const other = new Database(server.dbPath);
      other.prepare('BEGIN IMMEDIATE').run();
      try {
        const answers = await Promise.all(
          [`/api/threads/${thread.id}/comments`, `/api/threads/${thread.id}/comments/`].map((path) =>
            raw(
              server.url,
              'POST',
              path,
              { 'content-type': 'application/json', 'x-parley-token': reader.token },
              JSON.stringify({ authorName: 'R', body: `locked ${path}` }),
            ),
          ),
        );
        for (const res of answers) {
          expect(res.status).toBe(503);
          expect(res.headers['retry-after']).toBe(String(res.json.error.details.retryAfterSeconds));
        }
      } finally {
        other.prepare('ROLLBACK').run();
        other.close();
      }
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('Strict-Transport-Security', () => {
  let server: TestServer;
  let threadId: number;
  beforeAll(async () => {
    server = await startTestServer({ trustProxy: { proxies: ['127.0.0.1'] } });
    threadId = (await openThread(server.url, 'hsts')).thread.id;
  });
  afterAll(() => server.close());

  const paths = () => [
    `/api/threads/${threadId}/comments`,
    `/api/threads/${threadId}/comments/`,
    '/widget.js',
    '/admin',
    '/healthz',
    '/no/such/page',
  ];

  it('is sent on every answer, on both paths, when a trusted proxy says the client came over https', async () => {
    for (const path of paths()) {
      const res = await raw(server.url, 'GET', path, {
        'x-forwarded-proto': 'https',
        'x-forwarded-for': '203.0.113.9',
      });
      expect({ path, hsts: res.headers['strict-transport-security'] }).toEqual({ path, hsts: 'max-age=31536000' });
    }
    const post = await raw(
      server.url,
      'POST',
      `/api/threads/${threadId}/comments`,
      { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      JSON.stringify({ authorName: 'S', body: 'secure' }),
    );
    expect(post.status).toBe(201);
    expect(post.headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it('is never sent over plain http', async () => {
    for (const path of paths()) {
      const res = await raw(server.url, 'GET', path, { 'x-forwarded-proto': 'http' });
      expect({ path, hsts: res.headers['strict-transport-security'] }).toEqual({ path, hsts: undefined });
    }
  });
});

describe('a flooding socket', () => {
  it('is reported once when it is disconnected, however many packets it had sent', async () => {
    const logger = recordingLogger();
    const server = await startTestServer({}, { logger });
    try {
      const socket = await connectReader(server.url);
      const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      for (let i = 0; i < 300; i++) socket.emit('thread:join', { pageId: 'flood' }, () => undefined);
      expect(await closed).toBe('io server disconnect');
      // A round trip on another socket: everything the server had read from the first is handled by then.
      const other = await connectReader(server.url);
      await new Promise((resolve) => other.emit('thread:join', { pageId: 'after-flood' }, resolve));
      other.close();
      expect(logger.lines.filter((l) => l.msg === 'flooding socket disconnected')).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
