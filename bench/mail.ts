// Owns figure 11: posting on a thread with 1,000 confirmed subscribers (every new comment noticed to each), beside
// the same server posting on a thread with none, and how many notices the outbox takes a second.
import path from 'node:path';
import { openDatabase } from '../server/db/sqlite/connection';
import { createSqliteStorage } from '../server/db/sqlite/sqlite-storage';
import { waitUntilIdle } from './lib/http';
import { alternatingLoads, type LoadResult } from './lib/load';
import type { BenchOptions } from './lib/options';
import { startParleyProcess, type ParleyProcess } from './lib/parley-process';
import { postStream } from './lib/post-stream';
import { makeScratchDir, removeScratchDir } from './lib/processes';
import { note } from './lib/progress';
import { seedParley } from './lib/seed-parley';
import { ms, num, pct } from './lib/stats';
import { row, type Row } from './table';

const MAIL = '11 mail';
const SUBSCRIBERS = 1_000;
/** The issue's absolute targets for posts on a thread with subscribers. */
const TARGET_POSTS_PER_S = 1_000;
const TARGET_POST_P99_MS = 50;
/** Runs alternate subscribed, bare, bare, subscribed. */
const ROUNDS = 4;

function figure(result: LoadResult): string {
  const failed = result.failedCount + result.errors;
  return `${num(result.okPerSecond)} posts/s · p50 ${ms(result.p50Ms)} · p99 ${ms(result.p99Ms)}${failed > 0 ? ` · ${num(failed)} failed` : ''}`;
}

/** Confirmed `thread` subscriptions, written through the storage contract before the server opens the file. */
async function subscribe(dbPath: string, threadId: number, count: number): Promise<void> {
  const db = openDatabase(dbPath);
  try {
    const storage = createSqliteStorage(db);
    for (let i = 0; i < count; i++) {
      const email = `subscriber-${i}@bench.example`;
      await storage.subscriptions.saveSubscription({ threadId, email, kind: 'thread', authorKey: null, atMs: 1 });
      await storage.subscriptions.confirmAddress(email, 1);
    }
  } finally {
    db.close();
  }
}

function queuedNotices(dbPath: string): number {
  const db = openDatabase(dbPath);
  try {
    return (
      db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM mail_outbox WHERE purpose = 'notice'`).get() as {
        n: number;
      }
    ).n;
  } finally {
    db.close();
  }
}

export async function measureMail(options: BenchOptions): Promise<Row[]> {
  const scratch = makeScratchDir();
  let server: ParleyProcess | null = null;
  try {
    const dbPath = path.join(scratch, 'parley.db');
    note(`  seeding two threads of 1,000 comments, ${num(SUBSCRIBERS)} confirmed subscribers on one`);
    const [subscribed, bare] = await seedParley(dbPath, [
      { pageId: 'mail-subscribed', comments: 1_000, votes: 100 },
      { pageId: 'mail-bare', comments: 1_000, votes: 100 },
    ]);
    await subscribe(dbPath, subscribed.threadId, SUBSCRIBERS);
    // No SMTP: the outbox keeps what is queued, so the figure is the posting side's alone.
    server = await startParleyProcess(dbPath, { logLevel: options.logLevel });
    const url = server.url;
    const roundS = Math.max(1, options.durationS / 2);
    const connections = options.writeConnections;
    const spec = (thread: typeof bare) => ({
      url: `${url}/api/threads/${thread.threadId}/comments`,
      connections,
      durationS: roundS,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      nextRequest: postStream(thread.commentIds),
      okStatus: 201,
    });
    note(
      `  posting: ${ROUNDS} runs of ${roundS} s, ${connections} connections, subscribed and bare threads alternating`,
    );
    const [withSubscribers, without] = await alternatingLoads([spec(subscribed), spec(bare)], ROUNDS, async () => {
      await waitUntilIdle(`${url}/healthz`);
    });
    await server.stop();
    server = null;
    const notices = queuedNotices(dbPath);
    // Over the subscribed runs' time; a post still in flight when a run ended counts too.
    const noticesPerS = notices / Math.max(0.001, withSubscribers.durationS);
    note(`    with subscribers ${figure(withSubscribers)}; without ${figure(without)}; ${num(notices)} notices queued`);
    const isClean = withSubscribers.failedCount + withSubscribers.errors === 0;
    return [
      row(
        MAIL,
        `posts on a thread with ${num(SUBSCRIBERS)} confirmed subscribers (kind thread, no SMTP: notices stay queued), ${connections} conn, unique bodies, each from a reader and address of its own (${ROUNDS} runs of ${roundS} s, alternating with a thread of none on the same server)`,
        `${figure(withSubscribers)} · with no subscribers ${figure(without)} · ${pct(withSubscribers.okPerSecond / Math.max(1e-9, without.okPerSecond))} of it`,
        `≥ ${num(TARGET_POSTS_PER_S)}/s`,
        withSubscribers.okPerSecond >= TARGET_POSTS_PER_S && isClean,
      ),
      row(
        MAIL,
        'posts with subscribers: p99 of the same runs',
        ms(withSubscribers.p99Ms),
        `p99 < ${TARGET_POST_P99_MS} ms`,
        withSubscribers.p99Ms < TARGET_POST_P99_MS && isClean,
      ),
      row(
        MAIL,
        'notices queued a second (one outbox row per subscriber and comment, in the post’s transaction)',
        `${num(noticesPerS)}/s · ${num(notices)} in all`,
      ),
    ];
  } finally {
    await server?.stop();
    removeScratchDir(scratch);
  }
}
