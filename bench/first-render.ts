// Owns figure 2: how long a reader waits, in Chromium, from the widget script starting to load to seeing comments.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { io } from 'socket.io-client';
import { startParleyProcess } from './lib/parley-process';
import { makeScratchDir, removeScratchDir } from './lib/processes';
import { note } from './lib/progress';
import { seedParley } from './lib/seed-parley';
import { median, ms, num } from './lib/stats';
import { newGuestToken } from './lib/tokens';
import type { BenchOptions } from './lib/options';
import { row, type Row } from './table';

const PART = '2 first render';
const TARGET_MS = 300;
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
// The demo article's own page id and canonical address.
const DEMO_PAGE_ID = 'harbour-lights-2026';
const DEMO_URL = 'https://coastal-ledger.example/2026/11/harbour-lights';

interface RenderTiming {
  scriptStartMs: number;
  scriptLoadedMs: number;
  firstCommentInDomMs: number;
  firstCommentFrameMs: number;
  /** When the widget first called the server's socket.io endpoint (NaN when it went straight to a WebSocket). */
  socketStartMs: number;
  commentsShown: number;
}

/**
 * Runs in the page before any of its scripts: notes when the first comment element enters
 * the widget's shadow root (a MutationObserver on it as soon as it exists), and the start of
 * the next frame, when it is painted.
 */
function instrumentPage(): void {
  const state: { domMs?: number; frameMs?: number } = {};
  (window as unknown as { __parleyBench: typeof state }).__parleyBench = state;
  const hasComment = (root: ShadowRoot) => root.querySelector('[id^="comment-"]') !== null;
  const seen = () => {
    if (state.domMs !== undefined) return;
    state.domMs = performance.now();
    requestAnimationFrame(() => {
      state.frameMs = performance.now();
    });
  };
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
    const root = attach.call(this, init);
    if (this.id === 'parley') {
      const observer = new MutationObserver(() => {
        if (hasComment(root)) {
          observer.disconnect();
          seen();
        }
      });
      observer.observe(root, { childList: true, subtree: true });
    }
    return root;
  };
  // Also polled each frame, in case the root comes about some other way.
  const poll = () => {
    const root = document.getElementById('parley')?.shadowRoot;
    if (root && hasComment(root)) seen();
    else if (state.domMs === undefined) requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

/** How long the server takes to answer the widget's join for this thread, without a browser in the way. */
async function timeJoins(url: string, times: number): Promise<number> {
  const socket = io(url, { transports: ['websocket'], auth: { token: newGuestToken() }, reconnection: false, forceNew: true });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const samples: number[] = [];
    for (let i = 0; i < times; i++) {
      const startedMs = performance.now();
      const ack = await socket.timeout(30_000).emitWithAck('thread:join', { pageId: DEMO_PAGE_ID, url: DEMO_URL });
      if (!ack?.ok) throw new Error(`thread:join refused: ${ack?.error?.code}`);
      samples.push(performance.now() - startedMs);
    }
    return median(samples);
  } finally {
    socket.close();
  }
}

async function loadOnce(pageUrl: string, scratch: string, run: number): Promise<RenderTiming> {
  // A fresh profile each time: nothing cached, as for a first visit.
  const userDataDir = fs.mkdtempSync(path.join(scratch, `chromium-${run}-`));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.addInitScript(instrumentPage);
    await page.goto(pageUrl, { waitUntil: 'domcontentloaded', timeout: 30_000 });
    await page
      .waitForFunction(
        () => {
          const root = document.querySelector('#parley')?.shadowRoot;
          const state = (window as unknown as { __parleyBench?: { frameMs?: number } }).__parleyBench;
          return root?.querySelector('[id^="comment-"]') != null && state?.frameMs !== undefined;
        },
        undefined,
        { timeout: 30_000, polling: 'raf' },
      )
      .catch((err: Error) => {
        throw new Error(`no comment shown within 30 s${pageErrors.length ? ` (page error: ${pageErrors[0]})` : ''}: ${err.message.split('\n')[0]}`);
      });
    return await page.evaluate(() => {
      const state = (window as unknown as { __parleyBench: { domMs: number; frameMs: number } }).__parleyBench;
      const script = performance
        .getEntriesByType('resource')
        .find((e) => new URL(e.name).pathname === '/widget.js') as PerformanceResourceTiming | undefined;
      if (!script) throw new Error('the page did not load /widget.js');
      const socket = performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname.startsWith('/socket.io/'));
      return {
        socketStartMs: socket ? socket.startTime : NaN,
        scriptStartMs: script.startTime,
        scriptLoadedMs: script.responseEnd,
        firstCommentInDomMs: state.domMs,
        firstCommentFrameMs: state.frameMs,
        commentsShown: document.querySelector('#parley')?.shadowRoot?.querySelectorAll('[id^="comment-"]').length ?? 0,
      };
    });
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

export async function measureFirstRender(options: BenchOptions): Promise<Row[]> {
  if (!fs.existsSync(CHROMIUM)) return [row(PART, 'Chromium', `n/a (${CHROMIUM} is not installed)`)];
  const scratch = makeScratchDir();
  try {
    const dbPath = path.join(scratch, 'parley.db');
    note(`  seeding the demo thread with ${options.renderComments} comments`);
    await seedParley(dbPath, [
      { pageId: DEMO_PAGE_ID, url: DEMO_URL, title: 'The night the harbour lights came back', comments: options.renderComments, votes: 50 },
    ]);
    const server = await startParleyProcess(dbPath, { logLevel: options.logLevel, profileDir: options.profileDir });
    try {
      const pageUrl = `${server.url}/`;
      // One untimed load first: the server's first answers include its own warm-up.
      await loadOnce(pageUrl, scratch, 0);
      const timings: RenderTiming[] = [];
      for (let run = 1; run <= options.renderRuns; run++) {
        const timing = await loadOnce(pageUrl, scratch, run);
        timings.push(timing);
        note(
          `  load ${run}: script ${ms(timing.scriptStartMs)} → loaded ${ms(timing.scriptLoadedMs)} → socket.io ${ms(timing.socketStartMs)} → first comment in DOM ${ms(timing.firstCommentInDomMs)}, painted ${ms(timing.firstCommentFrameMs)}; ${timing.commentsShown} comments shown`,
        );
      }
      const visible = median(timings.map((t) => t.firstCommentFrameMs - t.scriptStartMs));
      const inDom = median(timings.map((t) => t.firstCommentInDomMs - t.scriptStartMs));
      const scriptMs = median(timings.map((t) => t.scriptLoadedMs - t.scriptStartMs));
      const shown = median(timings.map((t) => t.commentsShown));
      const joinMs = await timeJoins(server.url, 5);
      note(`  the server answers thread:join for this thread in ${ms(joinMs)} (median of 5, socket.io client in Node)`);
      return [
        row(
          PART,
          `script start → first comment painted, ${num(options.renderComments)}-comment thread, median of ${timings.length} cold loads`,
          `${ms(visible)} (in DOM at ${ms(inDom)}; script loaded in ${ms(scriptMs)}; server's join answer alone ${ms(joinMs)}; ${num(shown)} comments shown)`,
          `≤ ${TARGET_MS} ms`,
          visible <= TARGET_MS,
        ),
      ];
    } finally {
      await server.stop();
    }
  } finally {
    removeScratchDir(scratch);
  }
}
