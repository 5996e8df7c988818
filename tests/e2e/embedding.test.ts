// How a site embeds the widget: mount points, page identity from the document, and a script included twice.
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { en } from '../../client/messages/en';
import { makeReader } from '../helpers/api';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import { openThread, type TestServer } from '../helpers/server';
import { cardOf, fillAndSubmit, WAIT_MS } from './widget-page';

let server: TestServer;
let browser: TestBrowser;

withServerAndBrowser((started) => ({ server, browser } = started));

const CANONICAL = 'https://blog.example/2026/lamps';

function blogPage(serverUrl: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Lamps, a blog post</title><link rel="canonical" href="${CANONICAL}"></head>
<body><h1>Lamps</h1>
<div class="first" data-parley></div>
<div class="second" data-parley data-page-id="lamps-sidebar" data-page-title="Sidebar talk"></div>
<script src="${serverUrl}/widget.js" async></script>
<script src="${serverUrl}/widget.js" async></script>
</body></html>`;
}

async function findThread(pageId: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/threads?pageId=${encodeURIComponent(pageId)}`);
  return { status: res.status, body: await res.json() };
}

describe('embedding', () => {
  it('every [data-parley] element gets its own thread, mounted once even when the script is included twice', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(WAIT_MS);
    // A site's page on the same test origin, so the widget's server is the test server.
    await page.route(`${server.url}/blog/lamps`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: blogPage(server.url) }),
    );
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    // goto waits for the load event, which async scripts delay: both copies have run after it.
    await page.goto(`${server.url}/blog/lamps`);
    const first = page.locator('.first .parley[data-state="ready"]');
    const second = page.locator('.second .parley[data-state="ready"]');
    await first.waitFor();
    await second.waitFor();

    const sections = await page.evaluate(() =>
      Array.from(document.querySelectorAll('[data-parley]')).map(
        (el) => el.shadowRoot?.querySelectorAll('section.parley').length ?? 0,
      ),
    );
    expect(sections).toEqual([1, 1]);
    expect(errors).toEqual([]);

    // No data-page-id: the canonical link names the thread, the document its title.
    const byCanonical = await findThread(CANONICAL);
    expect(byCanonical.status).toBe(200);
    expect(byCanonical.body.thread).toMatchObject({ pageId: CANONICAL, url: CANONICAL, title: 'Lamps, a blog post' });
    const bySidebar = await findThread('lamps-sidebar');
    expect(bySidebar.body.thread).toMatchObject({ pageId: 'lamps-sidebar', url: CANONICAL, title: 'Sidebar talk' });

    // A comment in one stays in its own thread.
    await fillAndSubmit(page.locator('.second form.form').first(), { name: 'Side', body: 'Only in the sidebar.' });
    await page.locator('.second li.comment', { hasText: 'Only in the sidebar.' }).waitFor();
    expect((await findThread('lamps-sidebar')).body.thread.commentCount).toBe(1);
    expect((await findThread(CANONICAL)).body.thread.commentCount).toBe(0);
    expect(await page.locator('.first li.comment').count()).toBe(0);
    await page.close();
  });

  it("on another site's page the widget needs no CORS preflight, and a returning reader's own vote comes with its first answer", async () => {
    const { thread } = await openThread(server.url, 'cross-site-story');
    const id = (await makeReader(server.url).post(thread.id, { authorName: 'Ana', body: 'Written on the news site.' }))
      .json.comment.id as number;
    const story = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A story</title></head>
<body><h1>A story</h1><div id="parley" data-page-id="cross-site-story"></div>
<script src="${server.url}/widget.js" async></script></body></html>`;
    // The news site: another origin (another port), served for real so the browser itself decides on preflights.
    const site = http.createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(story),
    );
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const storyUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/2026/story`;
    const reached: string[] = [];
    const onRequest = (req: IncomingMessage) => {
      if (req.url?.startsWith('/api/')) reached.push(`${req.method} ${req.url.split('?')[0]}`);
    };
    // First in line: express rewrites req.url while it routes.
    server.httpServer.prependListener('request', onRequest);
    const unrouted = await launchBrowser({ isOfflineEnforced: false });
    try {
      /** Loads the story as a reader of the news site and returns what its first request sent and got. */
      const visit = async () => {
        const page = await unrouted.newPage();
        page.setDefaultTimeout(WAIT_MS);
        const opened = page.waitForResponse((res) => res.url() === `${server.url}/api/threads/open`);
        await page.goto(storyUrl);
        const response = await opened;
        await cardOf(page, id).waitFor();
        await page.locator('#parley .parley[data-state="ready"]').waitFor();
        return { page, sent: JSON.parse(response.request().postData() ?? '{}'), view: await response.json() };
      };

      // A reader new to the site sends no token: nothing on the page can be theirs yet.
      const first = await visit();
      expect(first.sent).toEqual({ pageId: 'cross-site-story', url: storyUrl, title: 'A story', sort: 'oldest' });
      await cardOf(first.page, id).locator('button.vote-up').click();
      await cardOf(first.page, id).locator('.score').filter({ hasText: /^1$/ }).waitFor();
      await first.page.close();

      // Back the next day: the token the widget kept goes in the body, and the vote is marked from the first answer.
      const second = await visit();
      expect(second.sent.token).toMatch(/^[\w-]{43}$/);
      expect(second.view.viewer.votes).toEqual({ [id]: 'up' });
      expect(await cardOf(second.page, id).locator('button.vote-up').getAttribute('aria-pressed')).toBe('true');
      await second.page.close();

      expect(reached.filter((r) => r.startsWith('OPTIONS'))).toEqual([]);
      expect(reached.filter((r) => r === 'POST /api/threads/open')).toHaveLength(2);
    } finally {
      server.httpServer.off('request', onRequest);
      await unrouted.close();
      await new Promise((resolve) => site.close(resolve));
    }
  });

  it('a page the server refuses says so in its first render, and why once the live part is in', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(WAIT_MS);
    // A page id over the server's limit: the first request and the socket's join are both refused.
    const refusedPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Refused</title></head>
<body><div id="parley" data-page-id="${'x'.repeat(600)}"></div><script src="${server.url}/widget.js" async></script></body></html>`;
    await page.route(`${server.url}/blog/refused`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: refusedPage }),
    );
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(`${server.url}/modules/interactive.js`, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${server.url}/blog/refused`);
    const notice = page.locator('#parley .list-panel > p.notice:not(.banner)');
    await notice.filter({ hasText: /^Comments could not be loaded\./ }).waitFor();
    expect(await page.locator('#parley li.comment').count()).toBe(0);

    release();
    await page.locator('#parley .parley[data-state="error"]').waitFor();
    expect(await notice.textContent()).toBe(en.loadFailed(en.errors.VALIDATION_FAILED as string));
    await page.close();
  });
});
