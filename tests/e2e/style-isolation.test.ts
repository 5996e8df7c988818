// The widget and the page that embeds it keep their styles to themselves.
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import type { TestServer } from '../helpers/server';
import { mainForm, openDemo, WAIT_MS, widgetReady } from './widget-page';

let server: TestServer;
let browser: TestBrowser;

withServerAndBrowser((started) => ({ server, browser } = started));

describe('style isolation', () => {
  it("the host page's CSS does not reach into the widget", async () => {
    const page = await openDemo(browser, server.url);
    // The demo's stylesheet says `button { display: none }` and `textarea, input { border: 5px dotted red }`.
    const submit = mainForm(page).locator('button[type="submit"]');
    expect(await submit.isVisible()).toBe(true);
    const box = await submit.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(20);

    for (const selector of ['textarea[name="body"]', 'input[name="authorName"]', 'input[name="authorEmail"]']) {
      const border = await mainForm(page)
        .locator(selector)
        .evaluate((el) => {
          const style = getComputedStyle(el);
          return { style: style.borderTopStyle, width: style.borderTopWidth, colour: style.borderTopColor };
        });
      expect(border.style).not.toBe('dotted');
      expect(border.width).not.toBe('5px');
      expect(border.colour).not.toBe('rgb(255, 0, 0)');
    }

    // The rule really is in force in the page, so the checks above mean something.
    const hostButton = await page.evaluate(() => {
      const probe = document.body.appendChild(document.createElement('button'));
      const display = getComputedStyle(probe).display;
      probe.remove();
      return display;
    });
    expect(hostButton).toBe('none');
    await page.close();
  });

  it("the widget's CSS does not leak into the host page", async () => {
    const page = await openDemo(browser, server.url);
    const outside = await page.evaluate(() => ({
      sheets: Array.from(document.styleSheets).map((s) => (s.href ? new URL(s.href).pathname : 'inline')),
      adopted: document.adoptedStyleSheets.length,
      styleElements: document.querySelectorAll('style').length,
      ledeFont: getComputedStyle(document.querySelector('.lede')!).fontFamily,
    }));
    expect(outside).toEqual({
      sheets: ['/demo/article.css'],
      adopted: 0,
      styleElements: 0,
      ledeFont: expect.stringContaining('Georgia'),
    });

    // Host elements that happen to share the widget's class names keep the host's look.
    const probe = await page.evaluate(() => {
      const el = document.body.appendChild(document.createElement('div'));
      el.className = 'avatar comment-card thread parley head';
      const style = getComputedStyle(el);
      const seen = { display: style.display, radius: style.borderRadius, colour: style.color };
      el.remove();
      return seen;
    });
    expect(probe).toEqual({ display: 'block', radius: '0px', colour: 'rgb(29, 29, 31)' });
    // The widget's own styles are in its shadow root, as a constructed sheet (no inline style needed).
    const inside = await page.evaluate(() => document.querySelector('#parley')!.shadowRoot!.adoptedStyleSheets.length);
    expect(inside).toBe(1);
    await page.close();
  });

  it('without constructable stylesheets (older Safari) the styles come as style elements, and stay through a page switch', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(WAIT_MS);
    await page.addInitScript(() => {
      // What an engine without `new CSSStyleSheet()` does when the widget asks for one.
      window.CSSStyleSheet = function CSSStyleSheet() {
        throw new TypeError('Illegal constructor');
      } as unknown as typeof CSSStyleSheet;
    });
    // A site page without the demo's strict style-src: style elements are the fallback only where a page allows them.
    await page.route(`${server.url}/site/older-engine`, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A site</title></head>
<body><div id="parley" data-page-id="older-engine"></div><script src="${server.url}/widget.js" async></script></body></html>`,
      }),
    );
    await page.goto(`${server.url}/site/older-engine`);
    await widgetReady(page);
    const looks = () =>
      page.evaluate(() => {
        const shadow = document.querySelector('#parley')!.shadowRoot!;
        const display = (selector: string) => {
          const el = shadow.querySelector(selector);
          return el ? getComputedStyle(el).display : 'missing';
        };
        // The header is the first render's styling, the form the live part's.
        return {
          header: display('.head'),
          form: display('.parley > form.form'),
          styles: shadow.querySelectorAll('style').length,
        };
      });
    expect(await looks()).toEqual({ header: 'flex', form: 'grid', styles: 2 });

    await page.evaluate(() =>
      window
        .Parley!.mount(document.querySelector<HTMLElement>('#parley')!, { pageId: 'another-page' })
        .switchPage({ pageId: 'another-page' }),
    );
    await page.locator('#parley .parley[data-state="ready"]').waitFor();
    expect(await looks()).toEqual({ header: 'flex', form: 'grid', styles: 2 });
    await page.close();
  });
});
