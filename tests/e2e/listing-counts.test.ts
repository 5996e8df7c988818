import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import { makeReader } from '../helpers/api';
import { openThread, type TestServer } from '../helpers/server';

let server: TestServer;
let browser: TestBrowser;

withServerAndBrowser((started) => ({ server, browser } = started));

describe('the counts script on a listing page', () => {
  it('fills every count with one request and keeps them live', async () => {
    const reader = makeReader(server.url);
    const harbour = (await openThread(server.url, 'harbour-lights-2026')).thread.id;
    await reader.post(harbour, { body: 'first' });
    await reader.post(harbour, { body: 'second' });
    const bakery = (await openThread(server.url, 'bakery-prize-2026')).thread.id;
    await reader.post(bakery, { body: 'tasty' });

    const page = await browser.newPage();
    const countRequests: string[] = [];
    page.on('request', (req) => {
      if (req.url().includes('/api/counts')) countRequests.push(req.url());
    });
    await page.goto(`${server.url}/demo/listing`);
    const count = (pageId: string) => page.locator(`[data-parley-count="${pageId}"]`);
    await page.waitForFunction(() => document.querySelectorAll('[data-parley-count-value]').length === 3);
    expect(await count('harbour-lights-2026').textContent()).toBe('2 comments');
    expect(await count('bakery-prize-2026').textContent()).toBe('1 comment');
    expect(await count('ferry-timetable-2026').textContent()).toBe('0 comments');
    expect(countRequests).toHaveLength(1);
    expect(countRequests[0]).toContain('pageId=harbour-lights-2026');
    expect(countRequests[0]).toContain('pageId=ferry-timetable-2026');

    const ferry = (await openThread(server.url, 'ferry-timetable-2026')).thread.id;
    await reader.post(ferry, { body: 'about time' });
    await reader.post(harbour, { body: 'third' });
    await page.waitForFunction(
      () =>
        document.querySelector('[data-parley-count="ferry-timetable-2026"]')?.textContent === '1 comment' &&
        document.querySelector('[data-parley-count="harbour-lights-2026"]')?.textContent === '3 comments',
    );
    expect(countRequests).toHaveLength(1);
    await page.close();
  });
});
