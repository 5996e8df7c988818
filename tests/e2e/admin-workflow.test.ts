// A moderator's day in the dashboard: live queues, bulk actions with failures, bans, threads and undo from the log.
import type { Page } from 'playwright-core';
import { createModeratorAccount, loginAsModerator, TEST_PASSWORD_COST, type ModeratorSession } from '../helpers/admin';
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import { openThread, postComment, type TestServer } from '../helpers/server';
import { logInThroughForm, modItem, openDashboard, openQueue, openTab, statusRegion } from './admin-page';

let server: TestServer;
let browser: TestBrowser;
let admin: ModeratorSession;
let account: { email: string; password: string };
let threadId: number;
let readerCount = 0;

/** Posts as a new reader (each with an identity of its own) and returns the comment's id. */
async function postAsReader(name: string, body: string): Promise<number> {
  const token = `workflow-reader-${++readerCount}-`.padEnd(43, 'w');
  const res = await postComment(server.url, threadId, { authorName: name, body }, { 'x-parley-token': token });
  if (res.status !== 201) throw new Error(`posting answered ${res.status}: ${JSON.stringify(res.json)}`);
  return res.json.comment.id as number;
}

async function setPremoderation(mode: 'off' | 'all'): Promise<void> {
  const current = await admin.call('GET', '/settings');
  const saved = await admin.call('PUT', '/settings', { ...current.json, premoderation: mode });
  if (saved.status !== 200) throw new Error(`settings answered ${saved.status}`);
}

function queueCount(page: Page, queue: string, count: number) {
  return page.locator(`.queue-button[data-queue="${queue}"] .count`).filter({ hasText: new RegExp(`^${count}$`) });
}

withServerAndBrowser((started) => ({ server, browser } = started), { start: { passwordCostLog2: TEST_PASSWORD_COST } });
beforeAll(async () => {
  account = await createModeratorAccount(server.dbPath, {
    email: 'chief@coastal-ledger.example',
    role: 'admin',
    displayName: 'Chief Editor',
  });
  admin = await loginAsModerator(server.url, account.email, account.password);
  threadId = (await openThread(server.url, 'ferry-timetable', { title: 'The new ferry timetable' })).thread.id;
});

describe('the moderation dashboard at work', () => {
  it('new comments arrive in the open queue live, and a bulk approval reports the comments it could not change', async () => {
    const publishedId = await postAsReader('Olu', 'The 7:40 sailing is back, good news for commuters.');
    await setPremoderation('all');
    await postAsReader('Kit', 'Will the winter timetable keep the late boat?');
    await postAsReader('Sam', 'The Sunday sailings clash with the bus.');

    const page = await openDashboard(browser, server.url);
    await logInThroughForm(page, account.email, account.password);
    await queueCount(page, 'pending', 2).waitFor();
    await modItem(page, 'winter timetable').waitFor();

    // Posted while the moderator watches Pending: it appears at the top, and the count follows.
    await postAsReader('Noor', 'Please add a stop at the north pier.');
    await page.locator('ol.items > li.item').first().filter({ hasText: 'north pier' }).waitFor();
    await queueCount(page, 'pending', 3).waitFor();

    await openQueue(page, 'all');
    for (const text of ['winter timetable', 'Sunday sailings', '7:40 sailing'])
      await modItem(page, text).locator('.select-box').check();
    await page.locator('.bulk-summary', { hasText: '3 comments selected' }).waitFor();
    await page.locator('button[data-bulk-action="approve"]').click();

    const failures = page.locator('.bulk-failures');
    await failures.filter({ hasText: '2 done, 1 failed.' }).waitFor();
    await failures.locator('li', { hasText: `Comment #${publishedId}: Nothing to do` }).waitFor();
    await statusRegion(page).filter({ hasText: '2 comments approved' }).waitFor();
    await queueCount(page, 'pending', 1).waitFor();
    await modItem(page, 'winter timetable').locator('.chip.status-published').waitFor();
    // The one that failed stays selected, ready for another try.
    expect(await modItem(page, '7:40 sailing').locator('.select-box').isChecked()).toBe(true);
    await setPremoderation('off');
    await page.close();
  });

  it('a ban from a comment shows under Bans and can be lifted, and a removal is undone from the audit log', async () => {
    const spamId = await postAsReader('Deals4U', 'Cheap ferry tickets at http://tickets.example');
    const page = await openDashboard(browser, server.url);
    await logInThroughForm(page, account.email, account.password);
    await openQueue(page, 'all');

    const item = modItem(page, 'Cheap ferry tickets');
    await item.locator('button[data-action="ban"]').click();
    const dialog = page.locator('dialog[open]');
    await dialog.locator('input[name="by"][value="ip"]').uncheck();
    await dialog.locator('label', { hasText: 'Forever' }).click();
    await dialog.locator('textarea[name="reason"]').fill('Ticket touting');
    await dialog.locator('label', { hasText: 'Also remove all their comments' }).click();
    await dialog.locator('button[type="submit"]').click();
    await statusRegion(page).filter({ hasText: 'Author banned (1 ban), 1 comment removed' }).waitFor();
    await item.locator('.chip.status-removed').waitFor();

    await openTab(page, 'bans');
    const banRow = page.locator('#panel-bans tbody tr', { hasText: 'Ticket touting' });
    await banRow.locator('td', { hasText: 'Never' }).waitFor();
    await banRow.locator('button', { hasText: 'Lift' }).click();
    await statusRegion(page).filter({ hasText: 'Ban lifted' }).waitFor();
    await banRow.waitFor({ state: 'detached' });

    await openTab(page, 'audit');
    await page.locator('#audit-action').selectOption('author.remove-comments');
    const removal = page.locator('#panel-audit tbody tr', { hasText: 'Removed all comments by author' });
    await removal.waitFor();
    // Not every action can be undone from the log; a single removal can.
    expect(await removal.locator('button').count()).toBe(0);

    await openTab(page, 'comments');
    await item.locator('button[data-action="restore"]').click();
    await item.locator('.chip.status-published').waitFor();
    await item.locator('button[data-action="remove"]').click();
    await page.locator('dialog[open] button[type="submit"]').click();
    await item.locator('.chip.status-removed').waitFor();

    await openTab(page, 'audit');
    await page.locator('#audit-action').selectOption('comment.remove');
    const entry = page.locator('#panel-audit tbody tr', { hasText: `Comment #${spamId}` }).first();
    await entry.locator('button', { hasText: 'Restore' }).click();
    await statusRegion(page).filter({ hasText: 'Action undone' }).waitFor();
    expect((await admin.call('GET', `/comments/${spamId}`)).json.status).toBe('published');
    // The undo is itself logged, and shows up live.
    await page.locator('#audit-action').selectOption('');
    await page.locator('#panel-audit tbody tr').first().filter({ hasText: 'Restored comment' }).waitFor();
    await page.close();
  });

  it('a thread closed from the Threads tab refuses new comments until reopened', async () => {
    await postAsReader('Ruth', 'Will the harbour shuttle meet the last ferry?');
    const page = await openDashboard(browser, server.url);
    await logInThroughForm(page, account.email, account.password);
    await openTab(page, 'threads');
    const row = page.locator('#panel-threads tbody tr', { hasText: 'The new ferry timetable' });
    await row.locator('button', { hasText: 'Close' }).click();
    await row.locator('.chip', { hasText: 'Closed' }).waitFor();
    const refused = await postComment(
      server.url,
      threadId,
      { authorName: 'Late', body: 'Too late?' },
      { 'x-parley-token': 'late-reader-'.padEnd(43, 'l') },
    );
    expect(refused.json.error.code).toBe('THREAD_CLOSED');

    await row.locator('button', { hasText: 'Reopen' }).click();
    await row.locator('.chip', { hasText: 'Open' }).waitFor();
    await statusRegion(page).filter({ hasText: 'Thread reopened' }).waitFor();

    // "Comments" jumps to the queue filtered to this page.
    await row.locator('button', { hasText: 'Comments' }).click();
    await page.locator('#panel-comments:not([hidden])').waitFor();
    await page.waitForFunction(() =>
      (document.getElementById('filter-thread') as HTMLInputElement | null)?.value.includes('ferry-timetable'),
    );
    await modItem(page, 'harbour shuttle').waitFor();

    // The age rule closes threads nobody reopened; a moderator's reopening outlasts it.
    const aged = await openThread(server.url, 'ferry-archive-2019', { title: 'The old ferry timetable' });
    const settings = await admin.call('GET', '/settings');
    await admin.call('PUT', '/settings', { ...settings.json, autoCloseDays: 0 });
    try {
      await openTab(page, 'threads');
      const agedRow = page.locator('#panel-threads tbody tr', { hasText: 'The old ferry timetable' });
      await agedRow.locator('.chip', { hasText: 'Closed' }).waitFor();
      await row.locator('.chip', { hasText: 'Open' }).waitFor();
      await agedRow.locator('button', { hasText: 'Reopen' }).click();
      await agedRow.locator('.chip', { hasText: 'Open' }).waitFor();
      const late = await postComment(
        server.url,
        aged.thread.id,
        { authorName: 'Archivist', body: 'Still relevant' },
        { 'x-parley-token': 'archivist-'.padEnd(43, 'a') },
      );
      expect(late.status).toBe(201);
    } finally {
      await admin.call('PUT', '/settings', settings.json);
    }
    await page.close();
  });

  it('a moderator who is not an admin keeps the session across a reload, searches, pages through, and only reads the settings', async () => {
    const helper = await createModeratorAccount(server.dbPath, {
      email: 'helper@coastal-ledger.example',
      displayName: 'Weekend Helper',
    });
    for (let i = 1; i <= 27; i++)
      await postAsReader(i % 2 === 0 ? 'Paging Even' : 'Paging Odd', `Timetable question number ${i}`);

    const page = await openDashboard(browser, server.url);
    await logInThroughForm(page, helper.email, helper.password);
    await page.reload();
    // GET /admin/api/session resumes the session: no login form this time.
    await page.locator('#tab-comments[aria-selected="true"]').waitFor();
    expect(await page.locator('#login-email').count()).toBe(0);
    expect(await page.locator('#tab-moderators').count()).toBe(0);

    await openQueue(page, 'all');
    await page.locator('#filter-text').fill('Timetable question');
    await page.locator('#filter-author').fill('paging even');
    await page.locator('#panel-comments .filters button[type="submit"]').click();
    await page.locator('.list-summary', { hasText: '13 comments shown' }).waitFor();
    expect(await page.locator('#panel-comments button.more').isHidden()).toBe(true);

    await page.locator('#panel-comments .filters button', { hasText: 'Clear' }).click();
    await page.locator('#filter-text').fill('Timetable question');
    await page.locator('#panel-comments .filters button[type="submit"]').click();
    await page.locator('.list-summary', { hasText: '25 comments shown, more to load' }).waitFor();
    await page.locator('#panel-comments button.more').click();
    await page.locator('.list-summary', { hasText: '27 comments shown' }).waitFor();
    expect(await page.locator('ol.items > li.item').count()).toBe(27);

    await openTab(page, 'settings');
    await page.locator('#panel-settings .notice', { hasText: 'Only admins can change these settings.' }).waitFor();
    expect(await page.locator('#settings-premoderation').isDisabled()).toBe(true);
    expect(await page.locator('#panel-settings button[type="submit"]').count()).toBe(0);
    await page.close();
  });

  it('when the session ends on the server, the next action leads back to the login form', async () => {
    await postAsReader('Kai', 'Is the car deck open on Sundays?');
    const page = await openDashboard(browser, server.url);
    await logInThroughForm(page, account.email, account.password);
    await openQueue(page, 'all');
    const item = modItem(page, 'car deck');
    await item.waitFor();

    // The same session, ended from outside the page (as an expiry or a logout elsewhere would).
    const cookie = (await browser.context.cookies(server.url)).find((c) => c.name === 'parley_admin');
    const session = await fetch(`${server.url}/admin/api/session`, {
      headers: { cookie: `parley_admin=${cookie?.value}` },
    });
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const ended = await fetch(`${server.url}/admin/api/logout`, {
      method: 'POST',
      headers: {
        cookie: `parley_admin=${cookie?.value}`,
        'x-csrf-token': csrfToken,
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(ended.status).toBe(204);

    await item.locator('button[data-action="spam"]').click();
    await page.locator('.login-notice', { hasText: 'Your session has ended. Please log in again.' }).waitFor();
    await page.locator('#login-email').waitFor();
    await page.close();
  });
});
