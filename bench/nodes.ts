// Owns figure 10: several Parley nodes on one PostgreSQL, readers spread over them: how long a post takes to reach the last reader on any node, and what each reader costs its node.
import path from 'node:path';
import { readerHeaders } from './lib/addresses';
import { benchDatabase } from './lib/bench-postgres';
import { json, postJson, request, waitUntilIdle } from './lib/http';
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

const PART = '10 nodes';
const PAGE_ID = 'nodes';
const TARGET_MEDIAN_MS = 100;
const TARGET_BYTES_PER_READER = 25 * 1024;
const PAUSE_BETWEEN_POSTS_MS = 100;
const WARM_POSTS = 3;

/** Waits until every node counts the others in /healthz (they announce themselves through PostgreSQL). */
async function untilNodesSeeEachOther(nodes: ParleyProcess[], timeoutMs = 30_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = await Promise.all(
      nodes.map(async (node) => Number(json(await request(`${node.url}/healthz`))?.nodes ?? 0)),
    );
    if (seen.every((n) => n >= nodes.length) || Date.now() > deadline) return seen;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function measureNodes(options: BenchOptions): Promise<Row[]> {
  const scratch = makeScratchDir();
  const nodes: ParleyProcess[] = [];
  const pools: ReaderPool[] = [];
  try {
    const dbPath = path.join(scratch, 'parley.db');
    const [thread] = await seedParley(dbPath, [{ pageId: PAGE_ID, comments: 20 }]);
    const databaseUrl = await benchDatabase('nodes', options.pgSettings, dbPath);
    note(`  starting ${options.nodes} Parley nodes on one PostgreSQL database`);
    for (let i = 0; i < options.nodes; i++) {
      nodes.push(
        await startParleyProcess(path.join(scratch, `unused-${i}.db`), { logLevel: options.logLevel, databaseUrl }),
      );
    }
    const seen = await untilNodesSeeEachOther(nodes);
    const random = randomGenerator(10);
    let postCount = 0;
    const postTo = (node: ParleyProcess) => {
      postCount++;
      const payload = { authorName: `Announcer ${postCount}`, body: `${bodyOf(random, 280)} (${postCount})` };
      return postJson(`${node.url}/api/threads/${thread.threadId}/comments`, payload, readerHeaders(newGuestToken()));
    };

    // Warm every node's post and socket paths before the memory baseline.
    for (const node of nodes) {
      const warmers = await startReaderPool(node.url, PAGE_ID, 1);
      await warmers.add(10);
      for (let i = 0; i < 3; i++) await postTo(node);
      await warmers.stop();
    }
    for (const node of nodes) await waitUntilIdle(`${node.url}/healthz`);
    const before: MemoryReading[] = await Promise.all(nodes.map((node) => node.memory()));

    const share = (i: number) =>
      Math.floor(options.nodeReaders / nodes.length) + (i < options.nodeReaders % nodes.length ? 1 : 0);
    note(`  connecting ${num(options.nodeReaders)} readers, spread over ${nodes.length} nodes (a reader process each)`);
    let joinSeconds = 0;
    for (const [i, node] of nodes.entries()) {
      const pool = await startReaderPool(node.url, PAGE_ID, 1, { parser: 'ids' });
      pools.push(pool);
      const added = await pool.add(share(i));
      joinSeconds = Math.max(joinSeconds, added.elapsedMs / 1000);
      if (added.failed > 0)
        throw new Error(`${added.failed} readers could not join node ${i + 1}: ${added.firstError}`);
    }
    for (const node of nodes) await waitUntilIdle(`${node.url}/healthz`);
    const after: MemoryReading[] = await Promise.all(nodes.map((node) => node.memory()));
    const perReader = nodes.map((_, i) => (after[i].rssBytes - before[i].rssBytes) / pools[i].joined());
    const heapPerReader = nodes.map(
      (_, i) =>
        (after[i].heapUsedBytes + after[i].externalBytes - before[i].heapUsedBytes - before[i].externalBytes) /
        pools[i].joined(),
    );
    const joined = pools.reduce((sum, pool) => sum + pool.joined(), 0);

    /** One post to one node; from its 201 to the last reader on any node. */
    const timeOne = async (node: ParleyProcess) => {
      const answer = await postTo(node);
      const ackedMs = wallNowMs();
      const commentId = json(answer)?.comment?.id;
      if (answer.status !== 201 || typeof commentId !== 'number')
        throw new Error(`a post was refused: HTTP ${answer.status} ${answer.body.toString('utf8').slice(0, 200)}`);
      const arrivals = await Promise.all(pools.map((pool) => pool.whenAllHave(commentId, 15_000)));
      await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_POSTS_MS));
      // The readers of the node that took the post, and the readers of the others.
      const own = arrivals[nodes.indexOf(node)];
      const others = arrivals.filter((_, i) => nodes[i] !== node);
      return {
        lastMs: Math.max(...arrivals.map((a) => a.lastMs)) - ackedMs,
        ownLastMs: own.lastMs - ackedMs,
        othersLastMs: others.length === 0 ? NaN : Math.max(...others.map((a) => a.lastMs)) - ackedMs,
        isComplete: arrivals.every((a) => a.isComplete),
      };
    };
    for (let i = 0; i < WARM_POSTS; i++) await timeOne(nodes[i % nodes.length]);
    const last: number[] = [];
    const own: number[] = [];
    const others: number[] = [];
    let incomplete = 0;
    // Posts go to each node in turn: readers of the other nodes always hear through PostgreSQL.
    for (let i = 0; i < options.fanoutPosts; i++) {
      const timed = await timeOne(nodes[i % nodes.length]);
      last.push(timed.lastMs);
      own.push(timed.ownLastMs);
      if (Number.isFinite(timed.othersLastMs)) others.push(timed.othersLastMs);
      if (!timed.isComplete) incomplete++;
    }
    const mid = median(last);
    note(
      `    ${num(joined)} readers on ${nodes.length} nodes: ack → last reader median ${ms(mid)}, p99 ${ms(percentile(last, 99))}; ` +
        `the posting node's readers ${ms(median(own))}, the other nodes' ${ms(median(others))}`,
    );
    note(`      ${last.map((l) => l.toFixed(1)).join(' ')}`);
    const worst = Math.max(...perReader);
    return [
      row(
        PART,
        `${num(joined)} readers spread over ${nodes.length === 1 ? 'one node' : `${nodes.length} nodes`} on one PostgreSQL (${nodes.length === 1 ? 'it counts' : 'each node counts'} ${seen.join('/')} in /healthz; joined within ${joinSeconds.toFixed(0)} s): post acknowledged by one node (each in turn) → last reader on any node has it (${last.length} posts)`,
        `median ${ms(mid)} · p99 ${ms(percentile(last, 99))} · the posting node's own readers median ${ms(median(own))} · the other nodes' readers median ${ms(median(others))}` +
          (incomplete ? ` · ${incomplete} posts did not reach every reader` : ''),
        `median ≤ ${TARGET_MEDIAN_MS} ms`,
        mid <= TARGET_MEDIAN_MS && incomplete === 0,
      ),
      row(
        PART,
        `server memory per reader per node (RSS after GC; ${pools.map((p) => num(p.joined())).join(' / ')} readers)`,
        `${perReader.map((b) => `${num(b / 1024, 1)} KB`).join(' / ')} (heap+external ${heapPerReader.map((b) => num(b / 1024, 1)).join(' / ')} KB)`,
        '< 25 KB',
        worst < TARGET_BYTES_PER_READER,
      ),
    ];
  } finally {
    await Promise.all(pools.map((pool) => pool.stop()));
    await Promise.all(nodes.map((node) => node.stop()));
    removeScratchDir(scratch);
  }
}
