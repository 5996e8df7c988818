// A returning guest is told who they comment as, above the form, and can change the name.
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { ar } from '../../client/messages/ar';
import { en } from '../../client/messages/en';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';
import { newGuestToken } from '../helpers/sockets';
import { asReader, commentCard, fillAndSubmit, mainForm, openDemo, WAIT_MS, widgetReady } from './widget-page';

jest.setTimeout(60_000);

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const result = await (window as any).axe.run({ include: [['#parley']] }, { resultTypes: ['violations'] });
    return result.violations.map(
      (v: any) => `${v.id}: ${v.nodes.map((n: any) => JSON.stringify(n.target)).join(', ')}`,
    );
  });
}

let server: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the guest label', () => {
  it('after a first comment the form says "Commenting as NAME (guest)", and the name can be changed', async () => {
    const page = await openDemo(browser, server.url, asReader(newGuestToken()));
    const form = mainForm(page);
    const label = form.locator('.guest-label');
    // A first-time reader has no name yet: the fields ask for it.
    expect(await label.isVisible()).toBe(false);
    await fillAndSubmit(form, { name: 'Nadia', body: 'My first comment here.' });
    await commentCard(page, 'My first comment here.').waitFor();

    await label.filter({ hasText: en.form.commentingAs('Nadia') }).waitFor();
    expect(await form.locator('input[name="authorName"]').isVisible()).toBe(false);
    // The label is above the comment box.
    const labelBox = (await label.boundingBox())!;
    const boxBox = (await form.locator('textarea[name="body"]').boundingBox())!;
    expect(labelBox.y + labelBox.height).toBeLessThanOrEqual(boxBox.y);
    expect(await violations(page)).toEqual([]);

    // Remembered across a reload of the page.
    await page.reload();
    await label.filter({ hasText: en.form.commentingAs('Nadia') }).waitFor();

    await label.getByRole('button', { name: en.form.changeName }).click();
    const name = form.locator('input[name="authorName"]');
    await name.waitFor();
    expect(await name.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    expect(await name.inputValue()).toBe('Nadia');
    await name.fill('Nadia K.');
    await fillAndSubmit(form, { body: 'Second, under my full name.' });
    const card = commentCard(page, 'Second, under my full name.');
    await card.locator('.author', { hasText: 'Nadia K.' }).waitFor();
    await label.filter({ hasText: en.form.commentingAs('Nadia K.') }).waitFor();
    await page.close();
  });

  it('reads in the page’s language, the name kept in its own direction', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(WAIT_MS);
    await page.route(`${server.url}/site/ar`, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>صفحة</title></head><body>
<div id="parley" data-page-id="guest-ar" data-lang="ar"></div><script src="${server.url}/widget.js" async></script></body></html>`,
      }),
    );
    await page.goto(`${server.url}/site/ar`);
    await widgetReady(page);
    const form = mainForm(page);
    await fillAndSubmit(form, { name: 'Nadia', body: 'تعليق أول.' });
    const label = form.locator('.guest-label');
    await label.filter({ hasText: ar.form.commentingAs('Nadia') }).waitFor();
    expect(await label.locator('bdi').textContent()).toBe('Nadia');
    await label.getByRole('button', { name: ar.form.changeName }).waitFor();
    await page.close();
  });

  it('a remembered name the form cannot send unfolds the name field with its error', async () => {
    const page = await openDemo(browser, server.url, async (p) => {
      await asReader(newGuestToken())(p);
      // Remembered from before the name limit was what it is now.
      await p.addInitScript((name) => {
        localStorage.setItem('parley:author', JSON.stringify({ name, email: '' }));
      }, 'n'.repeat(65));
    });
    const form = mainForm(page);
    const label = form.locator('.guest-label');
    await label.waitFor();
    expect(await form.locator('input[name="authorName"]').isVisible()).toBe(false);
    await fillAndSubmit(form, { body: 'Another one.' });
    await form
      .locator('.field-authorName .field-error')
      .filter({ hasText: en.fields.authorName.tooLong(64) })
      .waitFor();
    expect(await form.locator('input[name="authorName"]').isVisible()).toBe(true);
    expect(await label.isVisible()).toBe(false);
    await page.close();
  });
});
