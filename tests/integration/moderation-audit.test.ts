// The audit log as moderators use it: undo offered only while what an entry did still stands, and targets named in words.
import { io as ioClient, type Socket } from 'socket.io-client';
import { makeReader } from '../helpers/api';
import { createModeratorAccount, loginAsModerator, TEST_PASSWORD_COST, type ModeratorSession } from '../helpers/admin';
import { openThread, startTestServer, type TestServer } from '../helpers/server';

const DAY_MS = 86_400_000;
let now = Date.parse('2026-12-02T09:00:00Z');
const clock = { now: () => now };

let server: TestServer;
let mod: ModeratorSession;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer({}, { passwordCostLog2: TEST_PASSWORD_COST, clock });
  await createModeratorAccount(server.dbPath, { email: 'mod@example.com', role: 'admin', displayName: 'Mo Mod' });
  mod = await loginAsModerator(server.url, 'mod@example.com', 'correct horse battery staple');
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await server.close();
});

async function seed(pageId: string, extra: { title?: string } = {}) {
  const author = makeReader(server.url);
  const { thread } = await openThread(server.url, pageId, extra);
  const post = async (body: string) =>
    (await author.post(thread.id, { body, authorName: 'Author', authorEmail: `author-${pageId}@example.com` })).json
      .comment as { id: number };
  return { author, thread, post };
}

/** The newest entry of one action on one target. */
async function entryOf(action: string, targetId: number | string) {
  const items = (await mod.call('GET', `/audit?action=${action}&limit=100`)).json.items as any[];
  return items.find((e) => e.targetId === String(targetId));
}

async function countOf(action: string, targetId: number | string): Promise<number> {
  const items = (await mod.call('GET', `/audit?action=${action}&limit=100`)).json.items as any[];
  return items.filter((e) => e.targetId === String(targetId)).length;
}

describe('undoing from the audit log', () => {
  it('offers no undo of a ban already lifted from the Bans list, and refuses one with NOT_RESTORABLE, logging nothing', async () => {
    const { post } = await seed('audit-lifted-ban');
    const c = await post('ban me');
    const [ban] = (
      await mod.call('POST', '/authors/ban', { commentId: c.id, by: ['email'], days: null, removeComments: false })
    ).json.bans;
    expect(await entryOf('author.ban', ban.id)).toMatchObject({ canRestore: true });

    expect((await mod.call('POST', `/bans/${ban.id}/lift`)).status).toBe(200);
    const entry = await entryOf('author.ban', ban.id);
    expect(entry).toMatchObject({ canRestore: false, undoneBy: null });
    const refused = await mod.call('POST', `/audit/${entry.id}/restore`);
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({
      code: 'NOT_RESTORABLE',
      details: { entryId: entry.id, reason: 'superseded' },
    });
    expect(await countOf('ban.lift', ban.id)).toBe(1);
  });

  it('offers no undo of a closing once the thread was reopened, and never logs a second reopening', async () => {
    const { thread } = await seed('audit-reopened');
    await mod.call('POST', `/threads/${thread.id}/close`);
    expect(await entryOf('thread.close', thread.id)).toMatchObject({ canRestore: true });
    await mod.call('POST', `/threads/${thread.id}/reopen`);

    const closing = await entryOf('thread.close', thread.id);
    expect(closing.canRestore).toBe(false);
    expect((await mod.call('POST', `/audit/${closing.id}/restore`)).json.error).toMatchObject({
      code: 'NOT_RESTORABLE',
      details: { reason: 'superseded' },
    });
    expect(await countOf('thread.reopen', thread.id)).toBe(1);

    // Closed again: the new closing can be undone, the first one still cannot.
    await mod.call('POST', `/threads/${thread.id}/close`);
    const entries = ((await mod.call('GET', '/audit?action=thread.close')).json.items as any[]).filter(
      (e) => e.targetId === String(thread.id),
    );
    expect(entries.map((e) => e.canRestore)).toEqual([true, false]);
  });

  it('offers no undo of a removal the queue already restored, and of two removals of one comment only the later one', async () => {
    const { post } = await seed('audit-restored');
    const c = await post('remove me twice');
    await mod.call('POST', `/comments/${c.id}/remove`, {});
    const first = await entryOf('comment.remove', c.id);
    expect(first.canRestore).toBe(true);
    await mod.call('POST', `/comments/${c.id}/restore`);
    expect((await mod.call('GET', `/audit/${first.id}`)).json).toMatchObject({ id: first.id, canRestore: false });
    expect((await mod.call('POST', `/audit/${first.id}/restore`)).json.error.code).toBe('NOT_RESTORABLE');

    await mod.call('POST', `/comments/${c.id}/remove`, {});
    const second = await entryOf('comment.remove', c.id);
    expect(second.id).not.toBe(first.id);
    expect(second.canRestore).toBe(true);
    expect((await mod.call('GET', `/audit/${first.id}`)).json.canRestore).toBe(false);
    // Undoing the first would have restored what the second did.
    expect((await mod.call('POST', `/audit/${first.id}/restore`)).json.error).toMatchObject({
      code: 'NOT_RESTORABLE',
      details: { reason: 'superseded' },
    });
    expect((await mod.call('GET', `/comments/${c.id}`)).json.status).toBe('removed');

    const undo = await mod.call('POST', `/audit/${second.id}/restore`);
    expect(undo.json).toMatchObject({ action: 'comment.restore', targetId: String(c.id), canRestore: false });
    expect((await mod.call('GET', `/audit/${second.id}`)).json).toMatchObject({
      canRestore: false,
      undoneBy: undo.json.id,
    });
    expect((await mod.call('POST', `/audit/${second.id}/restore`)).json.error).toMatchObject({
      code: 'NOT_RESTORABLE',
      details: { reason: 'undone' },
    });
  });

  it('offers no undo of a ban that ran out', async () => {
    const { post } = await seed('audit-expired-ban');
    const c = await post('ban me for a day');
    const [ban] = (
      await mod.call('POST', '/authors/ban', { commentId: c.id, by: ['email'], days: 1, removeComments: false })
    ).json.bans;
    const entry = await entryOf('author.ban', ban.id);
    expect(entry.canRestore).toBe(true);
    now += DAY_MS + 1;
    mod = await loginAsModerator(server.url, 'mod@example.com', 'correct horse battery staple');
    expect((await mod.call('GET', `/audit/${entry.id}`)).json.canRestore).toBe(false);
    expect((await mod.call('POST', `/audit/${entry.id}/restore`)).json.error.code).toBe('NOT_RESTORABLE');
  });

  it('answers an unknown or malformed entry id with AUDIT_ENTRY_NOT_FOUND', async () => {
    expect((await mod.call('GET', '/audit/999999')).json.error.code).toBe('AUDIT_ENTRY_NOT_FOUND');
    expect((await mod.call('GET', '/audit/abc')).status).toBe(404);
  });
});

describe('naming targets', () => {
  it('names each target in a few words of plain text: a comment’s first words, a ban’s kind and value, a thread by its page id when its title is only claimed', async () => {
    const { thread, post } = await seed('audit-names', { title: 'Claimed title, from no page of the site' });
    const long = `Opening\u202e words <b>in bold</b> ${'and then a great many more words '.repeat(6)}`;
    const c = await post(long);
    await mod.call('POST', `/comments/${c.id}/remove`, {});
    const removal = await entryOf('comment.remove', c.id);
    // The source as typed (the dashboard shows it as text), invisible characters gone, cut at a word.
    expect(removal.targetExcerpt).toBe('Opening words <b>in bold</b> and then a great many more…');

    const [ban] = (
      await mod.call('POST', '/authors/ban', {
        commentId: c.id,
        by: ['email', 'identity'],
        days: null,
        removeComments: false,
      })
    ).json.bans;
    expect(await entryOf('author.ban', ban.id)).toMatchObject({
      targetType: 'ban',
      banKind: 'email',
      targetExcerpt: 'author-audit-names@example.com',
    });
    const identityBan = (await mod.call('GET', '/bans')).json.items.find((b: any) => b.kind === 'identity');
    expect(await entryOf('author.ban', identityBan.id)).toMatchObject({
      banKind: 'identity',
      targetExcerpt: identityBan.value,
    });
    expect(identityBan.value).toMatch(/^[0-9a-f]{16}$/);

    await mod.call('POST', `/threads/${thread.id}/close`);
    expect(await entryOf('thread.close', thread.id)).toMatchObject({ targetExcerpt: 'audit-names', banKind: null });

    const created = (
      await mod.call('POST', '/moderators', {
        email: 'named@example.com',
        displayName: 'Nadia\u200b Named',
        role: 'moderator',
        password: 'a long enough password',
      })
    ).json;
    expect(await entryOf('moderator.create', created.id)).toMatchObject({ targetExcerpt: 'Nadia Named' });
    expect(
      (await mod.call('GET', '/audit?action=settings.update')).json.items.every((e: any) => e.targetExcerpt === null),
    ).toBe(true);
  });

  it('names a comment its author deleted by nothing, and sends the live entry as the list shows it', async () => {
    const { author, post } = await seed('audit-live');
    const c = await post('Short lived words');
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
    const live = new Promise<any>((resolve) =>
      socket.on('audit:added', (e: any) => e.action === 'comment.spam' && resolve(e)),
    );
    await mod.call('POST', `/comments/${c.id}/spam`, {});
    expect(await live).toMatchObject({ targetExcerpt: 'Short lived words', canRestore: true, banKind: null });

    const other = await post('Deleted by its author');
    await mod.call('POST', `/comments/${other.id}/pin`, { isPinned: true });
    expect((await author.remove(other.id)).status).toBe(200);
    expect((await entryOf('comment.pin', other.id)).targetExcerpt).toBeNull();
  });
});
