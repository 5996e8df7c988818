// The widget on a host page that enforces Trusted Types: comments render, the live part works, and violation reports stay few.
import type { Page } from 'playwright-core';
import { makeReader, type Reader } from '../helpers/api';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { openThread, startTestServer, type TestServer } from '../helpers/server';
import { newGuestToken } from '../helpers/sockets';
import {
  cardOf,
  commentCard,
  commentIdOf,
  fillAndSubmit,
  mainForm,
  sortTab,
  topLevelIds,
  waitForTopLevel,
  WAIT_MS,
} from './widget-page';

jest.setTimeout(90_000);

interface Violation {
  directive: string;
  sample: string;
}

declare global {
  interface Window {
    __violations: Violation[];
  }
}

const PAGE_ID = 'quay-lamps-trusted-types';
const SURVEY = 'https://coastal-ledger.example/survey';
const FORMATTED = `Keep the **old glow** and read [the survey](${SURVEY}) first, fish & chips after.`;
const FORMATTED_WORDS = 'Keep the old glow and read the survey first, fish & chips after.';
// Nothing else is restricted: the widget's script, styles and socket load as on any page.
const ALLOWS_PARLEY = "require-trusted-types-for 'script'; trusted-types parley";
const ALLOWS_NONE = "require-trusted-types-for 'script'; trusted-types 'none'";
/** Text of a plain-string assignment the test itself makes to prove the page enforces. */
const ENFORCEMENT_MARKER = 'enforcement-check';

let server: TestServer;
let browser: TestBrowser;
let other: Reader;
let threadId: number;

beforeAll(async () => {
  browser = await launchBrowser();
});

// Each test gets its own server and database: the violation counts are per page and per thread.
beforeEach(async () => {
  server = await startTestServer();
  threadId = (await openThread(server.url, PAGE_ID)).thread.id;
  other = makeReader(server.url);
});

afterEach(async () => {
  await server?.close();
});

afterAll(async () => {
  await browser?.close();
});

function hostPage(serverUrl: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Quay lamps | The Coastal Ledger</title><link rel="icon" href="data:,"></head>
<body><h1>Quay lamps</h1>
<div id="parley" data-page-id="${PAGE_ID}"></div>
<script src="${serverUrl}/widget.js" async></script>
</body></html>`;
}

interface HostPage {
  page: Page;
  /** Uncaught errors on the page. */
  pageErrors: string[];
  /** Console errors other than the browser's own line for each Trusted Types violation. */
  otherConsoleErrors: string[];
}

/** Opens a host page served with this Content-Security-Policy and waits until the widget's live part is in. */
async function openHostPage(csp: string): Promise<HostPage> {
  const page = await browser.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const pageErrors: string[] = [];
  const otherConsoleErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Trusted/.test(msg.text())) otherConsoleErrors.push(msg.text());
  });
  await page.addInitScript((token) => {
    localStorage.setItem('parley:token', token);
    const seen: Violation[] = [];
    window.__violations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push({ directive: e.violatedDirective, sample: e.sample }),
    );
  }, newGuestToken());
  // The site's page on the test origin, so the widget's server is the test server.
  await page.route(`${server.url}/2026/quay-lamps`, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html',
      headers: { 'Content-Security-Policy': csp },
      body: hostPage(server.url),
    }),
  );
  await page.goto(`${server.url}/2026/quay-lamps`);
  // "ready" is set by the lazily imported live part once it has joined the thread.
  await page.locator('#parley .parley[data-state="ready"]').waitFor();
  return { page, pageErrors, otherConsoleErrors };
}

/**
 * Proves the page really enforces Trusted Types, then returns every violation reported before
 * that proof. Reports are queued in order, so once the proof's own has arrived the earlier ones have too.
 */
async function violationsBeforeProof(page: Page): Promise<Violation[]> {
  const isRefused = await page.evaluate((marker) => {
    try {
      document.createElement('div').innerHTML = marker;
      return false;
    } catch {
      return true;
    }
  }, ENFORCEMENT_MARKER);
  expect(isRefused).toBe(true);
  await page.waitForFunction(
    (marker) => window.__violations.some((v) => v.sample.includes(marker)),
    ENFORCEMENT_MARKER,
  );
  const all = await page.evaluate(() => window.__violations);
  return all.slice(
    0,
    all.findIndex((v) => v.sample.includes(ENFORCEMENT_MARKER)),
  );
}

/** Puts the comment area well below the fold and goes back to the top of the page. */
async function readElsewhere(page: Page): Promise<void> {
  await page.evaluate(() => {
    const spacer = document.createElement('div');
    spacer.style.height = '3000px';
    document.getElementById('parley')!.before(spacer);
    window.scrollTo(0, 0);
  });
  // The widget learns the area left the screen from an IntersectionObserver, at the next frame.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

function bodyOf(page: Page, id: number) {
  return cardOf(page, id).locator('.body');
}

async function wordsOf(page: Page, id: number): Promise<string> {
  return ((await bodyOf(page, id).textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

describe('the widget on a page that enforces Trusted Types', () => {
  it('on a page that enforces Trusted Types and allows the parley policy, comments keep their formatting and the page gets at most one violation report', async () => {
    const ids: number[] = [];
    for (const body of [FORMATTED, 'Second: *warmer* is better.', 'Third: the `beam angle` was agreed.']) {
      ids.push((await other.post(threadId, { authorName: 'Ines', body })).json.comment.id as number);
    }
    const { page, pageErrors, otherConsoleErrors } = await openHostPage(ALLOWS_PARLEY);

    const first = bodyOf(page, ids[0]);
    expect(await first.locator('strong, b').textContent()).toBe('old glow');
    const link = first.locator('a');
    expect(await link.textContent()).toBe('the survey');
    expect(await link.getAttribute('href')).toBe(SURVEY);
    expect(await link.getAttribute('rel')).toBe('nofollow ugc noopener noreferrer');
    expect(await wordsOf(page, ids[0])).toBe(FORMATTED_WORDS);
    expect(await bodyOf(page, ids[1]).locator('em, i').textContent()).toBe('warmer');
    expect(await bodyOf(page, ids[2]).locator('code').textContent()).toBe('beam angle');

    // The live part renders through the same path: the reader's own comment, and one arriving from elsewhere.
    await fillAndSubmit(mainForm(page), { name: 'Mara', body: 'Mine, with **bold** words.' });
    const mine = await commentIdOf(page, 'Mine, with');
    expect(await bodyOf(page, mine).locator('strong, b').textContent()).toBe('bold');
    const arriving = (await other.post(threadId, { authorName: 'Ines', body: 'Arriving **live**.' })).json.comment
      .id as number;
    await bodyOf(page, arriving).locator('strong, b', { hasText: 'live' }).waitFor();

    // Five comments drawn, yet at most the one report that tells the widget plain strings are refused; the policy itself was accepted.
    const violations = await violationsBeforeProof(page);
    expect(violations.length).toBeLessThanOrEqual(1);
    expect(violations.filter((v) => v.directive !== 'require-trusted-types-for')).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(otherConsoleErrors).toEqual([]);
    await page.close();
  });

  it('on a page that enforces Trusted Types and allows no policy of ours, comments still show, as text, and the widget still works', async () => {
    const ids: number[] = [];
    for (const body of [FORMATTED, 'Second: *warmer* is better.\n\nAnd brighter.']) {
      ids.push((await other.post(threadId, { authorName: 'Ines', body })).json.comment.id as number);
    }
    const { page, pageErrors, otherConsoleErrors } = await openHostPage(ALLOWS_NONE);

    // The words, as text: no element from the markup, no markup shown as characters, and
    // paragraphs still apart while formatting splits no word from its punctuation.
    await commentCard(page, 'old glow').waitFor();
    expect(await wordsOf(page, ids[0])).toBe(FORMATTED_WORDS);
    expect(await wordsOf(page, ids[1])).toBe('Second: warmer is better. And brighter.');
    expect(await bodyOf(page, ids[0]).locator('*').count()).toBe(0);

    // The form posts, and comments from elsewhere arrive live.
    await fillAndSubmit(mainForm(page), { name: 'Mara', body: 'Mine, with **bold** words.' });
    const mine = await commentIdOf(page, 'Mine, with');
    expect(await wordsOf(page, mine)).toBe('Mine, with bold words.');
    const arriving = (await other.post(threadId, { authorName: 'Ines', body: 'Arriving **live**.' })).json.comment
      .id as number;
    await commentCard(page, 'Arriving live.').waitFor();
    expect(await wordsOf(page, arriving)).toBe('Arriving live.');

    // The sort tabs work.
    const all = [...ids, mine, arriving];
    expect(await topLevelIds(page)).toEqual(all);
    await sortTab(page, 'newest').click();
    await waitForTopLevel(page, [...all].reverse());
    expect(await sortTab(page, 'newest').getAttribute('aria-selected')).toBe('true');

    // However many comments, one report for the refused plain string and one for the refused policy, not one per comment.
    const violations = await violationsBeforeProof(page);
    expect(violations.filter((v) => v.directive === 'require-trusted-types-for').length).toBeLessThanOrEqual(1);
    expect(violations.filter((v) => v.directive === 'trusted-types').length).toBeLessThanOrEqual(1);
    expect(
      violations.filter((v) => v.directive !== 'require-trusted-types-for' && v.directive !== 'trusted-types'),
    ).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(otherConsoleErrors).toEqual([]);
    await page.close();
  });

  it.each([
    ['allows the parley policy', ALLOWS_PARLEY],
    ['allows no policy of ours', ALLOWS_NONE],
  ])(
    'on a page that enforces Trusted Types and %s, a comment arriving while the reader is elsewhere brings a toast with its words',
    async (_label, csp) => {
      const { page, pageErrors } = await openHostPage(csp);
      await readElsewhere(page);

      await other.post(threadId, { authorName: 'Marta', body: FORMATTED });
      const toast = page.locator('#parley .toast');
      await toast.waitFor();
      expect(await toast.locator('.toast-author').textContent()).toBe('Marta');
      expect(await toast.locator('.toast-text').textContent()).toBe(FORMATTED_WORDS);
      expect(pageErrors).toEqual([]);
      await page.close();
    },
  );
});
