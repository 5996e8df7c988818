// Emoji reactions over HTTP and socket.io: toggled once per reader and kind, counted live, limited like votes, and switched off by the site owner.
import { loadConfig } from '../../server/config';
import { createModeratorAccount, loginAsModerator, TEST_PASSWORD_COST } from '../helpers/admin';
import { makeReader, type Reader } from '../helpers/api';
import { openThread, startTestServer, type TestServer } from '../helpers/server';
import { connectReader, newGuestToken, nextEvent, request, type TestSocket } from '../helpers/sockets';

const sockets: TestSocket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});

async function watch(server: TestServer, pageId: string, token?: string): Promise<TestSocket> {
  const socket = await connectReader(server.url, token);
  sockets.push(socket);
  await request(socket, 'thread:join', { pageId });
  return socket;
}

const react = (reader: Reader, commentId: number, reaction: string, isOn = true) =>
  reader.call('POST', `/api/comments/${commentId}/reactions`, { reaction, isOn });

describe('reactions', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({}, { passwordCostLog2: TEST_PASSWORD_COST });
  });
  afterAll(() => server.close());

  async function commentBy(author: Reader, pageId: string) {
    const { thread } = await openThread(server.url, pageId);
    const comment = (await author.post(thread.id, { body: 'React to me' })).json.comment as { id: number };
    return { thread, comment };
  }

  it('one of each kind per reader: giving twice counts once, taking back uncounts, and each reader sees their own', async () => {
    const author = makeReader(server.url);
    const { thread, comment } = await commentBy(author, 'reactions-toggle');
    const ana = makeReader(server.url);
    const ben = makeReader(server.url);

    expect((await react(ana, comment.id, 'like')).json).toEqual({
      id: comment.id,
      threadId: thread.id,
      reactions: { like: 1 },
      seq: expect.any(Number),
      myReactions: ['like'],
    });
    expect((await react(ana, comment.id, 'like')).json).toMatchObject({
      reactions: { like: 1 },
      myReactions: ['like'],
    });
    expect((await react(ana, comment.id, 'sad')).json).toMatchObject({
      reactions: { like: 1, sad: 1 },
      myReactions: ['like', 'sad'],
    });
    expect((await react(ben, comment.id, 'like')).json).toMatchObject({
      reactions: { like: 2, sad: 1 },
      myReactions: ['like'],
    });
    expect((await react(ana, comment.id, 'like', false)).json).toMatchObject({
      reactions: { like: 1, sad: 1 },
      myReactions: ['sad'],
    });

    // The page answer carries the counts, and each reader's own reactions.
    const asAna = (await ana.call('GET', `/api/threads/${thread.id}`)).json;
    expect(asAna.comments[0].reactions).toEqual({ like: 1, sad: 1 });
    expect(asAna.viewer.reactions).toEqual({ [comment.id]: ['sad'] });
    expect(asAna.settings.areReactionsEnabled).toBe(true);
    expect((await ben.call('GET', `/api/threads/${thread.id}`)).json.viewer.reactions).toEqual({
      [comment.id]: ['like'],
    });
    expect((await makeReader(server.url).call('GET', `/api/threads/${thread.id}`)).json.viewer.reactions).toEqual({});

    // Taking back every reaction leaves no kind listed.
    await react(ana, comment.id, 'sad', false);
    await react(ben, comment.id, 'like', false);
    expect((await ana.call('GET', `/api/threads/${thread.id}`)).json.comments[0].reactions).toEqual({});
  });

  it('refuses one’s own comment, a reader without an identity, an unknown kind and a deleted comment', async () => {
    const author = makeReader(server.url);
    const { comment } = await commentBy(author, 'reactions-refused');
    expect((await react(author, comment.id, 'love')).json.error.code).toBe('SELF_REACTION');
    const anonymous = await fetch(`${server.url}/api/comments/${comment.id}/reactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reaction: 'love', isOn: true }),
    });
    expect((await anonymous.json()).error.code).toBe('IDENTITY_REQUIRED');
    const other = makeReader(server.url);
    const unknown = await react(other, comment.id, 'angry');
    expect([unknown.status, unknown.json.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await react(other, 999_999, 'love')).json.error.code).toBe('COMMENT_NOT_FOUND');
    await author.remove(comment.id);
    expect((await react(other, comment.id, 'love')).json.error.code).toBe('COMMENT_DELETED');
  });

  it('reach every open page of the thread live, whichever transport gave them, and catch-up replays them', async () => {
    const author = makeReader(server.url);
    const { thread, comment } = await commentBy(author, 'reactions-live');
    const watcher = await watch(server, 'reactions-live');
    const token = newGuestToken();
    const giver = await watch(server, 'reactions-live', token);
    const since = (await makeReader(server.url).call('GET', `/api/threads/${thread.id}`)).json.seq;

    const seen = nextEvent(watcher, 'comment:reacted', (t) => t.id === comment.id && t.reactions.wow === 1);
    const ack = await request(giver, 'comment:react', { commentId: comment.id, reaction: 'wow', isOn: true });
    expect(ack).toEqual({
      ok: true,
      data: {
        id: comment.id,
        threadId: thread.id,
        reactions: { wow: 1 },
        seq: expect.any(Number),
        myReactions: ['wow'],
      },
    });
    expect(await seen).toEqual({ id: comment.id, threadId: thread.id, reactions: { wow: 1 }, seq: ack.data.seq });

    // The same reader over HTTP: one identity, whichever way it comes.
    const overHttp = nextEvent(watcher, 'comment:reacted', (t) => t.id === comment.id && t.reactions.love === 1);
    expect((await react(makeReader(server.url, token), comment.id, 'love')).json.myReactions).toEqual(['love', 'wow']);
    await overHttp;

    const refused = await request(giver, 'comment:react', { commentId: comment.id, reaction: 'wow' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });

    const caughtUp = (await makeReader(server.url).call('GET', `/api/threads/${thread.id}/changes?since=${since}`))
      .json;
    expect(caughtUp.changes.find((c: { id: number }) => c.id === comment.id).reactions).toEqual({ love: 1, wow: 1 });
  });
});

describe('reactions held to the votes’ limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    const limited = loadConfig({ PARLEY_VOTES_PER_MINUTE: '3' }).rateLimits;
    server = await startTestServer({ rateLimits: limited, trustProxy: { proxies: ['127.0.0.1'] } });
  });
  afterAll(() => server.close());

  it('spend the votes’ allowance: votes and reactions together stop at the limit, saying when to retry', async () => {
    const { thread } = await openThread(server.url, 'reactions-limit');
    const author = makeReader(server.url);
    const first = (await author.post(thread.id, { body: 'One' })).json.comment;
    const second = (await author.post(thread.id, { body: 'Two' })).json.comment;
    const reader = makeReader(server.url);
    expect((await reader.vote(first.id, 'up')).status).toBe(200);
    expect((await react(reader, first.id, 'like')).status).toBe(200);
    expect((await react(reader, second.id, 'laugh')).status).toBe(200);
    const refused = await react(reader, second.id, 'love');
    expect([refused.status, refused.json.error]).toEqual([
      429,
      expect.objectContaining({ code: 'RATE_LIMITED', details: expect.objectContaining({ action: 'vote' }) }),
    ]);
    expect((await reader.vote(second.id, 'up')).status).toBe(429);
  });

  it('from many readers of one network on one comment: past a few, further ones are kept but not counted', async () => {
    const { thread } = await openThread(server.url, 'reactions-stuffing');
    const comment = (await makeReader(server.url).post(thread.id, { body: 'Popular?' })).json.comment;
    const fromOffice = () =>
      fetch(`${server.url}/api/comments/${comment.id}/reactions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-parley-token': newGuestToken(),
          'x-forwarded-for': '198.51.100.77',
        },
        body: JSON.stringify({ reaction: 'love', isOn: true }),
      }).then(async (res) => ({ status: res.status, json: await res.json() }));
    const answers = [];
    for (let i = 1; i <= 8; i++) answers.push(await fromOffice());
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    // Each reader still sees their own reaction given; the count stops where stuffing starts.
    expect(answers.every((a) => a.json.myReactions.includes('love'))).toBe(true);
    expect(answers.at(-1)!.json.reactions.love).toBe(5);
    // Another network is counted as before.
    const outsider = await fetch(`${server.url}/api/comments/${comment.id}/reactions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-parley-token': newGuestToken(),
        'x-forwarded-for': '203.0.113.9',
      },
      body: JSON.stringify({ reaction: 'love', isOn: true }),
    });
    expect((await outsider.json()).reactions.love).toBe(6);
  });
});

describe('reactions turned off by the site owner', () => {
  it('are refused over both transports, and the page says they are off; counts already given stay', async () => {
    const server = await startTestServer({}, { passwordCostLog2: TEST_PASSWORD_COST });
    try {
      const account = await createModeratorAccount(server.dbPath, { email: 'owner@example.com', role: 'admin' });
      const admin = await loginAsModerator(server.url, account.email, account.password);
      const { thread } = await openThread(server.url, 'reactions-off');
      const comment = (await makeReader(server.url).post(thread.id, { body: 'Before' })).json.comment;
      const reader = makeReader(server.url);
      expect((await react(reader, comment.id, 'like')).status).toBe(200);

      const settings = (await admin.call('GET', '/settings')).json;
      expect(settings.areReactionsEnabled).toBe(true);
      expect((await admin.call('PUT', '/settings', { ...settings, areReactionsEnabled: false })).status).toBe(200);

      const refused = await react(reader, comment.id, 'like', false);
      expect([refused.status, refused.json.error.code]).toEqual([403, 'REACTIONS_OFF']);
      const socket = await watch(server, 'reactions-off', reader.token);
      expect(
        await request(socket, 'comment:react', { commentId: comment.id, reaction: 'sad', isOn: true }),
      ).toMatchObject({
        ok: false,
        error: { code: 'REACTIONS_OFF' },
      });
      const view = (await reader.call('GET', `/api/threads/${thread.id}`)).json;
      expect(view.settings.areReactionsEnabled).toBe(false);
      expect(view.comments[0].reactions).toEqual({ like: 1 });

      expect((await admin.call('PUT', '/settings', { ...settings, areReactionsEnabled: true })).status).toBe(200);
      expect((await react(reader, comment.id, 'like', false)).json.reactions).toEqual({});
    } finally {
      await server.close();
    }
  });
});
