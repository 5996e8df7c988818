// The dashboard's login form against password guessing: slowed after a few failures, then locked.
import { createModeratorAccount, TEST_PASSWORD_COST } from '../helpers/admin';
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import type { TestServer } from '../helpers/server';
import { dashboardReady, loginError, openDashboard, submitLogin } from './admin-page';

/** The server's clock, moved by the test so waits of seconds and minutes pass at once. */
const clock = {
  nowMs: Date.now(),
  now(): number {
    return this.nowMs;
  },
  advance(ms: number): void {
    this.nowMs += ms;
  },
};

let server: TestServer;
let browser: TestBrowser;
let account: { email: string; password: string };

withServerAndBrowser((started) => ({ server, browser } = started), {
  start: { passwordCostLog2: TEST_PASSWORD_COST, clock },
});
beforeAll(async () => {
  account = await createModeratorAccount(server.dbPath, { email: 'night-editor@coastal-ledger.example' });
});

describe('logging in to the dashboard', () => {
  it('repeated failed logins lock the account out', async () => {
    const page = await openDashboard(browser, server.url);

    // The first failures only say the password is wrong.
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(await submitLogin(page, account.email, `wrong guess ${attempt}`)).toEqual({
        status: 401,
        code: 'LOGIN_FAILED',
      });
      await loginError(page).filter({ hasText: 'That email and password do not match an account.' }).waitFor();
    }

    // Straight after, the next attempt must wait.
    expect(await submitLogin(page, account.email, 'wrong guess 6')).toEqual({ status: 429, code: 'LOGIN_THROTTLED' });
    await loginError(page)
      .filter({ hasText: /Too many failed attempts\. Wait \d+ seconds? before trying again\./ })
      .waitFor();

    // Waiting out each delay (on the server's clock) still leaves wrong guesses counted, until the lock.
    let last = { status: 0, code: null as string | null };
    for (let attempt = 7; attempt <= 20 && last.code !== 'LOGIN_LOCKED'; attempt++) {
      clock.advance(60_000);
      last = await submitLogin(page, account.email, `wrong guess ${attempt}`);
      expect([401, 429]).toContain(last.status);
    }
    expect(last).toEqual({ status: 429, code: 'LOGIN_LOCKED' });
    await loginError(page)
      .filter({ hasText: /This account is locked after too many failed attempts\. Try again in 1[45] minutes\./ })
      .waitFor();

    // The right password is refused too while the lock holds, in the form and over the API.
    clock.advance(60_000);
    expect(await submitLogin(page, account.email, account.password)).toEqual({ status: 429, code: 'LOGIN_LOCKED' });
    await loginError(page)
      .filter({ hasText: /This account is locked after too many failed attempts\. Try again in 1[34] minutes\./ })
      .waitFor();
    const api = await fetch(`${server.url}/admin/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: account.email, password: account.password }),
    });
    expect(api.status).toBe(429);
    const body = (await api.json()) as { error: { code: string; details: { retryAfterSeconds: number } } };
    expect(body.error.code).toBe('LOGIN_LOCKED');
    expect(body.error.details.retryAfterSeconds).toBeGreaterThan(60);
    expect(await page.locator('#tab-comments').count()).toBe(0);

    // Once the lock has passed, the right password works again.
    clock.advance(body.error.details.retryAfterSeconds * 1000 + 1000);
    expect(await submitLogin(page, account.email, account.password)).toEqual({ status: 200, code: null });
    await dashboardReady(page);
    await page.close();
  });
});
