// The per-comment actions that change a comment in place: edit, pin, dismiss reports, spam and back.
import { createModeratorAccount, loginAsModerator, TEST_PASSWORD_COST, type ModeratorSession } from '../helpers/admin';
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import { openThread, postComment, type TestServer } from '../helpers/server';
import { logInThroughForm, modItem, openDashboard, openQueue, statusRegion } from './admin-page';

let server: TestServer;
let browser: TestBrowser;
let admin: ModeratorSession;
let account: { email: string; password: string };

withServerAndBrowser((started) => ({ server, browser } = started), { start: { passwordCostLog2: TEST_PASSWORD_COST } });
beforeAll(async () => {
  account = await createModeratorAccount(server.dbPath, { email: 'actions@coastal-ledger.example' });
  admin = await loginAsModerator(server.url, account.email, account.password);
});

describe('acting on one comment', () => {
  it('a moderator edits, pins, dismisses reports on, and marks as spam and back a comment, each shown in place', async () => {
    const { thread } = await openThread(server.url, 'quay-lamps', { title: 'Quay lamps' });
    const top = await postComment(server.url, thread.id, { authorName: 'Bea', body: 'The lamps look grate at dusk.' });
    const id = top.json.comment.id as number;
    const reply = await postComment(server.url, thread.id, {
      authorName: 'Cal',
      body: 'They do, from the ferry too.',
      parentId: id,
    });
    await fetch(`${server.url}/api/comments/${id}/report`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-parley-token': 'fussy-reader-'.padEnd(43, 'f') },
      body: JSON.stringify({ reason: 'off-topic' }),
    });

    const page = await openDashboard(browser, server.url);
    await logInThroughForm(page, account.email, account.password);
    await openQueue(page, 'reported');
    const item = page.locator(`#mod-comment-${id}`);
    await item.locator('.reports', { hasText: 'Off topic' }).waitFor();

    await item.locator('button[data-action="edit"]').click();
    const editor = item.locator('form.editor textarea');
    expect(await editor.inputValue()).toBe('The lamps look grate at dusk.');
    await editor.fill('The lamps look great at dusk.');
    await item.locator('form.editor button[type="submit"]').click();
    await statusRegion(page).filter({ hasText: 'Comment edited' }).waitFor();
    await item.locator('.body', { hasText: 'The lamps look great at dusk.' }).waitFor();
    await item.locator('.edited').waitFor();

    await item.locator('button[data-action="pin"]').click();
    await item.locator('.chip.pinned').waitFor();
    await item.locator('button[data-action="unpin"]').waitFor();

    // Dismissed reports take the comment out of the Reported queue.
    await item.locator('button[data-action="dismiss-reports"]').click();
    await statusRegion(page).filter({ hasText: 'Reports dismissed' }).waitFor();
    await item.waitFor({ state: 'detached' });
    await page.locator('.queue-button[data-queue="reported"] .count').filter({ hasText: /^0$/ }).waitFor();

    await openQueue(page, 'all');
    const replyItem = page.locator(`#mod-comment-${reply.json.comment.id}`);
    // A reply shows what it answers, and cannot be pinned.
    await replyItem.locator('.parent', { hasText: 'The lamps look great at dusk.' }).waitFor();
    expect(await replyItem.locator('button[data-action="pin"]').count()).toBe(0);

    await replyItem.locator('button[data-action="spam"]').click();
    await statusRegion(page).filter({ hasText: 'Comment marked as spam' }).waitFor();
    await replyItem.locator('.chip.status-spam').waitFor();
    await replyItem.locator('button[data-action="restore"]', { hasText: 'Not spam' }).click();
    await replyItem.locator('.chip.status-published').waitFor();
    expect((await admin.call('GET', `/comments/${reply.json.comment.id}`)).json.status).toBe('published');
    expect(await modItem(page, 'The lamps look great').locator('.chip.pinned').count()).toBe(1);
    await page.close();
  });
});
