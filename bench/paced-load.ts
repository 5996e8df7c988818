// Owns figure 6: posts at a steady rate with many live readers (how long a post and its delivery take), many readers arriving at once, and where requests wait meanwhile.
import path from 'node:path';
import { waitUntilIdle } from './lib/http';
import type { BenchOptions } from './lib/options';
import { sendPaced, type PacedPost } from './lib/paced-posts';
import { startParleyProcess, type ParleyProcess } from './lib/parley-process';
import { postStream } from './lib/post-stream';
import { makeScratchDir, removeScratchDir } from './lib/processes';
import { note } from './lib/progress';
import { startReaderPool, type ReaderPool } from './lib/readers-process';
import { seedParley } from './lib/seed-parley';
import type { ProbeReading, Spread } from './lib/server-probes';
import { ms, num, pct, percentile } from './lib/stats';
import { row, type Row } from './table';

const PART = '6 load';
const PAGE_ID = 'paced-load';
const TARGET_ACK_P99_MS = 250;
const TARGET_DELIVERY_P99_MS = 250;
const TARGET_JOIN_S = 10;
/** How long the last deliveries may take after the last answer before a post counts as not delivered. */
const DELIVERY_WAIT_MS = 30_000;

function spreadText(samples: readonly number[]): string {
  return `p50 ${ms(percentile(samples, 50))} · p99 ${ms(percentile(samples, 99))} · max ${ms(Math.max(...samples))}`;
}

function workText(name: string, spread: Spread | undefined, elapsedMs: number): string {
  if (!spread || spread.count === 0) return `${name}: none`;
  return `${name} ${num(spread.count)}× (p99 ${ms(spread.p99Ms)}, max ${ms(spread.maxMs)}, ${pct(spread.totalMs / elapsedMs)} of the time)`;
}

/** Where a request could wait inside the server during the run, from its own probes. */
function whereItWaits(reading: ProbeReading, eventLoopBusy: number): string {
  const d = reading.eventLoopDelay;
  const h = reading.postHandling;
  return [
    `event loop delay p50 ${ms(d.p50Ms)} · p99 ${ms(d.p99Ms)} · max ${ms(d.maxMs)}; event loop busy ${pct(eventLoopBusy)}`,
    `a POST from its request event to its answer p50 ${ms(h.p50Ms)} · p99 ${ms(h.p99Ms)} · max ${ms(h.maxMs)}`,
    workText('broadcasts', reading.work['broadcast'], reading.elapsedMs),
    workText('group commits', reading.work['group commit'], reading.elapsedMs),
    workText('log lines', reading.work['log line'], reading.elapsedMs),
    workText('GC pauses', reading.gc, reading.elapsedMs),
  ].join(' · ');
}

/** 2,000 readers (by default) connect and join one thread at once, on a server that has just started. */
async function measureJoin(options: BenchOptions, server: ParleyProcess): Promise<Row> {
  const what = `${num(options.joinReaders)} readers connect and join one thread at once (${options.readerProcesses} processes, 50 connecting at a time in each)`;
  const pool = await startReaderPool(server.url, PAGE_ID, options.readerProcesses, { parser: 'ids' });
  try {
    note(`  ${num(options.joinReaders)} readers joining at once`);
    await server.load();
    const joined = await pool.add(options.joinReaders);
    const load = await server.load();
    const seconds = joined.elapsedMs / 1000;
    const cpu = `server CPU ${ms(load.cpuMs / Math.max(1, joined.joined))} a reader, event loop busy ${pct(load.eventLoopBusy)}`;
    note(
      `    ${num(joined.joined)} joined in ${seconds.toFixed(1)} s; join ${spreadText(joined.joinMs)}; ${cpu}${joined.failed ? `; ${joined.failed} failed: ${joined.firstError}` : ''}`,
    );
    const failed = joined.failed > 0 ? ` · ${num(joined.failed)} failed (${joined.firstError})` : '';
    return row(
      PART,
      what,
      `all joined in ${seconds.toFixed(1)} s · each reader, connect → join answered: ${spreadText(joined.joinMs)} · ${cpu}${failed}`,
      `all within ${TARGET_JOIN_S} s`,
      joined.failed === 0 && seconds <= TARGET_JOIN_S,
    );
  } finally {
    await pool.stop();
  }
}

export async function measurePacedLoad(options: BenchOptions): Promise<Row[]> {
  const scratch = makeScratchDir();
  let server: ParleyProcess | null = null;
  let readers: ReaderPool | null = null;
  try {
    const dbPath = path.join(scratch, 'parley.db');
    const [thread] = await seedParley(dbPath, [{ pageId: PAGE_ID, comments: 500, votes: 50 }]);
    server = await startParleyProcess(dbPath, { logLevel: options.logLevel, profileDir: options.profileDir });
    const rows: Row[] = [await measureJoin(options, server)];
    await waitUntilIdle(`${server.url}/healthz`);

    readers = await startReaderPool(server.url, PAGE_ID, options.readerProcesses, { parser: 'ids' });
    note(`  connecting ${num(options.loadReaders)} readers`);
    const added = await readers.add(options.loadReaders);
    if (added.failed > 0)
      throw new Error(`${added.failed} of ${options.loadReaders} readers could not join: ${added.firstError}`);
    const postUrl = `${server.url}/api/threads/${thread.threadId}/comments`;
    const nextPost = postStream(thread.commentIds, 13);
    // A few posts first, paced like the run, so the measured one starts warm.
    await sendPaced({ url: postUrl, perSecond: options.loadRate, durationS: 1, nextPost });
    await waitUntilIdle(`${server.url}/healthz`);
    await readers.totals();
    await server.probes();
    await server.load();

    const total = Math.round(options.loadRate * options.loadDurationS);
    note(
      `  ${num(total)} posts at ${options.loadRate}/s for ${options.loadDurationS} s, ${num(added.joined)} live readers`,
    );
    const run = await sendPaced({
      url: postUrl,
      perSecond: options.loadRate,
      durationS: options.loadDurationS,
      nextPost,
    });
    const [reading, load] = [await server.probes(), await server.load()];
    const created = run.posts.filter(
      (p): p is PacedPost & { commentId: number } => p.status === 201 && p.commentId !== null,
    );
    const arrivals = await readers.whenAllHaveEach(
      created.map((p) => p.commentId),
      DELIVERY_WAIT_MS,
    );
    const readerLoad = await readers.totals();

    const acks = created.map((p) => p.answeredMs - p.sentMs);
    const fromSend: number[] = [];
    const fromAck: number[] = [];
    // Where delivery time goes: waiting to be flushed (201 → the first reader has it), then
    // the writes to every socket and the readers' own processing (first → last reader).
    const ackToFirst: number[] = [];
    const firstToLast: number[] = [];
    let undelivered = 0;
    for (const post of created) {
      const arrival = arrivals.get(post.commentId);
      if (!arrival?.isComplete) {
        undelivered++;
        continue;
      }
      fromSend.push(arrival.lastMs - post.sentMs);
      fromAck.push(arrival.lastMs - post.answeredMs);
      ackToFirst.push(arrival.firstMs - post.answeredMs);
      firstToLast.push(arrival.lastMs - arrival.firstMs);
    }
    const failed = run.posts.length - created.length;
    const statuses = [
      ...new Set(run.posts.filter((p) => p.status !== 201).map((p) => (p.error ? p.error : `HTTP ${p.status}`))),
    ]
      .slice(0, 3)
      .join(', ');
    const lateness = run.posts.map((p) => p.sentMs - p.dueMs);
    const ackP99 = percentile(acks, 99);
    const deliveryP99 = percentile(fromSend, 99);
    note(
      `    acknowledged: ${spreadText(acks)}; delivered (from sending): ${spreadText(fromSend)}; ${failed} failed, ${undelivered} not delivered to every reader`,
    );
    note(`    delivery: 201 → first reader ${spreadText(ackToFirst)}; first → last reader ${spreadText(firstToLast)}`);
    note(`    server: ${whereItWaits(reading, load.eventLoopBusy)}`);
    note(
      `    harness: schedule kept within p99 ${ms(percentile(lateness, 99))}; this process's event loop delay p99 ${ms(run.ownDelayP99Ms)}; busiest reader process ${pct(readerLoad.busiest)} busy`,
    );

    const setting = `${num(added.joined)} live readers, ${options.loadRate} posts/s for ${options.loadDurationS} s (open loop), each post from a reader and address of its own`;
    const failedText = failed > 0 ? ` · ${num(failed)} of ${num(run.posts.length)} failed (${statuses})` : '';
    rows.push(
      row(
        PART,
        `${setting}: post sent → 201 received`,
        `${spreadText(acks)} · ${num(created.length)} posts${failedText}`,
        `p99 < ${TARGET_ACK_P99_MS} ms`,
        failed === 0 && ackP99 < TARGET_ACK_P99_MS,
      ),
      row(
        PART,
        `the same: post sent → the last of ${num(added.joined)} readers has it`,
        `${spreadText(fromSend)} (from the 201: ${spreadText(fromAck)}; of which 201 → the first reader ${spreadText(ackToFirst)}, first → last reader ${spreadText(firstToLast)})` +
          (undelivered > 0 ? ` · ${num(undelivered)} posts did not reach every reader` : ''),
        `p99 < ${TARGET_DELIVERY_P99_MS} ms`,
        failed === 0 && undelivered === 0 && deliveryP99 < TARGET_DELIVERY_P99_MS,
      ),
      row(
        PART,
        'the same: where a request could wait in the server (its own probes)',
        `${whereItWaits(reading, load.eventLoopBusy)} · server CPU ${pct(load.cpuMs / reading.elapsedMs)} of one core`,
      ),
      row(
        PART,
        'the same: what the harness added (it shares the cores)',
        `posts sent within p99 ${ms(percentile(lateness, 99))} of their time · the sender's event loop delay p99 ${ms(run.ownDelayP99Ms)}, max ${ms(run.ownDelayMaxMs)} · busiest reader process ${pct(readerLoad.busiest)} busy`,
      ),
    );
    return rows;
  } finally {
    await readers?.stop();
    await server?.stop();
    removeScratchDir(scratch);
  }
}
