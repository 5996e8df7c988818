// How a site embeds the widget: mount points, page identity from the document, and a script included twice.
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';
import { fillAndSubmit, WAIT_MS } from './widget-page';

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
      Array.from(document.querySelectorAll('[data-parley]')).map((el) => el.shadowRoot?.querySelectorAll('section.parley').length ?? 0),
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
});
