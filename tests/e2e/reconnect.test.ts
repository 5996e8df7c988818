// A reader whose connection drops keeps a whole, undoubled thread once it comes back.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { en } from '../../client/messages/en';
import { makeReader } from '../helpers/api';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { openThread, postComment, startTestServer, type TestServer } from '../helpers/server';
import { cardOf, commentCard, fillAndSubmit, headerCount, mainForm, openDemo } from './widget-page';

jest.setTimeout(90_000);

let dataDir: string;
let dbPath: string;
let server: TestServer | undefined;
let browser: TestBrowser;

beforeAll(async () => {
  // The database outlives each server, as it does across a real restart.
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-reconnect-'));
  dbPath = path.join(dataDir, 'parley.db');
  server = await startTestServer({ dbPath });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('reconnecting', () => {
  it('a dropped connection catches up without duplicates', async () => {
    const first = server!;
    const { thread } = await openThread(first.url, 'harbour-lights-2026');
    const author = makeReader(first.url);
    await author.post(thread.id, { authorName: 'Before', body: 'Posted before the outage.' });
    const edited = (await author.post(thread.id, { authorName: 'Author', body: 'Edited while away: old words.' })).json
      .comment.id;
    const deleted = (await author.post(thread.id, { authorName: 'Author', body: 'Deleted while away.' })).json.comment
      .id;
    const voted = (await author.post(thread.id, { authorName: 'Author', body: 'Voted on while away.' })).json.comment
      .id;

    const page = await openDemo(browser, first.url);
    await commentCard(page, 'Deleted while away.').waitFor();
    await headerCount(page)
      .filter({ hasText: /^4 Comments$/ })
      .waitFor();
    const port = Number(new URL(first.url).port);

    // A restart: the server goes away, and the reader is told.
    await first.close();
    server = undefined;
    const status = page.locator('#parley .head .status');
    await status.filter({ hasText: en.reconnecting }).waitFor();

    // Meanwhile the thread changes, through a server on another address the reader cannot reach.
    const elsewhere = await startTestServer({ dbPath });
    const asAuthor = makeReader(elsewhere.url, author.token);
    expect((await asAuthor.edit(edited, 'Edited while away: new words.')).status).toBe(200);
    expect((await asAuthor.remove(deleted)).status).toBe(200);
    expect((await makeReader(elsewhere.url).vote(voted, 'up')).status).toBe(200);
    expect(
      (await postComment(elsewhere.url, thread.id, { authorName: 'During', body: 'Posted while the reader was away.' }))
        .status,
    ).toBe(201);
    await elsewhere.close();

    // Back on the reader's address: it reconnects by itself and catches up on all of it.
    server = await startTestServer({ port, dbPath });
    await commentCard(page, 'Posted while the reader was away.').waitFor({ timeout: 30_000 });
    await cardOf(page, edited).filter({ hasText: 'Edited while away: new words.' }).locator('.edited').waitFor();
    await page.locator(`#parley #comment-${deleted}`).waitFor({ state: 'detached' });
    await cardOf(page, voted).locator('.score').filter({ hasText: /^1$/ }).waitFor();
    await page.waitForFunction(
      () => document.querySelector('#parley')?.shadowRoot?.querySelector('.status')?.textContent === '',
    );
    await headerCount(page)
      .filter({ hasText: /^4 Comments$/ })
      .waitFor();
    // Nothing doubled: each comment once, the old words nowhere.
    expect(await page.locator('#parley li.comment').count()).toBe(4);
    for (const text of ['Posted before the outage.', 'Posted while the reader was away.', 'Voted on while away.']) {
      expect(await commentCard(page, text).count()).toBe(1);
    }
    expect(await commentCard(page, 'old words').count()).toBe(0);

    // The rejoined widget is live again and can post.
    const later = await postComment(server.url, thread.id, { authorName: 'After', body: 'Posted after the return.' });
    expect(later.status).toBe(201);
    await commentCard(page, 'Posted after the return.').waitFor();
    await headerCount(page)
      .filter({ hasText: /^5 Comments$/ })
      .waitFor();
    await fillAndSubmit(mainForm(page), { name: 'Reader', body: 'Posting works again.' });
    await commentCard(page, 'Posting works again.').waitFor();
    await headerCount(page)
      .filter({ hasText: /^6 Comments$/ })
      .waitFor();
    expect(await page.locator('#parley li.comment').count()).toBe(6);
    await page.close();
  });
});
