// Long threads and comments that change after they were posted, as a reader with the page open sees them.
import { randomBytes } from 'node:crypto';
import { en } from '../../client/messages/en';
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import { openThread, postComment, type TestServer } from '../helpers/server';
import { commentCard, headerCount, openDemo, repliesOf, showAllPages } from './widget-page';

const PAGE_SIZE = 3;

let server: TestServer;
let browser: TestBrowser;

withServerAndBrowser((started) => ({ server, browser } = started), { config: { pageSize: PAGE_SIZE } });

async function asAuthor(method: 'PATCH' | 'DELETE', commentId: number, token: string, body?: object): Promise<number> {
  const res = await fetch(`${server.url}/api/comments/${commentId}`, {
    method,
    headers: { 'x-parley-token': token, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return res.status;
}

describe('long and changing threads', () => {
  it('comments beyond the first page are shown on request, in order, each once', async () => {
    const { thread } = await openThread(server.url, 'harbour-lights-2026');
    const ids: number[] = [];
    for (let i = 1; i <= 7; i++) {
      const res = await postComment(server.url, thread.id, {
        authorName: `Reader ${i}`,
        body: `Top-level number ${i}.`,
      });
      ids.push(res.json.comment.id);
    }
    await postComment(server.url, thread.id, {
      authorName: 'Replier',
      body: 'A reply on the second page.',
      parentId: ids[4],
    });

    const page = await openDemo(browser, server.url);
    const topLevel = page.locator('#parley ol.thread > li.comment');
    expect(await topLevel.count()).toBe(PAGE_SIZE);
    expect(await page.locator('#parley button.more').isVisible()).toBe(true);
    await showAllPages(page);
    expect(await topLevel.evaluateAll((els) => els.map((el) => el.id))).toEqual(ids.map((id) => `comment-${id}`));
    await repliesOf(page, ids[4]).filter({ hasText: 'A reply on the second page.' }).waitFor();
    expect(await headerCount(page).textContent()).toBe(en.commentCount(8));
    await page.close();
  });

  it('an edit and a deletion made elsewhere reach an open page live', async () => {
    const { thread } = await openThread(server.url, 'harbour-lights-2026');
    const token = randomBytes(32).toString('base64url');
    const asMe = { 'x-parley-token': token };
    const parent = (await postComment(server.url, thread.id, { authorName: 'Editor', body: 'Frist draft.' }, asMe)).json
      .comment;
    const child = (
      await postComment(server.url, thread.id, {
        authorName: 'Other',
        body: 'Answering the draft.',
        parentId: parent.id,
      })
    ).json.comment;
    const lone = (await postComment(server.url, thread.id, { authorName: 'Editor', body: 'Said too soon.' }, asMe)).json
      .comment;

    const page = await openDemo(browser, server.url);
    // Page one of the earlier test's comments is shown; these are newer, so load them all.
    await showAllPages(page);
    await commentCard(page, 'Said too soon.').waitFor();
    const countBefore = (await (await fetch(`${server.url}/api/threads/${thread.id}`)).json()).thread
      .commentCount as number;
    expect(await headerCount(page).textContent()).toBe(en.commentCount(countBefore));

    expect(await asAuthor('PATCH', parent.id, token, { body: 'First draft, corrected.' })).toBe(200);
    await commentCard(page, 'First draft, corrected.').locator('.edited').waitFor();
    expect(await commentCard(page, 'Frist draft.').count()).toBe(0);

    // With a reply below it, a deleted comment stays as a placeholder that holds the reply.
    expect(await asAuthor('DELETE', parent.id, token)).toBe(200);
    await page
      .locator(`#parley #comment-${parent.id} > article .placeholder`, { hasText: en.comment.deleted })
      .waitFor();
    await repliesOf(page, parent.id).filter({ hasText: 'Answering the draft.' }).waitFor();
    expect(await page.locator(`#parley #comment-${parent.id} > article .reply-button`).count()).toBe(0);

    // Without replies it is simply gone.
    expect(await asAuthor('DELETE', lone.id, token)).toBe(200);
    await page.locator(`#parley #comment-${lone.id}`).waitFor({ state: 'detached' });
    expect(await commentCard(page, 'Answering the draft.').count()).toBe(1);
    expect(child.parentId).toBe(parent.id);
    // Deleted comments no longer count.
    await headerCount(page)
      .filter({ hasText: new RegExp(`^${en.commentCount(countBefore - 2)}$`) })
      .waitFor();
    await page.close();
  });
});
