// Moderation as readers meet it: reporting a comment, and a held comment seen only by its author until approved.
import { en } from '../../client/messages/en';
import { createModeratorAccount, loginAsModerator, type ModeratorSession } from '../helpers/admin';
import { makeReader } from '../helpers/api';
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import { openThread, type TestServer } from '../helpers/server';
import { newGuestToken } from '../helpers/sockets';
import { asReader, cardOf, commentIdOf, fillAndSubmit, headerCount, mainForm, openDemo } from './widget-page';

let server: TestServer;
let browser: TestBrowser;
let admin: ModeratorSession;

const SETTINGS = {
  premoderation: 'off',
  bannedWords: [],
  watchedWords: [],
  maxLinks: null,
  autoCloseDays: null,
  reportThreshold: 3,
  areReactionsEnabled: true,
};

withServerAndBrowser((started) => ({ server, browser } = started));
beforeAll(async () => {
  const { email, password } = await createModeratorAccount(server.dbPath, {
    email: 'editor@coastal-ledger.example',
    role: 'admin',
  });
  admin = await loginAsModerator(server.url, email, password);
});

describe('moderation as readers see it', () => {
  it('a reader reports a comment with a reason', async () => {
    const { thread } = await openThread(server.url, 'harbour-lights-2026');
    const id = (
      await makeReader(server.url).post(thread.id, { authorName: 'Spammer', body: 'Cheap lamps at lamps.example!' })
    ).json.comment.id;
    const page = await openDemo(browser, server.url, asReader(newGuestToken()));
    await cardOf(page, id).locator('button.report-button').click();
    const dialog = cardOf(page, id).locator('[role="dialog"]');
    await dialog.filter({ hasText: en.report.title }).waitFor();
    for (const reason of ['spam', 'abuse', 'off-topic', 'other'] as const) {
      await dialog.getByRole('radio', { name: en.report.reasons[reason] }).waitFor();
    }

    // Other needs a few words, checked before anything is sent.
    await dialog.getByRole('radio', { name: en.report.reasons.other }).check();
    await dialog.getByRole('button', { name: en.report.send }).click();
    await dialog.locator('.field-error').filter({ hasText: en.report.detailsRequired }).waitFor();
    await dialog.locator('textarea').fill('Advertising in every thread this week.');
    await dialog.getByRole('button', { name: en.report.send }).click();
    await dialog.waitFor({ state: 'detached' });
    await cardOf(page, id).locator('.comment-notice').filter({ hasText: en.report.thanks }).waitFor();
    expect(await cardOf(page, id).locator('button.report-button').textContent()).toBe(en.comment.reported);

    const reported = await admin.call('GET', `/comments/${id}`);
    expect(reported.json.reports).toEqual([
      expect.objectContaining({ reason: 'other', details: 'Advertising in every thread this week.' }),
    ]);

    // Reporting again (after a reload) is answered readably, from the error code.
    await page.reload();
    await cardOf(page, id).locator('button.report-button').click();
    await cardOf(page, id).getByRole('radio', { name: en.report.reasons.spam }).check();
    await cardOf(page, id).getByRole('button', { name: en.report.send }).click();
    await cardOf(page, id)
      .locator('.comment-notice')
      .filter({ hasText: en.errors.ALREADY_REPORTED as string })
      .waitFor();
    await page.close();
  });

  it("a report's details are counted as the server counts them: 500 emoji go, 501 are refused before sending", async () => {
    const { thread } = await openThread(server.url, 'harbour-lights-2026');
    const id = (await makeReader(server.url).post(thread.id, { authorName: 'Poster', body: 'A comment to report.' }))
      .json.comment.id;
    const page = await openDemo(browser, server.url, asReader(newGuestToken()));
    await cardOf(page, id).locator('button.report-button').click();
    const dialog = cardOf(page, id).locator('[role="dialog"]');
    await dialog.getByRole('radio', { name: en.report.reasons.other }).check();
    // Two UTF-16 units each: a limit counted in units stops at half of them.
    await dialog.locator('textarea').fill('\u{1f621}'.repeat(501));
    await dialog.getByRole('button', { name: en.report.send }).click();
    await dialog
      .locator('.field-error')
      .filter({ hasText: en.report.detailsTooLong(500) })
      .waitFor();
    await dialog.locator('textarea').fill('\u{1f621}'.repeat(500));
    await dialog.getByRole('button', { name: en.report.send }).click();
    await dialog.waitFor({ state: 'detached' });
    const reported = await admin.call('GET', `/comments/${id}`);
    expect(reported.json.reports).toEqual([
      expect.objectContaining({ reason: 'other', details: '\u{1f621}'.repeat(500) }),
    ]);
    await page.close();
  });

  it('a held comment shows as awaiting approval to its author only', async () => {
    expect((await admin.call('PUT', '/settings', { ...SETTINGS, premoderation: 'all' })).status).toBe(200);
    try {
      const other = await openDemo(browser, server.url, asReader(newGuestToken()));
      const author = await openDemo(browser, server.url, asReader(newGuestToken()));
      const countBefore = await headerCount(author).textContent();

      await fillAndSubmit(mainForm(author), { name: 'Newcomer', body: 'My first comment here, held for a moderator.' });
      const id = await commentIdOf(author, 'My first comment here');
      await cardOf(author, id).locator('.badge.pending').filter({ hasText: en.comment.pending }).waitFor();
      expect(await headerCount(author).textContent()).toBe(countBefore);

      // Nobody else sees it, even on a fresh load.
      await other.reload();
      await headerCount(other)
        .filter({ hasText: countBefore ?? '' })
        .waitFor();
      expect(await other.locator(`#parley #comment-${id}`).count()).toBe(0);

      // Approved: the mark goes for its author, and the comment appears for everyone else.
      expect((await admin.call('POST', `/comments/${id}/approve`)).status).toBe(200);
      await cardOf(other, id).filter({ hasText: 'My first comment here' }).waitFor();
      await cardOf(author, id).locator('.badge.pending').waitFor({ state: 'detached' });
      expect(await author.locator(`#parley #comment-${id}`).count()).toBe(1);
      await Promise.all([author.close(), other.close()]);
    } finally {
      await admin.call('PUT', '/settings', SETTINGS);
    }
  });

  it('a moderator’s pin moves the comment to the pinned section of an open page at once, and an unpin moves it back', async () => {
    const { thread } = await openThread(server.url, 'harbour-lights-2026');
    const reader = makeReader(server.url);
    const ids: number[] = [];
    for (const word of ['First', 'Second', 'Third'])
      ids.push((await reader.post(thread.id, { authorName: 'Ines', body: `${word} of three.` })).json.comment.id);
    const [, middle] = ids;
    const page = await openDemo(browser, server.url, asReader(newGuestToken()));
    await cardOf(page, middle).waitFor();
    const pinnedSection = page.locator('#parley section.pinned');
    expect(await pinnedSection.isVisible()).toBe(false);

    expect((await admin.call('POST', `/comments/${middle}/pin`, { isPinned: true })).json.isPinned).toBe(true);
    await page.locator(`#parley section.pinned #comment-${middle}`).waitFor();
    expect(await pinnedSection.isVisible()).toBe(true);
    await cardOf(page, middle).locator('.pinned-badge', { hasText: en.comment.pinned }).waitFor();
    // Moved, not copied: the comment is on the page once.
    expect(await page.locator(`#parley #comment-${middle}`).count()).toBe(1);

    await admin.call('POST', `/comments/${middle}/pin`, { isPinned: false });
    await pinnedSection.waitFor({ state: 'hidden' });
    const order = await page
      .locator('#parley ol.thread > li.comment')
      .evaluateAll((items) => items.map((li) => Number(li.id.slice('comment-'.length))));
    // Back in its place by the page's order, between the two it was posted between.
    const at = order.indexOf(middle);
    expect(at).toBeGreaterThan(-1);
    expect(order.slice(at - 1, at + 2).sort()).toEqual([...ids].sort());
    expect(await cardOf(page, middle).locator('.pinned-badge').count()).toBe(0);
    await page.close();
  });
});
