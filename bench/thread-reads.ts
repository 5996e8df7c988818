// Owns figure 3: reading the first page of a thread over HTTP, by thread size, sort and connections, against a baseline.
import path from 'node:path';
import { startBaselineProcess, type BaselineProcess } from './lib/baseline-process';
import { countComments, findFirstPageRoutes, SORTS, type Sort } from './lib/first-page';
import { json, request, waitUntilIdle } from './lib/http';
import { runLoad, type LoadResult } from './lib/load';
import type { BenchOptions } from './lib/options';
import { startParleyProcess, type ParleyProcess } from './lib/parley-process';
import { makeScratchDir, removeScratchDir } from './lib/processes';
import { note } from './lib/progress';
import { seedParley, type SeededThread } from './lib/seed-parley';
import { kb, median, ms, num, pct } from './lib/stats';
import { row, type Row } from './table';

const PART = '3 thread reads';
const TARGET_READS_PER_S = 3_000;
const TARGET_P99_MS = 20;
const TARGET_BASELINE_SHARE = 0.4;
const TARGET_LARGEST_VS_SMALLEST = 1.5;
/** The size the throughput target is set for; with other sizes the middle one stands in. */
const TARGET_SIZE = 10_000;
/** Short load runs alternated between the pages compared (and the bare server's same answers); six, so that a run or two slowed by the machine does not move the median. */
const RATIO_ROUNDS = 6;
const RATIO_ROUND_S = 1;

/** Sequential requests for up to `budgetMs` (at most 100): warms the route and tells how slow one answer is. */
async function warmUp(ask: Ask, budgetMs: number): Promise<number> {
  const started = performance.now();
  const times: number[] = [];
  while (times.length < 100 && performance.now() - started < budgetMs) times.push((await request(ask.url, { ...ask, timeoutMs: 120_000 })).elapsedMs);
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

/**
 * How a first page is asked for: `page` is the paged endpoint (GET, what "show more" and
 * integrations use); `open` is the widget's first request on every page view (POST
 * /api/threads/open with a text/plain body, from a reader new to the site: no token).
 */
type Way = 'page' | 'open';

/** One request, as the load generator and the warm-up send it. */
interface Ask {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string;
}

const OPEN_PATH = '/api/threads/open';

function openAsk(baseUrl: string, pageId: string, sort: Sort): Ask {
  return { url: `${baseUrl}${OPEN_PATH}`, method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: JSON.stringify({ pageId, sort }) };
}

interface Cell {
  way: Way;
  size: number;
  sort: Sort;
  connections: number;
  ask?: Ask;
  /** The same request to the bare server, which answers it with the same bytes. */
  bareAsk?: Ask;
  parley?: LoadResult;
  baseline?: LoadResult;
  /** Median of sequential warm-up requests: one answer with nothing else going on. */
  oneAnswerMs?: number;
  skipped?: string;
}

function figureOf(cell: Cell): string {
  if (cell.skipped || !cell.parley) return cell.skipped ?? 'n/a';
  const p = cell.parley;
  const b = cell.baseline;
  const failures = p.failedCount + p.errors > 0 ? ` · ${num(p.failedCount + p.errors)} failed` : '';
  const base = b ? ` · baseline ${num(b.okPerSecond)} req/s (Parley ${pct(p.okPerSecond / b.okPerSecond)})` : '';
  return `${num(p.okPerSecond)} req/s · p50 ${ms(p.p50Ms)} · p99 ${ms(p.p99Ms)}${failures}${base}`;
}

function targetOf(cell: Cell, targetSize: number): { text: string; isMet: boolean | null } {
  if (!cell.parley || !cell.baseline) return { text: '', isMet: null };
  const share = cell.parley.okPerSecond / cell.baseline.okPerSecond;
  const isShareMet = share >= TARGET_BASELINE_SHARE;
  const isOk = cell.parley.failedCount + cell.parley.errors === 0;
  if (cell.size === targetSize && cell.connections === 10) {
    const isMet = isShareMet && isOk && cell.parley.okPerSecond >= TARGET_READS_PER_S && cell.parley.p99Ms < TARGET_P99_MS;
    return { text: `≥ ${num(TARGET_READS_PER_S)} req/s, p99 < ${TARGET_P99_MS} ms, ≥ 40% of baseline`, isMet };
  }
  return { text: '≥ 40% of baseline', isMet: isShareMet && isOk };
}

/** Median p50 of each request over rounds that take them in turn (A B C, C B A, …), so drift falls on all alike. */
async function alternatingP50s(asks: Ask[], connections: number): Promise<number[]> {
  const p50s: number[][] = asks.map(() => []);
  const order = asks.map((_, i) => i);
  for (let round = 0; round < RATIO_ROUNDS; round++) {
    for (const i of round % 2 === 0 ? order : [...order].reverse()) {
      p50s[i].push((await runLoad({ ...asks[i], connections, durationS: RATIO_ROUND_S, okStatus: 200 })).p50Ms);
    }
  }
  return p50s.map(median);
}

const WAY_LABEL: Record<Way, string> = { page: '', open: `widget's first request (POST ${OPEN_PATH}, new reader) · ` };

export async function measureThreadReads(options: BenchOptions): Promise<Row[]> {
  const scratch = makeScratchDir();
  const sizes = [...options.readSizes].sort((a, b) => a - b);
  const targetSize = sizes.includes(TARGET_SIZE) ? TARGET_SIZE : sizes[Math.floor(sizes.length / 2)];
  let server: ParleyProcess | null = null;
  let baseline: BaselineProcess | null = null;
  try {
    const dbPath = path.join(scratch, 'parley.db');
    const threads: SeededThread[] = [];
    for (const size of sizes) {
      note(`  seeding a ${num(size)}-comment thread`);
      const [seeded] = await seedParley(dbPath, [{ pageId: `reads-${size}`, comments: size, votes: Math.min(2_000, Math.ceil(size / 20)) }]);
      note(`  seeded ${num(size)} comments in ${(seeded.seedMs / 1000).toFixed(1)} s (${num((size / seeded.seedMs) * 1000)} inserts/s through the storage contract)`);
      threads.push(seeded);
    }
    const parley = (server = await startParleyProcess(dbPath, { logLevel: options.logLevel, profileDir: options.profileDir }));
    const bare = (baseline = await startBaselineProcess(scratch));

    const rows: Row[] = [];
    const cells: Cell[] = [];
    /** Measures one way of reading one page at each connection count, with the bare baseline serving the same bytes. */
    async function measure(way: Way, size: number, sort: Sort, ask: Ask, connectionCounts: number[], isWholeThread: boolean): Promise<void> {
      const captured = await request(ask.url, { ...ask, timeoutMs: 120_000 });
      const shape = countComments(json(captured));
      const what = `${isWholeThread ? 'whole thread, ' : ''}${shape.topLevel} top-level + ${shape.all - shape.topLevel} replies, ${kb(captured.body.length)}`;
      // The baseline answers by path whatever the method: one path per page and way.
      const baselinePath = `/${way}/${size}/${sort}`;
      await bare.serve(baselinePath, captured.body, String(captured.headers['content-type'] ?? 'application/json'));
      const oneAnswerMs = await warmUp(ask, 2_000);
      note(`  ${WAY_LABEL[way]}${num(size)} · ${sort}: one request at a time takes ${ms(oneAnswerMs)} (median of the warm-up)`);
      const bareAsk = { ...ask, url: `${bare.url}${baselinePath}` };
      for (const connections of connectionCounts) {
        const cell: Cell = { way, size, sort, connections, oneAnswerMs, ask, bareAsk };
        // Requests still queued when a run ends keep the server busy into the next one; past
        // this point the queue could not drain within a run's own length.
        if (oneAnswerMs * connections > options.durationS * 1_000) {
          cell.skipped = `n/a (one answer takes ${ms(oneAnswerMs)}; ${connections} connections would queue past the run)`;
        } else {
          note(`  ${WAY_LABEL[way]}${num(size)} · ${sort} · ${connections} conn (${what})`);
          await parley.load();
          cell.parley = await runLoad({ ...ask, connections, durationS: options.durationS, okStatus: 200 });
          const load = await parley.load();
          await waitUntilIdle(`${parley.url}/healthz`);
          cell.baseline = await runLoad({ ...bareAsk, connections, durationS: options.durationS, okStatus: 200 });
          note(`    ${figureOf(cell)}; server event loop busy ${pct(load.eventLoopBusy)}`);
        }
        cells.push(cell);
        const target = targetOf(cell, targetSize);
        rows.push(row(PART, `${WAY_LABEL[way]}${num(size)} comments · ${sort} · ${connections} conn (${what})`, figureOf(cell), target.text, target.isMet));
      }
    }

    for (const [i, size] of sizes.entries()) {
      const routes = await findFirstPageRoutes(parley.url, threads[i].threadId);
      for (const sort of SORTS) {
        const route = routes[sort];
        if ('missing' in route) {
          for (const connections of options.readConnections) {
            cells.push({ way: 'page', size, sort, connections, skipped: route.missing });
            rows.push(row(PART, `${num(size)} comments · ${sort} · ${connections} conn`, route.missing));
          }
          continue;
        }
        await measure('page', size, sort, { url: `${parley.url}${route.path}`, method: 'GET' }, options.readConnections, route.isWholeThread);
      }
    }
    // Every page view asks this first: held to the same targets, at the targets' connection count.
    for (const [i, size] of sizes.entries()) {
      for (const sort of SORTS) await measure('open', size, sort, openAsk(parley.url, threads[i].pageId, sort), [options.readConnections[0]], false);
    }

    // A first page should cost the same however long the thread behind it is.
    const smallest = sizes[0];
    const largest = sizes[sizes.length - 1];
    const connections = options.readConnections[0];
    const cellOf = (way: Way, size: number, sort: Sort) => cells.find((c) => c.way === way && c.size === size && c.sort === sort && c.connections === connections);
    for (const way of largest === smallest ? [] : (['page', 'open'] as const)) {
      for (const sort of SORTS) {
        const small = cellOf(way, smallest, sort);
        const large = cellOf(way, largest, sort);
        const measurement = `${WAY_LABEL[way]}p50, ${num(largest)} vs ${num(smallest)} comments · ${sort} · ${connections} conn`;
        if (small?.parley && large?.parley && small.ask && large.ask && small.bareAsk && large.bareAsk) {
          // The cells above ran minutes apart, and this machine's speed drifts by more than the
          // difference sought: alternate short runs on the two pages instead. The larger page is
          // several times the bytes; the bare server, sending the same bytes in the same rounds,
          // says how much of the ratio the bytes alone take.
          note(`  ${WAY_LABEL[way]}${sort}: ${RATIO_ROUNDS} rounds of ${RATIO_ROUND_S} s on the ${num(smallest)}- and ${num(largest)}-comment pages in turn, Parley's and the bare server's`);
          const [smallP50, largeP50, bareSmallP50, bareLargeP50] = await alternatingP50s([small.ask, large.ask, small.bareAsk, large.bareAsk], connections);
          const ratio = largeP50 / smallP50;
          const figure =
            `${ms(largeP50)} vs ${ms(smallP50)} (${ratio.toFixed(2)}×; the bare server with the same bytes ${ms(bareLargeP50)} vs ${ms(bareSmallP50)}, ` +
            `${(bareLargeP50 / bareSmallP50).toFixed(2)}×; medians of ${RATIO_ROUNDS} alternating ${RATIO_ROUND_S} s runs each)`;
          rows.push(row(PART, measurement, figure, `≤ ${TARGET_LARGEST_VS_SMALLEST}×`, ratio <= TARGET_LARGEST_VS_SMALLEST));
        } else if (small?.oneAnswerMs !== undefined && large?.oneAnswerMs !== undefined) {
          // Too slow to load with connections: compare single requests instead.
          const ratio = large.oneAnswerMs / small.oneAnswerMs;
          const figure = `${ms(large.oneAnswerMs)} vs ${ms(small.oneAnswerMs)} one at a time (${ratio.toFixed(2)}×)`;
          rows.push(row(PART, measurement.replace(` · ${connections} conn`, ''), figure, `≤ ${TARGET_LARGEST_VS_SMALLEST}×`, ratio <= TARGET_LARGEST_VS_SMALLEST));
        } else {
          rows.push(row(PART, measurement, 'n/a (not measured)'));
        }
      }
    }
    // With pages of the same size, what is left is the thread's length alone: no target, it shows the cost apart from the bytes.
    const middle = sizes.length >= 3 ? sizes[sizes.length - 2] : undefined;
    for (const way of middle === undefined || middle === smallest ? [] : (['page', 'open'] as const)) {
      const lengths: string[] = [];
      for (const sort of SORTS) {
        const mid = cellOf(way, middle as number, sort);
        const large = cellOf(way, largest, sort);
        if (!mid?.ask || !large?.ask || !mid.parley || !large.parley) continue;
        const [midP50, largeP50] = await alternatingP50s([mid.ask, large.ask], connections);
        lengths.push(`${sort} ${ms(largeP50)} vs ${ms(midP50)} (${(largeP50 / midP50).toFixed(2)}×)`);
      }
      if (lengths.length > 0) {
        rows.push(row(PART, `${WAY_LABEL[way]}p50, ${num(largest)} vs ${num(middle as number)} comments (pages of about the same size) · ${connections} conn`, `${lengths.join(' · ')}; medians of ${RATIO_ROUNDS} alternating ${RATIO_ROUND_S} s runs each`));
      }
    }
    return rows;
  } finally {
    await server?.stop();
    await baseline?.stop();
    removeScratchDir(scratch);
  }
}
