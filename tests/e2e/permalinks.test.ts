// Permalinks: a link to one comment opens the page on that comment, wherever in the thread it is.
import type { Page } from 'playwright-core';
import { en } from '../../client/messages/en';
import { makeReader } from '../helpers/api';
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import { openThread, type TestServer } from '../helpers/server';
import { newGuestToken } from '../helpers/sockets';
import { asReader, showAllPages, topLevelIds, WAIT_MS, widgetReady } from './widget-page';

const PAGE_SIZE = 3;

let server: TestServer;
let browser: TestBrowser;
let ids: number[];
let replyId: number;

withServerAndBrowser((started) => ({ server, browser } = started), { config: { pageSize: PAGE_SIZE } });
beforeAll(async () => {
  const { thread } = await openThread(server.url, 'harbour-lights-2026');
  const reader = makeReader(server.url);
  ids = [];
  for (let i = 1; i <= 10; i++)
    ids.push((await reader.post(thread.id, { body: `Top-level number ${i}.` })).json.comment.id);
  replyId = (await reader.post(thread.id, { body: 'A reply deep in the thread.', parentId: ids[4] })).json.comment.id;
});

async function openAt(hash: string, sort: 'oldest' | 'newest'): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(WAIT_MS);
  await asReader(newGuestToken(), sort)(page);
  await page.goto(`${server.url}/${hash}`);
  await widgetReady(page);
  return page;
}

/** Waits until the comment is the marked target, has the focus, and sits inside the window. */
async function waitUntilShown(page: Page, id: number): Promise<void> {
  await page.waitForFunction((commentId) => {
    const root = document.querySelector('#parley')!.shadowRoot!;
    const item = root.getElementById(`comment-${commentId}`);
    if (!item?.classList.contains('is-target')) return false;
    const card = item.querySelector(':scope > article')!;
    const box = card.getBoundingClientRect();
    return root.activeElement === card && box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;
  }, id);
}

describe('permalinks', () => {
  it('a permalink to a comment on page 3 loads, scrolls to and highlights it', async () => {
    // Under Oldest, the eighth comment is on the third page.
    const page = await openAt(`#comment-${ids[7]}`, 'oldest');
    await waitUntilShown(page, ids[7]);
    expect(await topLevelIds(page)).toEqual(ids.slice(0, PAGE_SIZE));
    // Its page is not loaded, so it shows above the list, labelled for what it is.
    const linked = page.locator('#parley section.linked');
    expect(await linked.locator('h3').textContent()).toBe(en.linkedLabel);
    expect(await linked.locator(`#comment-${ids[7]}`).count()).toBe(1);
    // Only one comment is marked, and the host page's scroll moved to it.
    expect(await page.locator('#parley .is-target').count()).toBe(1);
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);

    // Paging on brings it to its own place, once.
    await showAllPages(page);
    expect(await topLevelIds(page)).toEqual(ids);
    expect(await page.locator(`#parley #comment-${ids[7]}`).count()).toBe(1);
    expect(await linked.isVisible()).toBe(false);

    // A link followed on the open page: a reply in another conversation, brought into view.
    await page.evaluate((id) => (location.hash = `#comment-${id}`), replyId);
    await waitUntilShown(page, replyId);
    expect(await page.locator('#parley .is-target').count()).toBe(1);
    await page.close();
  });

  it('under Newest, an early comment is the one three pages away', async () => {
    const page = await openAt(`#comment-${ids[1]}`, 'newest');
    await waitUntilShown(page, ids[1]);
    expect(await topLevelIds(page)).toEqual([ids[9], ids[8], ids[7]]);
    // The comment's own Link points at this page with its anchor.
    const href = await page.locator(`#parley #comment-${ids[1]} > article a.link-button`).getAttribute('href');
    expect(href).toBe(`${server.url}/#comment-${ids[1]}`);
    // A comment that is already on screen is simply scrolled to.
    await page.evaluate((id) => (location.hash = `#comment-${id}`), ids[8]);
    await waitUntilShown(page, ids[8]);
    await page.close();
  });

  it('a permalink to a comment that is gone says so', async () => {
    const page = await openAt('#comment-999999', 'oldest');
    await page.locator('#parley .notice.banner').filter({ hasText: en.linkedMissing }).waitFor();
    expect(await topLevelIds(page)).toEqual(ids.slice(0, PAGE_SIZE));
    await page.close();
  });
});
