// Drives the moderation dashboard the way a moderator does: log in, pick a queue, find a comment, act on it.
import fs from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import type { TestBrowser } from '../helpers/browser';
import { WAIT_MS } from './widget-page';

/** Opens the dashboard without a session (earlier logins in this browser are forgotten) and waits for the login form. */
export async function openDashboard(browser: TestBrowser, url: string): Promise<Page> {
  await browser.context.clearCookies();
  const page = await browser.newPage();
  page.setDefaultTimeout(WAIT_MS);
  await page.goto(`${url}/admin`);
  await page.locator('#login-email').waitFor();
  return page;
}

/** Submits the login form and returns the answer the dashboard got from the server. */
export async function submitLogin(
  page: Page,
  email: string,
  password: string,
): Promise<{ status: number; code: string | null }> {
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(password);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/admin/api/login') && r.request().method() === 'POST'),
    page.locator('.login-form button[type="submit"]').click(),
  ]);
  const json = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
  return { status: response.status(), code: json?.error?.code ?? null };
}

/** Logs in through the form and waits until the comment list has loaded. */
export async function logInThroughForm(page: Page, email: string, password: string): Promise<void> {
  const { status } = await submitLogin(page, email, password);
  if (status !== 200) throw new Error(`dashboard login answered ${status}`);
  await dashboardReady(page);
}

export async function dashboardReady(page: Page): Promise<void> {
  await page.locator('#tab-comments[aria-selected="true"]').waitFor();
  await page.locator('ol.items:not([aria-busy])').waitFor({ state: 'attached' });
}

export async function openQueue(page: Page, queue: 'pending' | 'reported' | 'all' | 'removed' | 'spam'): Promise<void> {
  await page.locator(`button[data-queue="${queue}"]`).click();
  await page.locator(`button[data-queue="${queue}"][aria-current="true"]`).waitFor();
  await page.locator('ol.items:not([aria-busy])').waitFor({ state: 'attached' });
}

/** A listed comment, found by words in its body. */
export function modItem(page: Page, text: string): Locator {
  return page.locator('ol.items > li.item', { has: page.locator('.body', { hasText: text }) });
}

export function statusRegion(page: Page): Locator {
  return page.locator('.toast[role="status"]');
}

export function loginError(page: Page): Locator {
  return page.locator('#login-error');
}

export async function openTab(
  page: Page,
  tab: 'comments' | 'threads' | 'bans' | 'audit' | 'settings' | 'moderators' | 'outbox',
): Promise<void> {
  await page.locator(`#tab-${tab}`).click();
  await page.locator(`#panel-${tab}:not([hidden])`).waitFor();
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe-core on the page as it is and fails with what it found, saying where. */
export async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: unknown[] }> } }
    ).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  })) as AxeViolation[];
  if (violations.length > 0) {
    const report = violations
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary ?? ''}`).join('\n')}`,
      )
      .join('\n');
    console.log(`axe found ${violations.length} violation(s) on ${where}:\n${report}`);
  }
  expect({ where, violations: violations.map((v) => v.id) }).toEqual({ where, violations: [] });
}
