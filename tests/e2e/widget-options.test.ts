// What a site can choose for the widget: lazy start, language, theme, and mounting from its own script.
import type { Page } from 'playwright-core';
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import { openThread, postComment, type TestServer } from '../helpers/server';
import { WAIT_MS } from './widget-page';

let server: TestServer;
let browser: TestBrowser;

withServerAndBrowser((started) => ({ server, browser } = started));

/** Serves a site page from the test origin (so the widget's server is the test server). */
async function sitePage(path: string, body: string, lang = 'en'): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(WAIT_MS);
  await page.route(`${server.url}${path}`, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html',
      body: `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>A site page</title></head><body>${body}</body></html>`,
    }),
  );
  return page;
}

const script = () => `<script src="${server.url}/widget.js" async></script>`;

describe('lazy start', () => {
  it('lazy start: no comment request until scrolled near', async () => {
    const page = await sitePage(
      '/site/long',
      `<h1>Long article</h1><div id="spacer" style="height:4000px"></div><div id="parley" data-page-id="lazy-page"></div>${script()}`,
    );
    const requests: string[] = [];
    page.on('request', (req) => requests.push(req.url()));
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(`${server.url}/site/long`);
    await page.locator('#parley .parley[data-state="idle"]').waitFor();
    const box = await page.locator('#parley').boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(320);
    // The load event has passed: the script ran and is waiting for the reader to come near.
    expect(requests.filter((url) => url !== `${server.url}/site/long`)).toEqual([`${server.url}/widget.js`]);
    expect(sockets).toEqual([]);

    await page.locator('#parley').scrollIntoViewIfNeeded();
    await page.locator('#parley .parley[data-state="ready"]').waitFor();
    expect(requests.some((url) => url === `${server.url}/api/threads/open`)).toBe(true);
    expect(requests.some((url) => url.includes('/modules/interactive.js'))).toBe(true);
    await page.close();
  });
});

describe('languages', () => {
  it('data-lang="ar" renders right-to-left with Arabic strings and a pluralised count', async () => {
    const thread = await openThread(server.url, 'arabic-page');
    for (const body of ['تعليق أول', 'تعليق ثانٍ', 'تعليق ثالث']) {
      const res = await postComment(
        server.url,
        thread.thread.id,
        { authorName: 'سارة', body },
        { 'x-parley-token': 'a'.repeat(43) },
      );
      expect(res.status).toBe(201);
    }
    const page = await sitePage(
      '/site/ar',
      `<div id="parley" data-page-id="arabic-page" data-lang="ar"></div>${script()}`,
    );
    await page.goto(`${server.url}/site/ar`);
    const root = page.locator('#parley .parley[data-state="ready"]');
    await root.waitFor();
    expect(await root.getAttribute('dir')).toBe('rtl');
    expect(await root.getAttribute('lang')).toBe('ar');
    // Three takes the "few" form in Arabic; digits are the ones Intl gives for "ar".
    expect(await page.locator('#parley .head .count').textContent()).toBe(
      `${new Intl.NumberFormat('ar').format(3)} تعليقات`,
    );
    expect(await page.locator('#parley [role="tab"][data-sort="newest"]').textContent()).toBe('الأحدث');
    expect(await page.locator('#parley form.form button[type="submit"]').textContent()).toBe('نشر التعليق');
    expect(await page.locator('#parley .author').first().getAttribute('dir')).toBe('auto');
    expect(await page.locator('#parley .body').first().getAttribute('dir')).toBe('auto');
    const direction = await page.locator('#parley .list-panel').evaluate((el) => getComputedStyle(el).direction);
    expect(direction).toBe('rtl');
    await page.close();
  });

  it('without data-lang, the nearest lang attribute chooses', async () => {
    const page = await sitePage(
      '/site/nested',
      `<div lang="ar"><div id="parley" data-page-id="nested-lang"></div></div>${script()}`,
    );
    await page.goto(`${server.url}/site/nested`);
    await page.locator('#parley .parley[data-state="ready"]').waitFor();
    expect(await page.locator('#parley .list-panel > p.notice:not(.banner)').textContent()).toBe('كن أول من يعلّق.');
    await page.close();
  });
});

describe('themes', () => {
  async function colours(page: Page) {
    return page.locator('#parley .parley').evaluate((el) => {
      const style = getComputedStyle(el);
      return { color: style.color, background: style.backgroundColor };
    });
  }

  it('auto follows a dark colour scheme; light stays light; a host property wins', async () => {
    const page = await sitePage(
      '/site/themes',
      `<div id="parley" data-page-id="themes"></div><div id="light" data-parley data-page-id="themes" data-theme="light"></div>
       <style>#custom { --parley-bg: rgb(10, 20, 30); }</style><div id="custom" data-parley data-page-id="themes" data-theme="dark"></div>${script()}`,
    );
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${server.url}/site/themes`);
    for (const id of ['parley', 'light', 'custom']) await page.locator(`#${id} .parley[data-state="ready"]`).waitFor();
    expect(await colours(page)).toEqual({ color: 'rgb(232, 234, 237)', background: 'rgb(21, 23, 28)' });
    const light = await page.locator('#light .parley').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(light).toBe('rgba(0, 0, 0, 0)');
    const custom = await page.locator('#custom .parley').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(custom).toBe('rgb(10, 20, 30)');
    await page.emulateMedia({ colorScheme: 'light' });
    expect((await colours(page)).background).toBe('rgba(0, 0, 0, 0)');
    await page.close();
  });
});

describe('JavaScript API', () => {
  it('mount, switch page and unmount leave no open socket', async () => {
    await openThread(server.url, 'harbour-lights-2026');
    const two = await openThread(server.url, 'ferry-timetable-2026');
    await postComment(
      server.url,
      two.thread.id,
      { authorName: 'Ines', body: 'Only on the second page.' },
      { 'x-parley-token': 'b'.repeat(43) },
    );
    const page = await browser.newPage();
    page.setDefaultTimeout(WAIT_MS);
    // The browser's own record of WebSockets: opened, and closed when the page lets go of them.
    let openSockets = 0;
    page.on('websocket', (ws) => {
      openSockets++;
      ws.on('close', () => openSockets--);
    });
    const socketsSettleAt = async (count: number) => {
      const deadline = Date.now() + WAIT_MS;
      while (openSockets !== count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} open WebSocket(s), have ${openSockets}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    };
    // The demo single-page site drives the widget through window.Parley from its own script.
    await page.goto(`${server.url}/demo/spa`);
    await page.waitForFunction(() => 'Parley' in window);
    const root = page.locator('#spa-comments .parley');

    await page.locator('.spa-link', { hasText: 'Harbour lights' }).click();
    await page.locator('#spa-comments .parley[data-state="ready"]').waitFor();
    await socketsSettleAt(1);
    expect(await root.locator('.list-panel > p.notice:not(.banner)').textContent()).toBe('Be the first to comment.');

    await page.locator('.spa-link', { hasText: 'Ferry timetable' }).click();
    await page.locator('#spa-comments .comment-card', { hasText: 'Only on the second page.' }).waitFor();
    await page.locator('#spa-comments .parley[data-state="ready"]').waitFor();
    await socketsSettleAt(1);

    await page.locator('.spa-link', { hasText: 'Close comments' }).click();
    await socketsSettleAt(0);
    expect(await page.locator('#spa-comments').evaluate((el) => el.shadowRoot?.childElementCount ?? 0)).toBe(0);
    await page.close();
  });
});
