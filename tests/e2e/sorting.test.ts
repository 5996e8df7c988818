// The sort tabs: what each order shows, that they work from the keyboard, and that the choice is kept.
import { makeReader } from '../helpers/api';
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import { openThread, type TestServer } from '../helpers/server';
import { newGuestToken } from '../helpers/sockets';
import { asReader, cardOf, openDemo, sortTab, topLevelIds, waitForTopLevel } from './widget-page';

let server: TestServer;
let browser: TestBrowser;

withServerAndBrowser((started) => ({ server, browser } = started));

describe('sorting', () => {
  it('sort tabs reorder top-level comments and the choice is remembered', async () => {
    const { thread } = await openThread(server.url, 'harbour-lights-2026');
    const author = makeReader(server.url);
    const first = (await author.post(thread.id, { body: 'First, and liked a little.' })).json.comment.id as number;
    const second = (await author.post(thread.id, { body: 'Second, and liked the most.' })).json.comment.id as number;
    const third = (await author.post(thread.id, { body: 'Third, and disliked.' })).json.comment.id as number;
    await author.post(thread.id, { body: 'A reply stays under its parent.', parentId: first });
    const voters = [makeReader(server.url), makeReader(server.url), makeReader(server.url)];
    for (const voter of voters) expect((await voter.vote(second, 'up')).status).toBe(200);
    expect((await voters[0].vote(first, 'up')).status).toBe(200);
    expect((await voters[0].vote(third, 'down')).status).toBe(200);

    const page = await openDemo(browser, server.url, asReader(newGuestToken()));
    // Oldest is the default, and the tab list says so.
    expect(await topLevelIds(page)).toEqual([first, second, third]);
    expect(await sortTab(page, 'oldest').getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#parley .tabs[role="tablist"] [role="tab"]').count()).toBe(3);

    await sortTab(page, 'newest').click();
    await waitForTopLevel(page, [third, second, first]);
    expect(await sortTab(page, 'newest').getAttribute('aria-selected')).toBe('true');
    expect(await sortTab(page, 'oldest').getAttribute('aria-selected')).toBe('false');
    // Replies keep their place under their parent whatever the order.
    await page
      .locator(`#parley #comment-${first} > ol.replies > li.comment`, { hasText: 'A reply stays under its parent.' })
      .waitFor();

    // From the keyboard: arrows move between tabs without choosing; Enter chooses.
    await sortTab(page, 'newest').focus();
    await page.keyboard.press('ArrowRight');
    expect(
      await sortTab(page, 'top').evaluate(
        (el) => el === (el.getRootNode() as ShadowRoot).activeElement && (el as HTMLElement).tabIndex === 0,
      ),
    ).toBe(true);
    expect(await sortTab(page, 'top').getAttribute('aria-selected')).toBe('false');
    expect(await topLevelIds(page)).toEqual([third, second, first]);
    await page.keyboard.press('Enter');
    await waitForTopLevel(page, [second, first, third]);
    expect(await sortTab(page, 'top').getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => localStorage.getItem('parley:sort'))).toBe('top');
    // The list is the tab panel of the chosen tab.
    const panelLabel = await page.locator('#parley .list-panel[role="tabpanel"]').getAttribute('aria-labelledby');
    expect(panelLabel).toBe(await sortTab(page, 'top').getAttribute('id'));

    // A live score change never moves a comment under the reader's eyes.
    for (const voter of voters.slice(1)) expect((await voter.vote(third, 'up')).status).toBe(200);
    await cardOf(page, third).locator('.score').filter({ hasText: /^1$/ }).waitFor();
    expect(await topLevelIds(page)).toEqual([second, first, third]);

    // The choice is the reader's: it is still in force after a reload, which applies the new scores
    // (equal scores: the newer comment first).
    await page.reload();
    await waitForTopLevel(page, [second, third, first]);
    expect(await sortTab(page, 'top').getAttribute('aria-selected')).toBe('true');
    await page.close();
  });
});
