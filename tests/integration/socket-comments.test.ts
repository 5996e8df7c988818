import { startTestServer, type TestServer } from '../helpers/server';
import { connectReader, nextEvent, request, type TestSocket } from '../helpers/sockets';

let server: TestServer;
const sockets: TestSocket[] = [];

async function reader(token?: string): Promise<TestSocket> {
  const socket = await connectReader(server.url, token);
  sockets.push(socket);
  return socket;
}

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server.close();
});

describe('the socket.io protocol', () => {
  it('joining a page opens its thread and returns it', async () => {
    const socket = await reader();
    const ack = await request(socket, 'thread:join', { pageId: 'sock-join', title: 'Sockets' });
    expect(ack.ok).toBe(true);
    expect(ack.data.thread).toMatchObject({ pageId: 'sock-join', title: 'Sockets', commentCount: 0 });
    expect(ack.data.comments).toEqual([]);
  });

  it('a comment posted by one reader reaches another reader of the same thread', async () => {
    const alice = await reader();
    const bob = await reader();
    const { data: view } = await request(alice, 'thread:join', { pageId: 'sock-live' });
    await request(bob, 'thread:join', { pageId: 'sock-live' });

    const received = nextEvent(bob, 'comment:created');
    const ack = await request(alice, 'comment:post', {
      threadId: view.thread.id,
      authorName: 'Alice',
      authorEmail: 'a@example.com',
      body: 'Live!',
    });
    expect(ack.ok).toBe(true);
    const pushed = await received;
    expect(pushed).toEqual(ack.data);
    expect(JSON.stringify(pushed)).not.toContain('a@example.com');

    const replyReceived = nextEvent(alice, 'comment:created', (c) => c.parentId === ack.data.id);
    const replyAck = await request(bob, 'comment:post', {
      threadId: view.thread.id,
      parentId: ack.data.id,
      authorName: 'Bob',
      body: 'Reply',
    });
    expect(replyAck.ok).toBe(true);
    expect((await replyReceived).depth).toBe(1);
  });

  it("a reply, and a reply's deletion, tell every reader its parent's new reply count and seq", async () => {
    const alice = await reader();
    const bob = await reader();
    const { data: view } = await request(alice, 'thread:join', { pageId: 'sock-parent' });
    await request(bob, 'thread:join', { pageId: 'sock-parent' });
    const { data: parent } = await request(alice, 'comment:post', {
      threadId: view.thread.id,
      authorName: 'Alice',
      body: 'Parent',
    });

    const parentCounted = nextEvent(alice, 'comment:updated', (c) => c.id === parent.id);
    const { data: reply } = await request(bob, 'comment:post', {
      threadId: view.thread.id,
      parentId: parent.id,
      authorName: 'Bob',
      body: 'Reply',
    });
    const counted = await parentCounted;
    expect(counted).toMatchObject({
      id: parent.id,
      replyCount: 1,
      seq: reply.seq,
      status: 'published',
      bodyHtml: parent.bodyHtml,
    });
    expect(counted.seq).toBeGreaterThan(parent.seq);

    const { data: answer } = await request(alice, 'comment:post', {
      threadId: view.thread.id,
      parentId: reply.id,
      authorName: 'Alice',
      body: 'Answer',
    });
    const replyUncounted = nextEvent(alice, 'comment:updated', (c) => c.id === reply.id && c.replyCount === 0);
    const { data: deleted } = await request(alice, 'comment:delete', { commentId: answer.id });
    expect((await replyUncounted).seq).toBe(deleted.seq);
  });

  it('readers of another thread do not receive the comment', async () => {
    const poster = await reader();
    const elsewhere = await reader();
    const { data: view } = await request(poster, 'thread:join', { pageId: 'sock-room-a' });
    await request(elsewhere, 'thread:join', { pageId: 'sock-room-b' });
    const seen: number[] = [];
    elsewhere.on('comment:created', (c) => seen.push(c.id));
    // The poster's own broadcast arrives after everything sent before it, so once it is here
    // any leak to the other room would have been delivered too.
    const own = nextEvent(poster, 'comment:created');
    await request(poster, 'comment:post', { threadId: view.thread.id, authorName: 'P', body: 'only here' });
    await own;
    await request(elsewhere, 'thread:join', { pageId: 'sock-room-b' });
    expect(seen).toEqual([]);
  });

  it('a failed request answers with a stable code and broadcasts nothing', async () => {
    const poster = await reader();
    const watcher = await reader();
    const { data: view } = await request(poster, 'thread:join', { pageId: 'sock-bad' });
    await request(watcher, 'thread:join', { pageId: 'sock-bad' });
    const seen: unknown[] = [];
    watcher.on('comment:created', (c) => seen.push(c));

    const cases: Array<[unknown, string]> = [
      [{ threadId: view.thread.id, body: 'no name' }, 'VALIDATION_FAILED'],
      [{ threadId: view.thread.id, authorName: 'A', body: '' }, 'VALIDATION_FAILED'],
      [{ threadId: view.thread.id, authorName: 'A', body: 'x'.repeat(10_001) }, 'VALIDATION_FAILED'],
      [{ threadId: view.thread.id, authorName: 'A', body: 'x', sneaky: 1 }, 'VALIDATION_FAILED'],
      [{ threadId: String(view.thread.id), authorName: 'A', body: 'x' }, 'VALIDATION_FAILED'],
      ['not an object', 'VALIDATION_FAILED'],
      [null, 'VALIDATION_FAILED'],
      [{ threadId: view.thread.id, authorName: 'A', body: 'x', parentId: 424242 }, 'PARENT_NOT_FOUND'],
      [{ threadId: 999_999, authorName: 'A', body: 'x' }, 'THREAD_NOT_FOUND'],
    ];
    for (const [payload, code] of cases) {
      const ack = await request(poster, 'comment:post', payload);
      expect(ack).toMatchObject({ ok: false, error: { code } });
      expect(typeof ack.error.message).toBe('string');
    }
    const badJoin = await request(poster, 'thread:join', { pageId: '' });
    expect(badJoin).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });

    const ok = nextEvent(watcher, 'comment:created');
    await request(poster, 'comment:post', { threadId: view.thread.id, authorName: 'A', body: 'fine' });
    await ok;
    expect(seen).toHaveLength(1);
  });

  it('refuses to post into a thread the socket has not joined', async () => {
    const opener = await reader();
    const { data: view } = await request(opener, 'thread:join', { pageId: 'sock-not-joined' });
    const stranger = await reader();
    const ack = await request(stranger, 'comment:post', { threadId: view.thread.id, authorName: 'S', body: 'x' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'THREAD_NOT_FOUND' } });
  });

  it('refuses a handshake with a malformed identity token', async () => {
    await expect(connectReader(server.url, 'not a token')).rejects.toMatchObject({
      data: { code: 'VALIDATION_FAILED' },
    });
  });

  it('survives requests without an acknowledgement callback', async () => {
    const socket = await reader();
    socket.emit('thread:join', { pageId: 'sock-no-ack' } as never, undefined as never);
    const ack = await request(socket, 'thread:join', { pageId: 'sock-no-ack' });
    expect(ack.ok).toBe(true);
  });
});
