// The busiest requests go through the one pipeline like every other: every spelling of their address gets the same answer.
import { gzipSync } from 'node:zlib';
import { makeReader } from '../helpers/api';
import { openThread, startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
let threadId: number;

beforeAll(async () => {
  server = await startTestServer({ allowedOrigins: ['https://news.example'] });
  threadId = (await openThread(server.url, 'hot-routes')).thread.id;
  await makeReader(server.url).post(threadId, { body: 'First!' });
});
afterAll(() => server.close());

/** Headers that say what an answer is; the date and connection ones vary by nature. */
function describe(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!['date', 'connection', 'keep-alive', 'content-length'].includes(name)) out[name] = value;
  });
  return out;
}

test('a page has the same headers and body under every spelling of its address', async () => {
  const headers = { origin: 'https://news.example' };
  // A trailing slash is another spelling of the address.
  const plain = await fetch(`${server.url}/api/threads/${threadId}/comments?sort=newest`, { headers });
  const spelledAgain = await fetch(`${server.url}/api/threads/${threadId}/comments/?sort=newest`, { headers });
  expect(plain.status).toBe(200);
  expect(describe(plain)).toEqual(describe(spelledAgain));
  expect(describe(plain)['access-control-allow-origin']).toBe('https://news.example');
  expect(await plain.json()).toEqual(await spelledAgain.json());
});

test('errors of the busiest routes have the same status, code and headers under every spelling', async () => {
  const plain = await fetch(`${server.url}/api/threads/999999/comments`);
  const spelledAgain = await fetch(`${server.url}/api/threads/999999/comments/`);
  expect(plain.status).toBe(404);
  expect(describe(plain)).toEqual(describe(spelledAgain));
  expect(await plain.json()).toEqual(await spelledAgain.json());

  const badSort = await fetch(`${server.url}/api/threads/${threadId}/comments?sort=loudest`);
  expect(badSort.status).toBe(400);
  expect((await badSort.json()).error.code).toBe('VALIDATION_FAILED');
});

test('a vote body that is not JSON is refused as INVALID_JSON, and one that is not an object too', async () => {
  const [first] = (await makeReader(server.url).page(threadId, {})).json.comments;
  for (const body of ['{"value": "up"', '"up"', 'up']) {
    const res = await fetch(`${server.url}/api/comments/${first.id}/vote`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-parley-token': makeReader(server.url).token },
      body,
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('INVALID_JSON');
  }
});

test('a compressed body is read, and an oversized one refused, on the busiest routes too', async () => {
  const reader = makeReader(server.url);
  const gzipped = await fetch(`${server.url}/api/threads/${threadId}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-parley-token': reader.token },
    body: gzipSync(JSON.stringify({ authorName: 'Zipped', body: 'Sent compressed.' })),
  });
  expect(gzipped.status).toBe(201);
  expect((await gzipped.json()).comment.authorName).toBe('Zipped');

  const huge = await fetch(`${server.url}/api/threads/${threadId}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-parley-token': reader.token },
    body: JSON.stringify({ authorName: 'Big', body: 'x'.repeat(70_000) }),
  });
  expect(huge.status).toBe(413);
  expect((await huge.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
});

test('a foreign origin is refused on the busiest routes as on every other', async () => {
  const res = await fetch(`${server.url}/api/threads/${threadId}/comments`, {
    headers: { origin: 'https://elsewhere.example' },
  });
  expect(res.status).toBe(403);
  expect((await res.json()).error.code).toBe('FORBIDDEN');
});
