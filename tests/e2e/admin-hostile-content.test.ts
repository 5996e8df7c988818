// Whatever readers type reaches moderators as text: names, titles, reports and bodies never run in the dashboard.
import { createModeratorAccount, loginAsModerator, TEST_PASSWORD_COST } from '../helpers/admin';
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import { openThread, postComment, type TestServer } from '../helpers/server';
import { logInThroughForm, openDashboard, openQueue, openTab } from './admin-page';

let server: TestServer;
let browser: TestBrowser;
let account: { email: string; password: string };

const SITE = 'https://coastal-ledger.example';

withServerAndBrowser((started) => ({ server, browser } = started), {
  config: { allowedOrigins: [SITE] },
  start: { passwordCostLog2: TEST_PASSWORD_COST },
});
beforeAll(async () => {
  account = await createModeratorAccount(server.dbPath, { email: 'safety@coastal-ledger.example' });
});

describe('hostile content in the dashboard', () => {
  it('names, page titles, report details and bodies written as markup show as text and run nothing; a claimed page address is no link', async () => {
    const name = '<img src=x onerror="window.__pwned=1">Mallory';
    const title = '<script>window.__pwned=2</script>Quay works';
    const details = '<b onmouseover="window.__pwned=3">see this</b>';
    // Opened first from outside the site, with an address of the opener's choosing.
    const claimedUrl = 'https://evil.example/moderator-login';
    const { thread } = await openThread(server.url, 'hostile-page', { title, url: claimedUrl });
    const posted = await postComment(server.url, thread.id, {
      authorName: name,
      body: 'Fine words <a href="javascript:window.__pwned=4">click</a> <img src=x onerror="window.__pwned=5"> <script>window.__pwned=6</script>',
    });
    const id = posted.json.comment.id as number;
    await fetch(`${server.url}/api/comments/${id}/report`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-parley-token': 'hostile-reporter-'.padEnd(43, 'h') },
      body: JSON.stringify({ reason: 'other', details }),
    });

    const page = await openDashboard(browser, server.url);
    await logInThroughForm(page, account.email, account.password);
    await openQueue(page, 'reported');
    const item = page.locator(`#mod-comment-${id}`);
    await item.waitFor();

    expect(await item.locator('h3.author').textContent()).toBe(`#${id} ${name}`);
    expect(await item.locator('.report-details').textContent()).toBe(details);
    expect(await item.locator('.where a').count()).toBe(0);
    // Named by its id; what the opener claimed shows as text, marked as not verified.
    expect(await item.locator('.where .page-name').textContent()).toBe('hostile-page');
    expect(await item.locator('.where .chip.unverified').textContent()).toBe('Address not verified');
    expect(await item.locator('.where .claimed').allTextContents()).toEqual([
      `Title given: “${title}”`,
      `Address given: ${claimedUrl}`,
    ]);
    expect(await item.locator('.body').textContent()).toContain('Fine words');
    expect(await item.locator('img, script, b, [onerror], [onmouseover], a[href^="javascript"]').count()).toBe(0);
    await item.locator('.report-details').hover();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    // The Threads tab names it the same way; once a page of the site sends its own address, that is the link.
    await openTab(page, 'threads');
    const row = page.locator('#panel-threads tbody tr', { hasText: 'hostile-page' });
    await row.locator('.chip.unverified').waitFor();
    expect(await row.locator('a').count()).toBe(0);
    const real = { pageId: 'hostile-page', url: `${SITE}/quay-works`, title: 'Quay works' };
    const res = await fetch(`${server.url}/api/threads/open`, {
      method: 'POST',
      headers: { origin: SITE },
      body: JSON.stringify(real),
    });
    expect(res.status).toBe(200);
    await page.locator('#threads-search').fill('hostile');
    const link = row.locator('th a', { hasText: 'Quay works' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(real.url);
    expect(await row.locator('.chip.unverified').count()).toBe(0);

    // The audit log names the removed comment by its first words, as text.
    const session = await loginAsModerator(server.url, account.email, account.password);
    expect((await session.call('POST', `/comments/${id}/remove`, {})).status).toBe(200);
    await openTab(page, 'audit');
    const excerpt = page.locator('#panel-audit tbody tr[data-action="comment.remove"] .target-excerpt');
    await excerpt.waitFor();
    expect(await excerpt.textContent()).toMatch(/^“Fine words <a href="javascript:window\.__pwned=4">click<\/a>.*”$/);
    expect(await excerpt.locator('*').count()).toBe(0);
    await excerpt.hover();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.close();
  });
});
