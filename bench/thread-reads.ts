// Owns figure 3: reading the first page of a thread over HTTP, by thread size, sort and connections, against a bare server sending the same bytes.
import path from 'node:path';
import { startBaselineProcess, type BaselineProcess } from './lib/baseline-process';
import { countComments, findFirstPageRoutes, SORTS, type Sort } from './lib/first-page';
import { json, request, waitUntilIdle } from './lib/http';
import { alternatingLoads, runLoad, type LoadResult } from './lib/load';
import type { BenchOptions } from './lib/options';
import { startParleyProcess, type ParleyProcess } from './lib/parley-process';
import { makeScratchDir, removeScratchDir } from './lib/processes';
import { note } from './lib/progress';
import { seedParley, type SeededThread } from './lib/seed-parley';
import { kb, median, ms, num, pct } from './lib/stats';
import { row, type Row } from './table';

const PART = '3 thread reads';
/** Parley's requests per second against the bare server's with the same bytes, in the same rounds. */
const TARGET_BASELINE_SHARE = 0.8;
/** First pages of about the same size from the largest thread and the one before it. */
const TARGET_SAME_SIZE_RATIO = 1.1;
/** Each cell's runs alternate Parley and the bare server: A B B A, each a quarter of the run's length. */
const CELL_ROUNDS = 4;
/** Short load runs alternated between the two pages compared; eight, so that a run or two slowed by the machine does not move the median. */
const RATIO_ROUNDS = 8;
const RATIO_ROUND_S = 1;

/** Sequential requests for up to `budgetMs` (at most 100): warms the route and tells how slow one answer is. */
async function warmUp(ask: Ask, budgetMs: number): Promise<number> {
  const started = performance.now();
  const times: number[] = [];
  while (times.length < 100 && performance.now() - started < budgetMs)
    times.push((await request(ask.url, { ...ask, timeoutMs: 120_000 })).elapsedMs);
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
  return {
    url: `${baseUrl}${OPEN_PATH}`,
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
    body: JSON.stringify({ pageId, sort }),
  };
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
  /** The answer's size. */
  bytes?: number;
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

function targetOf(cell: Cell): { text: string; isMet: boolean | null } {
  if (!cell.parley || !cell.baseline) return { text: '', isMet: null };
  const share = cell.parley.okPerSecond / cell.baseline.okPerSecond;
  const isOk = cell.parley.failedCount + cell.parley.errors === 0;
  return { text: `≥ ${pct(TARGET_BASELINE_SHARE)} of baseline`, isMet: share >= TARGET_BASELINE_SHARE && isOk };
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
  const roundS = options.durationS / CELL_ROUNDS;
  let server: ParleyProcess | null = null;
  let baseline: BaselineProcess | null = null;
  try {
    const dbPath = path.join(scratch, 'parley.db');
    const threads: SeededThread[] = [];
    for (const size of sizes) {
      note(`  seeding a ${num(size)}-comment thread`);
      const [seeded] = await seedParley(dbPath, [
        { pageId: `reads-${size}`, comments: size, votes: Math.min(2_000, Math.ceil(size / 20)) },
      ]);
      note(
        `  seeded ${num(size)} comments in ${(seeded.seedMs / 1000).toFixed(1)} s (${num((size / seeded.seedMs) * 1000)} inserts/s through the storage contract)`,
      );
      threads.push(seeded);
    }
    const parley = (server = await startParleyProcess(dbPath, {
      logLevel: options.logLevel,
      profileDir: options.profileDir,
    }));
    const bare = (baseline = await startBaselineProcess(scratch));

    const rows: Row[] = [];
    const cells: Cell[] = [];
    /** Measures one way of reading one page at each connection count, with the bare baseline serving the same bytes. */
    async function measure(
      way: Way,
      size: number,
      sort: Sort,
      ask: Ask,
      connectionCounts: number[],
      isWholeThread: boolean,
    ): Promise<void> {
      const captured = await request(ask.url, { ...ask, timeoutMs: 120_000 });
      const shape = countComments(json(captured));
      const what = `${isWholeThread ? 'whole thread, ' : ''}${shape.topLevel} top-level + ${shape.all - shape.topLevel} replies, ${kb(captured.body.length)}`;
      // The baseline answers by path whatever the method: one path per page and way.
      const baselinePath = `/${way}/${size}/${sort}`;
      await bare.serve(baselinePath, captured.body, String(captured.headers['content-type'] ?? 'application/json'));
      const oneAnswerMs = await warmUp(ask, 2_000);
      note(
        `  ${WAY_LABEL[way]}${num(size)} · ${sort}: one request at a time takes ${ms(oneAnswerMs)} (median of the warm-up)`,
      );
      const bareAsk = { ...ask, url: `${bare.url}${baselinePath}` };
      for (const connections of connectionCounts) {
        const cell: Cell = { way, size, sort, connections, oneAnswerMs, ask, bareAsk, bytes: captured.body.length };
        // Requests still queued when a run ends keep the server busy into the next one; past
        // this point the queue could not drain within a run's own length.
        if (oneAnswerMs * connections > roundS * 1_000) {
          cell.skipped = `n/a (one answer takes ${ms(oneAnswerMs)}; ${connections} connections would queue past a run)`;
        } else {
          note(
            `  ${WAY_LABEL[way]}${num(size)} · ${sort} · ${connections} conn (${what}): ${CELL_ROUNDS} runs of ${roundS} s each, alternating with the bare server's`,
          );
          const settle = async (i: number) => {
            if (i === 0) await waitUntilIdle(`${parley.url}/healthz`);
          };
          [cell.parley, cell.baseline] = await alternatingLoads(
            [
              { ...ask, connections, durationS: roundS, okStatus: 200 },
              { ...bareAsk, connections, durationS: roundS, okStatus: 200 },
            ],
            CELL_ROUNDS,
            settle,
          );
          note(`    ${figureOf(cell)}`);
        }
        cells.push(cell);
        const target = targetOf(cell);
        rows.push(
          row(
            PART,
            `${WAY_LABEL[way]}${num(size)} comments · ${sort} · ${connections} conn (${what})`,
            figureOf(cell),
            target.text,
            target.isMet,
          ),
        );
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
        await measure(
          'page',
          size,
          sort,
          { url: `${parley.url}${route.path}`, method: 'GET' },
          options.readConnections,
          route.isWholeThread,
        );
      }
    }
    // Every page view asks this first: held to the same targets, at the targets' connection count.
    for (const [i, size] of sizes.entries()) {
      for (const sort of SORTS)
        await measure(
          'open',
          size,
          sort,
          openAsk(parley.url, threads[i].pageId, sort),
          [options.readConnections[0]],
          false,
        );
    }

    // A first page should cost the same however long the thread behind it is: the largest
    // thread's against the one before it, whose first pages are about the same size (a
    // 10-comment thread's is a tenth of the bytes, and the bytes alone would set the ratio).
    const largest = sizes[sizes.length - 1];
    const middle = sizes.length >= 2 ? sizes[sizes.length - 2] : undefined;
    const connections = options.readConnections[0];
    const cellOf = (way: Way, size: number, sort: Sort) =>
      cells.find((c) => c.way === way && c.size === size && c.sort === sort && c.connections === connections);
    for (const way of middle === undefined ? [] : (['page', 'open'] as const)) {
      for (const sort of SORTS) {
        const mid = cellOf(way, middle as number, sort);
        const large = cellOf(way, largest, sort);
        const measurement = `${WAY_LABEL[way]}p50, ${num(largest)} vs ${num(middle as number)} comments (first pages of about the same size) · ${sort} · ${connections} conn`;
        if (!mid?.ask || !large?.ask || !mid.parley || !large.parley) {
          rows.push(row(PART, measurement, 'n/a (not measured)'));
          continue;
        }
        note(
          `  ${WAY_LABEL[way]}${sort}: ${RATIO_ROUNDS} rounds of ${RATIO_ROUND_S} s on the ${num(middle as number)}- and ${num(largest)}-comment pages in turn`,
        );
        const [midP50, largeP50] = await alternatingP50s([mid.ask, large.ask], connections);
        const ratio = largeP50 / midP50;
        const figure = `${ms(largeP50)} vs ${ms(midP50)} (${ratio.toFixed(2)}×; pages of ${kb(large.bytes ?? NaN)} and ${kb(mid.bytes ?? NaN)}; medians of ${RATIO_ROUNDS} alternating ${RATIO_ROUND_S} s runs each)`;
        rows.push(row(PART, measurement, figure, `≤ ${TARGET_SAME_SIZE_RATIO}×`, ratio <= TARGET_SAME_SIZE_RATIO));
      }
    }
    return rows;
  } finally {
    await server?.stop();
    await baseline?.stop();
    removeScratchDir(scratch);
  }
}
