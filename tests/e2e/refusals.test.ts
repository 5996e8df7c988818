// Refusals a reader can meet after the form's own checks, each explained from its error code and details.
import type { ErrorFacts } from '../../client/messages/catalog';
import { en } from '../../client/messages/en';
import { createModeratorAccount, loginAsModerator } from '../helpers/admin';
import { makeReader } from '../helpers/api';
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import { openThread, startTestServer, type TestServer } from '../helpers/server';
import { newGuestToken } from '../helpers/sockets';
import { asReader, cardOf, fillAndSubmit, mainForm, openDemo } from './widget-page';

const VOTES_PER_MINUTE = 1;

let server: TestServer;
let browser: TestBrowser;

/** The catalog's sentence for an error that is built from its details. */
function textOf(code: 'RATE_LIMITED' | 'BANNED_WORD', facts: ErrorFacts): string {
  const text = en.errors[code];
  return typeof text === 'function' ? text(facts) : text;
}

const unlimited = { perIdentity: null, perNetwork: null };
withServerAndBrowser((started) => ({ server, browser } = started), {
  config: {
    rateLimits: {
      post: unlimited,
      edit: unlimited,
      report: unlimited,
      login: unlimited,
      preview: unlimited,
      thread: unlimited,
      subscribe: unlimited,
      vote: { perIdentity: { count: VOTES_PER_MINUTE, perMs: 60_000 }, perNetwork: null },
    },
  },
  // A clock that stands still: the allowance never refills, and the wait it reports is exact.
  start: { clock: { now: () => Date.parse('2026-11-29T12:00:00Z') } },
});

describe('refusals', () => {
  it('a refused vote is taken back on screen and explained with the wait the server gives', async () => {
    const { thread } = await openThread(server.url, 'harbour-lights-2026');
    const other = makeReader(server.url);
    const allowed = (await other.post(thread.id, { body: 'The first vote counts.' })).json.comment.id;
    const refused = (await other.post(thread.id, { body: 'The second vote is one too many.' })).json.comment.id;
    const page = await openDemo(browser, server.url, asReader(newGuestToken()));

    await cardOf(page, allowed).locator('button.vote-up').click();
    await cardOf(page, allowed).locator('.score').filter({ hasText: /^1$/ }).waitFor();

    await cardOf(page, refused).locator('button.vote-up').click();
    const message = textOf('RATE_LIMITED', { retryAfterSeconds: 60 });
    expect(message).toBe('You are doing that too often. Please try again in 60 seconds.');
    await cardOf(page, refused).locator('.comment-notice[role="alert"]').filter({ hasText: message }).waitFor();
    expect(await cardOf(page, refused).locator('.score').textContent()).toBe('0');
    expect(await cardOf(page, refused).locator('button.vote-up').getAttribute('aria-pressed')).toBe('false');
    // The vote that went through stays.
    expect(await cardOf(page, allowed).locator('button.vote-up').getAttribute('aria-pressed')).toBe('true');
    await page.close();
  });

  it('a comment with a word the site refuses says which word, and keeps the text', async () => {
    const { email, password } = await createModeratorAccount(server.dbPath, {
      email: 'admin@coastal-ledger.example',
      role: 'admin',
    });
    const admin = await loginAsModerator(server.url, email, password);
    const settings = {
      premoderation: 'off',
      bannedWords: ['lampshade'],
      watchedWords: [],
      maxLinks: null,
      autoCloseDays: null,
      reportThreshold: 3,
      areReactionsEnabled: true,
    };
    expect((await admin.call('PUT', '/settings', settings)).status).toBe(200);

    const page = await openDemo(browser, server.url, asReader(newGuestToken()));
    const body = 'Nobody wants a lampshade on the quay.';
    await fillAndSubmit(mainForm(page), { name: 'Mara', body });
    await mainForm(page)
      .locator('.form-error')
      .filter({ hasText: textOf('BANNED_WORD', { word: 'lampshade' }) })
      .waitFor();
    expect(await mainForm(page).locator('textarea').inputValue()).toBe(body);
    expect(await page.locator('#parley li.comment', { hasText: 'lampshade' }).count()).toBe(0);
    await page.close();
  });
});

describe('a page whose thread cannot be created now', () => {
  it('says why, with the wait the server gives, instead of comments', async () => {
    const unlimited = { perIdentity: null, perNetwork: null };
    // One new thread an hour from this network, and a clock that stands still.
    const own = await startTestServer(
      {
        rateLimits: {
          post: unlimited,
          edit: unlimited,
          vote: unlimited,
          report: unlimited,
          login: unlimited,
          preview: unlimited,
          thread: { perIdentity: null, perNetwork: { count: 1, perMs: 3_600_000 } },
          subscribe: unlimited,
        },
      },
      { clock: { now: () => Date.parse('2026-11-29T12:00:00Z') } },
    );
    try {
      await openThread(own.url, 'another-page-first');
      const page = await browser.newPage();
      await page.goto(`${own.url}/`);
      const message = en.loadFailed(textOf('RATE_LIMITED', { retryAfterSeconds: 3600 }));
      expect(message).toBe(
        'Comments could not be loaded. You are doing that too often. Please try again in 3,600 seconds.',
      );
      await page.locator('#parley .parley .notice').filter({ hasText: message }).waitFor();
      expect(await page.locator('#parley li.comment').count()).toBe(0);
      await page.close();
    } finally {
      await own.close();
    }
  });
});
