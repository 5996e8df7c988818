// Drives the demo page's widget the way a reader does: open, fill, click, and find comments.
import type { Locator, Page } from 'playwright-core';
import type { TestBrowser } from '../helpers/browser';

export const WAIT_MS = 15_000;

/** Opens the demo article and waits until the widget has joined its thread. */
export async function openDemo(
  browser: TestBrowser,
  url: string,
  setup?: (page: Page) => Promise<void>,
): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(WAIT_MS);
  if (setup) await setup(page);
  await page.goto(`${url}/`);
  await widgetReady(page);
  return page;
}

export async function widgetReady(page: Page): Promise<void> {
  await page.locator('#parley .parley[data-state="ready"]').waitFor();
}

/** The top-level form (the first form; reply forms sit inside comments). */
export function mainForm(page: Page): Locator {
  return page.locator('#parley .parley > form.form');
}

/** A returning guest's form shows "Commenting as NAME (guest)" instead of the name fields: "Change name" opens them. */
export async function unfoldAuthor(form: Locator): Promise<void> {
  const change = form.locator('.guest-label button.change-name');
  if (await change.isVisible()) await change.click();
}

export async function fillAndSubmit(
  form: Locator,
  fields: { name?: string; email?: string; body?: string },
): Promise<void> {
  if (fields.body !== undefined) await form.locator('textarea[name="body"]').fill(fields.body);
  if (fields.name !== undefined || fields.email !== undefined) await unfoldAuthor(form);
  if (fields.name !== undefined) await form.locator('input[name="authorName"]').fill(fields.name);
  if (fields.email !== undefined) await form.locator('input[name="authorEmail"]').fill(fields.email);
  await form.locator('button[type="submit"]').click();
}

/** A comment's own card (its replies excluded), found by words in its body. */
export function commentCard(page: Page, text: string): Locator {
  return page.locator('#parley .comment-card', { hasText: text });
}

/** The numeric id of the comment whose body holds `text`, once it is shown. */
export async function commentIdOf(page: Page, text: string): Promise<number> {
  const card = commentCard(page, text);
  await card.waitFor();
  const id = await card.evaluate((el) => el.parentElement?.id ?? '');
  const match = /^comment-(\d+)$/.exec(id);
  if (!match) throw new Error(`comment card for "${text}" sits in an element with id "${id}"`);
  return Number(match[1]);
}

/** Replies shown directly under the comment with this id. */
export function repliesOf(page: Page, parentId: number): Locator {
  return page.locator(`#parley #comment-${parentId} > ol.replies > li.comment`);
}

export function headerCount(page: Page): Locator {
  return page.locator('#parley .head .count');
}

/** Clicks "Show more comments" until every page of the thread is on screen. */
export async function showAllPages(page: Page): Promise<void> {
  const more = page.locator('#parley button.more');
  const topLevel = page.locator('#parley ol.thread > li.comment');
  while (await more.isVisible()) {
    const before = await topLevel.count();
    await more.click();
    // Each page brings at least one top-level comment; waiting for it keeps the next click off a page in flight.
    await page.waitForFunction(
      (n) => document.querySelector('#parley')!.shadowRoot!.querySelectorAll('ol.thread > li.comment').length > n,
      before,
    );
  }
}

/** A setup for openDemo: this page is its own reader (a token of its own) and may start with a sort chosen. */
export function asReader(token: string, sort?: 'oldest' | 'newest' | 'top'): (page: Page) => Promise<void> {
  return async (page) => {
    await page.addInitScript(
      ([t, s]) => {
        localStorage.setItem('parley:token', t);
        if (s) localStorage.setItem('parley:sort', s);
      },
      [token, sort ?? ''] as const,
    );
  };
}

/** Top-level comments of the main list (not the pinned or linked ones), by id, in the order shown. */
export async function topLevelIds(page: Page): Promise<number[]> {
  const ids = await page
    .locator('#parley .list-panel > ol.thread > li.comment')
    .evaluateAll((els) => els.map((el) => el.id));
  return ids.map((id) => Number(id.slice('comment-'.length)));
}

/** Waits until the main list's top-level comments are exactly these, in this order. */
export async function waitForTopLevel(page: Page, ids: number[]): Promise<void> {
  await page.waitForFunction(
    (expected) =>
      Array.from(
        document.querySelector('#parley')!.shadowRoot!.querySelectorAll('.list-panel > ol.thread > li.comment'),
      )
        .map((el) => el.id)
        .join() === expected.map((id) => `comment-${id}`).join(),
    ids,
  );
}

/** The card of one comment, its replies excluded. */
export function cardOf(page: Page, id: number): Locator {
  return page.locator(`#parley #comment-${id} > article`);
}

export function sortTab(page: Page, sort: 'oldest' | 'newest' | 'top'): Locator {
  return page.locator(`#parley [role="tab"][data-sort="${sort}"]`);
}
