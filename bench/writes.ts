// Owns figure 4: posts and votes per second, with live readers connected to the thread being written.
import path from 'node:path';
import { errorCodeOf, postJson, waitUntilIdle } from './lib/http';
import { runLoad, type LoadResult } from './lib/load';
import type { BenchOptions } from './lib/options';
import { startParleyProcess, type ParleyProcess } from './lib/parley-process';
import { makeScratchDir, removeScratchDir } from './lib/processes';
import { note } from './lib/progress';
import { startReaderPool, type ReaderPool } from './lib/readers-process';
import { seedParley } from './lib/seed-parley';
import { ms, num, pct } from './lib/stats';
import { readerHeaders } from './lib/addresses';
import { postStream } from './lib/post-stream';
import { randomGenerator } from './lib/thread-plan';
import { newGuestToken } from './lib/tokens';
import { row, type Row } from './table';

const PART = '4 writes';
const TARGET_POSTS_PER_S = 1_000;
const TARGET_POST_P99_MS = 50;
const TARGET_VOTES_PER_S = 3_000;
const PAGE_ID = 'writes';

/** Server CPU time (every thread) per request done, in microseconds. */
function cpuPer(load: { cpuMs: number }, result: LoadResult, unit: string): string {
  return `server CPU ${num((load.cpuMs * 1000) / Math.max(1, result.okCount))} µs a ${unit}`;
}

function loadFigure(result: LoadResult, unit: string): string {
  const failed = result.failedCount + result.errors;
  const codes = Object.entries(result.statusCounts)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, count]) => `${num(count)}× ${code}`)
    .join(', ');
  return `${num(result.okPerSecond)} ${unit}/s · p50 ${ms(result.p50Ms)} · p99 ${ms(result.p99Ms)}${failed > 0 ? ` · ${num(failed)} failed${codes ? ` (${codes})` : ''}` : ''}`;
}

export async function measureWrites(options: BenchOptions): Promise<Row[]> {
  const scratch = makeScratchDir();
  let server: ParleyProcess | null = null;
  let readers: ReaderPool | null = null;
  try {
    const dbPath = path.join(scratch, 'parley.db');
    const [thread] = await seedParley(dbPath, [{ pageId: PAGE_ID, comments: 1_000, votes: 100 }]);
    server = await startParleyProcess(dbPath, { logLevel: options.logLevel, profileDir: options.profileDir });
    readers = await startReaderPool(server.url, PAGE_ID, 1, { parser: 'count' });
    const connected = await readers.add(options.writeReaders);
    if (connected.failed > 0) throw new Error(`${connected.failed} of ${options.writeReaders} readers could not join: ${connected.firstError}`);
    const withReaders = `${num(connected.joined)} live readers`;
    const rows: Row[] = [];

    const postUrl = `${server.url}/api/threads/${thread.threadId}/comments`;
    const before = await readers.totals();
    note(`  posting for ${options.durationS} s with ${options.writeConnections} connections, ${withReaders}`);
    await server.load();
    const posts = await runLoad({
      url: postUrl,
      connections: options.writeConnections,
      durationS: options.durationS,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      nextRequest: postStream(thread.commentIds),
      okStatus: 201,
    });
    const postLoad = await server.load();
    await waitUntilIdle(`${server.url}/healthz`);
    // Every reader should hear of every post, including those still in flight when the run
    // ended (the server finishes them): wait, bounded, until the counts settle.
    let expected = 0;
    let delivered = 0;
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const now = await readers.totals();
      const created = Math.max(posts.okCount, now.distinct - before.distinct);
      expected = created * connected.joined;
      delivered = now.received - before.received;
      if (delivered >= expected) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    note(`    ${loadFigure(posts, 'posts')}; server event loop busy ${pct(postLoad.eventLoopBusy)}; ${cpuPer(postLoad, posts, 'post')}; ${num(delivered)} of ${num(expected)} live deliveries`);
    rows.push(
      row(
        PART,
        `posts, ${options.writeConnections} conn, unique bodies, ${withReaders}`,
        `${loadFigure(posts, 'posts')} · live deliveries ${pct(expected === 0 ? NaN : delivered / expected)} · ${cpuPer(postLoad, posts, 'post')}`,
        `≥ ${num(TARGET_POSTS_PER_S)}/s, p99 < ${TARGET_POST_P99_MS} ms`,
        posts.okPerSecond >= TARGET_POSTS_PER_S && posts.p99Ms < TARGET_POST_P99_MS && posts.failedCount + posts.errors === 0,
      ),
    );

    // Votes: each from a reader of its own, on comments spread over the thread.
    const voteUrl = (commentId: number) => `${server!.url}/api/comments/${commentId}/vote`;
    const probe = await postJson(voteUrl(thread.topLevelIds[0]), { value: 'up' }, readerHeaders(newGuestToken()));
    if (probe.status === 404 && errorCodeOf(probe) === 'NOT_FOUND') {
      rows.push(row(PART, `votes, ${options.writeConnections} conn, ${withReaders}`, 'n/a (endpoint missing)'));
    } else if (probe.status < 200 || probe.status > 299) {
      rows.push(row(PART, `votes, ${options.writeConnections} conn, ${withReaders}`, `n/a (probe answered HTTP ${probe.status} ${errorCodeOf(probe) ?? ''})`));
    } else {
      const random = randomGenerator(5);
      const ids = thread.commentIds;
      note(`  voting for ${options.durationS} s with ${options.writeConnections} connections`);
      await server.load();
      const votes = await runLoad({
        url: server.url,
        connections: options.writeConnections,
        durationS: options.durationS,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ value: 'up' }),
        nextRequest: () => ({
          path: `/api/comments/${ids[Math.floor(random() * ids.length)]}/vote`,
          headers: readerHeaders(newGuestToken()),
        }),
      });
      const voteLoad = await server.load();
      await waitUntilIdle(`${server.url}/healthz`);
      note(`    ${loadFigure(votes, 'votes')}; server event loop busy ${pct(voteLoad.eventLoopBusy)}; ${cpuPer(voteLoad, votes, 'vote')}`);
      rows.push(
        row(
          PART,
          `votes, ${options.writeConnections} conn, a new voter each, ${withReaders}`,
          `${loadFigure(votes, 'votes')} · ${cpuPer(voteLoad, votes, 'vote')}`,
          `≥ ${num(TARGET_VOTES_PER_S)}/s`,
          votes.okPerSecond >= TARGET_VOTES_PER_S && votes.failedCount + votes.errors === 0,
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
