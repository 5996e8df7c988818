// The moderation lists: signed cursors, one reader's comments, and one answer for "is this thread closed".
import { io as ioClient, type Socket } from 'socket.io-client';
import { makeReader } from '../helpers/api';
import { createModeratorAccount, loginAsModerator, TEST_PASSWORD_COST, type ModeratorSession } from '../helpers/admin';
import { openThread, postComment, startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
let mod: ModeratorSession;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer({}, { passwordCostLog2: TEST_PASSWORD_COST });
  await createModeratorAccount(server.dbPath, {
    email: 'lists@example.com',
    role: 'admin',
    displayName: 'List Keeper',
  });
  mod = await loginAsModerator(server.url, 'lists@example.com', 'correct horse battery staple');
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await server.close();
});

/** Changes one character of a cursor's signed part. */
function altered(cursor: string): string {
  const i = 3;
  return `${cursor.slice(0, i)}${cursor[i] === 'A' ? 'B' : 'A'}${cursor.slice(i + 1)}`;
}

async function pagesOf(path: string): Promise<{ ids: number[]; cursors: string[] }> {
  const ids: number[] = [];
  const cursors: string[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; json: any } = await mod.call(
      'GET',
      `${path}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
    );
    expect(res.status).toBe(200);
    ids.push(...res.json.items.map((x: { id: number }) => x.id));
    cursor = res.json.nextCursor;
    if (cursor !== null) cursors.push(cursor);
  } while (cursor !== null);
  return { ids, cursors };
}

describe('list cursors', () => {
  it('pages a queue newest first with opaque signed cursors, and refuses an altered, forged or foreign one with INVALID_CURSOR', async () => {
    const { thread } = await openThread(server.url, 'lists-paging');
    const reader = makeReader(server.url);
    const posted: number[] = [];
    for (let i = 1; i <= 5; i++) posted.push((await reader.post(thread.id, { body: `paged ${i}` })).json.comment.id);

    const { ids, cursors } = await pagesOf(`/comments?queue=all&threadId=${thread.id}&limit=2`);
    expect(ids).toEqual([...posted].reverse());
    expect(cursors).toHaveLength(2);
    for (const cursor of cursors) expect(cursor).not.toMatch(/^\d+:\d+$/);

    const last = posted[posted.length - 1];
    for (const bad of [altered(cursors[0]), `${Date.now()}:${last}`, `${cursors[0]}x`, 'x'.repeat(201)]) {
      const res = await mod.call(
        'GET',
        `/comments?queue=all&threadId=${thread.id}&limit=2&cursor=${encodeURIComponent(bad)}`,
      );
      expect({ bad, status: res.status, code: res.json.error.code }).toEqual({
        bad,
        status: 400,
        code: bad.length > 200 ? 'VALIDATION_FAILED' : 'INVALID_CURSOR',
      });
    }

    // A readers' page cursor is not a moderation list's, nor the other way round.
    const page = await reader.page(thread.id, { sort: 'newest', limit: 1 });
    expect(
      (await mod.call('GET', `/comments?queue=all&cursor=${encodeURIComponent(page.json.nextCursor)}`)).json.error.code,
    ).toBe('INVALID_CURSOR');
    expect((await reader.page(thread.id, { sort: 'newest', cursor: cursors[0] })).json.error.code).toBe(
      'INVALID_CURSOR',
    );
  });

  it('pages the audit log with signed cursors of its own', async () => {
    const { thread } = await openThread(server.url, 'lists-audit');
    for (let i = 0; i < 3; i++) {
      await mod.call('POST', `/threads/${thread.id}/close`);
      await mod.call('POST', `/threads/${thread.id}/reopen`);
    }
    const all = (await mod.call('GET', '/audit?limit=100')).json.items.map((e: { id: number }) => e.id);
    const { ids, cursors } = await pagesOf('/audit?limit=4');
    expect(ids).toEqual(all);
    expect(cursors.length).toBeGreaterThan(0);
    expect((await mod.call('GET', `/audit?cursor=${encodeURIComponent(altered(cursors[0]))}`)).json.error.code).toBe(
      'INVALID_CURSOR',
    );
    expect((await mod.call('GET', `/audit?cursor=${all[2]}`)).json.error.code).toBe('INVALID_CURSOR');
    const queueCursor = (await mod.call('GET', '/comments?queue=all&limit=1')).json.nextCursor;
    expect((await mod.call('GET', `/audit?cursor=${encodeURIComponent(queueCursor)}`)).json.error.code).toBe(
      'INVALID_CURSOR',
    );
  });
});

describe('one reader’s comments', () => {
  it('lists a reader’s comments by identity on every page and in every state, and nobody else’s, whatever name they gave', async () => {
    const first = await openThread(server.url, 'lists-reader-a');
    const second = await openThread(server.url, 'lists-reader-b');
    const reader = makeReader(server.url);
    const a1 = (await reader.post(first.thread.id, { body: 'mine one', authorName: 'Rae' })).json.comment;
    const a2 = (await reader.post(second.thread.id, { body: 'mine two', authorName: 'Rae K.' })).json.comment;
    const a3 = (await reader.post(first.thread.id, { body: 'mine three', authorName: 'Rae' })).json.comment;
    await makeReader(server.url).post(first.thread.id, { body: 'same name, someone else', authorName: 'Rae' });
    await mod.call('POST', `/comments/${a2.id}/remove`, {});

    const listed = (await mod.call('GET', `/comments?queue=all&authorOf=${a1.id}`)).json;
    expect(listed.items.map((c: { id: number }) => c.id)).toEqual([a3.id, a2.id, a1.id]);
    expect(listed.items[0].authorCommentCount).toBe(3);
    const removedOnly = (await mod.call('GET', `/comments?queue=removed&authorOf=${a3.id}`)).json.items;
    expect(removedOnly.map((c: { id: number }) => c.id)).toEqual([a2.id]);
    const paged = await pagesOf(`/comments?queue=all&authorOf=${a1.id}&limit=1`);
    expect(paged.ids).toEqual([a3.id, a2.id, a1.id]);
  });

  it('lists a reader without an identity by email, and lists nothing for a comment that does not exist', async () => {
    const { thread } = await openThread(server.url, 'lists-reader-email');
    // No guest token: the comment has an email and no identity.
    const post = (body: string, authorEmail: string) =>
      postComment(server.url, thread.id, { body, authorName: 'Mailer', authorEmail });
    const m1 = (await post('by mail one', 'Mailer@Example.com')).json.comment;
    const m2 = (await post('by mail two', 'mailer@example.com')).json.comment;
    await post('another mailer', 'other@example.com');
    const listed = (await mod.call('GET', `/comments?queue=all&authorOf=${m1.id}`)).json.items;
    expect(listed.map((c: { id: number }) => c.id)).toEqual([m2.id, m1.id]);
    expect(listed[0]).toMatchObject({ authorKey: null, authorCommentCount: 2 });

    expect((await mod.call('GET', '/comments?queue=all&authorOf=999999')).json).toEqual({
      items: [],
      nextCursor: null,
    });
    expect((await mod.call('GET', '/comments?queue=all&authorOf=abc')).json.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'authorOf', issue: 'invalid' }] },
    });
  });
});

describe('closed threads', () => {
  it('says whether a thread is closed by one rule in the thread list, a comment’s thread, the close and reopen answers and the live channel', async () => {
    const { thread } = await openThread(server.url, 'lists-aged');
    const c = (await makeReader(server.url).post(thread.id, { body: 'before the age rule' })).json.comment;
    const settings = (await mod.call('GET', '/settings')).json;
    const socket = ioClient(`${server.url}/admin`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { cookie: mod.cookie },
    });
    sockets.push(socket);
    await new Promise((resolve, reject) => {
      socket.once('queue:counts', resolve);
      socket.once('connect_error', reject);
    });
    const changed = () => new Promise<any>((resolve) => socket.once('thread:changed', resolve));
    const listed = async () => (await mod.call('GET', '/threads?q=lists-aged')).json.items[0].isClosed;
    const ofComment = async () => (await mod.call('GET', `/comments/${c.id}`)).json.thread.isClosed;
    try {
      // Closed by age: nobody closed it, readers still find it closed.
      await mod.call('PUT', '/settings', { ...settings, autoCloseDays: 0 });
      expect([await listed(), await ofComment()]).toEqual([true, true]);

      const closedLive = changed();
      const closed = (await mod.call('POST', `/threads/${thread.id}/close`)).json;
      expect([closed.isClosed, (await closedLive).isClosed, await listed(), await ofComment()]).toEqual([
        true,
        true,
        true,
        true,
      ]);

      // A moderator's reopening outlasts the age rule, in every answer.
      const reopenedLive = changed();
      const reopened = (await mod.call('POST', `/threads/${thread.id}/reopen`)).json;
      expect([reopened.isClosed, (await reopenedLive).isClosed, await listed(), await ofComment()]).toEqual([
        false,
        false,
        false,
        false,
      ]);
      expect(reopened).toEqual((await mod.call('GET', '/threads?q=lists-aged')).json.items[0]);
    } finally {
      await mod.call('PUT', '/settings', settings);
    }
  });
});
