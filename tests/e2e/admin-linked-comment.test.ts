// A mail's link to a comment in the dashboard (/admin#comment-ID) opens that comment, focused, after logging in.
import { createModeratorAccount, TEST_PASSWORD_COST } from '../helpers/admin';
import { makeReader } from '../helpers/api';
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import { openThread, type TestServer } from '../helpers/server';
import { logInThroughForm } from './admin-page';

let server: TestServer;
let browser: TestBrowser;

withServerAndBrowser((started) => ({ server, browser } = started), { start: { passwordCostLog2: TEST_PASSWORD_COST } });

it('a link to a comment opens it among its author’s comments in the All queue, marked and focused', async () => {
  const account = await createModeratorAccount(server.dbPath, { email: 'desk@example.com' });
  const { thread } = await openThread(server.url, 'linked-story');
  const author = makeReader(server.url);
  const linked = await author.post(thread.id, { authorName: 'Linked Author', body: 'The comment the mail is about' });
  await author.post(thread.id, { authorName: 'Linked Author', body: 'A later comment of theirs' });
  await makeReader(server.url).post(thread.id, { authorName: 'Someone Else', body: 'Not theirs' });

  await browser.context.clearCookies();
  const page = await browser.newPage();
  await page.goto(`${server.url}/admin#comment-${linked.json.comment.id}`);
  await page.locator('#login-email').waitFor();
  await logInThroughForm(page, account.email, account.password);
  const item = page.locator(`#mod-comment-${linked.json.comment.id}.is-linked`);
  await item.waitFor();
  expect(await page.locator('#tab-comments').getAttribute('aria-selected')).toBe('true');
  expect(await page.locator('ol.items > .item').count()).toBe(2);
  expect(await item.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  await page.close();
});
