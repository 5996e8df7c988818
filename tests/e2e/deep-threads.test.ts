// Deep conversations: every level indented up to the maximum depth, a thread line that folds its branch, and "in reply to" where nesting no longer says it.
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { en } from '../../client/messages/en';
import { makeReader } from '../helpers/api';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { openThread, startTestServer, type TestServer } from '../helpers/server';
import { newGuestToken } from '../helpers/sockets';
import { asReader, cardOf, openDemo } from './widget-page';

jest.setTimeout(90_000);

const MAX_DEPTH = 8;
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let server: TestServer;
let browser: TestBrowser;
/** Comment ids from the top-level comment (depth 0) down to the deepest reply (MAX_DEPTH). */
const chain: number[] = [];
let sibling: number;

beforeAll(async () => {
  server = await startTestServer({ maxDepth: MAX_DEPTH });
  browser = await launchBrowser();
  const { thread } = await openThread(server.url, 'harbour-lights-2026');
  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    const reader = makeReader(server.url);
    const res = await reader.post(thread.id, {
      authorName: `Level${depth}`,
      body: `At depth ${depth}.`,
      parentId: depth === 0 ? undefined : chain[depth - 1],
    });
    expect(res.json.comment.depth).toBe(depth);
    chain.push(res.json.comment.id);
  }
  // A second reply to the top comment: the first reply's whole branch stands between it and its parent.
  sibling = (
    await makeReader(server.url).post(thread.id, { authorName: 'Later', body: 'A later answer.', parentId: chain[0] })
  ).json.comment.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openAt(width: number): Promise<Page> {
  const page = await openDemo(browser, server.url, async (p) => {
    await p.setViewportSize({ width, height: 900 });
    await asReader(newGuestToken())(p);
  });
  // A page carries the first few replies of a conversation; the rest come on request.
  const more = page.locator(`#parley #comment-${chain[0]} > button.more-replies`);
  await more.click();
  await cardOf(page, chain[MAX_DEPTH]).waitFor();
  return page;
}

/** Where each level's avatar starts, in reading order (left to right here). */
async function avatarLefts(page: Page): Promise<number[]> {
  const lefts: number[] = [];
  for (const id of chain) {
    const box = await cardOf(page, id).locator('.avatar').boundingBox();
    lefts.push(box!.x);
  }
  return lefts;
}

async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const result = await (window as any).axe.run({ include: [['#parley']] }, { resultTypes: ['violations'] });
    return result.violations.map(
      (v: any) => `${v.id}: ${v.nodes.map((n: any) => JSON.stringify(n.target)).join(', ')}`,
    );
  });
}

describe('deep threads', () => {
  it.each([1280, 390])(
    'at %i px every level up to the maximum depth sits further in than its parent, and the page does not scroll sideways',
    async (width) => {
      const page = await openAt(width);
      const lefts = await avatarLefts(page);
      for (let depth = 1; depth <= MAX_DEPTH; depth++) {
        expect([depth, lefts[depth] - lefts[depth - 1]]).toEqual([depth, expect.any(Number)]);
        expect(lefts[depth]).toBeGreaterThan(lefts[depth - 1] + 4);
      }
      const deepest = await cardOf(page, chain[MAX_DEPTH]).boundingBox();
      expect(deepest!.x + deepest!.width).toBeLessThanOrEqual(width);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.close();
    },
  );

  it.each([1280, 390])(
    'at %i px "in reply to" names the parent wherever the step narrows, and below an earlier sibling’s branch',
    async (width) => {
      const page = await openAt(width);
      const narrowsFrom = width < 480 ? 3 : 4;
      for (let depth = 1; depth <= MAX_DEPTH; depth++) {
        const label = cardOf(page, chain[depth]).locator('.reply-to', {
          hasText: en.comment.inReplyTo(`Level${depth - 1}`),
        });
        expect([depth, await label.isVisible()]).toEqual([depth, depth >= narrowsFrom]);
      }
      await cardOf(page, sibling)
        .locator('.reply-to', { hasText: en.comment.inReplyTo('Level0') })
        .waitFor();
      await page.close();
    },
  );

  it('the thread line folds its branch away and opens it again, by click or keyboard, and says which', async () => {
    const page = await openAt(1280);
    const line = page.locator(`#parley #comment-${chain[2]} > button.thread-line`);
    const branch = page.locator(`#parley #comment-${chain[2]} > ol.replies`);
    expect(await line.getAttribute('aria-expanded')).toBe('true');
    expect(await line.getAttribute('aria-label')).toBe(en.comment.repliesLabel('Level2'));
    expect(await line.getAttribute('aria-controls')).toBe(await branch.getAttribute('id'));
    await line.click();
    await branch.waitFor({ state: 'hidden' });
    expect(await line.getAttribute('aria-expanded')).toBe('false');
    expect(await cardOf(page, chain[3]).isVisible()).toBe(false);
    // The comment's own toggle agrees.
    expect(await cardOf(page, chain[2]).locator('button.toggle-button').getAttribute('aria-expanded')).toBe('false');
    expect(await violations(page)).toEqual([]);

    await line.focus();
    await page.keyboard.press('Enter');
    await branch.waitFor({ state: 'visible' });
    expect(await line.getAttribute('aria-expanded')).toBe('true');
    await cardOf(page, chain[MAX_DEPTH]).waitFor();
    expect(await violations(page)).toEqual([]);
    await page.close();
  });
});
