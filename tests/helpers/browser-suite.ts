// The set-up every browser suite shares: one test server and one Chromium for the whole file,
// started side by side before the first test and both closed after the last, even when one of
// them failed to start.
import type { Config } from '../../server/config';
import { launchBrowser, type LaunchOptions, type TestBrowser } from './browser';
import type { StartOptions } from '../../server/main';
import { startTestServer, type TestServer } from './server';

export interface ServerAndBrowser {
  server: TestServer;
  browser: TestBrowser;
}

export interface SuiteOptions {
  /** Configuration the server runs with, over the tests' relaxed defaults. */
  config?: Partial<Config>;
  /** What the server is built with (a pinned clock, a cheaper password hash...). */
  start?: StartOptions;
  launch?: LaunchOptions;
}

/** Time a browser test may take: a page, a server and a few live round trips on a busy machine. */
export const BROWSER_TEST_TIMEOUT_MS = 120_000;

/**
 * Registers the suite's set-up and tear-down; `onStarted` receives the server and the browser
 * before any of the file's own `beforeAll` runs, so the file keeps them where its tests read them.
 */
export function withServerAndBrowser(
  onStarted: (started: ServerAndBrowser) => void,
  { config = {}, start = {}, launch }: SuiteOptions = {},
): void {
  jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);
  let started: Partial<ServerAndBrowser> = {};

  beforeAll(async () => {
    const [server, browser] = await Promise.allSettled([startTestServer(config, start), launchBrowser(launch)]);
    started = {
      server: server.status === 'fulfilled' ? server.value : undefined,
      browser: browser.status === 'fulfilled' ? browser.value : undefined,
    };
    if (server.status === 'rejected') throw server.reason;
    if (browser.status === 'rejected') throw browser.reason;
    onStarted(started as ServerAndBrowser);
  }, BROWSER_TEST_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all([started.browser?.close(), started.server?.close()]);
  }, BROWSER_TEST_TIMEOUT_MS);
}
