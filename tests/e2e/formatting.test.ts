// The form's formatting toolbar and character counter, and what the formatting looks like once posted.
import type { Locator } from 'playwright-core';
import { en } from '../../client/messages/en';
import type { TestBrowser } from '../helpers/browser';
import { withServerAndBrowser } from '../helpers/browser-suite';
import type { TestServer } from '../helpers/server';
import { newGuestToken } from '../helpers/sockets';
import { asReader, commentIdOf, cardOf, mainForm, openDemo } from './widget-page';

let server: TestServer;
let browser: TestBrowser;

withServerAndBrowser((started) => ({ server, browser } = started));

async function select(textarea: Locator, words: string): Promise<void> {
  await textarea.evaluate((el, w) => {
    const area = el as HTMLTextAreaElement;
    const start = area.value.indexOf(w);
    area.setSelectionRange(start, start + w.length);
  }, words);
}

describe('formatting', () => {
  it('the toolbar writes Markdown for the selection, and links must be http or https', async () => {
    const page = await openDemo(browser, server.url, asReader(newGuestToken()));
    const form = mainForm(page);
    const textarea = form.locator('textarea');
    const toolbar = form.getByRole('toolbar', { name: en.form.toolbarLabel });
    await textarea.fill('Keep the glow. See the survey. Use code here.\nA quote.\nfirst\nsecond');

    await select(textarea, 'glow');
    await toolbar.getByRole('button', { name: en.form.format.bold }).click();
    await select(textarea, 'code here');
    await toolbar.getByRole('button', { name: en.form.format.code }).click();
    await select(textarea, 'A quote.');
    await toolbar.getByRole('button', { name: en.form.format.quote }).click();
    await select(textarea, 'first\nsecond');
    await toolbar.getByRole('button', { name: en.form.format.list }).click();
    await select(textarea, 'Keep');
    await toolbar.getByRole('button', { name: en.form.format.italic }).click();

    // Link asks for the address inside the widget and refuses anything but http(s).
    await select(textarea, 'survey');
    await toolbar.getByRole('button', { name: en.form.format.link }).click();
    const address = form.getByLabel(en.form.linkAddress);
    await address.fill('javascript:alert(1)');
    await form.getByRole('button', { name: en.form.linkAdd }).click();
    await form.locator('.link-field .field-error').filter({ hasText: en.form.linkInvalid }).waitFor();
    await address.fill('https://coastal-ledger.example/survey');
    await address.press('Enter');
    await address.waitFor({ state: 'hidden' });

    expect(await textarea.inputValue()).toBe(
      '*Keep* the **glow**. See the [survey](https://coastal-ledger.example/survey). Use `code here`.\n\n' +
        '> A quote.\n\n- first\n- second',
    );
    // Pressing Enter in the address field did not send the comment.
    expect(await page.locator('#parley li.comment').count()).toBe(0);

    await form.locator('input[name="authorName"]').fill('Mara');
    await form.locator('button[type="submit"]').click();
    const id = await commentIdOf(page, 'survey');
    const body = cardOf(page, id).locator('.body');
    expect(await body.locator('strong, b').textContent()).toBe('glow');
    expect(await body.locator('em, i').textContent()).toBe('Keep');
    expect(await body.locator('code').textContent()).toBe('code here');
    expect(await body.locator('blockquote').textContent()).toBe('A quote.');
    expect(await body.locator('a').getAttribute('href')).toBe('https://coastal-ledger.example/survey');
    expect(await body.locator('ul li').allTextContents()).toEqual(['first', 'second']);
    await page.close();
  });

  it('Preview shows the draft as it will be posted, markup typed as text shown as text, and Write returns to the box', async () => {
    const page = await openDemo(browser, server.url, asReader(newGuestToken()));
    const form = mainForm(page);
    const textarea = form.locator('textarea');
    const commentsBefore = await page.locator('#parley li.comment').count();
    await textarea.fill('**Loud** words about <script>window.__pwned = 1</script> tags.');
    const previewTab = form.getByRole('tab', { name: en.form.preview });
    const writeTab = form.getByRole('tab', { name: en.form.write });
    expect(await writeTab.getAttribute('aria-selected')).toBe('true');
    await previewTab.click();
    const panel = form.getByRole('tabpanel', { name: en.form.preview });
    await panel.locator('strong', { hasText: 'Loud' }).waitFor();
    expect((await panel.innerText()).trim()).toBe('Loud words about <script>window.__pwned = 1</script> tags.');
    expect(await previewTab.getAttribute('aria-selected')).toBe('true');
    expect(await textarea.isVisible()).toBe(false);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // Nothing was posted by previewing.
    expect(await page.locator('#parley li.comment').count()).toBe(commentsBefore);

    // Keyboard: arrows move between the tabs and select them.
    await previewTab.focus();
    await page.keyboard.press('ArrowLeft');
    expect(await writeTab.getAttribute('aria-selected')).toBe('true');
    expect(await textarea.isVisible()).toBe(true);
    expect(await textarea.inputValue()).toBe('**Loud** words about <script>window.__pwned = 1</script> tags.');
    await page.close();
  });

  it('Preview is a module of its own, loaded only when a reader first opens it', async () => {
    const page = await openDemo(browser, server.url, asReader(newGuestToken()));
    const loaded: string[] = [];
    page.on('request', (request) => loaded.push(new URL(request.url()).pathname));
    const form = mainForm(page);
    await form.locator('textarea').fill('Hello');
    expect(loaded.filter((p) => p.includes('/modules/preview'))).toEqual([]);
    await form.getByRole('tab', { name: en.form.preview }).click();
    await form.getByRole('tabpanel', { name: en.form.preview }).getByText('Hello').waitFor();
    expect(loaded.filter((p) => p.includes('/modules/preview'))).toHaveLength(1);
    await page.close();
  });

  it('the character counter counts as the reader types and warns near the limit', async () => {
    const page = await openDemo(browser, server.url, asReader(newGuestToken()));
    const form = mainForm(page);
    const counter = form.locator('.counter');
    expect(await counter.textContent()).toBe('0 / 10,000');
    await form.locator('textarea').fill('x'.repeat(1234));
    await counter.filter({ hasText: /^1,234 \/ 10,000$/ }).waitFor();
    expect(await counter.getAttribute('class')).toBe('counter');
    await form.locator('textarea').fill('x'.repeat(9_500));
    await counter.filter({ hasText: '9,500 / 10,000' }).waitFor();
    expect(await counter.evaluate((el) => el.classList.contains('is-near'))).toBe(true);
    await form.locator('textarea').fill('x'.repeat(10_001));
    await counter.filter({ hasText: '10,001 / 10,000' }).waitFor();
    expect(await counter.evaluate((el) => el.classList.contains('is-over'))).toBe(true);
    // The counter is part of the textarea's description, so it is heard as well as seen.
    const describedBy = (await form.locator('textarea').getAttribute('aria-describedby')) ?? '';
    expect(describedBy.split(' ')).toContain(await counter.getAttribute('id'));
    await page.close();
  });
});
