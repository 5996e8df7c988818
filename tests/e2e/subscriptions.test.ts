// Subscriptions as readers meet them: the header's Subscribe control and the form's "Notify me of replies", through
// to the mail a real SMTP server on loopback receives, the confirmation link, and the notice of a new comment.
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { makeReader } from '../helpers/api';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { linksIn, startMailReceiver, type MailReceiver } from '../helpers/mail';
import { openThread, startTestServer, type TestServer } from '../helpers/server';
import { newGuestToken } from '../helpers/sockets';
import { asReader, fillAndSubmit, mainForm, openDemo } from './widget-page';

jest.setTimeout(120_000);

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const DEMO_PAGE = 'harbour-lights-2026';

let receiver: MailReceiver;
let server: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
  receiver = await startMailReceiver();
  [server, browser] = await Promise.all([
    startTestServer({
      mail: { smtpUrl: receiver.url, from: 'Parley <parley@news.example>', publicUrl: null, batchMs: 0, retryMs: 0 },
    }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await receiver?.close();
});

const to = (email: string) => receiver.messages.filter((m) => !Array.isArray(m.to) && m.to?.text === email);

/** What the shadow root's focused element is, as "tag[type]#value". */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('#parley')!.shadowRoot!.activeElement as HTMLInputElement | null;
    return el
      ? `${el.tagName.toLowerCase()}[${el.type ?? ''}]${el.value && el.type === 'radio' ? `#${el.value}` : ''}`
      : '';
  });

it('a reader subscribes from the header with the keyboard, confirms from the mail, and hears of a new comment; axe finds nothing in the panel', async () => {
  const email = 'keyboard-reader@example.com';
  const page = await openDemo(browser, server.url, asReader(newGuestToken()));
  const open = page.locator('#parley header button.subscribe');
  expect(await open.getAttribute('aria-expanded')).toBe('false');
  await open.focus();
  await page.keyboard.press('Enter');
  const panel = page.locator('#parley form.subscribe-panel');
  await panel.waitFor();
  expect(await open.getAttribute('aria-expanded')).toBe('true');
  expect(await open.getAttribute('aria-controls')).toBe(await panel.getAttribute('id'));
  expect(await focused(page)).toBe('input[radio]#thread');
  expect(await panel.locator('legend').textContent()).toBe('Notify of');
  expect(await panel.locator('label').allTextContents()).toEqual([
    'new follow-up comments',
    'new replies to my comments',
    'Email',
  ]);

  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as any).axe;
    const result = await axe.run({ include: [['#parley']] }, { resultTypes: ['violations'] });
    return result.violations.map(
      (v: any) => `${v.id}: ${v.nodes.map((n: any) => JSON.stringify(n.target)).join(', ')}`,
    );
  });
  expect(violations).toEqual([]);

  // Arrow keys move between the two choices; Tab reaches the address; Enter sends.
  await page.keyboard.press('ArrowDown');
  expect(await focused(page)).toBe('input[radio]#replies');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe('input[email]');
  await page.keyboard.type(email);
  await page.keyboard.press('Enter');
  await panel.locator('[role="status"]', { hasText: 'open the link in the email' }).waitFor();

  const [confirmation] = await receiver.waitFor(() => to(email).length === 1).then(() => to(email));
  const confirm = linksIn(confirmation).find((l) => l.includes('/subscriptions?token=')) as string;
  const confirmed = await browser.newPage();
  await confirmed.goto(confirm);
  expect(await confirmed.locator('[role="status"]').first().textContent()).toContain('Your email address is confirmed');
  await confirmed.close();

  const { thread } = await openThread(server.url, DEMO_PAGE);
  const posted = await makeReader(server.url).post(thread.id, { authorName: 'Rosa', body: 'A new follow-up' });
  await receiver.waitFor(() => to(email).length === 2);
  const notice = to(email)[1];
  expect(notice.subject).toContain('Rosa commented on');
  expect(notice.text).toContain(`#comment-${posted.json.comment.id}`);

  // Escape closes the panel, back on the control that opened it.
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'detached' });
  expect(await open.getAttribute('aria-expanded')).toBe('false');
  await page.close();
});

it('"Notify me of replies" in the comment form subscribes the author’s address, which is asked to confirm', async () => {
  const email = 'form-author@example.com';
  const page = await openDemo(browser, server.url, asReader(newGuestToken()));
  const form = mainForm(page);
  const box = form.locator('.notify input[type="checkbox"]');
  expect(await form.locator('.notify label').textContent()).toBe('Notify me of replies by email');
  await box.check();
  await fillAndSubmit(form, { name: 'Noor', email, body: 'Tell me when someone answers' });
  await receiver.waitFor(() => to(email).length === 1);
  expect(to(email)[0].subject).toContain('Confirm your subscription');
  await page.close();
});
