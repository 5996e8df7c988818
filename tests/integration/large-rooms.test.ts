import { makeReader } from '../helpers/api';
import { openThread, startTestServer, type TestServer } from '../helpers/server';
import { connectReader, newGuestToken, request, type TestSocket } from '../helpers/sockets';
import { SOCKETS_PER_SEND } from '../../server/realtime/socket-server';

let server: TestServer;
const sockets: TestSocket[] = [];
let now = Date.now();
const clock = { now: () => now };

/** A reader on a network of its own (behind the trusted proxy), first seen by voting, eleven minutes ago: one whose report counts. */
async function establishedReporter(
  address: string,
  onCommentId: number,
): Promise<(commentId: number) => Promise<number>> {
  const token = newGuestToken();
  const call = async (path: string, body: object) =>
    (
      await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-parley-token': token, 'x-forwarded-for': address },
        body: JSON.stringify(body),
      })
    ).status;
  expect(await call(`/api/comments/${onCommentId}/vote`, { value: 'up' })).toBe(200);
  return (commentId) => call(`/api/comments/${commentId}/report`, { reason: 'abuse' });
}

/** Readers joined to a page's thread, each noting every comment event it receives, in order. */
async function joinReaders(pageId: string, count: number, token?: () => string) {
  const readers: Array<{
    socket: TestSocket;
    seen: Array<[string, { id: number; status: string; bodyHtml: string }]>;
  }> = [];
  for (let i = 0; i < count; i++) {
    const socket = await connectReader(server.url, token?.() ?? newGuestToken());
    sockets.push(socket);
    const seen: Array<[string, { id: number; status: string; bodyHtml: string }]> = [];
    socket.on('comment:created', (c) => seen.push(['comment:created', c]));
    socket.on('comment:updated', (c) => seen.push(['comment:updated', c]));
    expect((await request(socket, 'thread:join', { pageId })).ok).toBe(true);
    readers.push({ socket, seen });
  }
  return readers;
}

/** Waits, polling, until `isDone` holds or the time is up. */
async function until(isDone: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!isDone()) {
    if (Date.now() > deadline) throw new Error('the condition did not hold in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeAll(async () => {
  server = await startTestServer({ trustProxy: { hops: 1 } }, { clock });
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server.close();
});

describe('a thread with more readers than one send writes to', () => {
  const readerCount = SOCKETS_PER_SEND + 30;

  it('every reader gets each new comment once, in the order they were posted, and readers of another thread none', async () => {
    const { thread } = await openThread(server.url, 'large-room');
    const readers = await joinReaders('large-room', readerCount);
    const [elsewhere] = await joinReaders('large-room-other', 1);

    const poster = makeReader(server.url);
    const ids: number[] = [];
    for (const body of ['first', 'second', 'third']) {
      const answer = await poster.post(thread.id, { body });
      expect(answer.status).toBe(201);
      ids.push(answer.json.comment.id);
    }
    const createdIds = (r: (typeof readers)[number]) =>
      r.seen.filter(([event]) => event === 'comment:created').map(([, c]) => c.id);
    await until(() => readers.every((r) => createdIds(r).length >= ids.length));
    for (const r of readers) expect(createdIds(r)).toEqual(ids);
    expect(elsewhere.seen).toEqual([]);
  });

  it('a comment hidden after it was shown reaches its author in full and every other reader hidden', async () => {
    const { thread } = await openThread(server.url, 'large-room-held');
    const authorToken = newGuestToken();
    // The author's socket is among the last to join, so it falls in the second send.
    const others = await joinReaders('large-room-held', readerCount);
    const [author] = await joinReaders('large-room-held', 1, () => authorToken);

    const posted = await makeReader(server.url, authorToken).post(thread.id, { body: 'a take some will report' });
    const commentId: number = posted.json.comment.id;
    await until(() =>
      [...others, author].every((r) => r.seen.some(([event, c]) => event === 'comment:created' && c.id === commentId)),
    );

    // Three established readers' reports, from three networks, hide it until a moderator looks.
    const elsewhere = (await makeReader(server.url).post(thread.id, { body: 'another comment' })).json.comment
      .id as number;
    const reporters = [];
    for (let i = 1; i <= 3; i++) reporters.push(await establishedReporter(`198.51.100.${i}`, elsewhere));
    now += 11 * 60_000;
    for (const report of reporters) expect(await report(commentId)).toBe(201);
    // Every report tells readers the comment changed; the third one holds it.
    const heldFor = (r: (typeof others)[number]) =>
      r.seen
        .filter(([event, c]) => event === 'comment:updated' && c.id === commentId && c.status === 'pending')
        .map(([, c]) => c);
    await until(() => [...others, author].every((r) => heldFor(r).length >= 1));
    expect(heldFor(author)).toEqual([
      expect.objectContaining({ status: 'pending', bodyHtml: '<p>a take some will report</p>' }),
    ]);
    for (const r of others) expect(heldFor(r)).toEqual([expect.objectContaining({ bodyHtml: '' })]);
  });
});
