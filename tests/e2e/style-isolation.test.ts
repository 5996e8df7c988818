// The widget and the page that embeds it keep their styles to themselves.
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';
import { mainForm, openDemo } from './widget-page';

jest.setTimeout(60_000);

let server: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

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
    expect(outside).toEqual({ sheets: ['/demo/article.css'], adopted: 0, styleElements: 0, ledeFont: expect.stringContaining('Georgia') });

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
});
