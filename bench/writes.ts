// Owns figure 4: posts and votes per second with live readers connected to the thread being written, against a bare server doing the same work.
import path from 'node:path';
import { readerHeaders } from './lib/addresses';
import { BARE_PAGE_ID, startBareRealtimeProcess, type BareRealtimeProcess } from './lib/bare-realtime-process';
import { errorCodeOf, postJson, waitUntilIdle } from './lib/http';
import { alternatingLoads, type LoadResult, type LoadSpec } from './lib/load';
import type { BenchOptions } from './lib/options';
import { startFlags, startParleyProcess, type ParleyProcess } from './lib/parley-process';
import { postStream } from './lib/post-stream';
import { makeScratchDir, removeScratchDir } from './lib/processes';
import { note } from './lib/progress';
import { startReaderPool, type ReaderPool } from './lib/readers-process';
import { seedParley } from './lib/seed-parley';
import { ms, num, pct } from './lib/stats';
import { randomGenerator } from './lib/thread-plan';
import { newGuestToken } from './lib/tokens';
import { row, type Row } from './table';

const PART = '4 writes';
/** Parley's writes per second against the bare server's, in the same rounds. */
const TARGET_SHARE_OF_BARE = 0.5;
const PAGE_ID = 'writes';
/** Runs alternate between Parley and the bare server: A B B A A B B A. */
const ROUNDS = 4;

/** Server CPU time (every thread) per request done, in microseconds. */
function cpuPer(cpuMs: number, result: LoadResult, unit: string): string {
  return `server CPU ${num((cpuMs * 1000) / Math.max(1, result.okCount))} µs a ${unit}`;
}

function loadFigure(result: LoadResult, unit: string): string {
  const failed = result.failedCount + result.errors;
  const codes = Object.entries(result.statusCounts)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, count]) => `${num(count)}× ${code}`)
    .join(', ');
  return `${num(result.okPerSecond)} ${unit}/s · p50 ${ms(result.p50Ms)} · p99 ${ms(result.p99Ms)}${failed > 0 ? ` · ${num(failed)} failed${codes ? ` (${codes})` : ''}` : ''}`;
}

/** Waits, bounded, until every reader of a pool has heard of every post made since `before`. */
async function deliveries(
  readers: ReaderPool,
  before: { received: number; distinct: number },
  posted: number,
  joined: number,
) {
  let expected = 0;
  let delivered = 0;
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const now = await readers.totals();
    expected = Math.max(posted, now.distinct - before.distinct) * joined;
    delivered = now.received - before.received;
    if (delivered >= expected) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return expected === 0 ? NaN : delivered / expected;
}

export async function measureWrites(options: BenchOptions): Promise<Row[]> {
  const scratch = makeScratchDir();
  let server: ParleyProcess | null = null;
  let bare: BareRealtimeProcess | null = null;
  const pools: ReaderPool[] = [];
  try {
    const dbPath = path.join(scratch, 'parley.db');
    const [thread] = await seedParley(dbPath, [{ pageId: PAGE_ID, comments: 1_000, votes: 100 }]);
    const parley = (server = await startParleyProcess(dbPath, {
      logLevel: options.logLevel,
      profileDir: options.profileDir,
    }));
    const baseline = (bare = await startBareRealtimeProcess(scratch, startFlags()));
    const readers = await startReaderPool(parley.url, PAGE_ID, 1, { parser: 'count' });
    pools.push(readers);
    const bareReaders = await startReaderPool(baseline.url, BARE_PAGE_ID, 1, { parser: 'count' });
    pools.push(bareReaders);
    for (const pool of pools) {
      const connected = await pool.add(options.writeReaders);
      if (connected.failed > 0)
        throw new Error(
          `${connected.failed} of ${options.writeReaders} readers could not join: ${connected.firstError}`,
        );
    }
    const joined = readers.joined();
    const withReaders = `${num(joined)} live readers`;
    const roundS = Math.max(1, options.durationS / 2);
    const rounds = `${ROUNDS} runs of ${roundS} s each, alternating with the bare server's`;
    const settle = (i: number) => waitUntilIdle(`${i === 0 ? parley.url : baseline.url}/healthz`).then(() => undefined);
    const rows: Row[] = [];

    // Posts: unique bodies, each from a reader and address of its own; the same stream to both.
    const postSpec = (url: string): LoadSpec => ({
      url,
      connections: options.writeConnections,
      durationS: roundS,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      nextRequest: postStream(thread.commentIds),
      okStatus: 201,
    });
    const before = await readers.totals();
    const bareBefore = await bareReaders.totals();
    note(`  posting: ${rounds}, ${options.writeConnections} connections, ${withReaders} on each`);
    await parley.load();
    const [posts, barePosts] = await alternatingLoads(
      [postSpec(`${parley.url}/api/threads/${thread.threadId}/comments`), postSpec(baseline.postUrl)],
      ROUNDS,
      settle,
    );
    const postLoad = await parley.load();
    // Every reader should hear of every post, including those still in flight when a run
    // ended (the server finishes them).
    const heard = await deliveries(readers, before, posts.okCount, joined);
    const bareHeard = await deliveries(bareReaders, bareBefore, barePosts.okCount, bareReaders.joined());
    const postShare = posts.okPerSecond / barePosts.okPerSecond;
    note(
      `    Parley ${loadFigure(posts, 'posts')}; ${cpuPer(postLoad.cpuMs, posts, 'post')}; live deliveries ${pct(heard)}`,
    );
    note(
      `    bare ${loadFigure(barePosts, 'posts')}; live deliveries ${pct(bareHeard)}; Parley ${pct(postShare)} of it`,
    );
    rows.push(
      row(
        PART,
        `posts, ${options.writeConnections} conn, unique bodies, ${withReaders}; bare server: node:http, JSON.parse, one prepared insert in the same group commit, the same paced socket.io broadcast to as many readers (${rounds})`,
        `${loadFigure(posts, 'posts')} · live deliveries ${pct(heard)} · ${cpuPer(postLoad.cpuMs, posts, 'post')} · bare ${loadFigure(barePosts, 'posts')} (live deliveries ${pct(bareHeard)}) · Parley ${pct(postShare)} of it`,
        `≥ ${pct(TARGET_SHARE_OF_BARE)} of the bare server`,
        postShare >= TARGET_SHARE_OF_BARE && posts.failedCount + posts.errors === 0 && heard >= 1,
      ),
    );

    // Votes: each from a reader of its own, on comments spread over the thread.
    const voteUrl = (commentId: number) => `${parley.url}/api/comments/${commentId}/vote`;
    const probe = await postJson(voteUrl(thread.topLevelIds[0]), { value: 'up' }, readerHeaders(newGuestToken()));
    const voteMeasurement = `votes, ${options.writeConnections} conn, a new voter each, ${withReaders}; bare server: the same with one prepared insert (${rounds})`;
    if (probe.status === 404 && errorCodeOf(probe) === 'NOT_FOUND') {
      rows.push(row(PART, voteMeasurement, 'n/a (endpoint missing)'));
    } else if (probe.status < 200 || probe.status > 299) {
      rows.push(row(PART, voteMeasurement, `n/a (probe answered HTTP ${probe.status} ${errorCodeOf(probe) ?? ''})`));
    } else {
      const ids = thread.commentIds;
      const voteSpec = (url: string, pathOf: (commentId: number) => string): LoadSpec => {
        const random = randomGenerator(5);
        return {
          url,
          connections: options.writeConnections,
          durationS: roundS,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ value: 'up' }),
          nextRequest: () => ({
            path: pathOf(ids[Math.floor(random() * ids.length)]),
            headers: readerHeaders(newGuestToken()),
          }),
        };
      };
      note(`  voting: ${rounds}, ${options.writeConnections} connections`);
      await parley.load();
      const [votes, bareVotes] = await alternatingLoads(
        [
          voteSpec(parley.url, (id) => `/api/comments/${id}/vote`),
          voteSpec(baseline.url, (id) => baseline.votePath(id)),
        ],
        ROUNDS,
        settle,
      );
      const voteLoad = await parley.load();
      const voteShare = votes.okPerSecond / bareVotes.okPerSecond;
      note(
        `    Parley ${loadFigure(votes, 'votes')}; ${cpuPer(voteLoad.cpuMs, votes, 'vote')}; bare ${loadFigure(bareVotes, 'votes')}; Parley ${pct(voteShare)} of it`,
      );
      rows.push(
        row(
          PART,
          voteMeasurement,
          `${loadFigure(votes, 'votes')} · ${cpuPer(voteLoad.cpuMs, votes, 'vote')} · bare ${loadFigure(bareVotes, 'votes')} · Parley ${pct(voteShare)} of it`,
          `≥ ${pct(TARGET_SHARE_OF_BARE)} of the bare server`,
          voteShare >= TARGET_SHARE_OF_BARE && votes.failedCount + votes.errors === 0,
        ),
      );
    }
    return rows;
  } finally {
    await Promise.all(pools.map((pool) => pool.stop()));
    await server?.stop();
    await bare?.stop();
    removeScratchDir(scratch);
  }
}
