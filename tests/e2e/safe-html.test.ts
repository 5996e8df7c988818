// The widget's own allow-list in a real DOM, fed markup the server never sanitized.
import path from 'node:path';
import * as esbuild from 'esbuild';
import type { Page } from 'playwright-core';
import { ALLOWED_ATTRIBUTES } from '../../client/safe-html';
import { launchBrowser, type TestBrowser } from '../helpers/browser';

jest.setTimeout(60_000);

declare global {
  interface Window {
    __xss: number;
    __pwned(): number;
    safeHtml: typeof import('../../client/safe-html');
  }
}

let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  const bundle = await esbuild.build({
    entryPoints: [path.join(__dirname, '..', '..', 'client', 'safe-html.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'safeHtml',
    target: 'es2020',
  });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.setContent('<!doctype html><title>allow-list</title><main id="out"></main>');
  await page.evaluate(() => {
    window.__xss = 0;
    window.__pwned = () => window.__xss++;
  });
  await page.addScriptTag({ content: bundle.outputFiles[0].text });
});

afterAll(async () => {
  await browser?.close();
});

/** Renders through the allow-list into the page and describes what came out. */
function render(html: string) {
  return page.evaluate((input) => {
    const out = document.getElementById('out')!;
    out.replaceChildren(window.safeHtml.toSafeFragment(input));
    const elements = Array.from(out.querySelectorAll('*'));
    return {
      text: out.textContent,
      tags: elements.map((el) => el.localName),
      attributes: elements.flatMap((el) => Array.from(el.attributes).map((a) => `${el.localName}[${a.name}]`)),
    };
  }, html);
}

describe("the widget's allow-list for comment bodies", () => {
  it('keeps the formatting a reader may use', async () => {
    const result = await render(
      '<p>One <strong>two</strong> <b>b</b> <em>three</em> <i>i</i> <s>four</s> <code>x()</code><br>five</p>' +
        '<pre>let a = 1;</pre><blockquote>quoted</blockquote><ul><li>u</li></ul><ol><li>o</li></ol>',
    );
    expect(result.tags).toEqual([
      'p',
      'strong',
      'b',
      'em',
      'i',
      's',
      'code',
      'br',
      'pre',
      'blockquote',
      'ul',
      'li',
      'ol',
      'li',
    ]);
    expect(result.attributes).toEqual([]);
  });

  it('drops scripts, foreign markup and every attribute but a safe href', async () => {
    const result = await render(
      '<script>__pwned()</script><style>p{}</style><template><img src=x onerror=__pwned()></template>' +
        '<svg onload=__pwned()><text>svg words</text></svg><math><mi>math words</mi></math>' +
        '<iframe srcdoc="<script>__pwned()</script>"></iframe><object data=x></object><embed src=x>' +
        '<noscript>noscript words</noscript><textarea>textarea words</textarea><xmp>xmp words</xmp>' +
        '<title>title words</title><select><option>option words</option></select><option>loose option</option>' +
        '<img src=x onerror=__pwned()><p onclick="__pwned()" style="color:red" class="c" id="i">kept</p>' +
        '<div><span title="t">inner words</span></div><!-- a comment -->',
    );
    expect(result.tags).toEqual(['p']);
    expect(result.attributes).toEqual([]);
    expect(result.text).toBe('keptinner words');
    expect(await page.evaluate(() => window.__xss)).toBe(0);
  });

  it('keeps only absolute http, https and mailto links, each marked as untrusted', async () => {
    const result = await render(
      [
        '<a href="https://example.com/a?b=c" onclick="__pwned()" rel="author" target="_self">https</a>',
        '<a href="http://example.com/">http</a>',
        '<a href="mailto:ed@example.com">mail</a>',
        '<a href="javascript:__pwned()">js</a>',
        '<a href=" JaVa\tScRiPt:__pwned()">spaced js</a>',
        '<a href="&#106;avascript:__pwned()">entity js</a>',
        '<a href="data:text/html,<script>__pwned()</script>">data</a>',
        '<a href="//evil.example/">protocol relative</a>',
        '<a href="/relative">relative</a>',
        '<a href="vbscript:x">vb</a>',
        '<a>no href</a>',
      ].join(' '),
    );
    const anchors = await page.evaluate(() =>
      Array.from(document.querySelectorAll('#out a')).map((a) => ({
        href: a.getAttribute('href'),
        rel: a.getAttribute('rel'),
        target: a.getAttribute('target'),
        names: a.getAttributeNames().sort(),
      })),
    );
    expect(anchors.map((a) => a.href)).toEqual([
      'https://example.com/a?b=c',
      'http://example.com/',
      'mailto:ed@example.com',
    ]);
    for (const anchor of anchors) {
      expect(anchor.rel).toBe('nofollow ugc noopener noreferrer');
      expect(anchor.target).toBe('_blank');
      // The server's attributes for a link, and the target only the widget adds.
      expect(anchor.names).toEqual([...ALLOWED_ATTRIBUTES.a, 'target'].sort());
    }
    // Refused links keep their words as plain text.
    for (const words of ['spaced js', 'entity js', 'protocol relative', 'relative', 'no href'])
      expect(result.text).toContain(words);
  });

  it('shows markup-looking text as text and survives absurd nesting', async () => {
    const escaped = await render('&lt;img src=x onerror=__pwned()&gt;');
    expect(escaped.tags).toEqual([]);
    expect(escaped.text).toBe('<img src=x onerror=__pwned()>');

    const deep = await render('<blockquote>'.repeat(5000) + 'bottom' + '</blockquote>'.repeat(5000));
    expect(deep.text).toBe('bottom');
    expect(await page.evaluate(() => window.__xss)).toBe(0);
  });
});
