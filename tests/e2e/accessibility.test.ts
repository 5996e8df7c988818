// Checks the widget with axe-core (inside its shadow root) in the states readers meet, and keyboard-only posting.
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import { openThread, postComment, type TestServer } from '../helpers/server';
import { commentCard, mainForm, WAIT_MS } from './widget-page';

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let server: TestServer;
let browser: TestBrowser;

withServerAndBrowser((started) => ({ server, browser } = started));

async function openPage(pageId: string, attrs = '', setup?: (page: Page) => Promise<void>): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(WAIT_MS);
  if (setup) await setup(page);
  await page.route(`${server.url}/site/${pageId}`, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Article</title></head><body><main><h1>Article</h1>
<div id="parley" data-page-id="${pageId}" ${attrs}></div></main><script src="${server.url}/widget.js" async></script></body></html>`,
    }),
  );
  await page.goto(`${server.url}/site/${pageId}`);
  await page.locator('#parley .parley[data-state="ready"]').waitFor();
  return page;
}

/** axe's violations inside the widget, as "rule: targets" lines, so a failure says what is wrong. */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    const axe = (window as any).axe;
    const result = await axe.run({ include: [['#parley']] }, { resultTypes: ['violations'] });
    return result.violations.map(
      (v: any) => `${v.id}: ${v.nodes.map((n: any) => JSON.stringify(n.target)).join(', ')}`,
    );
  });
  return found as string[];
}

async function seed(pageId: string, count: number): Promise<void> {
  const thread = await openThread(server.url, pageId);
  for (let i = 1; i <= count; i++) {
    const res = await postComment(
      server.url,
      thread.thread.id,
      { authorName: `Reader ${i}`, body: `Comment number ${i} with **bold** words.` },
      { 'x-parley-token': `${'c'.repeat(40)}${String(i).padStart(3, '0')}` },
    );
    expect(res.status).toBe(201);
  }
}

describe('axe finds no violations', () => {
  it('in an empty thread', async () => {
    const page = await openPage('axe-empty');
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it('in a long thread', async () => {
    await seed('axe-long', 25);
    const page = await openPage('axe-long');
    await commentCard(page, 'Comment number 20 with').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it('with form errors shown', async () => {
    const page = await openPage('axe-errors');
    await mainForm(page).locator('button[type="submit"]').click();
    await mainForm(page).locator('[aria-invalid="true"]').first().waitFor();
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it('while editing', async () => {
    const page = await openPage('axe-edit');
    await mainForm(page).locator('textarea[name="body"]').fill('A comment to edit.');
    await mainForm(page).locator('input[name="authorName"]').fill('Editor');
    await mainForm(page).locator('button[type="submit"]').click();
    await commentCard(page, 'A comment to edit.').locator('button.edit-button').click();
    await page.locator('#parley form.edit-form').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it('with the Preview tab open', async () => {
    const page = await openPage('axe-preview');
    await mainForm(page).locator('textarea[name="body"]').fill('**Bold**, `code` and\n\n> a quote\n\n- a list');
    await mainForm(page).getByRole('tab', { name: 'Preview' }).click();
    await mainForm(page).locator('.preview blockquote').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it('in the dark theme', async () => {
    await seed('axe-dark', 3);
    const page = await openPage('axe-dark', '', (p) => p.emulateMedia({ colorScheme: 'dark' }));
    await commentCard(page, 'Comment number 3').waitFor();
    expect(await page.locator('#parley .parley').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
      'rgb(21, 23, 28)',
    );
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it('in Arabic', async () => {
    await seed('axe-ar', 2);
    const page = await openPage('axe-ar', 'data-lang="ar"');
    await commentCard(page, 'Comment number 2').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.close();
  });
});

describe('keyboard only', () => {
  it('keyboard-only posting and replying', async () => {
    // A first-time reader, who types a name: earlier tests' posts left one remembered in this browser.
    const page = await openPage('keyboard', '', async (p) => {
      await p.addInitScript(() => localStorage.removeItem('parley:author'));
    });
    const active = () =>
      page.evaluate(() => {
        const el = document.querySelector('#parley')!.shadowRoot!.activeElement as HTMLElement | null;
        return el
          ? `${el.tagName.toLowerCase()}${el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : ''}.${el.className}`
          : '';
      });
    /** Tabs forward until the focused element inside the widget matches. */
    async function tabTo(pattern: RegExp, max = 40): Promise<void> {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        if (pattern.test(await active())) return;
      }
      throw new Error(`Tab never reached ${pattern}; last focus ${await active()}`);
    }
    await page.locator('h1').focus();
    await tabTo(/textarea\[name=body\]/);
    await page.keyboard.type('Typed without a mouse.');
    await tabTo(/input\[name=authorName\]/);
    await page.keyboard.type('Keys');
    await tabTo(/button.*primary/);
    await page.keyboard.press('Enter');
    const card = commentCard(page, 'Typed without a mouse.');
    await card.waitFor();
    // The focus ring shows where the keyboard is.
    await page.keyboard.press('Shift+Tab');
    await tabTo(/reply-button/);
    const outline = await page.evaluate(() => {
      const el = document.querySelector('#parley')!.shadowRoot!.activeElement as HTMLElement;
      return getComputedStyle(el).outlineStyle;
    });
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.locator('#parley form.reply-form textarea').waitFor();
    expect(await active()).toMatch(/textarea\[name=body\]/);
    await page.keyboard.type('A reply, by keyboard too.');
    await tabTo(/button.*primary/);
    await page.keyboard.press('Enter');
    await commentCard(page, 'A reply, by keyboard too.').waitFor();
    await page.close();
  });
});
