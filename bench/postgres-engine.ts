// Owns figures 8 and 9: reading and posting on the PostgreSQL engine, beside the SQLite engine in the same run.
import path from 'node:path';
import { benchDatabase } from './lib/bench-postgres';
import { findFirstPageRoutes, SORTS } from './lib/first-page';
import { json, request, waitUntilIdle } from './lib/http';
import { alternatingLoads, type LoadResult } from './lib/load';
import type { BenchOptions } from './lib/options';
import { startParleyProcess, type ParleyProcess } from './lib/parley-process';
import { postStream } from './lib/post-stream';
import { makeScratchDir, removeScratchDir } from './lib/processes';
import { note } from './lib/progress';
import { seedParley } from './lib/seed-parley';
import { ms, num, pct } from './lib/stats';
import { row, type Row } from './table';

const READS = '8 PostgreSQL reads';
const WRITES = '9 PostgreSQL writes';
const PAGE_ID = 'engines';
/** PostgreSQL's first pages a second against SQLite's, same thread, same run. */
const TARGET_SHARE_OF_SQLITE = 0.5;
/** The issue's absolute targets for posts on PostgreSQL. */
const TARGET_POSTS_PER_S = 1_500;
const TARGET_POST_P99_MS = 50;
/** Runs alternate PostgreSQL, SQLite, SQLite, PostgreSQL. */
const ROUNDS = 4;

function figure(result: LoadResult, unit: string): string {
  const failed = result.failedCount + result.errors;
  return `${num(result.okPerSecond)} ${unit}/s · p50 ${ms(result.p50Ms)} · p99 ${ms(result.p99Ms)}${failed > 0 ? ` · ${num(failed)} failed` : ''}`;
}

/** One seeded thread served by two Parley processes: one on the SQLite file, one on a PostgreSQL copy of it. */
async function startPair(options: BenchOptions, scratch: string, comments: number) {
  const dbPath = path.join(scratch, 'parley.db');
  note(`  seeding a thread of ${num(comments)} comments, then copying it into PostgreSQL`);
  const [thread] = await seedParley(dbPath, [{ pageId: PAGE_ID, comments, votes: Math.ceil(comments / 10) }]);
  const databaseUrl = await benchDatabase('engines', options.pgSettings, dbPath);
  const servers: ParleyProcess[] = [];
  try {
    servers.push(await startParleyProcess(dbPath, { logLevel: options.logLevel }));
    servers.push(
      await startParleyProcess(path.join(scratch, 'unused.db'), { logLevel: options.logLevel, databaseUrl }),
    );
  } catch (err) {
    await Promise.all(servers.map((s) => s.stop()));
    throw err;
  }
  const [sqlite, postgres] = servers;
  return { thread, sqlite, postgres };
}

export async function measurePostgresReads(options: BenchOptions): Promise<Row[]> {
  const scratch = makeScratchDir();
  const servers: ParleyProcess[] = [];
  try {
    const comments = options.isQuick ? 1_000 : 10_000;
    const { thread, sqlite, postgres } = await startPair(options, scratch, comments);
    servers.push(sqlite, postgres);
    const connections = options.readConnections[0];
    const roundS = Math.max(1, options.durationS / 2);
    const routes = await findFirstPageRoutes(postgres.url, thread.threadId);
    const rows: Row[] = [];
    for (const sort of SORTS) {
      const route = routes[sort];
      if ('missing' in route) {
        rows.push(row(READS, `first page, ${sort}`, route.missing));
        continue;
      }
      // The second page is never cached: it is the engine's own read, where the first is mostly the
      // cache's. Each server signs its cursors with a key of its own, so each is asked for its own.
      const cursorOf = async (server: ParleyProcess) => {
        const cursor = json(await request(`${server.url}${route.path}`))?.nextCursor;
        return typeof cursor === 'string' ? `${route.path}&cursor=${encodeURIComponent(cursor)}` : null;
      };
      const secondPaths = [await cursorOf(postgres), await cursorOf(sqlite)];
      const pages: { label: string; paths: [string, string] }[] = [
        { label: 'first page (the first-page cache serves it once read)', paths: [route.path, route.path] },
      ];
      if (secondPaths[0] !== null && secondPaths[1] !== null)
        pages.push({
          label: 'second page (read from the database each time)',
          paths: [secondPaths[0], secondPaths[1]],
        });
      for (const page of pages) {
        const both = [postgres, sqlite];
        for (const [i, server] of both.entries()) {
          for (let n = 0; n < 20; n++) await request(`${server.url}${page.paths[i]}`);
        }
        const [onPostgres, onSqlite] = await alternatingLoads(
          both.map((server, i) => ({
            url: `${server.url}${page.paths[i]}`,
            connections,
            durationS: roundS,
            okStatus: 200,
          })),
          ROUNDS,
          async (i) => void (await waitUntilIdle(`${[postgres, sqlite][i].url}/healthz`)),
        );
        const share = onPostgres.okPerSecond / onSqlite.okPerSecond;
        note(
          `    ${sort}, ${page.label}: PostgreSQL ${figure(onPostgres, 'req')}; SQLite ${figure(onSqlite, 'req')}; ${pct(share)}`,
        );
        rows.push(
          row(
            READS,
            `${sort}, ${page.label}, limit 20, thread of ${num(comments)}, ${connections} conn (${ROUNDS} runs of ${roundS} s, alternating engines)`,
            `PostgreSQL ${figure(onPostgres, 'req')} · SQLite ${figure(onSqlite, 'req')} · PostgreSQL ${pct(share)} of SQLite`,
            `≥ ${pct(TARGET_SHARE_OF_SQLITE)} of SQLite`,
            share >= TARGET_SHARE_OF_SQLITE &&
              onPostgres.failedCount + onPostgres.errors + onSqlite.failedCount + onSqlite.errors === 0,
          ),
        );
      }
    }
    return rows;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    removeScratchDir(scratch);
  }
}

export async function measurePostgresWrites(options: BenchOptions): Promise<Row[]> {
  const scratch = makeScratchDir();
  const servers: ParleyProcess[] = [];
  try {
    const { thread, sqlite, postgres } = await startPair(options, scratch, 1_000);
    servers.push(sqlite, postgres);
    const roundS = Math.max(1, options.durationS / 2);
    const connections = options.writeConnections;
    const spec = (server: ParleyProcess) => ({
      url: `${server.url}/api/threads/${thread.threadId}/comments`,
      connections,
      durationS: roundS,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      nextRequest: postStream(thread.commentIds),
      okStatus: 201,
    });
    note(`  posting: ${ROUNDS} runs of ${roundS} s, ${connections} connections, PostgreSQL and SQLite alternating`);
    await Promise.all([postgres.load(), sqlite.load()]);
    const [onPostgres, onSqlite] = await alternatingLoads([spec(postgres), spec(sqlite)], ROUNDS, async (i) => {
      await waitUntilIdle(`${[postgres, sqlite][i].url}/healthz`);
    });
    // Each server idles while the other is measured, so its CPU time since the start is its own runs'.
    const [cpu, sqliteCpu] = await Promise.all([postgres.load(), sqlite.load()]);
    const cpuPerPost = (cpu.cpuMs * 1000) / Math.max(1, onPostgres.okCount);
    const sqliteCpuPerPost = (sqliteCpu.cpuMs * 1000) / Math.max(1, onSqlite.okCount);
    note(`    PostgreSQL ${figure(onPostgres, 'posts')}; SQLite ${figure(onSqlite, 'posts')}`);
    const isClean = onPostgres.failedCount + onPostgres.errors === 0;
    return [
      row(
        WRITES,
        `posts on PostgreSQL, ${connections} conn, unique bodies, each from a reader and address of its own, no live readers (${ROUNDS} runs of ${roundS} s, alternating with SQLite); Parley's CPU only (PostgreSQL's own processes not counted)`,
        `${figure(onPostgres, 'posts')} · Parley CPU ${num(cpuPerPost)} µs a post · SQLite in the same run ${figure(onSqlite, 'posts')}, Parley CPU ${num(sqliteCpuPerPost)} µs a post · PostgreSQL ${pct(onPostgres.okPerSecond / onSqlite.okPerSecond)} of SQLite`,
        `≥ ${num(TARGET_POSTS_PER_S)}/s`,
        onPostgres.okPerSecond >= TARGET_POSTS_PER_S && isClean,
      ),
      row(
        WRITES,
        'posts on PostgreSQL: p99 of the same runs',
        ms(onPostgres.p99Ms),
        `p99 < ${TARGET_POST_P99_MS} ms`,
        onPostgres.p99Ms < TARGET_POST_P99_MS && isClean,
      ),
    ];
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    removeScratchDir(scratch);
  }
}
