// Emoji reactions as readers meet them: live on every open page, given with the keyboard alone, accessible with the set open, and gone when the site owner turns them off.
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { createModeratorAccount, loginAsModerator, TEST_PASSWORD_COST } from '../helpers/admin';
import { makeReader } from '../helpers/api';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { openThread, startTestServer, type TestServer } from '../helpers/server';
import { newGuestToken } from '../helpers/sockets';
import { asReader, cardOf, openDemo } from './widget-page';

jest.setTimeout(90_000);

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** The demo article's page id. */
const DEMO_PAGE = 'harbour-lights-2026';

let server: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
  server = await startTestServer({}, { passwordCostLog2: TEST_PASSWORD_COST });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function commentOnDemo(body: string): Promise<number> {
  const { thread } = await openThread(server.url, DEMO_PAGE);
  return (await makeReader(server.url).post(thread.id, { authorName: 'Ines', body })).json.comment.id as number;
}

const pill = (page: Page, id: number, reaction: string) =>
  cardOf(page, id).locator(`.reactions button.reaction[data-reaction="${reaction}"]`);

/** Waits until a reaction shows this count on the page, pressed or not for this reader. */
async function expectPill(page: Page, id: number, reaction: string, count: number, isPressed: boolean): Promise<void> {
  const button = pill(page, id, reaction);
  await button.filter({ hasText: new RegExp(`\\s${count}$`) }).waitFor();
  expect(await button.getAttribute('aria-pressed')).toBe(String(isPressed));
}

/** What the shadow root's focused element is, as "tag.class[data-reaction]". */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('#parley')!.shadowRoot!.activeElement as HTMLElement | null;
    return el
      ? `${el.tagName.toLowerCase()}.${el.className}${el.dataset.reaction ? `[${el.dataset.reaction}]` : ''}`
      : '';
  });

describe('reactions in the widget', () => {
  it('two readers see each other’s reactions live, each their own pressed, and a second press takes one back', async () => {
    const id = await commentOnDemo('The harbour lights are back on.');
    const ana = await openDemo(browser, server.url, asReader(newGuestToken()));
    const ben = await openDemo(browser, server.url, asReader(newGuestToken()));
    // Nothing given yet: only the way to add one.
    expect(await cardOf(ana, id).locator('.reactions button.reaction:not(.reaction-add)').count()).toBe(0);

    await cardOf(ana, id).locator('button.reaction-add').click();
    await cardOf(ana, id).locator('.reaction-picker button[data-reaction="love"]').click();
    await expectPill(ana, id, 'love', 1, true);
    await expectPill(ben, id, 'love', 1, false);

    await pill(ben, id, 'love').click();
    await expectPill(ben, id, 'love', 2, true);
    await expectPill(ana, id, 'love', 2, true);

    await pill(ana, id, 'love').click();
    await expectPill(ana, id, 'love', 1, false);
    await expectPill(ben, id, 'love', 1, true);
    // The accessible name says which reaction and how many.
    expect(await pill(ana, id, 'love').getAttribute('aria-label')).toBe('Love: 1');
    await Promise.all([ana.close(), ben.close()]);
  });

  it('a reaction is given with the keyboard alone, and axe finds nothing with the set open', async () => {
    const id = await commentOnDemo('Keyboard readers react too.');
    const token = newGuestToken();
    const page = await openDemo(browser, server.url, asReader(token));
    const card = cardOf(page, id);
    await card.focus();
    for (let i = 0; i < 10 && (await focused(page)) !== 'button.reaction reaction-add'; i++)
      await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button.reaction reaction-add');
    const add = card.locator('button.reaction-add');
    expect(await add.getAttribute('aria-expanded')).toBe('false');

    await page.keyboard.press('Enter');
    await page.waitForFunction(() =>
      document.querySelector('#parley')!.shadowRoot!.activeElement?.matches('.reaction-picker button'),
    );
    expect(await focused(page)).toBe('button.reaction[like]');
    expect(await add.getAttribute('aria-expanded')).toBe('true');
    expect(await add.getAttribute('aria-controls')).toBe(await card.locator('.reaction-picker').getAttribute('id'));

    await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate(async () => {
      const axe = (window as any).axe;
      const result = await axe.run({ include: [['#parley']] }, { resultTypes: ['violations'] });
      return result.violations.map(
        (v: any) => `${v.id}: ${v.nodes.map((n: any) => JSON.stringify(n.target)).join(', ')}`,
      );
    });
    expect(violations).toEqual([]);

    // Escape leaves the set without giving anything, back on the button that opened it.
    await page.keyboard.press('Escape');
    await card.locator('.reaction-picker').waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('button.reaction reaction-add');

    await page.keyboard.press('Enter');
    await card.locator('.reaction-picker').waitFor();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toBe('button.reaction[laugh]');
    await page.keyboard.press('Enter');
    await expectPill(page, id, 'laugh', 1, true);
    await card.locator('.reaction-picker').waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('button.reaction reaction-add');

    // The server agrees, for this reader.
    const { thread } = await openThread(server.url, DEMO_PAGE);
    const seen = (await makeReader(server.url, token).call('GET', `/api/threads/${thread.id}`)).json;
    expect(seen.viewer.reactions[id]).toEqual(['laugh']);
    await page.close();
  });

  it('shows no reactions, and no way to add one, once the site owner turns them off', async () => {
    const id = await commentOnDemo('Reactions come and go.');
    await makeReader(server.url).call('POST', `/api/comments/${id}/reactions`, { reaction: 'wow', isOn: true });
    const account = await createModeratorAccount(server.dbPath, {
      email: 'owner@coastal-ledger.example',
      role: 'admin',
    });
    const admin = await loginAsModerator(server.url, account.email, account.password);
    const settings = (await admin.call('GET', '/settings')).json;
    try {
      expect((await admin.call('PUT', '/settings', { ...settings, areReactionsEnabled: false })).status).toBe(200);
      const page = await openDemo(browser, server.url, asReader(newGuestToken()));
      await cardOf(page, id).locator('button.vote-up').waitFor();
      expect(await cardOf(page, id).locator('.reactions').count()).toBe(0);
      await page.close();
    } finally {
      await admin.call('PUT', '/settings', settings);
    }
  });
});
