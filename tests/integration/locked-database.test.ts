// A database locked by another process: reads go on, writes wait without stalling the server, and give up at the deadline.
import Database from 'better-sqlite3';
import { makeReader } from '../helpers/api';
import { openOtherProcess, type OtherProcess } from '../helpers/lock-holder';
import { startTestServer, type TestServer } from '../helpers/server';
import { connectReader, request } from '../helpers/sockets';

/** Far above a read's few milliseconds, far below the five seconds a blocked event loop took. */
const FAST_MS = 1_000;

let server: TestServer;
let other: OtherProcess | null = null;

afterEach(async () => {
  await other?.stop();
  other = null;
  await server.close();
});

/** Waits until some other connection holds the file's write lock, trying it without waiting. */
async function waitUntilWriteLockIsTaken(dbPath: string): Promise<void> {
  const probe = new Database(dbPath, { timeout: 0 });
  try {
    const deadline = performance.now() + 10_000;
    for (;;) {
      try {
        probe.exec('BEGIN IMMEDIATE; ROLLBACK;');
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_BUSY') return;
        throw err;
      }
      if (performance.now() > deadline) throw new Error('nothing took the write lock');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    probe.close();
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

/** Health, a page read and a socket join, each timed, while whatever the test started waits. */
async function readEverything(url: string, threadId: number): Promise<number[]> {
  const reader = makeReader(url);
  const health = await timed(() => fetch(`${url}/healthz`).then((res) => res.status));
  expect(health.value).toBe(200);
  const page = await timed(() => reader.page(threadId, { sort: 'oldest' }));
  expect(page.value.status).toBe(200);
  const socket = await connectReader(url);
  try {
    const join = await timed(() => request(socket, 'thread:join', { pageId: 'locked' }));
    expect(join.value.ok).toBe(true);
    return [health.ms, page.ms, join.ms];
  } finally {
    socket.close();
  }
}

test('while another process holds the write lock, health, page reads and joins answer at once, and waiting writes succeed once it lets go', async () => {
  server = await startTestServer({ writeTimeoutMs: 10_000 });
  const reader = makeReader(server.url);
  const { thread } = (await reader.call('PUT', '/api/threads', { pageId: 'locked' })).json;
  expect((await reader.post(thread.id, { body: 'before the lock' })).status).toBe(201);

  other = await openOtherProcess(server.dbPath);
  await other.exec('BEGIN IMMEDIATE');
  const started = performance.now();
  // A post, a vote and a new page's thread: three kinds of write, all waiting for the lock.
  const post = reader
    .post(thread.id, { body: 'while locked' })
    .then((answer) => ({ answer, ms: performance.now() - started }));
  const voter = makeReader(server.url);
  const firstId = (await reader.page(thread.id, { sort: 'oldest' })).json.comments[0].id;
  const vote = voter.vote(firstId, 'up');
  const newThread = reader.call('PUT', '/api/threads', { pageId: 'opened-while-locked' });

  const times: number[] = [];
  for (let round = 0; round < 3; round++) times.push(...(await readEverything(server.url, thread.id)));
  expect(Math.max(...times)).toBeLessThan(FAST_MS);

  const heldMs = performance.now() - started;
  await other.exec('COMMIT');
  const posted = await post;
  expect(posted.answer.status).toBe(201);
  // It waited for the lock rather than failing or slipping past it.
  expect(posted.ms).toBeGreaterThanOrEqual(heldMs);
  expect((await vote).status).toBe(200);
  expect((await newThread).status).toBe(200);
  const bodies = (await reader.page(thread.id, { sort: 'oldest' })).json.comments.map(
    (c: { bodyHtml: string }) => c.bodyHtml,
  );
  expect(bodies).toEqual(['<p>before the lock</p>', '<p>while locked</p>']);
}, 60_000);

test('a write still waiting at the deadline answers 503 SERVICE_UNAVAILABLE with a retry hint, reads go on, and writes work again once the lock is gone', async () => {
  const writeTimeoutMs = 1_500;
  server = await startTestServer({ writeTimeoutMs });
  const reader = makeReader(server.url);
  const { thread } = (await reader.call('PUT', '/api/threads', { pageId: 'locked' })).json;

  other = await openOtherProcess(server.dbPath);
  await other.exec('BEGIN IMMEDIATE');
  const post = timed(() => reader.post(thread.id, { body: 'too late' }));
  const times = await readEverything(server.url, thread.id);
  expect(Math.max(...times)).toBeLessThan(FAST_MS);

  const refused = await post;
  expect(refused.value.status).toBe(503);
  expect(refused.value.json.error.code).toBe('SERVICE_UNAVAILABLE');
  expect(refused.value.json.error.details.retryAfterSeconds).toBeGreaterThan(0);
  // At the deadline: not before it, and not a busy timeout's worth after it.
  expect(refused.ms).toBeGreaterThanOrEqual(writeTimeoutMs - 50);
  expect(refused.ms).toBeLessThan(writeTimeoutMs + 2_500);

  await other.exec('ROLLBACK');
  const again = await reader.post(thread.id, { body: 'after the lock' });
  expect(again.status).toBe(201);
  const bodies = (await reader.page(thread.id, { sort: 'oldest' })).json.comments.map(
    (c: { bodyHtml: string }) => c.bodyHtml,
  );
  // The refused write left nothing behind.
  expect(bodies).toEqual(['<p>after the lock</p>']);
}, 60_000);

test('while another process checkpoints and waits for a reader of its own, reads go on and writes wait for it', async () => {
  server = await startTestServer({ writeTimeoutMs: 10_000 });
  const reader = makeReader(server.url);
  const { thread } = (await reader.call('PUT', '/api/threads', { pageId: 'locked' })).json;
  expect((await reader.post(thread.id, { body: 'first' })).status).toBe(201);

  // A long read elsewhere (a report, a shell) holds a snapshot; a change after it keeps the
  // checkpoint from finishing until that read ends, and the checkpoint keeps the write lock meanwhile.
  other = await openOtherProcess(server.dbPath);
  await other.exec('BEGIN; SELECT COUNT(*) FROM comments;');
  expect((await reader.post(thread.id, { body: 'second' })).status).toBe(201);
  const checkpointing = await openOtherProcess(server.dbPath);
  try {
    const checkpoint = checkpointing.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    await waitUntilWriteLockIsTaken(server.dbPath);
    const started = performance.now();
    const post = reader
      .post(thread.id, { body: 'third' })
      .then((answer) => ({ answer, ms: performance.now() - started }));
    const times: number[] = [];
    for (let round = 0; round < 3; round++) times.push(...(await readEverything(server.url, thread.id)));
    expect(Math.max(...times)).toBeLessThan(FAST_MS);
    const heldMs = performance.now() - started;

    await other.exec('COMMIT');
    await checkpoint;
    const posted = await post;
    expect(posted.answer.status).toBe(201);
    expect(posted.ms).toBeGreaterThanOrEqual(heldMs);
  } finally {
    await checkpointing.stop();
  }
}, 60_000);
