// Inline feedback over HTTP and socket.io: anchors kept as plain text, the feedback-only list paged by cursor, counts per passage live, quoting turned off by the site owner.
import { createModeratorAccount, loginAsModerator, TEST_PASSWORD_COST } from '../helpers/admin';
import { makeReader } from '../helpers/api';
import { openThread, startTestServer, type TestServer } from '../helpers/server';
import { connectReader, nextEvent, request, type TestSocket } from '../helpers/sockets';

const sockets: TestSocket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});

async function watch(server: TestServer, pageId: string): Promise<TestSocket> {
  const socket = await connectReader(server.url);
  sockets.push(socket);
  await request(socket, 'thread:join', { pageId });
  return socket;
}

describe('inline feedback', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({}, { passwordCostLog2: TEST_PASSWORD_COST });
  });
  afterAll(() => server.close());

  it('a comment on a passage carries its anchor as plain text in the post answer, the page and the live event', async () => {
    const { thread } = await openThread(server.url, 'feedback-anchor');
    const watcher = await watch(server, 'feedback-anchor');
    const pushed = nextEvent(watcher, 'comment:created');
    const posted = await makeReader(server.url).post(thread.id, {
      body: 'Not fair at all',
      anchor: { passageId: 'p1', quote: '<script>alert(1)</script> the claim', before: 'x'.repeat(150), after: '' },
    });
    expect(posted.status).toBe(201);
    const anchor = {
      passageId: 'p1',
      quote: '<script>alert(1)</script> the claim',
      before: 'x'.repeat(100),
      after: '',
    };
    expect(posted.json.comment.anchor).toEqual(anchor);
    expect((await pushed).anchor).toEqual(anchor);
    const page = (await makeReader(server.url).page(thread.id, { sort: 'oldest' })).json;
    expect(page.comments[0].anchor).toEqual(anchor);
  });

  it('a reply inherits no anchor, and a comment without one has null', async () => {
    const { thread } = await openThread(server.url, 'feedback-reply');
    const reader = makeReader(server.url);
    const root = (await reader.post(thread.id, { body: 'On p1', anchor: { passageId: 'p1' } })).json.comment;
    const reply = (
      await reader.post(thread.id, { body: 'A reply', parentId: root.id, anchor: { passageId: 'p1', quote: 'q' } })
    ).json.comment;
    const plain = (await reader.post(thread.id, { body: 'Plain' })).json.comment;
    expect(root.anchor).toEqual({ passageId: 'p1', quote: '', before: '', after: '' });
    expect([reply.anchor, plain.anchor]).toEqual([null, null]);
  });

  it('only=feedback lists only feedback, page after page, under every sort', async () => {
    const { thread } = await openThread(server.url, 'feedback-list');
    const reader = makeReader(server.url);
    const feedbackIds: number[] = [];
    for (let i = 0; i < 7; i++) {
      const anchor = i % 2 === 0 ? { passageId: `p${i % 3}`, quote: `quote ${i}` } : undefined;
      const { comment } = (await reader.post(thread.id, { body: `comment ${i}`, anchor })).json;
      if (anchor) feedbackIds.push(comment.id);
    }
    for (const sort of ['oldest', 'newest', 'top']) {
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const query: Record<string, string | number> = { sort, limit: 2, only: 'feedback' };
        if (cursor !== null) query.cursor = cursor;
        const page = (await reader.page(thread.id, query)).json;
        expect(page.filter).toBe('feedback');
        seen.push(...page.comments.map((c: { id: number }) => c.id));
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect([sort, [...seen].sort((a, b) => a - b)]).toEqual([sort, feedbackIds]);
    }
    const all = (await reader.page(thread.id, { sort: 'oldest', limit: 20 })).json;
    expect([all.filter, all.comments.length]).toEqual(['all', 7]);
    const bad = await reader.page(thread.id, { sort: 'oldest', only: 'mine' });
    expect([bad.status, bad.json.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('the same list over the socket: thread:page with only=feedback', async () => {
    const { thread } = await openThread(server.url, 'feedback-socket-list');
    const reader = makeReader(server.url);
    await reader.post(thread.id, { body: 'plain' });
    const feedback = (await reader.post(thread.id, { body: 'about it', anchor: { quote: 'some words' } })).json.comment;
    const socket = await watch(server, 'feedback-socket-list');
    const answer = await request(socket, 'thread:page', { threadId: thread.id, sort: 'newest', only: 'feedback' });
    expect(answer.ok).toBe(true);
    expect(answer.data.comments.map((c: { id: number }) => c.id)).toEqual([feedback.id]);
  });

  it('counts come with the thread view, from their endpoint, and live to the thread when feedback arrives or goes', async () => {
    const pageId = 'feedback-counts';
    const { thread } = await openThread(server.url, pageId);
    const author = makeReader(server.url);
    await author.post(thread.id, { body: 'first on p1', anchor: { passageId: 'p1' } });
    const view = (await author.call('GET', `/api/threads/${thread.id}`)).json;
    expect(view.feedback).toEqual({ threadId: thread.id, total: 1, byPassage: { p1: 1 } });

    const watcher = await watch(server, pageId);
    const counted = nextEvent(watcher, 'feedback:counted', (c) => c.total === 3);
    await author.post(thread.id, { body: 'second on p1', anchor: { passageId: 'p1' } });
    const onText = (await author.post(thread.id, { body: 'on some text', anchor: { quote: 'some text' } })).json
      .comment;
    expect(await counted).toEqual({ threadId: thread.id, total: 3, byPassage: { p1: 2 } });

    const dropped = nextEvent(watcher, 'feedback:counted', (c) => c.total === 2);
    expect((await author.remove(onText.id)).status).toBe(200);
    expect(await dropped).toEqual({ threadId: thread.id, total: 2, byPassage: { p1: 2 } });
    expect((await author.call('GET', `/api/threads/${thread.id}/feedback`)).json).toEqual({
      threadId: thread.id,
      total: 2,
      byPassage: { p1: 2 },
    });
  });

  it('feedback on a passage the page does not have is kept as a comment with its quote', async () => {
    const { thread } = await openThread(server.url, 'feedback-unknown-passage');
    const posted = await makeReader(server.url).post(thread.id, {
      body: 'Where did it go?',
      anchor: { passageId: 'removed-long-ago', quote: 'the old paragraph' },
    });
    expect(posted.status).toBe(201);
    expect(posted.json.comment).toMatchObject({
      status: 'published',
      anchor: { passageId: 'removed-long-ago', quote: 'the old paragraph' },
    });
  });

  it('with quoting turned off, a quote of other text is dropped but the comment kept, and passages still work', async () => {
    const own = await startTestServer({}, { passwordCostLog2: TEST_PASSWORD_COST });
    try {
      const account = await createModeratorAccount(own.dbPath, { email: 'owner@example.com', role: 'admin' });
      const admin = await loginAsModerator(own.url, account.email, account.password);
      const settings = (await admin.call('GET', '/settings')).json;
      expect(settings.isQuotingEnabled).toBe(true);
      expect((await admin.call('PUT', '/settings', { ...settings, isQuotingEnabled: false })).status).toBe(200);

      const { thread } = await openThread(own.url, 'quoting-off');
      const reader = makeReader(own.url);
      const view = (await reader.call('GET', `/api/threads/${thread.id}`)).json;
      expect(view.settings.isQuotingEnabled).toBe(false);
      const onText = (await reader.post(thread.id, { body: 'on text', anchor: { quote: 'words' } })).json.comment;
      const onPassage = (await reader.post(thread.id, { body: 'on p1', anchor: { passageId: 'p1', quote: 'words' } }))
        .json.comment;
      expect(onText).toMatchObject({ status: 'published', anchor: null });
      expect(onPassage.anchor).toEqual({ passageId: 'p1', quote: 'words', before: '', after: '' });
    } finally {
      await own.close();
    }
  });
});
