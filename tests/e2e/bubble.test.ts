// The floating comment bubble: its live count, toasts about others' comments, the invite, and the site's switch.
import type { Page } from 'playwright-core';
import { en } from '../../client/messages/en';
import { makeReader } from '../helpers/api';
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import { openThread, type TestServer } from '../helpers/server';
import { newGuestToken } from '../helpers/sockets';
import { asReader, openDemo, showAllPages, WAIT_MS } from './widget-page';

let server: TestServer;
let browser: TestBrowser;

withServerAndBrowser((started) => ({ server, browser } = started));

/** A setup for openDemo: sets data-* on the mount point as soon as the parser creates it, before the async script runs. */
function withMountAttribute(name: string, value: string): (page: Page) => Promise<void> {
  return async (page) => {
    await page.addInitScript(
      ([attr, val]) => {
        const observer = new MutationObserver(() => {
          const el = document.getElementById('parley');
          if (!el) return;
          el.setAttribute(attr, val);
          observer.disconnect();
        });
        observer.observe(document, { childList: true, subtree: true });
      },
      [name, value] as const,
    );
  };
}

/** Puts the comment area well below the fold and goes back to the top of the page. */
async function readElsewhere(page: Page): Promise<void> {
  await page.evaluate(() => {
    const spacer = document.createElement('div');
    spacer.id = 'spacer';
    spacer.style.height = '3000px';
    document.getElementById('parley')!.before(spacer);
    window.scrollTo(0, 0);
  });
}

describe('comment bubble', () => {
  it('the bubble counts comments and shows a toast when one arrives from another page while the reader is elsewhere', async () => {
    const { thread } = await openThread(server.url, 'harbour-lights-2026');
    const other = makeReader(server.url);
    await other.post(thread.id, { body: 'Already here before the reader came.' });
    const before = (await openThread(server.url, 'harbour-lights-2026')).thread.commentCount as number;

    const page = await openDemo(browser, server.url, asReader(newGuestToken()));
    const bubble = page.locator('#parley .dock > button.bubble');
    await bubble.filter({ hasText: new RegExp(`^${before}$`) }).waitFor();
    expect(await bubble.getAttribute('aria-label')).toBe(en.bubble.label(before));
    // Live, and caught up: a comment that came by catch-up instead would rightly bring no toast.
    await page.locator('#parley .parley[data-state="ready"]').waitFor();
    await readElsewhere(page);
    // The widget learns the area left the screen from an IntersectionObserver, at the next frame.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

    const long = `A harbour light keeps its own time, ${'and the tide answers it '.repeat(6)}until morning.`;
    const posted = (await other.post(thread.id, { authorName: 'Marta', body: long })).json.comment.id as number;
    await bubble.filter({ hasText: new RegExp(`^${before + 1}$`) }).waitFor();
    const toast = page.locator('#parley .toast');
    await toast.waitFor();
    expect(await toast.locator('.toast-author').textContent()).toBe('Marta');
    const excerpt = (await toast.locator('.toast-text').textContent()) ?? '';
    expect(excerpt.startsWith('A harbour light keeps its own time')).toBe(true);
    expect(excerpt.endsWith('…')).toBe(true);
    expect([...excerpt].length).toBeLessThanOrEqual(81);
    // The polite region announced it; the toast is its visible twin.
    await page.locator('#parley [aria-live="polite"]', { hasText: en.announceNew('Marta') }).waitFor();

    const link = toast.locator('a.toast-link');
    expect(await link.getAttribute('href')).toMatch(new RegExp(`#comment-${posted}$`));
    await link.click();
    await page.locator(`#parley #comment-${posted}.is-target`).waitFor();
    await page.waitForFunction((id) => {
      const card = document.querySelector('#parley')!.shadowRoot!.querySelector(`#comment-${id} > article`)!;
      const box = card.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= innerHeight;
    }, posted);

    // Activating the bubble brings the reader to the form, ready to type.
    await page.evaluate(() => window.scrollTo(0, 0));
    await bubble.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => document.querySelector('#parley')!.shadowRoot!.activeElement?.getAttribute('name') === 'body',
    );
    await page.close();
  });

  it('the invite can be dismissed and stays dismissed after a reload', async () => {
    const page = await openDemo(browser, server.url, withMountAttribute('data-invite-delay', '300'));
    await readElsewhere(page);
    const invite = page.locator('#parley .dock .invite');
    await invite.filter({ hasText: en.form.bodyPlaceholder }).waitFor();
    const close = invite.locator('button.invite-close');
    expect(await close.getAttribute('aria-label')).toBe(en.bubble.dismissInvite);
    await close.click();
    await invite.waitFor({ state: 'detached' });
    const stored = Number(await page.evaluate(() => localStorage.getItem('parley:invite-dismissed')));
    expect(Date.now() - stored).toBeLessThan(WAIT_MS * 4);

    await page.reload();
    await page.locator('#parley .parley[data-state="ready"]').waitFor();
    await readElsewhere(page);
    // Long enough for the invite to have come back, measured by a page-side timer rather than a sleep here.
    await page.waitForFunction(() => new Promise((resolve) => setTimeout(() => resolve(true), 1_000)));
    expect(await invite.count()).toBe(0);
    await page.close();
  });

  it('on a 390 px screen the bubble never covers the last comment’s buttons, and comes back once the reader is elsewhere', async () => {
    const { thread } = await openThread(server.url, 'harbour-lights-2026');
    const other = makeReader(server.url);
    // A reply two levels down: its buttons reach across to the side the bubble sits on.
    const top = (await other.post(thread.id, { authorName: 'Ines', body: 'The last conversation.' })).json.comment.id;
    const mid = (await other.post(thread.id, { authorName: 'Omar', body: 'Answering.', parentId: top })).json.comment
      .id;
    const last = (await other.post(thread.id, { authorName: 'Lena', body: 'And the last word.', parentId: mid })).json
      .comment.id;

    const page = await openDemo(browser, server.url, async (p) => {
      await p.setViewportSize({ width: 390, height: 800 });
      await asReader(newGuestToken())(p);
    });
    await showAllPages(page);
    const actions = page.locator(`#parley #comment-${last} > article .comment-actions`);
    await actions.waitFor();
    const bubble = page.locator('#parley .dock > button.bubble');
    // Room below the widget, then the last comment's buttons scrolled to where the bubble floats.
    await page.evaluate(() => {
      const spacer = document.createElement('div');
      spacer.style.height = '2000px';
      document.getElementById('parley')!.after(spacer);
    });
    const bubbleBottomGap = 16 + 24;
    await actions.evaluate((el, gap) => {
      const box = el.getBoundingClientRect();
      window.scrollBy(0, box.top + box.height / 2 - (innerHeight - gap));
    }, bubbleBottomGap);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

    const buttons = await actions.locator('button, a').all();
    expect(buttons.length).toBeGreaterThan(0);
    const bubbleBox = await bubble.boundingBox();
    for (const button of buttons) {
      const box = await button.boundingBox();
      if (box === null || bubbleBox === null) continue;
      const overlaps =
        box.x < bubbleBox.x + bubbleBox.width &&
        bubbleBox.x < box.x + box.width &&
        box.y < bubbleBox.y + bubbleBox.height &&
        bubbleBox.y < box.y + box.height;
      expect([await button.textContent(), overlaps]).toEqual([await button.textContent(), false]);
    }
    // Every button can be clicked where it is: nothing of the widget lies on top of it.
    for (const button of buttons) await button.click({ trial: true, timeout: 2_000 });

    // Away from the comments, the bubble is there again to bring the reader back.
    await readElsewhere(page);
    await bubble.waitFor({ state: 'visible' });
    await page.close();
  });

  it('data-bubble=off shows no bubble', async () => {
    const page = await openDemo(browser, server.url, withMountAttribute('data-bubble', 'off'));
    expect(await page.locator('#parley .parley[data-state="ready"]').count()).toBe(1);
    expect(await page.locator('#parley .dock').count()).toBe(0);
    expect(await page.locator('#parley button.bubble').count()).toBe(0);
    await page.close();
  });
});
