// Owns figure 5: how long a new comment takes to reach the last of many live readers, and what each reader costs the server.
import path from 'node:path';
import { readerHeaders } from './lib/addresses';
import { json, postJson, waitUntilIdle } from './lib/http';
import type { BenchOptions } from './lib/options';
import { startParleyProcess, type MemoryReading, type ParleyProcess } from './lib/parley-process';
import { makeScratchDir, removeScratchDir } from './lib/processes';
import { note } from './lib/progress';
import { startReaderPool, type ReaderPool } from './lib/readers-process';
import { seedParley } from './lib/seed-parley';
import { median, ms, num, percentile, wallNowMs } from './lib/stats';
import { bodyOf, randomGenerator } from './lib/thread-plan';
import { newGuestToken } from './lib/tokens';
import { row, type Row } from './table';

const PART = '5 fan-out';
const PAGE_ID = 'fan-out';
const TARGET_BYTES_PER_READER = 25 * 1024;
/** Targets by reader count; other counts are scaled linearly from the nearest. */
const TARGET_MS: Record<number, number> = { 1_000: 50, 5_000: 250 };
const PAUSE_BETWEEN_POSTS_MS = 100;

function targetMsFor(readers: number): number {
  return TARGET_MS[readers] ?? (readers * 50) / 1_000;
}

function perReader(before: MemoryReading, after: MemoryReading, readers: number) {
  return {
    rssBytes: (after.rssBytes - before.rssBytes) / readers,
    heapAndExternalBytes: (after.heapUsedBytes + after.externalBytes - before.heapUsedBytes - before.externalBytes) / readers,
  };
}

export async function measureFanOut(options: BenchOptions): Promise<Row[]> {
  const scratch = makeScratchDir();
  let server: ParleyProcess | null = null;
  let readers: ReaderPool | null = null;
  try {
    const dbPath = path.join(scratch, 'parley.db');
    const [thread] = await seedParley(dbPath, [{ pageId: PAGE_ID, comments: 20 }]);
    server = await startParleyProcess(dbPath, { logLevel: options.logLevel, profileDir: options.profileDir });
    const postUrl = `${server.url}/api/threads/${thread.threadId}/comments`;
    const random = randomGenerator(6);
    let postCount = 0;
    const postOne = () => {
      postCount++;
      const payload = { authorName: `Announcer ${postCount}`, body: `${bodyOf(random, 280)} (${postCount})` };
      return postJson(postUrl, payload, readerHeaders(newGuestToken()));
    };

    // Warm the server's post and socket paths before the memory baseline, so it holds no first-use cost.
    const warmers = await startReaderPool(server.url, PAGE_ID, 1);
    await warmers.add(20);
    for (let i = 0; i < 5; i++) await postOne();
    await warmers.stop();
    await waitUntilIdle(`${server.url}/healthz`);
    const before = await server.memory();

    readers = await startReaderPool(server.url, PAGE_ID, options.readerProcesses);
    const rows: Row[] = [];
    for (const target of [...options.fanoutReaders].sort((a, b) => a - b)) {
      const toAdd = target - readers.joined();
      let joinNote = '';
      if (toAdd > 0) {
        note(`  connecting ${num(toAdd)} more readers (to ${num(target)}) over ${options.readerProcesses} process(es)`);
        const added = await readers.add(toAdd);
        note(`    ${num(added.joined)} joined in ${(added.elapsedMs / 1000).toFixed(1)} s${added.failed ? `; ${added.failed} failed: ${added.firstError}` : ''}`);
        joinNote = `; ${num(toAdd)} joined in ${(added.elapsedMs / 1000).toFixed(0)} s`;
        if (added.failed > 0 && added.joined < target * 0.99) {
          rows.push(row(PART, `${num(target)} readers`, `n/a (${num(added.failed)} readers could not join: ${added.firstError})`));
          continue;
        }
      }
      const joined = readers.joined();
      await waitUntilIdle(`${server.url}/healthz`);
      const after = await server.memory();
      const cost = perReader(before, after, joined);

      const latencies: number[] = [];
      // From sending the post instead: never negative, and it includes the server's whole write.
      const fromSend: number[] = [];
      let incomplete = 0;
      for (let i = 0; i < options.fanoutPosts; i++) {
        const sentMs = wallNowMs();
        const answer = await postOne();
        const ackedMs = wallNowMs();
        const commentId = json(answer)?.comment?.id;
        if (answer.status !== 201 || typeof commentId !== 'number') throw new Error(`a post was refused: HTTP ${answer.status} ${answer.body.toString('utf8').slice(0, 200)}`);
        const arrival = await readers.whenAllHave(commentId, 15_000);
        if (!arrival.isComplete) incomplete++;
        latencies.push(arrival.lastMs - ackedMs);
        fromSend.push(arrival.lastMs - sentMs);
        await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_POSTS_MS));
      }
      const mid = median(latencies);
      const p99 = percentile(latencies, 99);
      note(`    ${num(joined)} readers: ack → last reader median ${ms(mid)}, p99 ${ms(p99)}; all: ${latencies.map((l) => l.toFixed(1)).join(' ')}`);
      const targetMs = targetMsFor(target);
      rows.push(
        row(
          PART,
          `${num(joined)} readers in ${options.readerProcesses} process(es): post acknowledged → last reader has it (${latencies.length} posts${joinNote})`,
          `median ${ms(mid)} · p99 ${ms(p99)} (from sending the post: median ${ms(median(fromSend))}, p99 ${ms(percentile(fromSend, 99))})` +
            (incomplete ? ` · ${incomplete} posts did not reach every reader` : ''),
          `median ≤ ${num(targetMs)} ms`,
          mid <= targetMs && incomplete === 0,
        ),
      );
      rows.push(
        row(
          PART,
          `server memory per reader with ${num(joined)} joined (RSS; after GC)`,
          `${num(cost.rssBytes / 1024, 1)} KB (RSS +${num((after.rssBytes - before.rssBytes) / 1048576, 1)} MB; heap+external ${num(cost.heapAndExternalBytes / 1024, 1)} KB per reader)`,
          '< 25 KB',
          cost.rssBytes < TARGET_BYTES_PER_READER,
        ),
      );
    }
    return rows;
  } finally {
    await readers?.stop();
    await server?.stop();
    removeScratchDir(scratch);
  }
}
