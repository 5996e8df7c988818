// A reader whose connection drops keeps a whole, undoubled thread once it comes back.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { en } from '../../client/messages/en';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { openThread, postComment, startTestServer, type TestServer } from '../helpers/server';
import { commentCard, fillAndSubmit, headerCount, mainForm, openDemo } from './widget-page';

jest.setTimeout(90_000);

let dataDir: string;
let server: TestServer | undefined;
let browser: TestBrowser;

beforeAll(async () => {
  // The database outlives each server, as it does across a real restart.
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-reconnect-'));
  server = await startTestServer({ dbPath: path.join(dataDir, 'parley.db') });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('reconnecting', () => {
  it('comments posted while a reader was disconnected appear once the widget reconnects, none twice', async () => {
    const first = server!;
    const { thread } = await openThread(first.url, 'harbour-lights-2026');
    await postComment(first.url, thread.id, { authorName: 'Before', body: 'Posted before the outage.' });

    const page = await openDemo(browser, first.url);
    await commentCard(page, 'Posted before the outage.').waitFor();
    const port = Number(new URL(first.url).port);

    // A restart: the server goes away, the reader is told, and comes back on the same address.
    await first.close();
    server = undefined;
    const status = page.locator('#parley .head .status');
    await status.filter({ hasText: en.reconnecting }).waitFor();

    server = await startTestServer({ port, dbPath: path.join(dataDir, 'parley.db') });
    const missed = await postComment(server.url, thread.id, { authorName: 'During', body: 'Posted while the reader was away.' });
    expect(missed.status).toBe(201);

    await commentCard(page, 'Posted while the reader was away.').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('#parley')?.shadowRoot?.querySelector('.status')?.textContent === '');
    expect(await commentCard(page, 'Posted before the outage.').count()).toBe(1);
    expect(await page.locator('#parley li.comment').count()).toBe(2);
    await headerCount(page).filter({ hasText: /^2 comments$/ }).waitFor();

    // The rejoined widget is live again and can post.
    const later = await postComment(server.url, thread.id, { authorName: 'After', body: 'Posted after the return.' });
    expect(later.status).toBe(201);
    await commentCard(page, 'Posted after the return.').waitFor();
    await headerCount(page).filter({ hasText: /^3 comments$/ }).waitFor();
    await fillAndSubmit(mainForm(page), { name: 'Reader', body: 'Posting works again.' });
    await commentCard(page, 'Posting works again.').waitFor();
    await headerCount(page).filter({ hasText: /^4 comments$/ }).waitFor();
    await page.close();
  });
});
