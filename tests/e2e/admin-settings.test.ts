// Admins set the moderation rules and add moderators from the dashboard.
import { createModeratorAccount, loginAsModerator, TEST_PASSWORD_COST } from '../helpers/admin';
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import type { TestServer } from '../helpers/server';
import { logInThroughForm, openDashboard, openTab, statusRegion } from './admin-page';

let server: TestServer;
let browser: TestBrowser;
let account: { email: string; password: string };

withServerAndBrowser((started) => ({ server, browser } = started), { start: { passwordCostLog2: TEST_PASSWORD_COST } });
beforeAll(async () => {
  account = await createModeratorAccount(server.dbPath, {
    email: 'owner@coastal-ledger.example',
    role: 'admin',
    displayName: 'Site Owner',
  });
});

describe('settings and moderators', () => {
  it('an admin saves every moderation setting from the Settings tab, and a bad number is pointed out', async () => {
    const page = await openDashboard(browser, server.url);
    await logInThroughForm(page, account.email, account.password);
    await openTab(page, 'settings');
    // The form is filled once the current settings have loaded.
    await page.waitForFunction(
      () => (document.getElementById('settings-reportThreshold') as HTMLInputElement | null)?.value === '3',
    );

    await page.locator('#settings-reportThreshold').fill('0');
    await page.locator('#panel-settings button[type="submit"]').click();
    await page.locator('#settings-reportThreshold-error', { hasText: 'Enter a whole number of 1 or more.' }).waitFor();
    expect(await page.locator('#settings-reportThreshold').getAttribute('aria-invalid')).toBe('true');

    expect(await page.locator('#settings-areReactionsEnabled').isChecked()).toBe(true);
    await page.locator('#settings-areReactionsEnabled').uncheck();
    expect(await page.locator('#settings-isQuotingEnabled').isChecked()).toBe(true);
    await page.locator('#settings-isQuotingEnabled').uncheck();
    await page.locator('#settings-premoderation').selectOption('links');
    await page.locator('#settings-bannedWords').fill('lottery win\n  \ncasino');
    await page.locator('#settings-watchedWords').fill('refund');
    await page.locator('#settings-maxLinks').fill('2');
    await page.locator('#settings-autoCloseDays').fill('');
    await page.locator('#settings-reportThreshold').fill('4');
    await page.locator('#panel-settings button[type="submit"]').click();
    await statusRegion(page).filter({ hasText: 'Settings saved' }).waitFor();

    const admin = await loginAsModerator(server.url, account.email, account.password);
    expect((await admin.call('GET', '/settings')).json).toEqual({
      premoderation: 'links',
      bannedWords: ['lottery win', 'casino'],
      watchedWords: ['refund'],
      maxLinks: 2,
      autoCloseDays: null,
      reportThreshold: 4,
      areReactionsEnabled: false,
      isQuotingEnabled: false,
    });
    await page.close();
  });

  it('an admin adds a moderator, who can then log in, and a taken email is refused readably', async () => {
    const page = await openDashboard(browser, server.url);
    await logInThroughForm(page, account.email, account.password);
    await openTab(page, 'moderators');
    await page.locator('#panel-moderators tbody tr', { hasText: 'Site Owner' }).waitFor();

    const fill = async (email: string) => {
      await page.locator('#moderator-email').fill(email);
      await page.locator('#moderator-displayName').fill('Night Desk');
      await page.locator('#moderator-role').selectOption('moderator');
      await page.locator('#moderator-password').fill('lamplighter on the quay');
      await page.locator('#panel-moderators button[type="submit"]').click();
    };
    await fill('night@coastal-ledger.example');
    await statusRegion(page).filter({ hasText: 'Night Desk can now log in' }).waitFor();
    await page.locator('#panel-moderators tbody tr', { hasText: 'night@coastal-ledger.example' }).waitFor();

    await fill('night@coastal-ledger.example');
    await page
      .locator('#panel-moderators .form-error', { hasText: 'An account with that email already exists.' })
      .waitFor();

    const created = await loginAsModerator(server.url, 'night@coastal-ledger.example', 'lamplighter on the quay');
    expect((await created.call('GET', '/session')).json.moderator).toMatchObject({
      displayName: 'Night Desk',
      role: 'moderator',
    });
    await page.close();
  });

  it('a moderator who is not an admin turns on mail for held comments in their own settings', async () => {
    const own = await createModeratorAccount(server.dbPath, { email: 'desk@coastal-ledger.example' });
    const page = await openDashboard(browser, server.url);
    await logInThroughForm(page, own.email, own.password);
    await openTab(page, 'settings');
    const held = page.locator('#account-mail-onHeld');
    await page.waitForFunction(
      () => (document.getElementById('account-mail-onHeld') as HTMLInputElement | null)?.disabled === false,
    );
    expect(await held.isChecked()).toBe(false);
    expect(await page.locator('#account-mail-onReport').isChecked()).toBe(false);
    await page.getByLabel('Email me each comment held for review').check();
    await statusRegion(page).filter({ hasText: 'Your email choices are saved' }).waitFor();
    const session = await loginAsModerator(server.url, own.email, own.password);
    expect((await session.call('GET', '/account/mail')).json).toEqual({ onHeld: true, onReport: false });
    await page.close();
  });
});
