// Inline feedback in Chromium: passage buttons and their popover, live counts, the Inline Feedbacks filter, quoting selected text (also after an edit), axe and the keyboard.
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import { openThread, postComment, type TestServer } from '../helpers/server';
import { commentCard, openDemo, WAIT_MS } from './widget-page';

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let server: TestServer;
let browser: TestBrowser;

withServerAndBrowser((started) => ({ server, browser } = started));

const passageButton = (page: Page, id: string) =>
  page.locator(`[data-parley-passage="${id}"] + [data-parley-passage-button] button`);
const popover = (page: Page) => page.locator('#parley .popover[role="dialog"]');
const filterButton = (page: Page, name: RegExp) => page.locator('#parley .feedback-filter button', { hasText: name });

async function violations(page: Page, include: string[][]): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (targets) => {
    const axe = (window as any).axe;
    const result = await axe.run({ include: targets }, { resultTypes: ['violations'] });
    return result.violations.map(
      (v: any) => `${v.id}: ${v.nodes.map((n: any) => JSON.stringify(n.target)).join(', ')}`,
    ) as string[];
  }, include);
}

/** A page of one article paragraph and the widget, served at its own address. */
async function openArticle(pageId: string, paragraph: string): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(WAIT_MS);
  await page.route(`${server.url}/site/${pageId}`, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Article</title></head><body><main>
<h1>Article</h1><article><p id="para">${paragraph}</p></article>
<div id="parley" data-page-id="${pageId}"></div></main><script src="${server.url}/widget.js" async></script></body></html>`,
    }),
  );
  await page.goto(`${server.url}/site/${pageId}`);
  await page.locator('#parley .parley[data-state="ready"]').waitFor();
  return page;
}

/** Selects `text` inside the paragraph, as a reader's drag would. */
async function select(page: Page, text: string): Promise<void> {
  await page.evaluate((wanted) => {
    const node = document.getElementById('para')!.firstChild as Text;
    const start = node.data.indexOf(wanted);
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, start + wanted.length);
    const selection = document.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
  }, text);
}

const selectedText = (page: Page) => page.evaluate(() => document.getSelection()!.toString().replace(/\s+/g, ' '));

describe('inline feedback', () => {
  it('a passage popover opens; feedback sent there counts live on another page and lists under Inline Feedbacks', async () => {
    const reader = await openDemo(browser, server.url);
    const other = await openDemo(browser, server.url);
    await passageButton(other, 'led-heads').waitFor();
    expect(await passageButton(other, 'led-heads').getAttribute('aria-label')).toBe('Give feedback on this passage');

    await passageButton(reader, 'led-heads').click();
    const dialog = popover(reader);
    await dialog.waitFor();
    expect(await dialog.locator('h3').textContent()).toBe('Is this a fair worry?');
    expect(await dialog.getAttribute('aria-labelledby')).toBe(await dialog.locator('h3').getAttribute('id'));
    await dialog.locator('input').fill('Skipper Jo');
    await dialog.locator('textarea').fill('The skippers will adapt within a week.');
    await dialog.locator('button[type="submit"]').click();
    await dialog.locator('li', { hasText: 'The skippers will adapt' }).waitFor();

    // The other reader's count changes live, and so does the filter's.
    await other.waitForFunction(
      () =>
        document
          .querySelector('[data-parley-passage="led-heads"] + [data-parley-passage-button]')
          ?.shadowRoot?.querySelector('button')?.textContent === '1',
    );
    await filterButton(other, /Inline Feedbacks \(1\)/).waitFor();
    await filterButton(other, /Inline Feedbacks/).click();
    expect(await filterButton(other, /Inline Feedbacks/).getAttribute('aria-pressed')).toBe('true');
    const card = commentCard(other, 'The skippers will adapt');
    await card.waitFor();
    expect(await card.locator('.anchor-quote span').textContent()).toMatch(/^On: “The fishing co-operative worries/);
    await commentCard(other, 'The skippers will adapt').locator('.anchor-quote button').click();
    expect(await selectedText(other)).toMatch(/^The fishing co-operative worries that the new LED heads,/);

    await filterButton(other, /View all comments/).click();
    expect(await filterButton(other, /View all comments/).getAttribute('aria-pressed')).toBe('true');
    await reader.close();
    await other.close();
  });

  it('under Inline Feedbacks, a new comment that is not feedback is neither shown nor counted as new; new feedback is', async () => {
    const { thread } = await openThread(server.url, 'harbour-lights-2026');
    const reader = await openDemo(browser, server.url);
    await passageButton(reader, 'led-heads').waitFor();
    await filterButton(reader, /Inline Feedbacks/).click();
    expect(await filterButton(reader, /Inline Feedbacks/).getAttribute('aria-pressed')).toBe('true');

    const plain = await postComment(server.url, thread.id, {
      authorName: 'Ola',
      body: 'A plain comment, not feedback.',
    });
    expect(plain.status).toBe(201);
    const feedback = await postComment(server.url, thread.id, {
      authorName: 'Per',
      body: 'Feedback that arrives after the plain one.',
      anchor: { passageId: 'led-heads' },
    });
    expect(feedback.status).toBe(201);
    // Events arrive in order: once the feedback is in (placed, or waiting behind the bar),
    // the plain comment before it has been dealt with.
    const feedbackCard = commentCard(reader, 'Feedback that arrives after the plain one.');
    const newBar = reader.locator('#parley .new-bar:not([hidden])');
    await feedbackCard.or(newBar).first().waitFor();
    if (await newBar.isVisible()) {
      expect(await newBar.textContent()).toMatch(/^1 /);
      await newBar.click();
    }
    await feedbackCard.waitFor();
    expect(await commentCard(reader, 'A plain comment, not feedback.').count()).toBe(0);
    await reader.close();
  });

  it('axe finds nothing on the popover and the filter, and the keyboard alone opens, sends and closes', async () => {
    const page = await openDemo(browser, server.url);
    await passageButton(page, 'paperwork').waitFor();
    await page.locator('#parley .feedback-filter').waitFor();
    expect(await violations(page, [['#parley']])).toEqual([]);

    // Tab from the top of the page to the passage's button.
    let isOnButton = false;
    for (let i = 0; i < 40 && !isOnButton; i++) {
      await page.keyboard.press('Tab');
      isOnButton = await page.evaluate(
        () =>
          document.activeElement?.matches('[data-parley-passage="paperwork"] + [data-parley-passage-button]') === true,
      );
    }
    expect(isOnButton).toBe(true);
    await page.keyboard.press('Enter');
    await popover(page).waitFor();
    expect(await violations(page, [['#parley'], ['[data-parley-passage-button]']])).toEqual([]);
    // The focus is in the form: on the name for a reader who has none yet, else on the text.
    const isNameFirst = await popover(page)
      .locator('input')
      .evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el);
    if (isNameFirst) {
      await page.keyboard.type('Keys Only');
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type('Typed without a mouse.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await popover(page).locator('li', { hasText: 'Typed without a mouse.' }).waitFor();
    await page.keyboard.press('Escape');
    await popover(page).waitFor({ state: 'detached' });
    const isBack = await page.evaluate(
      () =>
        document.activeElement?.matches('[data-parley-passage="paperwork"] + [data-parley-passage-button]') === true,
    );
    expect(isBack).toBe(true);
    await page.close();
  });

  it('selected text is quoted with its comment and found again, also after the paragraph was slightly edited', async () => {
    const original =
      'The council met on Tuesday and agreed that the lamps would stay orange until the spring review of the quay.';
    const page = await openArticle('quote-round-trip', original);
    await select(page, 'the lamps would stay orange until the spring review');
    const button = page.locator('#parley .quote-button');
    await button.waitFor();
    await button.click();
    const dialog = popover(page);
    await dialog.waitFor();
    expect(await dialog.locator('.anchor-quote').textContent()).toBe(
      'On: “the lamps would stay orange until the spring review”',
    );
    await dialog.locator('input').fill('Quoter');
    await dialog.locator('textarea').fill('Orange forever.');
    await dialog.locator('button[type="submit"]').click();
    const card = commentCard(page, 'Orange forever.');
    await card.waitFor();
    await card.locator('.anchor-quote button').click();
    expect(await selectedText(page)).toBe('the lamps would stay orange until the spring review');
    await page.close();

    // A word of the quote changed: the text between its context is found instead.
    const edited = original.replace('spring review', 'springtime review');
    const later = await openArticle('quote-round-trip', edited);
    const again = commentCard(later, 'Orange forever.');
    await again.locator('.anchor-quote button').click();
    expect(await selectedText(later)).toBe('the lamps would stay orange until the springtime review');
    await later.close();

    // Rewritten altogether: the quote is still shown, with nothing to link to.
    const rewritten = await openArticle('quote-round-trip', 'A different paragraph about something else entirely.');
    const gone = commentCard(rewritten, 'Orange forever.');
    await gone.locator('.anchor-quote').waitFor();
    expect(await gone.locator('.anchor-quote span').textContent()).toBe(
      'On: “the lamps would stay orange until the spring review”',
    );
    expect(await gone.locator('.anchor-quote button').count()).toBe(0);
    await rewritten.close();
  });

  it("after Parley.switchPage the new article's passages get their buttons and counts; the old ones go", async () => {
    const next = await openThread(server.url, 'spa-second');
    const posted = await postComment(server.url, next.thread.id, {
      authorName: 'Earlier',
      body: 'Already here.',
      anchor: { passageId: 'second-claim' },
    });
    expect(posted.status).toBe(201);
    const page = await browser.newPage();
    page.setDefaultTimeout(WAIT_MS);
    await page.route(`${server.url}/site/spa`, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>App</title></head><body><main>
<article id="article"><p><span data-parley-passage="first-claim" data-parley-question="First?">First claim.</span></p></article>
<div id="comments"></div></main><script src="${server.url}/widget.js"></script>
<script>window.app = Parley.mount(document.getElementById('comments'), { pageId: 'spa-first' });</script></body></html>`,
      }),
    );
    await page.goto(`${server.url}/site/spa`);
    await passageButton(page, 'first-claim').waitFor();
    await page.evaluate(() => {
      document.getElementById('article')!.innerHTML =
        '<p><span data-parley-passage="second-claim" data-parley-question="Second?">Second claim.</span></p>';
      (window as any).app.switchPage({ pageId: 'spa-second' });
    });
    await page.waitForFunction(
      () =>
        document
          .querySelector('[data-parley-passage="second-claim"] + [data-parley-passage-button]')
          ?.shadowRoot?.querySelector('button')?.textContent === '1',
    );
    expect(await page.locator('[data-parley-passage-button]').count()).toBe(1);
    await page.close();
  });

  it('a hostile question and passage id from the host page are shown as text, and the question is cut', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(WAIT_MS);
    const question = `<img src=x onerror="window.hacked=1">${'?'.repeat(400)}`;
    await page.route(`${server.url}/site/hostile-passage`, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A</title></head><body><main>
<p><span data-parley-passage="&quot;&gt;<b>" data-parley-question="${question.replace(/"/g, '&quot;').replace(/</g, '&lt;')}">Text.</span></p>
<div id="parley" data-page-id="hostile-passage"></div></main><script src="${server.url}/widget.js" async></script></body></html>`,
      }),
    );
    await page.goto(`${server.url}/site/hostile-passage`);
    await page.locator('[data-parley-passage-button] button').click();
    const title = popover(page).locator('h3');
    await title.waitFor();
    expect(await title.textContent()).toBe(question.slice(0, 300));
    expect(await popover(page).locator('img').count()).toBe(0);
    await popover(page).locator('input').fill('Tester');
    await popover(page).locator('textarea').fill('Hostile passage id kept as text.');
    await popover(page).locator('button[type="submit"]').click();
    await commentCard(page, 'Hostile passage id kept as text.').waitFor();
    const thread = await openThread(server.url, 'hostile-passage');
    expect(thread.comments[0].anchor?.passageId).toBe('"><b>');
    expect(await page.evaluate(() => (window as any).hacked)).toBeUndefined();
    await page.close();
  });

  it('no "Comment on this" for text selected inside the widget', async () => {
    const page = await openArticle('quote-inside-widget', 'Some article text to read.');
    await select(page, 'article text');
    await page.locator('#parley .quote-button').waitFor();
    await page.evaluate(() => {
      const heading = document.querySelector('#parley')!.shadowRoot!.querySelector('h2')!;
      const range = document.createRange();
      range.selectNodeContents(heading);
      document.getSelection()!.removeAllRanges();
      document.getSelection()!.addRange(range);
    });
    await page.locator('#parley .quote-button').waitFor({ state: 'hidden' });
    await page.close();
  });
});
