// The widget's first request and what every page load fetches: no preflight needed, compressed answers, cached scripts.
import fs from 'node:fs';
import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createModeratorAccount, loginAsModerator, TEST_PASSWORD_COST } from '../helpers/admin';
import { makeReader } from '../helpers/api';
import { openThread, startTestServer, type TestServer } from '../helpers/server';
import { PATHS } from '../../server/paths';

let server: TestServer;
let threadId: number;
let firstId: number;

const PAGE_ID = 'first-view';

beforeAll(async () => {
  server = await startTestServer({}, { passwordCostLog2: TEST_PASSWORD_COST });
  threadId = (await openThread(server.url, PAGE_ID)).thread.id;
  const author = makeReader(server.url);
  // Enough comments that a page is well over the size worth compressing.
  for (let i = 0; i < 12; i++) {
    const { json } = await author.post(threadId, {
      authorName: `Writer ${i}`,
      body: `Comment number ${i}, with a few words to make it a real one.`,
    });
    if (i === 0) firstId = json.comment.id;
  }
});
afterAll(() => server.close());

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One request over plain node:http, so the bytes are as sent (fetch would decompress them). */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function decoded(res: Raw): Buffer {
  if (res.headers['content-encoding'] === 'br') return brotliDecompressSync(res.body);
  if (res.headers['content-encoding'] === 'gzip') return gunzipSync(res.body);
  return res.body;
}

/** The open request as the widget sends it: a string body, so text/plain, and no header of ours. */
function openAsWidget(
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
  path = '/api/threads/open',
): Promise<Raw> {
  return raw(
    'POST',
    path,
    { 'content-type': 'text/plain;charset=UTF-8', origin: 'https://news.example', ...headers },
    JSON.stringify(body),
  );
}

describe("the widget's first request", () => {
  test("JSON sent as text/plain opens the page's thread, created on first use", async () => {
    const res = await openAsWidget({ pageId: 'brand-new-page', url: 'https://news.example/new', title: 'New page' });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://news.example');
    const view = JSON.parse(decoded(res).toString('utf8'));
    expect(view.thread).toMatchObject({
      pageId: 'brand-new-page',
      url: 'https://news.example/new',
      title: 'New page',
      commentCount: 0,
    });
    expect(view.comments).toEqual([]);
  });

  test("a token in the body shows that reader their own vote; without one the answer is everyone's", async () => {
    const voter = makeReader(server.url);
    expect((await voter.vote(firstId, 'up')).status).toBe(200);

    const mine = JSON.parse(decoded(await openAsWidget({ pageId: PAGE_ID, token: voter.token })).toString('utf8'));
    expect(mine.viewer.votes).toEqual({ [firstId]: 'up' });
    const anyone = JSON.parse(decoded(await openAsWidget({ pageId: PAGE_ID })).toString('utf8'));
    expect(anyone.viewer).toEqual({ votes: {}, reactions: {}, ownCommentIds: [], ownSources: {} });
    expect(anyone.comments).toEqual(mine.comments);
  });

  test('the same token in the header and the body is accepted, two different ones are refused', async () => {
    const reader = makeReader(server.url);
    const same = await openAsWidget({ pageId: PAGE_ID, token: reader.token }, { 'x-parley-token': reader.token });
    expect(same.status).toBe(200);
    const other = await openAsWidget(
      { pageId: PAGE_ID, token: reader.token },
      { 'x-parley-token': makeReader(server.url).token },
    );
    expect(other.status).toBe(400);
    expect(JSON.parse(decoded(other).toString('utf8')).error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'token', issue: 'invalid' }] },
    });
    const malformed = await openAsWidget({ pageId: PAGE_ID, token: 'not a token' });
    expect(malformed.status).toBe(400);
  });

  test('a form post, a body that is not JSON, and an unknown field are refused with their codes', async () => {
    const form = await raw(
      'POST',
      '/api/threads/open',
      { 'content-type': 'application/x-www-form-urlencoded' },
      `pageId=${PAGE_ID}`,
    );
    expect(form.status).toBe(415);
    expect(JSON.parse(form.body.toString('utf8')).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const notJson = await raw('POST', '/api/threads/open', { 'content-type': 'text/plain' }, 'pageId please');
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body.toString('utf8')).error.code).toBe('INVALID_JSON');
    const unknown = await openAsWidget({ pageId: PAGE_ID, pageTitle: 'typo' });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(decoded(unknown).toString('utf8')).error.details.fields).toEqual([
      { field: 'pageTitle', issue: 'unknown_field' },
    ]);
  });

  test('every spelling of its address answers it alike, headers and body', async () => {
    const body = { pageId: PAGE_ID, sort: 'newest' };
    const headers = { 'accept-encoding': 'gzip' };
    // A trailing slash is another spelling of the address.
    const fast = await openAsWidget(body, headers);
    const viaExpress = await openAsWidget(body, headers, '/api/threads/open/');
    const meaningful = (res: Raw) => {
      const { date: _d, connection: _c, 'keep-alive': _k, 'content-length': _l, ...rest } = res.headers;
      return rest;
    };
    expect(fast.status).toBe(200);
    expect(meaningful(fast)).toEqual(meaningful(viaExpress));
    const [a, b] = [fast, viaExpress].map((res) => JSON.parse(decoded(res).toString('utf8')));
    expect(a).toEqual(b);
  });
});

describe('the view new readers share', () => {
  const view = async (pageId: string) => JSON.parse(decoded(await openAsWidget({ pageId })).toString('utf8'));

  test('shows a comment, a vote, an edit and a closing the moment they happen', async () => {
    const { thread } = await openThread(server.url, 'shared-view');
    const author = makeReader(server.url);
    expect((await view('shared-view')).comments).toEqual([]);

    const posted = (await author.post(thread.id, { body: 'Seen by the next reader.' })).json.comment;
    const afterPost = await view('shared-view');
    expect(afterPost.comments.map((c: { id: number }) => c.id)).toEqual([posted.id]);
    expect(afterPost.thread.commentCount).toBe(1);

    await makeReader(server.url).vote(posted.id, 'up');
    expect((await view('shared-view')).comments[0].score).toBe(1);

    await author.edit(posted.id, 'Edited for the next reader.');
    expect((await view('shared-view')).comments[0].bodyHtml).toContain('Edited for the next reader.');

    const account = await createModeratorAccount(server.dbPath, { email: 'shared-view@example.com' });
    const mod = await loginAsModerator(server.url, account.email, account.password);
    expect((await mod.call('POST', `/threads/${thread.id}/close`)).status).toBe(200);
    expect((await view('shared-view')).thread.isClosed).toBe(true);
  });

  test('is the same bytes for every new reader until something changes', async () => {
    const first = await openAsWidget({ pageId: PAGE_ID }, { 'accept-encoding': 'br' });
    const second = await openAsWidget({ pageId: PAGE_ID }, { 'accept-encoding': 'br' });
    const [a, b] = [first, second].map((res) => JSON.parse(decoded(res).toString('utf8')));
    // Two requests may fall either side of a second's turn: only the time may differ then.
    expect({ ...a, serverTime: '' }).toEqual({ ...b, serverTime: '' });
    if (a.serverTime === b.serverTime) expect(first.body.equals(second.body)).toBe(true);
    expect(a.serverTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
  });
});

describe('compressed answers', () => {
  test('a page goes as brotli or gzip when the client accepts it, and as it is otherwise; each says it varies', async () => {
    const path = `/api/threads/${threadId}/comments?sort=oldest`;
    const plain = await raw('GET', path);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toContain('Accept-Encoding');
    expect(plain.body.length).toBeGreaterThan(1024);

    const br = await raw('GET', path, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('Accept-Encoding');
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    expect(decoded(br).equals(plain.body)).toBe(true);

    const gzip = await raw('GET', path, { 'accept-encoding': 'gzip;q=1, br;q=0' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(decoded(gzip).equals(plain.body)).toBe(true);

    const refused = await raw('GET', path, { 'accept-encoding': 'identity, *;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  test('small answers go as they are', async () => {
    const res = await raw('GET', '/api/threads/999999/comments', { 'accept-encoding': 'br' });
    expect(res.status).toBe(404);
    expect(res.headers['content-encoding']).toBeUndefined();
  });
});

describe("the widget's scripts", () => {
  /** Brotli is worked out in the background after the first request: until then the script goes as it is. */
  async function untilCompressed(path: string, encoding: string): Promise<Raw> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const res = await raw('GET', path, { 'accept-encoding': encoding });
      if (res.headers['content-encoding'] !== undefined) return res;
      if (Date.now() > deadline) throw new Error(`${path} still goes uncompressed to "${encoding}" after 10 s`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  test('widget.js goes compressed to browsers that accept it, with the bytes of the build', async () => {
    const built = fs.readFileSync(PATHS.widgetBundle);
    const br = await untilCompressed('/widget.js', 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(decoded(br).equals(built)).toBe(true);
    expect(br.body.length).toBeLessThan(built.length / 2);
    const plain = await raw('GET', '/widget.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(built)).toBe(true);
  });

  test("a script already in the browser's cache is confirmed with 304 and no body", async () => {
    const first = await untilCompressed('/widget.js', 'br');
    const again = await raw('GET', '/widget.js', {
      'accept-encoding': 'br',
      'if-none-match': String(first.headers.etag),
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    // Another encoding is another representation: its cached copy does not match.
    const gzip = await raw('GET', '/widget.js', {
      'accept-encoding': 'gzip',
      'if-none-match': String(first.headers.etag),
    });
    expect(gzip.status).toBe(200);
  });

  test('the later-loaded modules go compressed with CORS, and a name with a path in it finds nothing', async () => {
    const [name] = fs.readdirSync(PATHS.widgetModules).filter((n) => n.endsWith('.js'));
    const res = await untilCompressed(`/modules/${name}`, 'br');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(decoded(res).equals(fs.readFileSync(`${PATHS.widgetModules}/${name}`))).toBe(true);
    expect((await raw('GET', '/modules/..%2Fwidget.js')).status).toBe(404);
    expect((await raw('GET', '/modules/missing.js')).status).toBe(404);
  });
});
