// Authors changing their minds: inline edits and confirmed deletions, seen live by everyone else.
import Database from 'better-sqlite3';
import { en } from '../../client/messages/en';
import { makeReader } from '../helpers/api';
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import { openThread, type TestServer } from '../helpers/server';
import { newGuestToken } from '../helpers/sockets';
import {
  asReader,
  cardOf,
  commentCard,
  commentIdOf,
  fillAndSubmit,
  headerCount,
  mainForm,
  openDemo,
  repliesOf,
} from './widget-page';

let server: TestServer;
let browser: TestBrowser;

withServerAndBrowser((started) => ({ server, browser } = started));

describe('editing and deleting', () => {
  it('an edit and a delete on one page show on another page live', async () => {
    // The page acted on is opened last: a page in the background animates (and so settles) slowly.
    const watcher = await openDemo(browser, server.url, asReader(newGuestToken()));
    const author = await openDemo(browser, server.url, asReader(newGuestToken()));
    await fillAndSubmit(mainForm(author), { name: 'Editor', body: 'Frist draft, with __bold__ words.' });
    const parentId = await commentIdOf(author, 'Frist draft');
    await fillAndSubmit(mainForm(author), { body: 'Said too soon.' });
    const loneId = await commentIdOf(author, 'Said too soon.');
    const { thread } = await openThread(server.url, 'harbour-lights-2026');
    const { json } = await makeReader(server.url).post(thread.id, {
      authorName: 'Other',
      body: 'Answering the draft.',
      parentId,
    });
    await repliesOf(watcher, parentId).filter({ hasText: 'Answering the draft.' }).waitFor();
    await headerCount(watcher)
      .filter({ hasText: /^3 Comments$/ })
      .waitFor();

    // Others' comments offer no edit or delete.
    expect(await cardOf(author, json.comment.id).locator('.edit-button, .delete-button').count()).toBe(0);

    // Edit inline: the form opens in place of the text, holding what the author wrote.
    await cardOf(author, parentId).locator('button.edit-button').click();
    const editForm = cardOf(author, parentId).locator('form.edit-form');
    const textarea = editForm.locator('textarea');
    // Exactly the Markdown the author typed, not a rewrite of the shown body.
    expect(await textarea.inputValue()).toBe('Frist draft, with __bold__ words.');
    expect(await textarea.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await textarea.fill('First draft, corrected, with __bold__ words.');
    await editForm.locator('button[type="submit"]').click();
    await editForm.waitFor({ state: 'detached' });
    for (const page of [author, watcher]) {
      await commentCard(page, 'First draft, corrected')
        .locator('.edited')
        .filter({ hasText: en.comment.edited })
        .waitFor();
      expect(await commentCard(page, 'Frist draft').count()).toBe(0);
      expect(await cardOf(page, parentId).locator('.body b, .body strong').textContent()).toBe('bold');
    }

    // Delete asks first, inside the widget; keeping it changes nothing.
    await cardOf(author, parentId).locator('button.delete-button').click();
    const confirm = cardOf(author, parentId).locator('[role="alertdialog"]');
    await confirm.filter({ hasText: en.comment.deleteQuestion }).waitFor();
    await confirm.getByRole('button', { name: en.comment.keep }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await commentCard(author, 'First draft, corrected').count()).toBe(1);

    // With a reply below it, the deleted comment stays as a placeholder holding the reply.
    await cardOf(author, parentId).locator('button.delete-button').click();
    await confirm.getByRole('button', { name: en.comment.deleteConfirm }).click();
    for (const page of [author, watcher]) {
      await cardOf(page, parentId).locator('.placeholder').filter({ hasText: en.comment.deleted }).waitFor();
      await repliesOf(page, parentId).filter({ hasText: 'Answering the draft.' }).waitFor();
      expect(await commentCard(page, 'First draft, corrected').count()).toBe(0);
      expect(await cardOf(page, parentId).locator('.reply-button, .vote-up').count()).toBe(0);
    }

    // Without replies it is simply gone.
    await cardOf(author, loneId).locator('button.delete-button').click();
    await cardOf(author, loneId).getByRole('button', { name: en.comment.deleteConfirm }).click();
    for (const page of [author, watcher]) {
      await page.locator(`#parley #comment-${loneId}`).waitFor({ state: 'detached' });
      await headerCount(page)
        .filter({ hasText: /^1 Comment$/ })
        .waitFor();
    }
    await Promise.all([author.close(), watcher.close()]);
  });

  it('after a reload an edit starts from the Markdown typed; a body from before Markdown opens as Markdown that shows the same', async () => {
    const token = newGuestToken();
    const first = await openDemo(browser, server.url, asReader(token));
    await fillAndSubmit(mainForm(first), { name: 'Editor', body: 'Typed with _care_ and a list:\n\n* one\n* two' });
    const typedId = await commentIdOf(first, 'Typed with');
    await fillAndSubmit(mainForm(first), { body: 'Soon to be old.' });
    const oldId = await commentIdOf(first, 'Soon to be old.');
    await first.close();

    // As a body stored before Markdown: its source is HTML.
    const db = new Database(server.dbPath);
    db.prepare(
      `UPDATE comments SET body_format = 'html', body_source = '<b>Old</b> *stars* &amp; <i>more</i>',
         body_html = '<p><strong>Old</strong> *stars* &amp; <em>more</em></p>' WHERE id = ?`,
    ).run(oldId);
    db.close();

    const page = await openDemo(browser, server.url, asReader(token));
    await cardOf(page, typedId).locator('button.edit-button').click();
    const typedBox = cardOf(page, typedId).locator('form.edit-form textarea');
    expect(await typedBox.inputValue()).toBe('Typed with _care_ and a list:\n\n* one\n* two');
    await cardOf(page, typedId).locator('form.edit-form').getByRole('button', { name: en.form.cancel }).click();

    await cardOf(page, oldId).locator('button.edit-button').click();
    const oldForm = cardOf(page, oldId).locator('form.edit-form');
    expect(await oldForm.locator('textarea').inputValue()).toBe('**Old** \\*stars\\* & *more*');
    await oldForm.locator('button[type="submit"]').click();
    await oldForm.waitFor({ state: 'detached' });
    const { thread } = await openThread(server.url, 'harbour-lights-2026');
    const view = await makeReader(server.url).call('GET', `/api/threads/${thread.id}?limit=100`);
    const saved = view.json.comments.find((c: { id: number }) => c.id === oldId);
    expect(saved.bodyHtml).toBe('<p><strong>Old</strong> *stars* &amp; <em>more</em></p>');
    await page.close();
  });
});
