import { makeReader } from '../helpers/api';
import { createModeratorAccount, loginAsModerator, TEST_PASSWORD_COST, type ModeratorSession } from '../helpers/admin';
import { openThread, startTestServer, type TestServer } from '../helpers/server';
import { connectReader, nextEvent, request, type TestSocket } from '../helpers/sockets';
import { io as ioClient } from 'socket.io-client';

let server: TestServer;
let admin: ModeratorSession;
let mod: ModeratorSession;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer({}, { passwordCostLog2: TEST_PASSWORD_COST });
  const a = await createModeratorAccount(server.dbPath, {
    email: 'admin@example.com',
    role: 'admin',
    displayName: 'Ada Admin',
  });
  const m = await createModeratorAccount(server.dbPath, {
    email: 'mod@example.com',
    role: 'moderator',
    displayName: 'Mo Mod',
  });
  admin = await loginAsModerator(server.url, a.email, a.password);
  mod = await loginAsModerator(server.url, m.email, m.password);
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await server.close();
});

async function watch(pageId: string): Promise<TestSocket> {
  const socket = await connectReader(server.url);
  sockets.push(socket);
  await request(socket, 'thread:join', { pageId });
  return socket;
}

async function seedThread(pageId: string) {
  const author = makeReader(server.url);
  const { thread } = await openThread(server.url, pageId);
  const post = async (body: string, parentId?: number) =>
    (
      await author.post(thread.id, {
        body,
        authorName: 'Author',
        authorEmail: `author-${pageId}@example.com`,
        ...(parentId ? { parentId } : {}),
      })
    ).json.comment;
  return { author, thread, post };
}

describe('moderator actions on comments', () => {
  it('removing a comment takes it off every reader page at once and a restore brings it back', async () => {
    const { thread, post } = await seedThread('mod-remove');
    const lonely = await post('rude words');
    const parent = await post('parent');
    const reply = await post('reply', parent.id);
    const reader = await watch('mod-remove');

    const removed = nextEvent(reader, 'comment:updated', (c) => c.id === lonely.id && c.status === 'removed');
    const res = await mod.call('POST', `/comments/${lonely.id}/remove`, { reason: 'abuse' });
    expect(res.json).toMatchObject({ status: 'removed', moderationReason: 'abuse', moderatedBy: 'Mo Mod' });
    expect(await removed).toMatchObject({ status: 'removed', bodyHtml: '', authorName: '', replyCount: 0 });

    const placeholder = nextEvent(reader, 'comment:updated', (c) => c.id === parent.id && c.status === 'removed');
    await mod.call('POST', `/comments/${parent.id}/remove`, {});
    expect(await placeholder).toMatchObject({ status: 'removed', replyCount: 1 });
    const view = await makeReader(server.url).call('GET', `/api/threads/${thread.id}`);
    expect(view.json.comments.map((c: { id: number }) => c.id)).toEqual([parent.id]);
    expect(view.json.comments[0]).toMatchObject({ status: 'removed', bodyHtml: '' });
    expect(view.json.comments[0].replies.map((c: { id: number }) => c.id)).toEqual([reply.id]);
    expect(view.json.thread.commentCount).toBe(1);

    const back = nextEvent(reader, 'comment:updated', (c) => c.id === lonely.id && c.status === 'published');
    await mod.call('POST', `/comments/${lonely.id}/restore`);
    expect(await back).toMatchObject({ bodyHtml: '<p>rude words</p>' });
  });

  it('refuses removing twice, restoring a never-removed comment, and actions on missing comments, changing nothing', async () => {
    const { post } = await seedThread('mod-wrong-state');
    const c = await post('fine');
    expect((await mod.call('POST', `/comments/${c.id}/restore`)).json.error.code).toBe('ALREADY_IN_STATE');
    expect((await mod.call('POST', `/comments/${c.id}/approve`)).json.error.code).toBe('ALREADY_IN_STATE');
    await mod.call('POST', `/comments/${c.id}/remove`, {});
    const twice = await mod.call('POST', `/comments/${c.id}/remove`, {});
    expect(twice.status).toBe(409);
    expect(twice.json.error.code).toBe('ALREADY_IN_STATE');
    expect((await mod.call('POST', '/comments/999999/remove', {})).json.error.code).toBe('COMMENT_NOT_FOUND');
    expect((await mod.call('POST', '/comments/abc/remove', {})).status).toBe(404);
    expect((await mod.call('GET', `/comments/${c.id}`)).json.status).toBe('removed');
  });

  it('a pin and an unpin reach every open page of the thread at once, and no other thread', async () => {
    const { post } = await seedThread('mod-pin-live');
    const target = await post('worth pinning');
    const [first, second] = [await watch('mod-pin-live'), await watch('mod-pin-live')];
    const elsewhere = await watch('mod-pin-elsewhere');
    let strayed = false;
    elsewhere.on('comment:updated', (c) => (strayed ||= c.id === target.id));

    const pinned = [first, second].map((s) => nextEvent(s, 'comment:updated', (c) => c.id === target.id));
    expect((await mod.call('POST', `/comments/${target.id}/pin`, { isPinned: true })).json.isPinned).toBe(true);
    for (const seen of await Promise.all(pinned)) {
      expect(seen).toMatchObject({ id: target.id, isPinned: true, parentId: null, bodyHtml: '<p>worth pinning</p>' });
      expect(seen.seq).toBeGreaterThan(target.seq);
    }

    const unpinned = [first, second].map((s) =>
      nextEvent(s, 'comment:updated', (c) => c.id === target.id && !c.isPinned),
    );
    await mod.call('POST', `/comments/${target.id}/pin`, { isPinned: false });
    await Promise.all(unpinned);
    // A late join sees the same: the shared first view was not kept from before the change.
    const late = await request(await watch('mod-pin-live'), 'thread:join', { pageId: 'mod-pin-live' });
    expect(late.ok ? late.data.pinned : null).toEqual([]);
    expect(strayed).toBe(false);
  });

  it('marks spam, edits, pins and unpins, each recorded in the audit log', async () => {
    const { thread, post } = await seedThread('mod-misc');
    const first = await post('first');
    const second = await post('second <b>text</b>');
    const reply = await post('reply', first.id);
    expect((await mod.call('POST', `/comments/${first.id}/spam`, { reason: 'ads' })).json.status).toBe('spam');
    expect((await mod.call('PATCH', `/comments/${second.id}`, { body: 'cleaned up' })).json.bodyHtml).toBe(
      '<p>cleaned up</p>',
    );
    expect((await mod.call('POST', `/comments/${second.id}/pin`, { isPinned: true })).json.isPinned).toBe(true);
    expect((await mod.call('POST', `/comments/${reply.id}/pin`, { isPinned: true })).json.error.code).toBe(
      'VALIDATION_FAILED',
    );
    const view = (await makeReader(server.url).call('GET', `/api/threads/${thread.id}?sort=newest`)).json;
    expect(view.pinned.map((c: { id: number }) => c.id)).toEqual([second.id]);
    expect((await mod.call('POST', `/comments/${second.id}/pin`, { isPinned: false })).json.isPinned).toBe(false);

    const audit = (await admin.call('GET', '/audit?moderatorId=2')).json.items.map((e: { action: string }) => e.action);
    expect(audit.slice(0, 4)).toEqual(['comment.unpin', 'comment.pin', 'comment.edit', 'comment.spam']);
    const spamEntry = (await admin.call('GET', '/audit?action=comment.spam')).json.items[0];
    expect(spamEntry).toMatchObject({
      moderator: { displayName: 'Mo Mod' },
      reason: 'ads',
      canRestore: true,
      targetId: String(first.id),
    });
    const undo = (await admin.call('POST', `/audit/${spamEntry.id}/restore`)).json;
    expect(undo).toMatchObject({
      action: 'comment.restore',
      targetId: String(first.id),
      moderator: { displayName: 'Ada Admin' },
    });
    expect((await mod.call('GET', `/comments/${first.id}`)).json.status).toBe('published');
    const after = (await admin.call('GET', '/audit?action=comment.spam')).json.items[0];
    expect(after).toMatchObject({ id: spamEntry.id, canRestore: false, undoneBy: undo.id });
    expect((await admin.call('POST', `/audit/${spamEntry.id}/restore`)).json.error.code).toBe('NOT_RESTORABLE');
  });

  it('applies bulk actions item by item and reports failures', async () => {
    const { post } = await seedThread('mod-bulk');
    const a = await post('a');
    const b = await post('b');
    await mod.call('POST', `/comments/${b.id}/remove`, {});
    const res = await mod.call('POST', '/comments/bulk', { action: 'remove', ids: [a.id, b.id, 888888] });
    expect(res.json.results).toEqual([
      { id: a.id, ok: true },
      { id: b.id, ok: false, error: { code: 'ALREADY_IN_STATE', message: expect.any(String) } },
      { id: 888888, ok: false, error: { code: 'COMMENT_NOT_FOUND', message: expect.any(String) } },
    ]);
    expect((await mod.call('POST', '/comments/bulk', { action: 'explode', ids: [a.id] })).json.error.code).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('lists queues newest first with author facts, filters and counts', async () => {
    const { thread, post } = await seedThread('mod-queues');
    const c1 = await post('needle in a haystack');
    await post('something else');
    const list = (await mod.call('GET', `/comments?queue=all&threadId=${thread.id}`)).json;
    expect(list.items[0]).toMatchObject({
      authorEmail: 'author-mod-queues@example.com',
      thread: { pageId: 'mod-queues' },
    });
    expect(list.items[0].authorCommentCount).toBeGreaterThanOrEqual(2);
    expect(list.items[0].ipHash).toEqual(expect.any(String));
    const found = (await mod.call('GET', '/comments?queue=all&q=needle')).json.items;
    expect(found.map((c: { id: number }) => c.id)).toEqual([c1.id]);
    const counts = (await mod.call('GET', '/queues/counts')).json;
    expect(Object.keys(counts).sort()).toEqual(['all', 'pending', 'removed', 'reported', 'spam']);
    expect((await mod.call('GET', '/comments?queue=bogus')).status).toBe(400);
  });
});

describe('bans', () => {
  it('a banned author is refused with a readable message and nothing reaches other readers; lifting the ban lets them back', async () => {
    const { author, thread, post } = await seedThread('mod-ban');
    const c = await post('troll');
    const reader = await watch('mod-ban');
    const res = await mod.call('POST', '/authors/ban', {
      commentId: c.id,
      by: ['identity', 'email', 'ip'],
      days: 7,
      reason: 'trolling',
      removeComments: true,
    });
    expect(res.json.bans.map((b: { kind: string }) => b.kind)).toEqual(['identity', 'email', 'ip']);
    expect(res.json.removedCount).toBe(1);
    const seen: number[] = [];
    reader.on('comment:created', (x) => seen.push(x.id));
    const refused = await author.post(thread.id, { body: 'again', authorName: 'Author' });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({ code: 'AUTHOR_BANNED', details: { until: expect.any(String) } });
    const otherIdentitySameEmail = await makeReader(server.url).post(thread.id, {
      body: 'sneaky',
      authorEmail: 'AUTHOR-mod-ban@example.com',
    });
    expect(otherIdentitySameEmail.json.error.code).toBe('AUTHOR_BANNED');
    // Broadcasts to a thread leave in order: once the closing reaches the reader, a leaked
    // comment would have too. (The troll's own comment may still be announced: the reader
    // joined just after it was posted.)
    const closed = nextEvent(reader, 'thread:updated', (t) => t.isClosed);
    await mod.call('POST', `/threads/${thread.id}/close`);
    await closed;
    await mod.call('POST', `/threads/${thread.id}/reopen`);
    expect(seen.filter((id) => id !== c.id)).toEqual([]);

    const bans = (await mod.call('GET', '/bans')).json.items;
    for (const ban of bans) await mod.call('POST', `/bans/${ban.id}/lift`);
    expect((await author.post(thread.id, { body: 'reformed' })).status).toBe(201);
    expect((await mod.call('POST', `/bans/${bans[0].id}/lift`)).json.error.code).toBe('BAN_NOT_FOUND');
  });

  it('refuses to ban a moderator', async () => {
    const { thread } = await seedThread('mod-ban-mod');
    const c = (await makeReader(server.url).post(thread.id, { body: 'hi', authorEmail: 'MOD@example.com' })).json
      .comment;
    expect(
      (await admin.call('POST', '/authors/ban', { commentId: c.id, by: ['email'], days: null, removeComments: false }))
        .json.error.code,
    ).toBe('CANNOT_BAN_MODERATOR');
  });
});

describe('threads', () => {
  it('closing a thread makes it read-only for readers, live, and reopening lifts it', async () => {
    const { thread, author } = await seedThread('mod-close');
    const reader = await watch('mod-close');
    const closed = nextEvent(reader, 'thread:updated');
    await mod.call('POST', `/threads/${thread.id}/close`);
    expect(await closed).toMatchObject({ threadId: thread.id, isClosed: true });
    expect((await author.post(thread.id, { body: 'too late' })).json.error.code).toBe('THREAD_CLOSED');
    expect((await makeReader(server.url).call('GET', `/api/threads/${thread.id}`)).json.thread.isClosed).toBe(true);
    await mod.call('POST', `/threads/${thread.id}/reopen`);
    expect((await author.post(thread.id, { body: 'open again' })).status).toBe(201);
    const found = (await mod.call('GET', '/threads?q=mod-close')).json.items;
    expect(found[0]).toMatchObject({ pageId: 'mod-close', isClosed: false });
  });
});

describe('access', () => {
  it('treats a malformed session cookie as no session, not as a fault', async () => {
    const res = await fetch(`${server.url}/admin/api/queues/counts`, { headers: { cookie: 'parley_admin=%E0%A4%A' } });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses every admin endpoint without a session, with no information', async () => {
    for (const [method, path] of [
      ['GET', '/queues/counts'],
      ['GET', '/comments'],
      ['POST', '/comments/1/remove'],
      ['GET', '/settings'],
      ['GET', '/audit'],
      ['POST', '/authors/ban'],
    ]) {
      const res = await fetch(`${server.url}/admin/api${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'GET' ? undefined : '{}',
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Please log in.' } });
    }
  });

  it('refuses a state change without the CSRF token, with a wrong one, or from another origin', async () => {
    const { post } = await seedThread('mod-csrf');
    const c = await post('x');
    const attempt = (headers: Record<string, string>) =>
      fetch(`${server.url}/admin/api/comments/${c.id}/remove`, {
        method: 'POST',
        headers: { cookie: mod.cookie, 'content-type': 'application/json', ...headers },
        body: '{}',
      });
    expect((await (await attempt({})).json()).error.code).toBe('CSRF_FAILED');
    expect((await attempt({ 'x-csrf-token': 'nope' })).status).toBe(403);
    expect((await attempt({ 'x-csrf-token': mod.csrfToken, origin: 'https://evil.example' })).status).toBe(403);
    const form = await fetch(`${server.url}/admin/api/comments/${c.id}/remove`, {
      method: 'POST',
      headers: {
        cookie: mod.cookie,
        'x-csrf-token': mod.csrfToken,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'reason=x',
    });
    expect(form.status).toBe(403);
    expect((await mod.call('GET', `/comments/${c.id}`)).json.status).toBe('published');
  });

  it('keeps settings and accounts for admins only', async () => {
    expect(
      (
        await mod.call('PUT', '/settings', {
          premoderation: 'all',
          bannedWords: [],
          watchedWords: [],
          maxLinks: null,
          autoCloseDays: null,
          reportThreshold: 3,
          areReactionsEnabled: true,
        })
      ).status,
    ).toBe(403);
    expect((await mod.call('GET', '/moderators')).json.error.code).toBe('FORBIDDEN');
    const created = await admin.call('POST', '/moderators', {
      email: 'new@example.com',
      displayName: 'New',
      role: 'moderator',
      password: 'a long enough password',
    });
    expect(created.status).toBe(201);
    expect(
      (
        await admin.call('POST', '/moderators', {
          email: 'new@example.com',
          displayName: 'New',
          role: 'moderator',
          password: 'a long enough password',
        })
      ).json.error.code,
    ).toBe('MODERATOR_EXISTS');
    expect(
      (
        await admin.call('POST', '/moderators', {
          email: 'short@example.com',
          displayName: 'S',
          role: 'moderator',
          password: 'short',
        })
      ).json.error.code,
    ).toBe('VALIDATION_FAILED');
  });

  it('a reader socket cannot use moderator events or join the moderators namespace', async () => {
    const socket = ioClient(`${server.url}/admin`, { transports: ['websocket'], reconnection: false, forceNew: true });
    const refusal = await new Promise<any>((resolve) => socket.once('connect_error', resolve));
    socket.close();
    expect(refusal.data).toEqual({ code: 'UNAUTHENTICATED', message: 'Please log in.' });
    const forged = ioClient(`${server.url}/admin`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { cookie: mod.cookie, origin: 'https://evil.example' },
    });
    const refused = await new Promise<any>((resolve) => forged.once('connect_error', resolve));
    forged.close();
    expect(refused.data.code).toBe('UNAUTHENTICATED');
    const reader = await connectReader(server.url);
    sockets.push(reader);
    (reader as unknown as { emit: (event: string, payload: unknown) => void }).emit('comment:remove', { commentId: 1 });
    expect((await request(reader, 'thread:join', { pageId: 'still-fine' })).ok).toBe(true);
  });

  it("logging out closes that session's live channel at once", async () => {
    const a = await createModeratorAccount(server.dbPath, { email: 'leaving@example.com' });
    const leaving = await loginAsModerator(server.url, a.email, a.password);
    const socket = ioClient(`${server.url}/admin`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { cookie: leaving.cookie },
    });
    await new Promise((resolve, reject) => {
      socket.once('queue:counts', resolve);
      socket.once('connect_error', reject);
    });
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await leaving.call('POST', '/logout');
    expect(await closed).toBe('io server disconnect');
  });

  it('a moderator socket receives counts and changes live', async () => {
    const socket = ioClient(`${server.url}/admin`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { cookie: mod.cookie },
    });
    const counts = await new Promise<any>((resolve, reject) => {
      socket.once('queue:counts', resolve);
      socket.once('connect_error', reject);
    });
    expect(counts).toHaveProperty('pending');
    const { post } = await seedThread('mod-live');
    const changed = new Promise<any>((resolve) =>
      socket.on('comment:changed', (c: any) => c.bodySource === 'live one' && resolve(c)),
    );
    await post('live one');
    expect(await changed).toMatchObject({ status: 'published', authorEmail: 'author-mod-live@example.com' });
    const audited = new Promise<any>((resolve) => socket.once('audit:added', resolve));
    const c = (await mod.call('GET', '/comments?queue=all&q=live%20one')).json.items[0];
    await admin.call('POST', `/comments/${c.id}/remove`, {});
    expect(await audited).toMatchObject({ action: 'comment.remove', moderator: { displayName: 'Ada Admin' } });
    socket.close();
  });
});
