// Moderating in the dashboard reaches readers' open pages live: removals, and approvals of held comments.
import { createModeratorAccount, loginAsModerator, TEST_PASSWORD_COST } from '../helpers/admin';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import { openThread, postComment, type TestServer } from '../helpers/server';
import { logInThroughForm, modItem, openDashboard, openQueue, statusRegion } from './admin-page';
import { commentCard, fillAndSubmit, mainForm, openDemo } from './widget-page';

const PAGE_ID = 'harbour-lights-2026';

let server: TestServer;
let browser: TestBrowser;
let moderator: { email: string; password: string };

withServerAndBrowser((started) => ({ server, browser } = started), { start: { passwordCostLog2: TEST_PASSWORD_COST } });
beforeAll(async () => {
  moderator = await createModeratorAccount(server.dbPath, {
    email: 'ada@coastal-ledger.example',
    role: 'admin',
    displayName: 'Ada Lane',
  });
});

describe('moderating from the dashboard', () => {
  it("a moderator removes a comment in the dashboard and it vanishes from a reader's open page", async () => {
    const view = await openThread(server.url, PAGE_ID);
    const text = 'Buy discount lamp posts at lamp-deals dot example, best prices!';
    const posted = await postComment(server.url, view.thread.id, { authorName: 'Deal Finder', body: text });
    expect(posted.status).toBe(201);

    const reader = await openDemo(browser, server.url);
    await commentCard(reader, text).waitFor();

    const dashboard = await openDashboard(browser, server.url);
    await logInThroughForm(dashboard, moderator.email, moderator.password);
    await openQueue(dashboard, 'all');
    const item = modItem(dashboard, text);
    await item.locator('button[data-action="remove"]').click();
    const dialog = dashboard.locator('dialog[open]');
    await dialog.locator('textarea[name="reason"]').fill('Advertising');
    await dialog.locator('button[type="submit"]').click();
    await dialog.waitFor({ state: 'detached' });

    await statusRegion(dashboard).filter({ hasText: 'Comment removed' }).waitFor();
    // Still listed under All, now marked Removed with the moderator's note.
    await item.locator('.chip.status-removed').waitFor();
    await item.locator('.mod-note', { hasText: 'Advertising' }).waitFor();

    // The reader never reloaded: the comment leaves their page live.
    await commentCard(reader, text).waitFor({ state: 'detached' });
    expect(await reader.locator(`#parley #comment-${posted.json.comment.id}`).count()).toBe(0);

    await dashboard.locator('#logout').click();
    await dashboard.locator('.login-notice', { hasText: 'You are logged out.' }).waitFor();
    await Promise.all([reader.close(), dashboard.close()]);
  });

  it('pre-moderation holds a comment, its author sees it pending, and approval shows it to a second reader live', async () => {
    const admin = await loginAsModerator(server.url, moderator.email, moderator.password);
    const current = await admin.call('GET', '/settings');
    const saved = await admin.call('PUT', '/settings', { ...current.json, premoderation: 'all' });
    expect(saved.status).toBe(200);
    expect(saved.json.premoderation).toBe('all');

    // A second browser, so reader B has an identity of its own.
    const otherBrowser = await launchBrowser();
    try {
      const readerA = await openDemo(browser, server.url);
      const text = 'Could the council publish the lamp survey before the next meeting?';
      await fillAndSubmit(mainForm(readerA), { name: 'Rosa Quint', body: text });
      const ownCard = commentCard(readerA, text);
      await ownCard.waitFor();
      // The author sees their held comment, marked as waiting for a moderator.
      await ownCard.locator('.pending', { hasText: 'Awaiting approval' }).waitFor();

      const readerB = await openDemo(otherBrowser, server.url);
      expect(await commentCard(readerB, text).count()).toBe(0);

      const dashboard = await openDashboard(browser, server.url);
      await logInThroughForm(dashboard, moderator.email, moderator.password);
      const item = modItem(dashboard, text);
      await item.locator('.chip.held', { hasText: 'every comment waits for approval' }).waitFor();
      await item.locator('button[data-action="approve"]').click();
      await statusRegion(dashboard).filter({ hasText: 'Comment approved' }).waitFor();
      // Approved comments leave the Pending queue.
      await item.waitFor({ state: 'detached' });

      await commentCard(readerB, text).waitFor();
      await ownCard.locator('.pending').waitFor({ state: 'detached' });
      await Promise.all([readerA.close(), readerB.close(), dashboard.close()]);
    } finally {
      await otherBrowser.close();
      await admin.call('PUT', '/settings', { ...current.json, premoderation: 'off' });
    }
  });
});
