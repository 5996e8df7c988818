import { makeReader, type Reader } from '../helpers/api';
import { openThread, startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
let now = Date.UTC(2026, 10, 1);
const clock = { now: () => now };

beforeAll(async () => {
  server = await startTestServer({ pageSize: 3 }, { clock });
});

afterAll(async () => {
  await server.close();
});

let posted = 0;

/** Posts top-level comments one minute apart (or at the same instant) and returns their ids. */
async function seed(reader: Reader, threadId: number, count: number, { sameTime = false } = {}): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    if (!sameTime) now += 60_000;
    ids.push((await reader.post(threadId, { body: `comment ${i} of batch ${++posted}` })).json.comment.id);
  }
  return ids;
}

async function allPages(
  reader: Reader,
  threadId: number,
  sort: string,
  onEachPage?: () => Promise<void>,
): Promise<number[]> {
  const seen: number[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const res = await reader.page(threadId, cursor === null ? { sort } : { sort, cursor });
    expect(res.status).toBe(200);
    seen.push(...res.json.comments.map((c: { id: number }) => c.id));
    cursor = res.json.nextCursor;
    if (cursor === null) return seen;
    await onEachPage?.();
  }
  throw new Error('paging did not end');
}

describe('sorting', () => {
  it('orders top-level comments oldest first, newest first, and by score with newer first on ties', async () => {
    const author = makeReader(server.url);
    const { thread } = await openThread(server.url, 'sort-orders');
    const [a, b, c, d] = await seed(author, thread.id, 4);
    const voters = [makeReader(server.url), makeReader(server.url), makeReader(server.url)];
    for (const v of voters) await v.vote(b, 'up');
    await voters[0].vote(a, 'up');
    await voters[0].vote(c, 'up');
    await voters[1].vote(d, 'down');
    // Scores: a=1, b=3, c=1, d=-1; a and c tie, c is newer.
    const reply = (await author.post(thread.id, { body: 'reply', parentId: b })).json.comment.id;
    const reply2 = (await author.post(thread.id, { body: 'reply 2', parentId: b })).json.comment.id;
    await voters[0].vote(reply2, 'up');

    const oldest = await allPages(author, thread.id, 'oldest');
    const newest = await allPages(author, thread.id, 'newest');
    const top = await allPages(author, thread.id, 'top');
    expect(oldest).toEqual([a, b, c, d]);
    expect(newest).toEqual([d, c, b, a]);
    expect(top).toEqual([b, c, a, d]);

    const firstTop = await author.page(thread.id, { sort: 'top' });
    expect(firstTop.json.comments[0].replies.map((r: { id: number }) => r.id)).toEqual([reply, reply2]);
  });

  it('pages under every sort without duplicates or gaps while comments keep arriving', async () => {
    for (const sort of ['oldest', 'newest', 'top']) {
      const reader = makeReader(server.url);
      const { thread } = await openThread(server.url, `paging-live-${sort}`);
      const existing = await seed(reader, thread.id, 8);
      const arrived: number[] = [];
      const seen = await allPages(reader, thread.id, sort, async () => {
        arrived.push(...(await seed(reader, thread.id, 2)));
      });
      expect(new Set(seen).size).toBe(seen.length);
      for (const id of existing) expect(seen).toContain(id);
      // New comments land after the cursor only under "oldest"; elsewhere they belong on
      // pages already read and reach the reader live instead.
      if (sort === 'oldest') expect(seen).toEqual([...existing, ...arrived]);
    }
  });

  it('pages through comments posted in the same millisecond without losing any', async () => {
    const reader = makeReader(server.url);
    const { thread } = await openThread(server.url, 'paging-same-time');
    const ids = await seed(reader, thread.id, 7, { sameTime: true });
    expect(await allPages(reader, thread.id, 'oldest')).toEqual(ids);
    expect(await allPages(reader, thread.id, 'newest')).toEqual([...ids].reverse());
    expect(await allPages(reader, thread.id, 'top')).toEqual([...ids].reverse());
  });

  it('answers the first page of the thread with the thread itself', async () => {
    const reader = makeReader(server.url);
    const { thread } = await openThread(server.url, 'paging-join');
    await seed(reader, thread.id, 5);
    const view = await reader.call('GET', `/api/threads/${thread.id}?sort=newest`);
    expect(view.json.comments).toHaveLength(3);
    expect(view.json.nextCursor).toEqual(expect.any(String));
    expect(view.json.settings).toEqual({
      editWindowMs: 15 * 60_000,
      maxDepth: 5,
      pageSize: 3,
      areReactionsEnabled: true,
      isQuotingEnabled: true,
    });
    expect(view.json.thread.commentCount).toBe(5);
  });
});

describe('bad paging requests', () => {
  let reader: Reader;
  let threadId: number;
  let cursor: string;

  beforeAll(async () => {
    reader = makeReader(server.url);
    threadId = (await openThread(server.url, 'paging-bad')).thread.id;
    await seed(reader, threadId, 5);
    cursor = (await reader.page(threadId, { sort: 'oldest' })).json.nextCursor;
  });

  it('refuses a tampered cursor', async () => {
    const [payload, signature] = cursor.split('.');
    const forged = Buffer.from(JSON.stringify(['oldest', 0, 0])).toString('base64url');
    for (const bad of [
      `${forged}.${signature}`,
      `${payload}.${signature.slice(1)}x`,
      'garbage',
      `${payload}`,
      `${payload}.${signature}.x`,
    ]) {
      const res = await reader.page(threadId, { sort: 'oldest', cursor: bad });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('INVALID_CURSOR');
    }
  });

  it('refuses a cursor made for another sort', async () => {
    const res = await reader.page(threadId, { sort: 'newest', cursor });
    expect(res.json.error.code).toBe('INVALID_CURSOR');
  });

  it('refuses a page size over the limit and an unknown sort', async () => {
    const big = await reader.page(threadId, { sort: 'oldest', limit: 101 });
    expect(big.status).toBe(400);
    expect(big.json.error.details.fields).toEqual([{ field: 'limit', issue: 'too_long', limit: 100 }]);
    const weird = await reader.page(threadId, { sort: 'hottest' });
    expect(weird.json.error.details.fields).toEqual([{ field: 'sort', issue: 'invalid' }]);
    const junk = await reader.page(threadId, { sort: 'oldest', limit: 'ten' });
    expect(junk.json.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('long conversations', () => {
  it('a page carries the first three replies of each conversation and says how many there are; the rest load in order', async () => {
    const reader = makeReader(server.url);
    const { thread } = await openThread(server.url, 'long-conversation');
    now += 60_000;
    const root = (await reader.post(thread.id, { body: 'a popular take' })).json.comment.id;
    const replies: number[] = [];
    let parent = root;
    for (let i = 0; i < 25; i++) {
      now += 1000;
      // Every fifth reply answers the previous one, so the conversation nests as well.
      const posted = (
        await reader.post(thread.id, { body: `reply ${i}`, parentId: i % 5 === 4 ? replies[i - 1] : parent })
      ).json.comment.id;
      replies.push(posted);
      if (i === 0) parent = root;
    }
    const page = (await reader.page(thread.id, { sort: 'oldest' })).json;
    const node = page.comments.find((c: { id: number }) => c.id === root);
    expect(node.descendantCount).toBe(25);
    const flat: number[] = [];
    const walk = (n: { id: number; replies: unknown[] }) =>
      n.replies.forEach((r) => (flat.push((r as { id: number }).id), walk(r as never)));
    walk(node);
    expect(flat.sort((a, b) => a - b)).toEqual(replies.slice(0, 3));

    const more = (await reader.call('GET', `/api/comments/${root}/replies?afterId=${replies[2]}&limit=17`)).json;
    expect(more.replies.map((c: { id: number }) => c.id)).toEqual(replies.slice(3, 20));
    expect(more.hasMore).toBe(true);
    const rest = (await reader.call('GET', `/api/comments/${root}/replies?afterId=${replies[19]}`)).json;
    expect(rest.replies.map((c: { id: number }) => c.id)).toEqual(replies.slice(20));
    expect(rest.hasMore).toBe(false);

    const context = (await reader.call('GET', `/api/comments/${replies[22]}/context`)).json;
    expect(context.root.descendantCount).toBe(25);
    const inContext: number[] = [];
    const collect = (n: { id: number; replies: unknown[] }) =>
      n.replies.forEach((r) => (inContext.push((r as { id: number }).id), collect(r as never)));
    collect(context.root);
    expect(inContext.sort((a, b) => a - b)).toEqual(replies.slice(0, 23));

    await reader.remove(replies[24]);
    expect(
      (await reader.page(thread.id, { sort: 'oldest' })).json.comments.find((c: { id: number }) => c.id === root)
        .descendantCount,
    ).toBe(24);
    expect((await reader.call('GET', `/api/comments/${replies[3]}/replies`)).json.error.code).toBe('COMMENT_NOT_FOUND');
    expect((await reader.call('GET', `/api/comments/${root}/replies?limit=500`)).status).toBe(400);
  });
});
