// @mentions as readers meet them: typing "@" in the form lists the people of the thread, a name is picked
// with the keyboard, and the posted comment links the mention to that person's comment.
import fs from 'node:fs';
import type { TestBrowser } from '../helpers/browser';
import { makeReader } from '../helpers/api';
import { withServerAndBrowser } from '../helpers/browser-suite';
import { openThread, type TestServer } from '../helpers/server';
import { newGuestToken } from '../helpers/sockets';
import { asReader, commentCard, commentIdOf, fillAndSubmit, mainForm, openDemo } from './widget-page';

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const DEMO_PAGE = 'harbour-lights-2026';

let server: TestServer;
let browser: TestBrowser;
withServerAndBrowser((started) => ({ server, browser } = started));

it('a reader types "@", picks a name with the keyboard and posts; the mention links to that comment; axe finds nothing with the list open', async () => {
  const { thread } = await openThread(server.url, DEMO_PAGE);
  const seeded = [
    ['Marguerite Lune', 'The lighthouse keeper logs every ship'],
    ['Mario', 'The tide tables are wrong'],
  ];
  for (const [authorName, body] of seeded)
    expect((await makeReader(server.url).post(thread.id, { authorName, body })).status).toBe(201);

  const page = await openDemo(browser, server.url, asReader(newGuestToken()));
  const marguerite = await commentIdOf(page, 'The lighthouse keeper');
  const form = mainForm(page);
  const body = form.locator('textarea[name="body"]');
  await body.focus();
  await page.keyboard.type('Thanks @mar');
  const list = form.locator('[role="listbox"]');
  await list.waitFor();
  expect(await list.getAttribute('aria-label')).toBe('People in this thread');
  expect(await list.locator('[role="option"]').allTextContents()).toEqual(['Marguerite Lune', 'Mario']);
  expect(await body.getAttribute('aria-controls')).toBe(await list.getAttribute('id'));
  const active = () => body.getAttribute('aria-activedescendant');
  expect(await active()).toBe(await list.locator('[role="option"]').first().getAttribute('id'));
  await page.keyboard.press('ArrowDown');
  expect(await active()).toBe(await list.locator('[role="option"]').nth(1).getAttribute('id'));
  expect(await list.locator('[aria-selected="true"]').textContent()).toBe('Mario');

  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as any).axe;
    const result = await axe.run({ include: [['#parley']] }, { resultTypes: ['violations'] });
    return result.violations.map(
      (v: any) => `${v.id}: ${v.nodes.map((n: any) => JSON.stringify(n.target)).join(', ')}`,
    );
  });
  expect(violations).toEqual([]);

  // Escape closes the list and keeps the text; typing opens it again.
  await page.keyboard.press('Escape');
  await list.waitFor({ state: 'detached' });
  expect(await body.inputValue()).toBe('Thanks @mar');
  await page.keyboard.type('g');
  await list.waitFor();
  expect(await list.locator('[role="option"]').allTextContents()).toEqual(['Marguerite Lune']);
  await page.keyboard.press('Enter');
  await list.waitFor({ state: 'detached' });
  expect(await body.inputValue()).toBe('Thanks @Marguerite Lune ');
  await page.keyboard.type('for the log');
  expect(await body.getAttribute('aria-activedescendant')).toBeNull();

  await fillAndSubmit(form, { name: 'Reader' });
  const posted = commentCard(page, 'for the log');
  const link = posted.locator('a', { hasText: '@Marguerite Lune' });
  await link.waitFor();
  expect(await link.getAttribute('href')).toBe(`#comment-${marguerite}`);
  expect(await link.getAttribute('target')).toBeNull();
  await page.close();
});
