// Long and deep conversations: the first replies shown with the rest on request, collapsing, and depth beyond the limit.
import { en } from '../../client/messages/en';
import { makeReader } from '../helpers/api';
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import { openThread, type TestServer } from '../helpers/server';
import { newGuestToken } from '../helpers/sockets';
import { asReader, cardOf, fillAndSubmit, openDemo } from './widget-page';

const MAX_DEPTH = 2;
const REPLY_COUNT = 12;

let server: TestServer;
let browser: TestBrowser;

withServerAndBrowser((started) => ({ server, browser } = started), { config: { maxDepth: MAX_DEPTH } });

describe('replies', () => {
  it('a comment with more than 3 replies shows 3 and the rest on request, and its thread collapses', async () => {
    const { thread } = await openThread(server.url, 'harbour-lights-2026');
    const reader = makeReader(server.url);
    const parent = (await reader.post(thread.id, { body: 'A popular comment.' })).json.comment.id;
    for (let i = 1; i <= REPLY_COUNT; i++)
      await reader.post(thread.id, { body: `Reply number ${i}.`, parentId: parent });

    const page = await openDemo(browser, server.url, asReader(newGuestToken()));
    const replies = page.locator(`#parley #comment-${parent} > ol.replies > li.comment`);
    const visibleReplies = page.locator(`#parley #comment-${parent} > ol.replies > li.comment:visible`);
    const more = page.locator(`#parley #comment-${parent} > button.more-replies`);
    await more.filter({ hasText: new RegExp(`^${en.comment.moreReplies(REPLY_COUNT - 3)}$`) }).waitFor();
    expect(await visibleReplies.allTextContents()).toEqual([
      expect.stringContaining('Reply number 1.'),
      expect.stringContaining('Reply number 2.'),
      expect.stringContaining('Reply number 3.'),
    ]);

    await more.click();
    await page.waitForFunction(
      ([id, n]) =>
        document
          .querySelector('#parley')!
          .shadowRoot!.querySelectorAll(`#comment-${id} > ol.replies > li.comment:not([hidden])`).length === n,
      [parent, REPLY_COUNT] as const,
    );
    expect(await more.isVisible()).toBe(false);
    expect(await replies.count()).toBe(REPLY_COUNT);
    expect((await replies.last().textContent()) ?? '').toContain(`Reply number ${REPLY_COUNT}.`);

    // Collapsing hides the whole conversation below; the button says what it does and how many wait.
    const toggle = cardOf(page, parent).locator('button.toggle-button');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await toggle.click();
    await page.locator(`#parley #comment-${parent} > ol.replies`).waitFor({ state: 'hidden' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await toggle.textContent()).toBe(en.comment.showReplies(REPLY_COUNT));
    await toggle.press('Enter');
    await page.locator(`#parley #comment-${parent} > ol.replies`).waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');

    // The reader's own reply shows at once even where replies are held back.
    await page.reload();
    await more.waitFor();
    await cardOf(page, parent).locator('button.reply-button').click();
    await fillAndSubmit(page.locator(`#parley #comment-${parent} form.reply-form`), {
      name: 'Mara',
      body: 'My own late reply.',
    });
    await page
      .locator(`#parley #comment-${parent} > ol.replies > li.comment:visible`, { hasText: 'My own late reply.' })
      .waitFor();
    await page.close();
  });

  it('a reply past the deepest level sits beside its parent and says whom it answers', async () => {
    const { thread } = await openThread(server.url, 'harbour-lights-2026');
    const reader = makeReader(server.url);
    const top = (await reader.post(thread.id, { authorName: 'Ada', body: 'Level zero.' })).json.comment.id;
    const one = (await reader.post(thread.id, { authorName: 'Ben', body: 'Level one.', parentId: top })).json.comment
      .id;
    const two = (await reader.post(thread.id, { authorName: 'Cleo', body: 'Level two.', parentId: one })).json.comment
      .id;
    const page = await openDemo(browser, server.url, asReader(newGuestToken()));
    await cardOf(page, two).waitFor();

    // Answered live, past the limit: it lands beside Cleo's comment, naming her.
    const deep = (await reader.post(thread.id, { authorName: 'Dev', body: 'Answering level two.', parentId: two })).json
      .comment;
    expect(deep.parentId).toBe(one);
    await page.locator(`#parley #comment-${one} > ol.replies > #comment-${deep.id}`).waitFor();
    expect(await cardOf(page, deep.id).locator('.reply-to').textContent()).toBe(en.comment.inReplyTo('Cleo'));
    await page.close();
  });
});
