// Launches the system's Chromium for browser tests: fixed flags, a fresh profile each time, never a download.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  // Test pages made with page.route have no network address of their own, so Chromium treats
  // their WebSocket to the loopback test server as a public page reaching into a local network.
  '--disable-features=LocalNetworkAccessChecks',
];

export interface TestBrowser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  /** Closes the browser and removes its profile folder. */
  close(): Promise<void>;
}

export interface LaunchOptions {
  /**
   * Refuse requests to anything but the loopback test servers (the default). With any route
   * in place Playwright answers CORS preflights itself, so a test that watches for them
   * turns this off and loads nothing from outside.
   */
  isOfflineEnforced?: boolean;
}

export async function launchBrowser({ isOfflineEnforced = true }: LaunchOptions = {}): Promise<TestBrowser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    // Fail loudly: a browser test that skips would pass without testing anything.
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}. Run: sudo apt-get update && sudo apt-get install -y chromium`,
    );
  }
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1100, height: 900 },
    });
  } catch (err) {
    fs.rmSync(profileDir, { recursive: true, force: true });
    throw err;
  }
  // Tests run offline: anything not served by the local test server is refused at once
  // instead of waiting on a lookup that cannot succeed.
  if (isOfflineEnforced)
    await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort('blockedbyclient'));
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      try {
        await context.close();
      } finally {
        fs.rmSync(profileDir, { recursive: true, force: true });
      }
    },
  };
}
