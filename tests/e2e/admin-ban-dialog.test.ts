// The ban dialog never bans a network by default, and says whom else on that network a ban by network would lock out.
import { createModeratorAccount, TEST_PASSWORD_COST } from '../helpers/admin';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { openThread, postComment, startTestServer, type TestServer } from '../helpers/server';
import { newGuestToken } from '../helpers/sockets';
import { logInThroughForm, modItem, openDashboard, openQueue, statusRegion } from './admin-page';

jest.setTimeout(90_000);

let server: TestServer;
let browser: TestBrowser;
let account: { email: string; password: string };

beforeAll(async () => {
  // The loopback proxy is believed, so test readers can share a network or not.
  server = await startTestServer({ trustProxy: { proxies: ['127.0.0.1'] } }, { passwordCostLog2: TEST_PASSWORD_COST });
  account = await createModeratorAccount(server.dbPath, { email: 'bans@coastal-ledger.example' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A reader with an identity of their own, on `address`. */
function readerAt(address: string, name: string) {
  const headers = { 'x-parley-token': newGuestToken(), 'x-forwarded-for': address };
  return (threadId: number, body: string) =>
    postComment(
      server.url,
      threadId,
      { authorName: name, authorEmail: `${name.toLowerCase()}@example.com`, body },
      headers,
    );
}

describe('the ban dialog', () => {
  it('leaves the network unticked, counts the other readers on it, and a ban keeps a colleague on that network writing', async () => {
    const { thread } = await openThread(server.url, 'harbour-office', { title: 'Harbour office' });
    const troll = readerAt('198.51.100.20', 'Troll');
    const colleague = readerAt('198.51.100.20', 'Colleague');
    expect((await troll(thread.id, 'Buy cheap lamps at my shop')).status).toBe(201);
    expect((await colleague(thread.id, 'The new lamps are lovely.')).status).toBe(201);

    const page = await openDashboard(browser, server.url);
    await logInThroughForm(page, account.email, account.password);
    await openQueue(page, 'all');
    await modItem(page, 'Buy cheap lamps').locator('button[data-action="ban"]').click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();

    expect(await dialog.locator('#ban-by-identity').isChecked()).toBe(true);
    expect(await dialog.locator('#ban-by-email').isChecked()).toBe(true);
    const network = dialog.locator('#ban-by-ip');
    expect([await network.isEnabled(), await network.isChecked()]).toEqual([true, false]);
    const hint = dialog.locator('#ban-by-ip-hint', { hasText: '1 other reader wrote from this network' });
    await hint.waitFor();
    expect(await network.getAttribute('aria-describedby')).toBe('ban-by-ip-hint');

    await dialog.locator('button[type="submit"]').click();
    await statusRegion(page).filter({ hasText: 'Author banned (2 bans)' }).waitFor();

    const refused = await troll(thread.id, 'Still selling lamps');
    expect([refused.status, refused.json.error.code]).toEqual([403, 'AUTHOR_BANNED']);
    expect((await colleague(thread.id, 'Glad the shop adverts are gone.')).status).toBe(201);
  });
});
