// Before banning by network, moderators see whom else that network holds: other readers who wrote from it lately.
import { createModeratorAccount, loginAsModerator, TEST_PASSWORD_COST, type ModeratorSession } from '../helpers/admin';
import { openThread, startTestServer, type TestServer } from '../helpers/server';
import { newGuestToken } from '../helpers/sockets';

const DAY_MS = 86_400_000;
let nowMs = Date.UTC(2026, 10, 1);
let server: TestServer;
let mod: ModeratorSession;
let logIn: () => Promise<ModeratorSession>;

beforeAll(async () => {
  // The server believes the loopback proxy, so each test reader can come from a network of its own.
  server = await startTestServer(
    { trustProxy: { proxies: ['127.0.0.1'] } },
    { passwordCostLog2: TEST_PASSWORD_COST, clock: { now: () => nowMs } },
  );
  const m = await createModeratorAccount(server.dbPath, { email: 'mod@example.com', role: 'moderator' });
  logIn = () => loginAsModerator(server.url, m.email, m.password);
  mod = await logIn();
});
afterAll(() => server.close());

/** A reader with their own identity, posting from `address`. */
function readerAt(address: string, token = newGuestToken()) {
  return async (threadId: number, body: Record<string, unknown> = {}) => {
    const res = await fetch(`${server.url}/api/threads/${threadId}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-parley-token': token, 'x-forwarded-for': address },
      body: JSON.stringify({ authorName: 'Reader', body: 'Hello', ...body }),
    });
    const json = await res.json();
    if (res.status !== 201) throw new Error(`posting answered ${res.status}: ${JSON.stringify(json)}`);
    return json.comment as { id: number };
  };
}

const neighboursOf = async (commentId: number) => (await mod.call('GET', `/comments/${commentId}/network`)).json;

describe("a comment's network", () => {
  it('counts the other readers who wrote from it lately, each once, and neither the author nor other networks', async () => {
    const { thread } = await openThread(server.url, 'shared-office');
    const author = readerAt('198.51.100.7');
    const target = await author(thread.id);
    await author(thread.id, { body: 'The same author again' });
    expect(await neighboursOf(target.id)).toEqual({ otherReaderCount: 0, windowDays: 30 });

    // Two colleagues behind the same office address; one writes twice.
    const colleague = readerAt('198.51.100.7');
    await colleague(thread.id);
    await colleague(thread.id, { body: 'Twice' });
    await readerAt('198.51.100.7')(thread.id);
    // Someone on another network is no one a ban of this network reaches.
    await readerAt('203.0.113.50')(thread.id);
    expect(await neighboursOf(target.id)).toEqual({ otherReaderCount: 2, windowDays: 30 });
  });

  it('an IPv6 network is its /64: readers on other addresses of it count', async () => {
    const { thread } = await openThread(server.url, 'ipv6-home');
    const target = await readerAt('2001:db8:1:2::10')(thread.id);
    await readerAt('2001:db8:1:2::99')(thread.id);
    await readerAt('2001:db8:1:3::10')(thread.id);
    expect((await neighboursOf(target.id)).otherReaderCount).toBe(1);
  });

  it('forgets readers who wrote from it longer ago than the window', async () => {
    const { thread } = await openThread(server.url, 'old-neighbours');
    await readerAt('192.0.2.33')(thread.id);
    nowMs += 31 * DAY_MS;
    // A month on, the moderator's session has run out too.
    mod = await logIn();
    const target = await readerAt('192.0.2.33')(thread.id);
    expect((await neighboursOf(target.id)).otherReaderCount).toBe(0);
    await readerAt('192.0.2.33')(thread.id);
    expect((await neighboursOf(target.id)).otherReaderCount).toBe(1);
  });

  it('is for moderators only, and an unknown comment is not found', async () => {
    const { thread } = await openThread(server.url, 'private');
    const target = await readerAt('192.0.2.90')(thread.id);
    expect((await fetch(`${server.url}/admin/api/comments/${target.id}/network`)).status).toBe(401);
    const missing = await mod.call('GET', '/comments/999999/network');
    expect([missing.status, missing.json.error.code]).toEqual([404, 'COMMENT_NOT_FOUND']);
  });
});
