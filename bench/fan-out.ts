// Owns figure 5: how long a new comment takes to reach the last of many live readers, against bare socket.io sending the same bytes, and what each reader costs the server.
import path from 'node:path';
import { readerHeaders } from './lib/addresses';
import { BARE_PAGE_ID, startBareRealtimeProcess, type BareRealtimeProcess } from './lib/bare-realtime-process';
import { json, postJson, waitUntilIdle } from './lib/http';
import type { BenchOptions } from './lib/options';
import { startFlags, startParleyProcess, type MemoryReading, type ParleyProcess } from './lib/parley-process';
import { makeScratchDir, removeScratchDir } from './lib/processes';
import { note } from './lib/progress';
import { startReaderPool, type ReaderPool } from './lib/readers-process';
import { seedParley } from './lib/seed-parley';
import { tapThread, type MessageTap } from './lib/sent-messages';
import { median, ms, num, percentile, wallNowMs } from './lib/stats';
import { bodyOf, randomGenerator } from './lib/thread-plan';
import { newGuestToken } from './lib/tokens';
import { row, type Row } from './table';

const PART = '5 fan-out';
const PAGE_ID = 'fan-out';
const TARGET_BYTES_PER_READER = 25 * 1024;
/** Parley's median to the last reader against bare socket.io's with the same message and readers. */
const TARGET_RATIO_TO_BARE = 1.2;
const PAUSE_BETWEEN_POSTS_MS = 100;
/** Unmeasured posts (and their replays) before each reader count's measured ones. */
const WARM_POSTS = 2;

function perReader(before: MemoryReading, after: MemoryReading, readers: number) {
  return {
    rssBytes: (after.rssBytes - before.rssBytes) / readers,
    heapAndExternalBytes:
      (after.heapUsedBytes + after.externalBytes - before.heapUsedBytes - before.externalBytes) / readers,
  };
}

export async function measureFanOut(options: BenchOptions): Promise<Row[]> {
  const scratch = makeScratchDir();
  let server: ParleyProcess | null = null;
  let bare: BareRealtimeProcess | null = null;
  let tap: MessageTap | null = null;
  const pools: ReaderPool[] = [];
  try {
    const dbPath = path.join(scratch, 'parley.db');
    const [thread] = await seedParley(dbPath, [{ pageId: PAGE_ID, comments: 20 }]);
    server = await startParleyProcess(dbPath, { logLevel: options.logLevel, profileDir: options.profileDir });
    const baseline = (bare = await startBareRealtimeProcess(scratch, startFlags()));
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

    // One more reader of Parley's thread keeps each message as sent, for the bare server to send again.
    const listener = (tap = await tapThread(server.url, PAGE_ID));
    const readers = await startReaderPool(server.url, PAGE_ID, options.readerProcesses, { parser: 'ids' });
    pools.push(readers);
    const bareReaders = await startReaderPool(baseline.url, BARE_PAGE_ID, options.readerProcesses, { parser: 'ids' });
    pools.push(bareReaders);

    /** One post to Parley, then its very message from the bare server: each side's 201 → the last reader has it. */
    const pair = async (): Promise<{
      parleyMs: number;
      parleyFromSendMs: number;
      bareMs: number;
      isComplete: boolean;
    }> => {
      const sentMs = wallNowMs();
      const answer = await postOne();
      const ackedMs = wallNowMs();
      const commentId = json(answer)?.comment?.id;
      if (answer.status !== 201 || typeof commentId !== 'number')
        throw new Error(`a post was refused: HTTP ${answer.status} ${answer.body.toString('utf8').slice(0, 200)}`);
      const arrival = await readers.whenAllHave(commentId, 15_000);
      const message = await listener.messageWith(commentId, 15_000);
      await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_POSTS_MS));
      await baseline.broadcast(message.event, message.args);
      const bareAckedMs = wallNowMs();
      const bareArrival = await bareReaders.whenAllHave(commentId, 15_000);
      await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_POSTS_MS));
      return {
        parleyMs: arrival.lastMs - ackedMs,
        parleyFromSendMs: arrival.lastMs - sentMs,
        bareMs: bareArrival.lastMs - bareAckedMs,
        isComplete: arrival.isComplete && bareArrival.isComplete,
      };
    };

    const rows: Row[] = [];
    for (const target of [...options.fanoutReaders].sort((a, b) => a - b)) {
      const toAdd = target - readers.joined();
      let joinNote = '';
      if (toAdd > 0) {
        note(
          `  connecting ${num(toAdd)} more readers (to ${num(target)}) over ${options.readerProcesses} process(es), to Parley and to the bare server`,
        );
        const added = await readers.add(toAdd);
        note(
          `    ${num(added.joined)} joined in ${(added.elapsedMs / 1000).toFixed(1)} s${added.failed ? `; ${added.failed} failed: ${added.firstError}` : ''}`,
        );
        joinNote = `; ${num(toAdd)} joined in ${(added.elapsedMs / 1000).toFixed(0)} s`;
        if (added.failed > 0 && added.joined < target * 0.99) {
          rows.push(
            row(
              PART,
              `${num(target)} readers`,
              `n/a (${num(added.failed)} readers could not join: ${added.firstError})`,
            ),
          );
          continue;
        }
        const bareAdded = await bareReaders.add(target - bareReaders.joined());
        if (bareAdded.failed > 0)
          throw new Error(`${bareAdded.failed} readers could not join the bare server: ${bareAdded.firstError}`);
      }
      const joined = readers.joined();
      await waitUntilIdle(`${server.url}/healthz`);
      const after = await server.memory();
      const cost = perReader(before, after, joined);

      for (let i = 0; i < WARM_POSTS; i++) await pair();
      const latencies: number[] = [];
      // From sending the post instead: never negative, and it includes the server's whole write.
      const fromSend: number[] = [];
      const bareLatencies: number[] = [];
      let incomplete = 0;
      for (let i = 0; i < options.fanoutPosts; i++) {
        const timed = await pair();
        if (!timed.isComplete) incomplete++;
        latencies.push(timed.parleyMs);
        fromSend.push(timed.parleyFromSendMs);
        bareLatencies.push(timed.bareMs);
      }
      const mid = median(latencies);
      const bareMid = median(bareLatencies);
      const ratio = mid / bareMid;
      note(
        `    ${num(joined)} readers: ack → last reader median ${ms(mid)}, p99 ${ms(percentile(latencies, 99))}; bare socket.io median ${ms(bareMid)}, p99 ${ms(percentile(bareLatencies, 99))} (${ratio.toFixed(2)}×)`,
      );
      note(`      Parley: ${latencies.map((l) => l.toFixed(1)).join(' ')}`);
      note(`      bare:   ${bareLatencies.map((l) => l.toFixed(1)).join(' ')}`);
      rows.push(
        row(
          PART,
          `${num(joined)} readers in ${options.readerProcesses} process(es): post acknowledged → last reader has it, against bare socket.io sending the same message to as many readers (${latencies.length} posts, each followed by its replay${joinNote})`,
          `median ${ms(mid)} · p99 ${ms(percentile(latencies, 99))} (from sending the post: median ${ms(median(fromSend))}, p99 ${ms(percentile(fromSend, 99))}) · ` +
            `bare median ${ms(bareMid)} · p99 ${ms(percentile(bareLatencies, 99))} · ${ratio.toFixed(2)}×` +
            (incomplete ? ` · ${incomplete} posts did not reach every reader` : ''),
          `median ≤ ${TARGET_RATIO_TO_BARE}× bare`,
          ratio <= TARGET_RATIO_TO_BARE && incomplete === 0,
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
    tap?.close();
    await Promise.all(pools.map((pool) => pool.stop()));
    await server?.stop();
    await bare?.stop();
    removeScratchDir(scratch);
  }
}
