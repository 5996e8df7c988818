// The edit window as its author sees it: the time left on the Edit button, counting down, then gone.
import { en } from '../../client/messages/en';
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import type { TestServer } from '../helpers/server';
import { newGuestToken } from '../helpers/sockets';
import { asReader, cardOf, commentIdOf, fillAndSubmit, mainForm, openDemo } from './widget-page';

const MINUTE_MS = 60_000;
const EDIT_WINDOW_MS = 15 * MINUTE_MS;

let server: TestServer;
let browser: TestBrowser;
// The server's clock and the page's clock are moved together, as real ones would be.
const startMs = Date.now();
let nowMs = startMs;

withServerAndBrowser((started) => ({ server, browser } = started), {
  config: { editWindowMs: EDIT_WINDOW_MS },
  start: { clock: { now: () => nowMs } },
});

describe('the edit window', () => {
  it('the edit window shows the time left and closes', async () => {
    const page = await openDemo(browser, server.url, async (p) => {
      await asReader(newGuestToken())(p);
      // Only Date moves; timers keep real time, so the connection's own timers are left alone.
      await p.clock.setFixedTime(startMs);
    });
    const setTime = async (ms: number) => {
      nowMs = ms;
      await page.clock.setFixedTime(ms);
    };

    await fillAndSubmit(mainForm(page), { name: 'Editor', body: 'Written in a hurry.' });
    const id = await commentIdOf(page, 'Written in a hurry.');
    const edit = cardOf(page, id).locator('button.edit-button');
    await edit.filter({ hasText: /^Edit \(15 min left\)$/ }).waitFor();
    expect(en.comment.edit(15)).toBe('Edit (15 min left)');

    // The label keeps up with the clock on its own.
    await setTime(startMs + 3 * MINUTE_MS);
    await edit.filter({ hasText: en.comment.edit(12) }).waitFor();

    await setTime(startMs + EDIT_WINDOW_MS - 30_000);
    await edit.filter({ hasText: en.comment.edit(1) }).waitFor();
    await edit.click();
    const form = cardOf(page, id).locator('form.edit-form');
    await form.locator('textarea').fill('Written in a hurry, and fixed too late.');

    // The window closes: the button goes, and the server has the last word on a form left open.
    await setTime(startMs + EDIT_WINDOW_MS + 1_000);
    await edit.waitFor({ state: 'detached' });
    // The form still stands in for the text and its actions.
    expect(await cardOf(page, id).locator('.comment-actions').isVisible()).toBe(false);
    expect(await cardOf(page, id).locator('.body').isVisible()).toBe(false);
    await form.locator('button[type="submit"]').click();
    await form
      .locator('.form-error')
      .filter({ hasText: en.errors.EDIT_WINDOW_CLOSED as string })
      .waitFor();
    await form.getByRole('button', { name: en.form.cancel }).click();
    await form.waitFor({ state: 'detached' });
    expect(await cardOf(page, id).locator('.body').textContent()).toBe('Written in a hurry.');
    expect(await cardOf(page, id).locator('button.edit-button').isVisible()).toBe(false);
    // Deleting has no window.
    expect(await cardOf(page, id).locator('button.delete-button').isVisible()).toBe(true);
    await page.close();
  });
});
