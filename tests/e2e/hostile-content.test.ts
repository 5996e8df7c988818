// Whatever a commenter types, nothing of it runs in the page that embeds the widget.
import type { Page } from 'playwright-core';
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import { openThread, postComment, type TestServer } from '../helpers/server';
import { XSS_PAYLOADS } from '../fixtures/xss-payloads';
import { openDemo, showAllPages } from './widget-page';

declare global {
  interface Window {
    __xss: number;
    __pwned(): number;
  }
}

let server: TestServer;
let browser: TestBrowser;

withServerAndBrowser((started) => ({ server, browser } = started));

const HOSTILE_NAME = '"><img src=x onerror=__pwned()>';

const HOSTILE_BODIES = [
  '<script>__pwned()</script>Script body',
  '<img src=x onerror=__pwned()> Image body',
  '<a href="javascript:__pwned()">click</a>',
  '<a href=" java\tscript:__pwned()">spaced scheme</a>',
  '<iframe src="javascript:__pwned()"></iframe>Frame body',
  '<svg onload=__pwned()><a href="javascript:__pwned()">svg link</a></svg>Svg body',
  '<math><mi xlink:href="javascript:__pwned()">math link</mi></math>Math body',
  '<a href="https://example.com/ok" onclick="__pwned()" onmouseover="__pwned()">a real link</a>',
  '<p style="background:url(javascript:__pwned())" onclick="__pwned()">styled paragraph</p>',
  '<form><button formaction="javascript:__pwned()">form button</button></form>',
  '<details open ontoggle=__pwned()>details body</details>',
  '<object data="javascript:__pwned()"></object><embed src="javascript:__pwned()">Object body',
];

async function installTrap(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__xss = 0;
    window.__pwned = () => window.__xss++;
  });
}

describe('hostile comments', () => {
  it('a hostile body and name posted through the API never run script in the page', async () => {
    const { thread } = await openThread(server.url, 'harbour-lights-2026');
    for (const body of HOSTILE_BODIES) {
      const res = await postComment(server.url, thread.id, { authorName: HOSTILE_NAME, body });
      expect(res.status).toBe(201);
    }
    const namesOnly = await postComment(server.url, thread.id, {
      authorName: '<script>__pwned()</script>',
      body: 'Plain words',
    });
    expect(namesOnly.status).toBe(201);
    const expected = HOSTILE_BODIES.length + 1;

    const dialogs: string[] = [];
    const page = await openDemo(browser, server.url, async (p) => {
      await installTrap(p);
      p.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
    });
    await showAllPages(page);
    await page.waitForFunction(
      (n) => document.querySelector('#parley')?.shadowRoot?.querySelectorAll('li.comment').length === n,
      expected,
    );

    const links = page.locator('#parley .body a');
    const linkCount = await links.count();
    expect(linkCount).toBeGreaterThan(0);
    for (let i = 0; i < linkCount; i++) {
      // Every kept link opens a new tab (target=_blank); it is closed again (it cannot load offline anyway).
      const [popup] = await Promise.all([page.context().waitForEvent('page'), links.nth(i).click()]);
      await popup.close();
    }
    // Hovering and toggling would fire the handlers an attacker hoped survived.
    await page.locator('#parley .body').first().hover();

    expect(await page.evaluate(() => window.__xss)).toBe(0);
    expect(dialogs).toEqual([]);

    // The name is shown as the literal text typed, on every comment that used it.
    const names = await page.locator('#parley .meta .author').allTextContents();
    expect(names.filter((n) => n === HOSTILE_NAME)).toHaveLength(HOSTILE_BODIES.length);
    expect(names).toContain('<script>__pwned()</script>');

    const inside = await page.evaluate(() => {
      const root = document.querySelector('#parley')!.shadowRoot!;
      const all = Array.from(root.querySelectorAll('*'));
      return {
        dangerous: root.querySelectorAll('script, iframe, img, svg, math, object, embed, style').length,
        // The widget has forms of its own; none may come from a comment.
        foreignControls: root.querySelectorAll('.body :is(form, button, input, textarea, details)').length,
        handlers: all.flatMap((el) =>
          Array.from(el.attributes)
            .filter((a) => a.name.startsWith('on'))
            .map((a) => a.name),
        ),
        styled: root.querySelectorAll('.body [style]').length,
        anchors: Array.from(root.querySelectorAll('.body a')).map((a) => ({
          href: a.getAttribute('href') ?? '',
          rel: a.getAttribute('rel') ?? '',
          target: a.getAttribute('target'),
        })),
        // The widget's own links (permalinks) are every other anchor in the shadow root.
        ownLinks: Array.from(root.querySelectorAll('a:not(.body a)')).map((a) => a.getAttribute('href') ?? ''),
        commentCount: root.querySelectorAll('li.comment').length,
        pageAddress: location.href.split('#')[0],
      };
    });
    expect(inside.dangerous).toBe(0);
    expect(inside.foreignControls).toBe(0);
    expect(inside.handlers).toEqual([]);
    expect(inside.styled).toBe(0);
    expect(inside.anchors.length).toBe(linkCount);
    // Each comment's permalink points at this very page; nothing a commenter wrote gets into it.
    expect(inside.ownLinks).toHaveLength(inside.commentCount);
    for (const href of inside.ownLinks) {
      expect(href.slice(0, inside.pageAddress.length)).toBe(inside.pageAddress);
      expect(href.slice(inside.pageAddress.length)).toMatch(/^#comment-\d+$/);
    }
    for (const anchor of inside.anchors) {
      expect(anchor.rel.split(/\s+/)).toEqual(expect.arrayContaining(['nofollow', 'ugc', 'noopener', 'noreferrer']));
      expect(anchor.target).toBe('_blank');
      expect(anchor.href).toMatch(/^(https?:\/\/|mailto:)/);
    }
    // Links stripped of their target keep their words.
    await page.locator('#parley .body', { hasText: 'spaced scheme' }).waitFor();
    expect(await page.evaluate(() => window.__xss)).toBe(0);
    await page.close();
  });

  it('the whole hostile-input battery, as bodies and as names, posted over HTTP, never runs script in the page', async () => {
    const { thread } = await openThread(server.url, 'battery-page');
    let n = 0;
    for (const payload of XSS_PAYLOADS) {
      n++;
      const asBody = await postComment(server.url, thread.id, { authorName: `Body ${n}`, body: `${payload} (${n})` });
      expect(asBody.status).toBeLessThan(500);
      const asName = await postComment(server.url, thread.id, {
        authorName: payload.slice(0, 64),
        body: `Name test ${n}`,
      });
      expect(asName.status).toBeLessThan(500);
    }
    const page = await browser.newPage();
    await installTrap(page);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    // The thread is opened under its own page id through the embed API's data attribute.
    await page.route(`${server.url}/battery`, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><body><div id="parley" data-page-id="battery-page"></div><script src="${server.url}/widget.js" async></script></body></html>`,
      }),
    );
    await page.goto(`${server.url}/battery`);
    await page.locator('#parley .parley[data-state="ready"]').waitFor();
    await showAllPages(page);
    await page.locator('#parley .body', { hasText: 'Name test 1' }).first().waitFor();
    for (const body of await page.locator('#parley .body').all()) await body.hover();
    expect(await page.evaluate(() => window.__xss)).toBe(0);
    expect(dialogs).toEqual([]);
    const found = await page.evaluate(() => {
      const root = document.querySelector('#parley')!.shadowRoot!;
      return {
        dangerous: root.querySelectorAll(
          'script, iframe, img, svg, math, object, embed, style, base, meta, link, video, template',
        ).length,
        handlers: Array.from(root.querySelectorAll('*')).flatMap((el) =>
          Array.from(el.attributes).filter((a) => a.name.startsWith('on')),
        ).length,
        names: Array.from(root.querySelectorAll('bdi.author')).map((el) => el.textContent ?? ''),
      };
    });
    expect(found.dangerous).toBe(0);
    expect(found.handlers).toBe(0);
    // Names are shown as the literal text typed, isolated from the text around them.
    expect(found.names).toContain('<script>__pwned()</script>');
    await page.close();
  });
});
