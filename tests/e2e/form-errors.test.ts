// What a reader is told when a comment cannot be posted, in the catalog's words.
import { en } from '../../client/messages/en';
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import type { TestServer } from '../helpers/server';
import { fillAndSubmit, mainForm, openDemo } from './widget-page';

let server: TestServer;
let browser: TestBrowser;

withServerAndBrowser((started) => ({ server, browser } = started));

async function commentCountOnServer(): Promise<number> {
  const res = await fetch(`${server.url}/api/threads?pageId=harbour-lights-2026`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { thread: { commentCount: number } }).thread.commentCount;
}

describe('form errors', () => {
  it('form errors are shown to the reader', async () => {
    const page = await openDemo(browser, server.url);
    const form = mainForm(page);
    await fillAndSubmit(form, { name: '', body: 'A comment without a name.' });

    const nameError = form.locator('.field-authorName .field-error');
    await nameError.filter({ hasText: en.fields.authorName.required }).waitFor();
    expect(await form.locator('input[name="authorName"]').getAttribute('aria-invalid')).toBe('true');
    // The message is tied to its field for screen readers, and the field has the focus.
    const describedBy = await form.locator('input[name="authorName"]').getAttribute('aria-describedby');
    expect(await nameError.getAttribute('id')).toBe(describedBy);
    expect(await form.locator('input[name="authorName"]').evaluate((el) => el.matches(':focus'))).toBe(true);
    // What the reader wrote is kept for them to fix and resend.
    expect(await form.locator('textarea').inputValue()).toBe('A comment without a name.');

    expect(await commentCountOnServer()).toBe(0);
    expect(await page.locator('#parley li.comment').count()).toBe(0);

    // Fixing the field clears the message and posts.
    await fillAndSubmit(form, { name: 'Ines' });
    await page.locator('#parley li.comment', { hasText: 'A comment without a name.' }).waitFor();
    expect(await nameError.textContent()).toBe('');
    expect(await commentCountOnServer()).toBe(1);
    await page.close();
  });

  it('a comment the server refuses is explained in the server’s words or the catalog’s, never a generic line', async () => {
    const page = await openDemo(browser, server.url);
    const form = mainForm(page);
    const before = await commentCountOnServer();
    // Passes the form's own checks, but the link it makes shows no text.
    await fillAndSubmit(form, { name: 'Ines', body: '[](https://a.example/)' });
    const bodyError = form.locator('.field-body > .field-error');
    await bodyError.filter({ hasText: 'This comment would show no text' }).waitFor();
    expect(await bodyError.textContent()).not.toBe(en.fields.body.required);
    expect(await form.locator('button[type="submit"]').isEnabled()).toBe(true);
    expect(await commentCountOnServer()).toBe(before);

    const tooLong = 'x'.repeat(10_001);
    await form.locator('textarea').fill(tooLong);
    await form.locator('button[type="submit"]').click();
    await form
      .locator('.field-body .field-error')
      .filter({ hasText: en.fields.body.tooLong(10_000) })
      .waitFor();
    expect(en.fields.body.tooLong(10_000)).toBe('Your comment is longer than 10,000 characters.');
    expect(await commentCountOnServer()).toBe(before);
    await page.close();
  });
  it('a question about tags is posted and shown exactly as typed', async () => {
    const page = await openDemo(browser, server.url);
    const form = mainForm(page);
    const question = 'How do I stop <script> tags in my blog?';
    await fillAndSubmit(form, { name: 'Nadia', body: question });
    const shown = page.locator('#parley li.comment .body', { hasText: 'How do I stop' });
    await shown.waitFor();
    expect((await shown.innerText()).trim()).toBe(question);
    expect(await form.locator('.field-body > .field-error').textContent()).toBe('');
    await page.close();
  });
});
