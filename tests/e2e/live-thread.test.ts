// The widget as readers use it together: posting, replying and seeing each other's comments live.
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import type { TestServer } from '../helpers/server';
import { commentCard, commentIdOf, fillAndSubmit, headerCount, mainForm, openDemo, repliesOf } from './widget-page';

let server: TestServer;
let browser: TestBrowser;

withServerAndBrowser((started) => ({ server, browser } = started));

describe('a live thread in the demo page', () => {
  it('a comment and a reply posted on one open page appear on the other without reload', async () => {
    const pageA = await openDemo(browser, server.url);
    const pageB = await openDemo(browser, server.url);
    await expectText(headerCount(pageB), '0 Comments');

    const topText = 'The orange glow was part of the town. Keep it.';
    await fillAndSubmit(mainForm(pageA), { name: 'Ines Okafor', body: topText });
    // The poster sees their own comment at once, and the form is ready for the next one.
    await commentCard(pageA, topText).waitFor();
    expect(await mainForm(pageA).locator('textarea').inputValue()).toBe('');

    const topId = await commentIdOf(pageB, topText);
    await expectText(headerCount(pageB), '1 Comment');

    await pageB.locator(`#parley #comment-${topId} > article button.reply-button`).click();
    const replyForm = pageB.locator(`#parley #comment-${topId} form.reply-form`);
    const replyText = 'The coastguard agreed the beam angles, though.';
    await fillAndSubmit(replyForm, { name: 'Harbour Master', body: replyText });
    await replyForm.waitFor({ state: 'detached' });

    await repliesOf(pageA, topId).filter({ hasText: replyText }).waitFor();
    await expectText(headerCount(pageA), '2 Comments');
    await expectText(headerCount(pageB), '2 Comments');

    // Nobody sees anything twice, though the poster hears both the ack and the broadcast.
    for (const page of [pageA, pageB]) {
      expect(await commentCard(page, topText).count()).toBe(1);
      expect(await commentCard(page, replyText).count()).toBe(1);
      expect(await repliesOf(page, topId).count()).toBe(1);
    }
    await Promise.all([pageA.close(), pageB.close()]);
  });

  it('a reader who reloads sees the same thread', async () => {
    const page = await openDemo(browser, server.url);
    const topText = 'Will the foundry cast the posts to the old pattern?';
    const replyText = 'Yes, from the 1987 drawings in the junction box.';
    await fillAndSubmit(mainForm(page), { name: 'Mara', body: topText });
    const topId = await commentIdOf(page, topText);
    await page.locator(`#parley #comment-${topId} > article button.reply-button`).click();
    await fillAndSubmit(page.locator(`#parley #comment-${topId} form.reply-form`), { body: replyText });
    await repliesOf(page, topId).filter({ hasText: replyText }).waitFor();
    const countBefore = await headerCount(page).textContent();

    await page.reload();
    await repliesOf(page, topId).filter({ hasText: replyText }).waitFor();
    expect(await commentCard(page, topText).count()).toBe(1);
    expect(await commentCard(page, replyText).count()).toBe(1);
    expect(await headerCount(page).textContent()).toBe(countBefore);
    // The name given once is remembered for the next comment.
    expect(await mainForm(page).locator('input[name="authorName"]').inputValue()).toBe('Mara');
    await page.close();
  });
});

async function expectText(locator: import('playwright-core').Locator, text: string): Promise<void> {
  await locator.filter({ hasText: new RegExp(`^${text}$`) }).waitFor();
}
