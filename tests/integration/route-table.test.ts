// Every documented HTTP endpoint is declared once in the route table, and each answers through the one pipeline with
// the documented status, the headers every answer carries (security, CORS, content type, caching, compression) and its
// documented body shape, whatever spelling of its address a client uses.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { DomainEvents } from '../../server/domain-events';
import { buildRouteTable, type RouteTableDeps } from '../../server/http/route-table';
import { createModeratorAccount, TEST_PASSWORD_COST } from '../helpers/admin';
import { signTokenFor } from '../helpers/mail';
import { makeReader } from '../helpers/api';
import { openThread, startTestServer, type TestServer } from '../helpers/server';
import { newGuestToken } from '../helpers/sockets';

const ORIGIN = 'https://news.example';
const DOCS = path.join(__dirname, '..', '..', 'docs');

/** `GET /api/threads/:threadId?sort=` → `GET /api/threads/:`: one endpoint, whatever its parts are called. */
const endpointOf = (method: string, address: string) => `${method} ${address.split('?')[0].replace(/:\w+/g, ':')}`;

/** Every `METHOD /path` of the API the documentation names, in code spans (`.../reopen` continues the one before it). */
function documentedEndpoints(): Set<string> {
  const found = new Set<string>();
  for (const file of ['api.md', 'admin-api.md']) {
    let previous: string | null = null;
    for (const [, span] of fs.readFileSync(path.join(DOCS, file), 'utf8').matchAll(/`([^`\n]+)`/g)) {
      const continued = /^\.\.\.(\/\S+)$/.exec(span);
      if (continued !== null && previous !== null) {
        const [method, address] = previous.split(' ');
        found.add(endpointOf(method, address.slice(0, address.lastIndexOf('/')) + continued[1]));
        continue;
      }
      const match = /^(GET|POST|PUT|PATCH|DELETE) ((?:\/api|\/admin\/api|\/healthz|\/subscriptions)\S*)$/.exec(span);
      if (match === null) continue;
      previous = span;
      found.add(endpointOf(match[1], match[2]));
    }
  }
  return found;
}

/** The route table's endpoints: its declarations only capture what they are given, so nothing here is called. */
function declaredEndpoints(): string[] {
  const unused = {} as never;
  const deps: RouteTableDeps = new Proxy(
    { events: new DomainEvents(), countStreamsPerNetwork: null } as unknown as RouteTableDeps,
    {
      get: (target, name) => (name in target ? target[name as keyof RouteTableDeps] : unused),
    },
  );
  return buildRouteTable(deps).map((route) => endpointOf(route.method, route.path));
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as sent (compressed when the answer says so). */
  raw: Buffer;
  /** The body decoded, and parsed when it is JSON. */
  text: string;
  json: any;
}

/** One request over node:http, so the bytes are as sent; every request accepts compression. */
function call(
  server: TestServer,
  method: string,
  address: string,
  options: { headers?: Record<string, string>; body?: unknown; form?: string } = {},
): Promise<Answer> {
  const payload =
    options.form !== undefined ? options.form : options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { 'accept-encoding': 'br, gzip', ...options.headers };
  if (payload !== undefined) {
    headers['content-type'] ??= options.form !== undefined ? 'application/x-www-form-urlencoded' : 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}${address}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'];
        const text = (
          encoding === 'br' ? brotliDecompressSync(raw) : encoding === 'gzip' ? gunzipSync(raw) : raw
        ).toString('utf8');
        let json: unknown;
        try {
          json = text === '' ? null : JSON.parse(text);
        } catch {
          json = null;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, text, json });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Opens a server-sent event stream and resolves with its headers and first event, then closes it. */
function firstEvent(
  server: TestServer,
  address: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; data: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${server.url}${address}`, { headers }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        const data = /^data: (.*)$/m.exec(buffer);
        if (data === null) return;
        req.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, data: JSON.parse(data[1]) });
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? undefined : reject(err)));
  });
}

const keys = (value: unknown) => Object.keys(value as object).sort();

const PUBLIC_COMMENT = [
  'id',
  'threadId',
  'parentId',
  'depth',
  'status',
  'authorName',
  'bodyHtml',
  'score',
  'upvotes',
  'downvotes',
  'reactions',
  'replyCount',
  'descendantCount',
  'replyToId',
  'replyToName',
  'isPinned',
  'createdAt',
  'editedAt',
  'seq',
  'anchor',
];
const COMMENT_PAGE = ['sort', 'filter', 'comments', 'nextCursor', 'viewer'];
const THREAD_VIEW = [...COMMENT_PAGE, 'thread', 'seq', 'pinned', 'settings', 'serverTime', 'feedback'];
const VOTE_TALLY = ['id', 'threadId', 'score', 'upvotes', 'downvotes', 'seq', 'myVote'];
const REACTION_TALLY = ['id', 'threadId', 'reactions', 'seq', 'myReactions'];
const MOD_COMMENT = [
  'id',
  'threadId',
  'parentId',
  'depth',
  'createdAt',
  'editedAt',
  'status',
  'heldReason',
  'authorName',
  'authorEmail',
  'authorKey',
  'ipHash',
  'authorCommentCount',
  'bodyHtml',
  'bodySource',
  'score',
  'replyCount',
  'flaggedVotes',
  'isPinned',
  'reportCount',
  'reports',
  'moderationReason',
  'moderatedBy',
  'moderatedAt',
  'thread',
  'parent',
];
const MOD_THREAD = ['id', 'pageId', 'url', 'title', 'isPageVerified', 'isClosed', 'commentCount'];
const BAN = ['id', 'kind', 'value', 'reason', 'createdBy', 'createdAt', 'expiresAt'];
const AUDIT_ENTRY = [
  'id',
  'moderator',
  'action',
  'targetType',
  'targetId',
  'targetExcerpt',
  'banKind',
  'reason',
  'createdAt',
  'canRestore',
  'undoneBy',
];
const SETTINGS = [
  'premoderation',
  'bannedWords',
  'watchedWords',
  'maxLinks',
  'autoCloseDays',
  'reportThreshold',
  'areReactionsEnabled',
  'isQuotingEnabled',
];
const MODERATOR = ['id', 'email', 'displayName', 'role'];
const SESSION = ['csrfToken', 'moderator'];

/** What every answer carries, and what answers of its area and kind carry too. */
function expectCommonHeaders(
  endpoint: string,
  res: Answer | { headers: http.IncomingHttpHeaders; status: number },
  kind: 'json' | 'empty' | 'stream' | 'html',
): void {
  const h = res.headers;
  const seen = {
    endpoint,
    nosniff: h['x-content-type-options'],
    referrer: h['referrer-policy'],
    permissions: typeof h['permissions-policy'],
    opener: h['cross-origin-opener-policy'],
    type: h['content-type'],
  };
  expect(seen).toEqual({
    endpoint,
    nosniff: 'nosniff',
    referrer: 'strict-origin-when-cross-origin',
    permissions: 'string',
    opener: 'same-origin',
    type:
      kind === 'json'
        ? 'application/json; charset=utf-8'
        : kind === 'stream'
          ? 'text/event-stream'
          : kind === 'html'
            ? 'text/html; charset=utf-8'
            : undefined,
  });
  if (endpoint.includes(' /api/')) {
    expect({
      endpoint,
      cors: h['access-control-allow-origin'],
      vary: String(h.vary).split(', ').includes('Origin'),
    }).toEqual({ endpoint, cors: ORIGIN, vary: true });
  }
  if (endpoint.includes(' /admin/api/') || kind === 'html')
    expect({ endpoint, cache: h['cache-control'] }).toEqual({ endpoint, cache: 'no-store' });
}

/** JSON answers of 1 KB or more go compressed to a client that accepts it, and say they vary by it; smaller ones go as they are. */
function expectCompressedWhenLarge(endpoint: string, res: Answer): void {
  const isLarge = Buffer.byteLength(res.text) >= 1024;
  expect({
    endpoint,
    encoding: res.headers['content-encoding'],
    varies: String(res.headers.vary).includes('Accept-Encoding'),
  }).toEqual({
    endpoint,
    encoding: isLarge ? 'br' : undefined,
    varies: isLarge,
  });
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ allowedOrigins: [ORIGIN] }, { passwordCostLog2: TEST_PASSWORD_COST });
  await createModeratorAccount(server.dbPath, {
    email: 'admin@example.com',
    password: 'admin password 1',
    role: 'admin',
  });
});
afterAll(() => server.close());

test('every documented endpoint is declared once in the route table, and every declared one is documented', () => {
  const declared = declaredEndpoints();
  expect(new Set(declared).size).toBe(declared.length);
  expect([...declared].sort()).toEqual([...documentedEndpoints()].sort());
});

test('every documented endpoint answers its status, headers and body shape', async () => {
  const covered = new Set<string>();
  const reader = makeReader(server.url);
  const readerHeaders = { origin: ORIGIN, 'x-parley-token': reader.token };
  const long = 'A comment long enough that its answer is over a kilobyte, so it goes compressed. '.repeat(16);

  /** Calls an endpoint and checks what every answer of its kind carries; returns the answer for its own checks. */
  async function check(
    method: string,
    address: string,
    status: number,
    options: { headers?: Record<string, string>; body?: unknown; form?: string; kind?: 'json' | 'empty' | 'html' } = {},
  ): Promise<Answer> {
    const endpoint = endpointOf(method, address.replace(/\/\d+(?=\/|$|\?)/g, '/:id'));
    const res = await call(server, method, address, options);
    expect({ endpoint, status: res.status, error: res.status >= 400 ? res.json : undefined }).toEqual({
      endpoint,
      status,
      error: undefined,
    });
    expectCommonHeaders(endpoint, res, options.kind ?? 'json');
    if ((options.kind ?? 'json') === 'json') expectCompressedWhenLarge(endpoint, res);
    covered.add(endpoint);
    return res;
  }
  const asReader = (body?: unknown) => ({ headers: readerHeaders, body });

  // The reader API.
  const opened = await check('POST', '/api/threads/open', 200, {
    headers: { origin: ORIGIN, 'content-type': 'text/plain;charset=UTF-8' },
    body: { pageId: 'table', token: reader.token },
  });
  expect(keys(opened.json)).toEqual([...THREAD_VIEW].sort());
  const threadId: number = opened.json.thread.id;
  expect(keys((await check('PUT', '/api/threads', 200, asReader({ pageId: 'table', sort: 'newest' }))).json)).toEqual(
    [...THREAD_VIEW].sort(),
  );
  const posted = await check(
    'POST',
    `/api/threads/${threadId}/comments`,
    201,
    asReader({ authorName: 'Ada', body: long }),
  );
  expect(keys(posted.json)).toEqual(['comment']);
  expect(keys(posted.json.comment)).toEqual([...PUBLIC_COMMENT].sort());
  const commentId: number = posted.json.comment.id;
  const reply = (await reader.post(threadId, { body: 'A reply', parentId: commentId })).json.comment;
  const other = makeReader(server.url);
  const otherComment = (await other.post(threadId, { body: 'Someone else wrote this.' })).json.comment;

  expect(keys((await check('GET', `/api/threads?pageId=table&sort=top`, 200, asReader())).json)).toEqual(
    [...THREAD_VIEW].sort(),
  );
  expect(keys((await check('GET', `/api/threads/${threadId}?limit=5`, 200, asReader())).json)).toEqual(
    [...THREAD_VIEW].sort(),
  );
  const page = await check('GET', `/api/threads/${threadId}/comments?sort=oldest`, 200, asReader());
  expect(keys(page.json)).toEqual([...COMMENT_PAGE].sort());
  expect(keys(page.json.comments[0])).toEqual([...PUBLIC_COMMENT, 'replies'].sort());
  expect(keys((await check('GET', `/api/threads/${threadId}/feedback`, 200, asReader())).json)).toEqual([
    'byPassage',
    'threadId',
    'total',
  ]);
  expect(keys((await check('GET', `/api/threads/${threadId}/changes?since=0`, 200, asReader())).json)).toEqual([
    'changes',
    'commentCount',
    'isComplete',
    'seq',
    'viewer',
  ]);
  expect(keys((await check('GET', `/api/comments/${commentId}/replies?limit=10`, 200, asReader())).json)).toEqual([
    'hasMore',
    'replies',
    'viewer',
  ]);
  expect(keys((await check('GET', `/api/comments/${reply.id}/context`, 200, asReader())).json)).toEqual([
    'root',
    'viewer',
  ]);
  expect((await check('POST', '/api/preview', 200, asReader({ body: '**Previewed**' }))).json).toEqual({
    bodyHtml: '<p><strong>Previewed</strong></p>',
  });
  const edited = await check('PATCH', `/api/comments/${commentId}`, 200, asReader({ body: `${long} Edited.` }));
  expect(keys(edited.json.comment)).toEqual([...PUBLIC_COMMENT].sort());
  expect(
    keys((await check('POST', `/api/comments/${otherComment.id}/vote`, 200, asReader({ value: 'up' }))).json),
  ).toEqual([...VOTE_TALLY].sort());
  const reacted = await check(
    'POST',
    `/api/comments/${otherComment.id}/reactions`,
    200,
    asReader({ reaction: 'love', isOn: true }),
  );
  expect(keys(reacted.json)).toEqual([...REACTION_TALLY].sort());
  expect([reacted.json.reactions, reacted.json.myReactions]).toEqual([{ love: 1 }, ['love']]);
  expect(
    (await check('POST', `/api/comments/${otherComment.id}/report`, 201, asReader({ reason: 'spam' }))).json,
  ).toEqual({ isReported: true });
  expect(keys((await check('DELETE', `/api/comments/${reply.id}`, 200, asReader())).json.comment)).toEqual(
    [...PUBLIC_COMMENT].sort(),
  );
  const counts = await check('GET', '/api/counts?pageId=table&pageId=nowhere', 200, asReader());
  expect(counts.json).toEqual({ counts: { table: 2, nowhere: 0 } });
  expect(counts.headers['cache-control']).toBe('public, max-age=10');
  const live = await firstEvent(server, '/api/counts/live?pageId=table', { origin: ORIGIN });
  expect(live.status).toBe(200);
  expectCommonHeaders('GET /api/counts/live', live, 'stream');
  expect(live.data).toEqual({ table: 2 });
  covered.add('GET /api/counts/live');
  const health = await check('GET', '/healthz', 200);
  expect(keys(health.json)).toEqual(['engine', 'nodes', 'schemaVersion', 'status', 'walBytes']);
  expect(health.headers['cache-control']).toBe('no-store');

  // The dashboard's API.
  const login = await check('POST', '/admin/api/login', 200, {
    body: { email: 'admin@example.com', password: 'admin password 1' },
  });
  expect(keys(login.json)).toEqual(SESSION);
  expect(keys(login.json.moderator)).toEqual([...MODERATOR].sort());
  const cookie = String(login.headers['set-cookie']).split(';')[0];
  const mod = { cookie, 'x-csrf-token': login.json.csrfToken };
  const asMod = (body?: unknown) => ({ headers: mod, body });

  expect(keys((await check('GET', '/admin/api/session', 200, asMod())).json)).toEqual(SESSION);
  expect(keys((await check('GET', '/admin/api/queues/counts', 200, asMod())).json)).toEqual([
    'all',
    'pending',
    'removed',
    'reported',
    'spam',
  ]);
  const queue = await check('GET', '/admin/api/comments?queue=all&limit=10', 200, asMod());
  expect(keys(queue.json)).toEqual(['items', 'nextCursor']);
  expect(keys(queue.json.items[0])).toEqual([...MOD_COMMENT].sort());
  expect(keys((await check('GET', `/admin/api/comments/${commentId}`, 200, asMod())).json)).toEqual(
    [...MOD_COMMENT].sort(),
  );
  expect((await check('GET', `/admin/api/comments/${commentId}/network`, 200, asMod())).json).toEqual({
    otherReaderCount: expect.any(Number),
    windowDays: 30,
  });
  for (const action of ['dismiss-reports', 'remove', 'restore', 'spam', 'approve']) {
    const body = action === 'remove' || action === 'spam' ? { reason: 'checking the table' } : undefined;
    expect(
      keys((await check('POST', `/admin/api/comments/${otherComment.id}/${action}`, 200, asMod(body))).json),
    ).toEqual([...MOD_COMMENT].sort());
  }
  expect(
    (await check('POST', `/admin/api/comments/${commentId}/pin`, 200, asMod({ isPinned: true }))).json.isPinned,
  ).toBe(true);
  expect(
    keys(
      (await check('PATCH', `/admin/api/comments/${commentId}`, 200, asMod({ body: `${long} By a moderator.` }))).json,
    ),
  ).toEqual([...MOD_COMMENT].sort());
  const bulk = await check('POST', '/admin/api/comments/bulk', 200, asMod({ action: 'approve', ids: [commentId] }));
  expect(keys(bulk.json)).toEqual(['results']);
  const banned = (await makeReader(server.url).post(threadId, { body: 'To be banned.' })).json.comment;
  const ban = await check(
    'POST',
    '/admin/api/authors/ban',
    200,
    asMod({ commentId: banned.id, by: ['identity'], days: 1, removeComments: false }),
  );
  expect(keys(ban.json)).toEqual(['bans', 'removedCount']);
  expect(keys(ban.json.bans[0])).toEqual([...BAN].sort());
  expect(
    (await check('POST', '/admin/api/authors/remove-comments', 200, asMod({ commentId: banned.id }))).json,
  ).toEqual({ removedCount: 1 });
  const bans = await check('GET', '/admin/api/bans', 200, asMod());
  expect(keys(bans.json.items[0])).toEqual([...BAN].sort());
  expect(keys((await check('POST', `/admin/api/bans/${ban.json.bans[0].id}/lift`, 200, asMod())).json)).toEqual(
    [...BAN].sort(),
  );
  const threads = await check('GET', '/admin/api/threads?q=table', 200, asMod());
  expect(keys(threads.json.items[0])).toEqual([...MOD_THREAD].sort());
  expect((await check('POST', `/admin/api/threads/${threadId}/close`, 200, asMod())).json.isClosed).toBe(true);
  expect(keys((await check('POST', `/admin/api/threads/${threadId}/reopen`, 200, asMod())).json)).toEqual(
    [...MOD_THREAD].sort(),
  );
  // Subscriptions by email, and the pages their links open.
  const subscribed = await check(
    'POST',
    `/api/threads/${threadId}/subscriptions`,
    200,
    asReader({ email: 'follower@example.com', kind: 'thread' }),
  );
  expect(subscribed.json).toEqual({ kind: 'thread', status: 'pending' });
  const link = encodeURIComponent(
    signTokenFor(server.dbPath, {
      purpose: 'unsubscribe',
      email: 'follower@example.com',
      subscriptionId: 1,
      expiresAtMs: null,
    }),
  );
  expect((await check('GET', `/subscriptions?token=${link}`, 200, { kind: 'html' })).text).toContain(
    'follower@example.com',
  );
  await check('POST', '/subscriptions', 200, { kind: 'html', form: `token=${link}&all=1` });
  await check('POST', `/subscriptions/one-click?token=${link}`, 204, {
    kind: 'empty',
    form: 'List-Unsubscribe=One-Click',
  });

  expect((await check('GET', '/admin/api/account/mail', 200, asMod())).json).toEqual({
    onHeld: false,
    onReport: false,
  });
  expect((await check('PUT', '/admin/api/account/mail', 200, asMod({ onHeld: true, onReport: false }))).json).toEqual({
    onHeld: true,
    onReport: false,
  });
  const outbox = await check('GET', '/admin/api/outbox', 200, asMod());
  expect(keys(outbox.json.items[0])).toEqual(
    ['id', 'email', 'purpose', 'state', 'attempts', 'lastError', 'commentId', 'createdAt', 'dueAt', 'sentAt'].sort(),
  );
  const audit = await check('GET', '/admin/api/audit?limit=50', 200, asMod());
  expect(keys(audit.json)).toEqual(['items', 'nextCursor']);
  expect(keys(audit.json.items[0])).toEqual([...AUDIT_ENTRY].sort());
  const entry = await check('GET', `/admin/api/audit/${audit.json.items[0].id}`, 200, asMod());
  expect(keys(entry.json)).toEqual([...AUDIT_ENTRY].sort());
  await call(server, 'POST', `/admin/api/comments/${otherComment.id}/remove`, asMod({ reason: 'to undo' }));
  const undoable = (await call(server, 'GET', '/admin/api/audit?action=comment.remove', asMod())).json.items.find(
    (entry: { canRestore: boolean }) => entry.canRestore,
  );
  expect(keys((await check('GET', `/admin/api/audit/${undoable.id}`, 200, asMod())).json)).toEqual(
    [...AUDIT_ENTRY].sort(),
  );
  expect(keys((await check('POST', `/admin/api/audit/${undoable.id}/restore`, 200, asMod())).json)).toEqual(
    [...AUDIT_ENTRY].sort(),
  );
  const settings = await check('GET', '/admin/api/settings', 200, asMod());
  expect(keys(settings.json)).toEqual([...SETTINGS].sort());
  expect(keys((await check('PUT', '/admin/api/settings', 200, asMod(settings.json))).json)).toEqual(
    [...SETTINGS].sort(),
  );
  expect(keys((await check('GET', '/admin/api/moderators', 200, asMod())).json)).toEqual(['items']);
  const created = await check(
    'POST',
    '/admin/api/moderators',
    201,
    asMod({ email: 'new@example.com', displayName: 'New', role: 'moderator', password: 'a long enough password' }),
  );
  expect(keys(created.json)).toEqual([...MODERATOR].sort());
  const logout = await check('POST', '/admin/api/logout', 204, { ...asMod(), kind: 'empty' });
  expect(logout.raw.length).toBe(0);
  expect((await call(server, 'GET', '/admin/api/session', asMod())).status).toBe(401);

  expect([...covered].sort()).toEqual([...documentedEndpoints()].sort());
}, 60_000);

test('an address is one endpoint in any letter case and with a trailing slash: the same status, headers and body', async () => {
  const { thread } = await openThread(server.url, 'spellings');
  const reader = makeReader(server.url);
  await reader.post(thread.id, { body: 'Spelled out.' });
  const headers = { origin: ORIGIN, 'x-parley-token': reader.token };
  const meaningful = (res: Answer) => {
    const { date: _d, connection: _c, 'keep-alive': _k, 'content-length': _l, ...rest } = res.headers;
    return { status: res.status, headers: rest, json: res.json };
  };
  for (const address of [
    `/api/threads/${thread.id}/comments?sort=newest`,
    `/api/threads/${thread.id}`,
    '/api/counts?pageId=spellings',
    '/healthz',
    `/api/threads/999999/comments`,
  ]) {
    const [base, query] = address.split('?');
    const suffix = query === undefined ? '' : `?${query}`;
    const plain = meaningful(await call(server, 'GET', address, { headers }));
    for (const spelling of [`${base}/${suffix}`, `${base.toUpperCase()}${suffix}`]) {
      const again = meaningful(await call(server, 'GET', spelling, { headers }));
      if (plain.json?.serverTime !== undefined) again.json.serverTime = plain.json.serverTime;
      expect({ spelling, ...again }).toEqual({ spelling, ...plain });
    }
  }
});

test("an address in an area that names no endpoint is refused in that area's way", async () => {
  const api = await call(server, 'GET', '/api/nothing/here', { headers: { origin: ORIGIN } });
  expect({ status: api.status, code: api.json.error.code, cors: api.headers['access-control-allow-origin'] }).toEqual({
    status: 404,
    code: 'NOT_FOUND',
    cors: ORIGIN,
  });
  const preflight = await call(server, 'OPTIONS', '/api/threads/open', {
    headers: { origin: ORIGIN, 'access-control-request-method': 'PUT' },
  });
  expect({
    status: preflight.status,
    cors: preflight.headers['access-control-allow-origin'],
    methods: preflight.headers['access-control-allow-methods'],
  }).toEqual({
    status: 204,
    cors: ORIGIN,
    methods: 'GET, POST, PUT, PATCH, DELETE',
  });
  const foreign = await call(server, 'GET', '/api/counts?pageId=x', {
    headers: { origin: 'https://elsewhere.example' },
  });
  expect({
    status: foreign.status,
    code: foreign.json.error.code,
    cors: foreign.headers['access-control-allow-origin'],
  }).toEqual({ status: 403, code: 'FORBIDDEN', cors: undefined });
  // The dashboard's API tells a stranger only to log in, whether or not the address is an endpoint.
  const stranger = await call(server, 'GET', '/admin/api/nothing/here', {
    headers: { 'x-parley-token': newGuestToken() },
  });
  expect({ status: stranger.status, code: stranger.json.error.code, cache: stranger.headers['cache-control'] }).toEqual(
    { status: 401, code: 'UNAUTHENTICATED', cache: 'no-store' },
  );
});
