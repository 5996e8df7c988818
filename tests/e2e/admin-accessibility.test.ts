// The dashboard checked by axe-core: the login screen and every section with real content in it.
import { createModeratorAccount, loginAsModerator, TEST_PASSWORD_COST, type ModeratorSession } from '../helpers/admin';
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import { openThread, postComment, type TestServer } from '../helpers/server';
import {
  expectNoAxeViolations as expectNoViolations,
  logInThroughForm,
  modItem,
  openDashboard,
  openQueue,
  openTab,
} from './admin-page';

let server: TestServer;
let browser: TestBrowser;
let account: { email: string; password: string };

/** Readers' comments of every kind the dashboard shows: held, reported, a reply, removed, banned. */
async function seed(admin: ModeratorSession): Promise<void> {
  const view = await openThread(server.url, 'harbour-lights-2026', {
    title: 'The night the harbour lights came back',
    url: 'https://coastal-ledger.example/2026/11/harbour-lights',
  });
  const token = (n: number) => `reader-${n}-`.padEnd(43, 'k');
  const post = async (n: number, body: object) => {
    const res = await postComment(server.url, view.thread.id, body, { 'x-parley-token': token(n) });
    if (res.status !== 201) throw new Error(`seeding answered ${res.status}: ${JSON.stringify(res.json)}`);
    return res.json.comment as { id: number };
  };
  const top = await post(1, {
    authorName: 'Ines Okafor',
    authorEmail: 'ines@example.org',
    body: 'The orange glow was part of the town.\n\nKeep it, *please*.',
  });
  await post(2, {
    authorName: 'Harbour Master',
    parentId: top.id,
    body: 'The beam angles were agreed with the coastguard: https://example.org/angles',
  });
  const reported = await post(3, { authorName: 'Tomas Berg', body: 'Whoever approved this budget should be ashamed.' });
  for (const n of [7, 8]) {
    await fetch(`${server.url}/api/comments/${reported.id}/report`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-parley-token': token(n) },
      body: JSON.stringify(
        n === 7 ? { reason: 'abuse' } : { reason: 'other', details: 'Personal attack on a council member' },
      ),
    });
  }
  // A subscription whose confirmation waits in the outbox (this server sends no mail).
  await fetch(`${server.url}/api/threads/${view.thread.id}/subscriptions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-parley-token': token(5) },
    body: JSON.stringify({ email: 'follower@example.org', kind: 'thread' }),
  });
  const removed = await post(4, { authorName: 'Deals4U', body: 'Cheap watches at http://spam.example' });
  await admin.call('POST', `/comments/${removed.id}/remove`, { reason: 'Advertising' });
  await admin.call('POST', '/authors/ban', {
    commentId: removed.id,
    by: ['identity'],
    days: 7,
    reason: 'Advertising',
    removeComments: false,
  });
  const current = await admin.call('GET', '/settings');
  await admin.call('PUT', '/settings', { ...current.json, premoderation: 'first', watchedWords: ['resign'] });
  await post(5, {
    authorName: 'Mara Ellison',
    authorEmail: 'mara@example.com',
    body: 'First time here. Will the posts be cast to the old pattern?',
  });
}

withServerAndBrowser((started) => ({ server, browser } = started), { start: { passwordCostLog2: TEST_PASSWORD_COST } });
beforeAll(async () => {
  account = await createModeratorAccount(server.dbPath, {
    email: 'editor@coastal-ledger.example',
    role: 'admin',
    displayName: 'Ada Lane',
  });
  await seed(await loginAsModerator(server.url, account.email, account.password));
});

describe('dashboard accessibility', () => {
  it('the dashboard has no accessibility violations', async () => {
    const page = await openDashboard(browser, server.url);
    await expectNoViolations(page, 'the login screen');

    await page.locator('.login-form button[type="submit"]').click();
    await page.locator('#login-error:not(:empty)').waitFor();
    await expectNoViolations(page, 'the login screen with an error');

    await logInThroughForm(page, account.email, account.password);
    await modItem(page, 'First time here').waitFor();
    await page.locator('.queue-button[data-queue="pending"] .count', { hasText: '1' }).waitFor();
    await expectNoViolations(page, 'the Pending queue');

    await openQueue(page, 'all');
    await modItem(page, 'beam angles').locator('.parent').waitFor();
    await modItem(page, 'Whoever approved').locator('.reports').waitFor();
    await modItem(page, 'Cheap watches').locator('.mod-note').waitFor();
    await page.locator('.item .select-box').first().check();
    await expectNoViolations(page, 'the All queue with a selection');

    await modItem(page, 'Whoever approved').locator('button[data-action="ban"]').click();
    await page.locator('dialog[open]').waitFor();
    await expectNoViolations(page, 'the ban dialog');
    await page.keyboard.press('Escape');
    await page.locator('dialog').waitFor({ state: 'detached' });

    // Once the editor opens the body holds a form, so the comment is followed by its id.
    const editedId = await modItem(page, 'Whoever approved').getAttribute('data-comment-id');
    await page.locator(`#mod-comment-${editedId} button[data-action="edit"]`).click();
    await page.locator(`#mod-comment-${editedId} form.editor textarea`).waitFor();
    await expectNoViolations(page, 'the inline editor');

    await openTab(page, 'threads');
    await page.locator('#panel-threads tbody tr').first().waitFor();
    await expectNoViolations(page, 'the Threads tab');

    await openTab(page, 'bans');
    await page.locator('#panel-bans tbody tr').first().waitFor();
    await expectNoViolations(page, 'the Bans tab');

    await openTab(page, 'audit');
    await page.locator('#panel-audit tbody tr').first().waitFor();
    await expectNoViolations(page, 'the Audit log tab');

    await openTab(page, 'settings');
    await page.waitForFunction(
      () => (document.getElementById('settings-watchedWords') as HTMLTextAreaElement | null)?.value === 'resign',
    );
    await expectNoViolations(page, 'the Settings tab');

    await openTab(page, 'outbox');
    await page.locator('#panel-outbox tbody tr[data-state="pending"]').first().waitFor();
    await expectNoViolations(page, 'the Outbox tab');

    await openTab(page, 'moderators');
    await page.locator('#panel-moderators tbody tr').first().waitFor();
    await expectNoViolations(page, 'the Moderators tab');
    await page.close();
  });

  it('the dashboard works from the keyboard: arrow keys move between tabs, and focus follows the work', async () => {
    const page = await openDashboard(browser, server.url);
    await logInThroughForm(page, account.email, account.password);
    await modItem(page, 'First time here').waitFor();

    await page.locator('#tab-comments').focus();
    await page.keyboard.press('ArrowRight');
    await page.locator('#tab-threads[aria-selected="true"]:focus').waitFor();
    await page.locator('#panel-threads:not([hidden])').waitFor();
    await page.keyboard.press('End');
    await page.locator('#tab-moderators[aria-selected="true"]:focus').waitFor();
    await page.keyboard.press('ArrowRight');
    await page.locator('#tab-comments[aria-selected="true"]:focus').waitFor();
    expect(await page.locator('#panel-threads').isHidden()).toBe(true);

    // Removing comments with the keyboard alone, through the dialog: focus moves on to the next comment.
    const { thread } = await openThread(server.url, 'harbour-lights-2026');
    await postComment(
      server.url,
      thread.id,
      { authorName: 'Newcomer', body: 'Second newcomer question about the lamps.' },
      { 'x-parley-token': 'keyboard-reader-'.padEnd(43, 'q') },
    );
    await modItem(page, 'Second newcomer').waitFor();
    const removeWithKeyboard = async (text: string) => {
      await modItem(page, text).locator('button[data-action="remove"]').focus();
      await page.keyboard.press('Enter');
      await page.locator('dialog[open] textarea[name="reason"]').waitFor();
      await page.locator('dialog[open] button[type="submit"]').focus();
      await page.keyboard.press('Enter');
      await page.locator('dialog').waitFor({ state: 'detached' });
      await modItem(page, text).waitFor({ state: 'detached' });
    };
    await removeWithKeyboard('Second newcomer');
    await modItem(page, 'First time here').locator('button[data-action="approve"]:focus').waitFor();
    await removeWithKeyboard('First time here');
    // Nothing is left in Pending: focus rests on the list's heading rather than being lost.
    await page.locator('#queue-heading:focus').waitFor();
    await page.close();
  });
});
