// The moderators' side tried for real: the audit log's restore rules, reports at a glance, and a reader's other comments.
import type { Page } from 'playwright-core';
import { createModeratorAccount, loginAsModerator, TEST_PASSWORD_COST, type ModeratorSession } from '../helpers/admin';
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import { openThread, postComment, type TestServer } from '../helpers/server';
import {
  expectNoAxeViolations,
  logInThroughForm,
  modItem,
  openDashboard,
  openQueue,
  openTab,
  statusRegion,
} from './admin-page';

let server: TestServer;
let browser: TestBrowser;
let admin: ModeratorSession;
let account: { email: string; password: string };

const token = (name: string) => `${name}-`.padEnd(43, 't');

async function postAs(
  reader: string,
  threadId: number,
  body: string,
  extra: Record<string, unknown> = {},
): Promise<number> {
  const res = await postComment(
    server.url,
    threadId,
    { authorName: 'Tomas Berg', body, ...extra },
    { 'x-parley-token': token(reader) },
  );
  if (res.status !== 201) throw new Error(`posting answered ${res.status}: ${JSON.stringify(res.json)}`);
  return res.json.comment.id as number;
}

async function report(reader: string, commentId: number, body: object): Promise<void> {
  const res = await fetch(`${server.url}/api/comments/${commentId}/report`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-parley-token': token(reader) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`reporting answered ${res.status}`);
}

/** The log's row for one action on one target. */
function auditRow(page: Page, action: string, target: string) {
  return page.locator(`#panel-audit tbody tr[data-action="${action}"]`, {
    has: page.locator('.target-name', { hasText: new RegExp(`^${target}$`) }),
  });
}

withServerAndBrowser((started) => ({ server, browser } = started), { start: { passwordCostLog2: TEST_PASSWORD_COST } });
beforeAll(async () => {
  account = await createModeratorAccount(server.dbPath, {
    email: 'desk@coastal-ledger.example',
    role: 'admin',
    displayName: 'Desk Editor',
  });
  admin = await loginAsModerator(server.url, account.email, account.password);
});

describe('the audit log', () => {
  it('names each target in words and offers Restore only while what an entry did still stands, following lifts, reopenings and restores made elsewhere', async () => {
    const { thread } = await openThread(server.url, 'ferry-fares', { title: 'A title only claimed' });
    const removedId = await postAs('fares-1', thread.id, 'Ferry fares double next week, says the council');
    const bannedId = await postAs('fares-2', thread.id, 'Cheap tickets here', { authorEmail: 'tout@example.com' });
    await admin.call('POST', `/comments/${removedId}/remove`, { reason: 'Rumour' });
    const [ban] = (
      await admin.call('POST', '/authors/ban', {
        commentId: bannedId,
        by: ['email'],
        days: null,
        reason: 'Touting',
        removeComments: false,
      })
    ).json.bans;
    await admin.call('POST', `/threads/${thread.id}/close`);

    const page = await openDashboard(browser, server.url);
    await logInThroughForm(page, account.email, account.password);
    await openTab(page, 'audit');
    const removal = auditRow(page, 'comment.remove', `Comment #${removedId}`);
    const banning = auditRow(page, 'author.ban', `Ban #${ban.id}`);
    const closing = auditRow(page, 'thread.close', `Thread #${thread.id}`);
    await removal.locator('.target-excerpt', { hasText: '“Ferry fares double next week, says the council”' }).waitFor();
    await banning.locator('.target-excerpt', { hasText: 'Email: tout@example.com' }).waitFor();
    // The title was only claimed by whoever opened the page: the log names it by its page id.
    await closing.locator('.target-excerpt', { hasText: /^ferry-fares$/ }).waitFor();
    for (const row of [removal, banning, closing]) await row.locator('button', { hasText: 'Restore' }).waitFor();
    await expectNoAxeViolations(page, 'the Audit log with entries that can be undone');

    // Undone elsewhere, each in its own tab: the log stops offering them, without a reload.
    await openTab(page, 'bans');
    await page.locator('#panel-bans tbody tr', { hasText: 'Touting' }).locator('button', { hasText: 'Lift' }).click();
    await statusRegion(page).filter({ hasText: 'Ban lifted' }).waitFor();
    await openTab(page, 'threads');
    await page
      .locator('#panel-threads tbody tr', { hasText: 'ferry-fares' })
      .locator('button', { hasText: 'Reopen' })
      .click();
    await statusRegion(page).filter({ hasText: 'Thread reopened' }).waitFor();
    await openTab(page, 'comments');
    await openQueue(page, 'removed');
    await modItem(page, 'Ferry fares double').locator('button[data-action="restore"]').click();
    await statusRegion(page).filter({ hasText: 'Comment restored' }).waitFor();

    await openTab(page, 'audit');
    for (const row of [removal, banning, closing]) await row.locator('button').waitFor({ state: 'detached' });

    // Removed again: the new removal can be undone from the log; undoing it marks it so.
    await admin.call('POST', `/comments/${removedId}/remove`, {});
    const removals = page.locator(`#panel-audit tbody tr[data-action="comment.remove"]`, {
      hasText: `Comment #${removedId}`,
    });
    await removals.nth(0).locator('button', { hasText: 'Restore' }).waitFor();
    expect(await removals.count()).toBe(2);
    expect(await removals.nth(1).locator('button').count()).toBe(0);
    await removals.nth(0).locator('button', { hasText: 'Restore' }).click();
    await statusRegion(page).filter({ hasText: 'Action undone' }).waitFor();
    await removals.nth(0).locator('.chip.undone', { hasText: 'Undone' }).waitFor();
    expect(await removals.nth(0).locator('button').count()).toBe(0);
    expect((await admin.call('GET', `/comments/${removedId}`)).json.status).toBe('published');
    await expectNoAxeViolations(page, 'the Audit log with entries undone and entries no longer undoable');

    // What the page shows is the server's rule, not the page's memory.
    await page.reload();
    await openTab(page, 'audit');
    await removals.nth(0).locator('.chip.undone').waitFor();
    for (const row of [banning, closing, removals.nth(1)]) {
      await row.waitFor();
      expect(await row.locator('button').count()).toBe(0);
    }
    await page.close();
  });
});

describe('a comment’s readers', () => {
  it('shows why and how many readers reported a comment, and lists its reader’s other comments in one click, live', async () => {
    const { thread } = await openThread(server.url, 'harbour-budget');
    const reported = await postAs('tomas', thread.id, 'Whoever approved this budget should be ashamed.');
    await postAs('tomas', thread.id, 'The new lamps are far too bright.');
    await postAs('namesake', thread.id, 'Another reader who happens to share the name.');
    await report('reporter-1', reported, { reason: 'abuse' });
    await report('reporter-2', reported, { reason: 'abuse' });
    await report('reporter-3', reported, { reason: 'other', details: 'Personal attack on a council member' });

    const page = await openDashboard(browser, server.url);
    await logInThroughForm(page, account.email, account.password);
    await openQueue(page, 'all');
    const item = modItem(page, 'Whoever approved this budget');
    await item.locator('.chip.reported', { hasText: 'Reported by 3 readers' }).waitFor();
    const reports = item.locator('.reports');
    await reports.locator('h4', { hasText: 'Why 3 readers reported it' }).waitFor();
    expect(await reports.locator('.report-tally li').allTextContents()).toEqual(['Abuse2 readers', 'Other1 reader']);
    await reports
      .locator('.report-words li', { hasText: 'Personal attack on a council member' })
      .locator('.report-of', { hasText: 'Other' })
      .waitFor();

    await item.locator('button.show-reader', { hasText: 'Show all' }).click();
    await page.locator('.reader-filter', { hasText: 'Only comments by Tomas Berg' }).waitFor();
    await page.locator('.list-summary', { hasText: /^2 comments shown$/ }).waitFor();
    expect(await modItem(page, 'happens to share the name').count()).toBe(0);
    await page.locator('#queue-heading:focus').waitFor();

    // Live: the same reader's new comment joins the list; another reader's does not.
    await postAs('namesake', thread.id, 'A namesake writes again.');
    await postAs('tomas', thread.id, 'And the benches face the wrong way.');
    await page.locator('ol.items > li.item').first().filter({ hasText: 'benches face the wrong way' }).waitFor();
    expect(await modItem(page, 'namesake writes again').count()).toBe(0);
    expect(await page.locator('ol.items > li.item').count()).toBe(3);
    await expectNoAxeViolations(page, 'one reader’s comments, with reports shown');

    await page.locator('.reader-filter button', { hasText: 'Show everyone’s comments' }).click();
    await modItem(page, 'namesake writes again').waitFor();
    expect(await page.locator('.reader-filter').isHidden()).toBe(true);
    await page.close();
  });
});
