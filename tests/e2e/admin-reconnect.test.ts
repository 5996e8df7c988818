// A dashboard whose server restarts comes back live and catches up with what changed while it was away.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../server/db/sqlite/connection';
import { changeStatus } from '../../server/comments/comment-changes';
import { createSqliteStorage } from '../../server/db/sqlite/sqlite-storage';
import { createModeratorAccount, loginAsModerator, TEST_PASSWORD_COST } from '../helpers/admin';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { openThread, postComment, startTestServer, type TestServer } from '../helpers/server';
import { logInThroughForm, modItem, openDashboard } from './admin-page';

jest.setTimeout(90_000);

let dataDir: string;
let server: TestServer | undefined;
let browser: TestBrowser;

beforeAll(async () => {
  // The database outlives each server, as it does across a real restart.
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-admin-reconnect-'));
  server = await startTestServer({ dbPath: path.join(dataDir, 'parley.db') }, { passwordCostLog2: TEST_PASSWORD_COST });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the dashboard across a server restart', () => {
  it('reconnects after a restart and refreshes its counts and list', async () => {
    const first = server!;
    const dbPath = path.join(dataDir, 'parley.db');
    const account = await createModeratorAccount(dbPath, { email: 'duty@coastal-ledger.example', role: 'admin' });
    const admin = await loginAsModerator(first.url, account.email, account.password);
    const settings = await admin.call('GET', '/settings');
    await admin.call('PUT', '/settings', { ...settings.json, premoderation: 'all' });
    const { thread } = await openThread(first.url, 'harbour-lights-2026');
    await postComment(first.url, thread.id, { authorName: 'Stays', body: 'Still waiting after the restart.' });
    const gone = await postComment(first.url, thread.id, {
      authorName: 'Goes',
      body: 'Dealt with while the server was down.',
    });

    const page = await openDashboard(browser, first.url);
    await logInThroughForm(page, account.email, account.password);
    await modItem(page, 'Dealt with while').waitFor();
    await page.locator('.live-state[data-state="live"]').waitFor();
    const port = Number(new URL(first.url).port);

    await first.close();
    server = undefined;
    await page.locator('.live-state[data-state="offline"]').waitFor();

    // A change the dashboard cannot hear about: made straight in the database while no server runs.
    const db = openDatabase(dbPath);
    try {
      const storage = createSqliteStorage(db);
      await storage.transaction((tx) =>
        changeStatus(tx, {
          id: gone.json.comment.id,
          status: 'removed',
          nowMs: Date.now(),
          moderation: { moderatorId: null, reason: null },
        }),
      );
      await storage.close();
    } finally {
      db.close();
    }

    server = await startTestServer({ port, dbPath }, { passwordCostLog2: TEST_PASSWORD_COST });
    await page.locator('.live-state[data-state="live"]').waitFor({ timeout: 30_000 });
    await modItem(page, 'Dealt with while').waitFor({ state: 'detached' });
    await modItem(page, 'Still waiting after').waitFor();
    await page.locator('.queue-button[data-queue="pending"] .count').filter({ hasText: /^1$/ }).waitFor();
    await page.locator('.queue-button[data-queue="removed"] .count').filter({ hasText: /^1$/ }).waitFor();
    await page.close();
  });
});
