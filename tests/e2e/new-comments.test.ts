// Others' new comments arriving live: replies in place, top-level ones where they do not push the reader's text away.
import { en } from '../../client/messages/en';
import { makeReader } from '../helpers/api';
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import { openThread, type TestServer } from '../helpers/server';
import { newGuestToken } from '../helpers/sockets';
import { asReader, openDemo, repliesOf, topLevelIds, waitForTopLevel } from './widget-page';

let server: TestServer;
let browser: TestBrowser;

withServerAndBrowser((started) => ({ server, browser } = started));

describe('new comments from others', () => {
  it("new top-level comments from others wait behind a 'N new comments' bar under Newest", async () => {
    const { thread } = await openThread(server.url, 'harbour-lights-2026');
    const other = makeReader(server.url);
    const older = (await other.post(thread.id, { body: 'Already here, older.' })).json.comment.id as number;
    const newer = (await other.post(thread.id, { body: 'Already here, newer.' })).json.comment.id as number;

    const underOldest = await openDemo(browser, server.url, asReader(newGuestToken(), 'oldest'));
    const page = await openDemo(browser, server.url, asReader(newGuestToken(), 'newest'));
    expect(await topLevelIds(page)).toEqual([newer, older]);
    const bar = page.locator('#parley button.new-bar');
    expect(await bar.isVisible()).toBe(false);

    const first = (await other.post(thread.id, { body: 'Fresh one.' })).json.comment.id as number;
    await bar.filter({ hasText: new RegExp(`^${en.newComments(1)}$`) }).waitFor();
    const second = (await other.post(thread.id, { body: 'Fresh two.' })).json.comment.id as number;
    await bar.filter({ hasText: new RegExp(`^${en.newComments(2)}$`) }).waitFor();
    expect(en.newComments(2)).toBe('2 new comments');
    // Nothing moved under the reader meanwhile, and the count is already right.
    expect(await topLevelIds(page)).toEqual([newer, older]);
    await page
      .locator('#parley .head .count')
      .filter({ hasText: /^4 Comments$/ })
      .waitFor();

    // A reply goes straight in, in place, marked as new.
    await other.post(thread.id, { body: 'A reply, in place.', parentId: older });
    const reply = repliesOf(page, older).filter({ hasText: 'A reply, in place.' });
    await reply.waitFor();
    expect(await reply.evaluate((el) => el.classList.contains('is-new'))).toBe(true);

    // Under Oldest, with every page loaded, they simply join the end of the list.
    await waitForTopLevel(underOldest, [older, newer, first, second]);

    await bar.click();
    await waitForTopLevel(page, [second, first, newer, older]);
    expect(await bar.isVisible()).toBe(false);
    for (const id of [first, second]) {
      expect(await page.locator(`#parley #comment-${id}`).evaluate((el) => el.classList.contains('is-new'))).toBe(true);
    }
    // Each comment once, whatever route it came by.
    expect(await page.locator('#parley li.comment').count()).toBe(5);
    await Promise.all([page.close(), underOldest.close()]);
  });
});
