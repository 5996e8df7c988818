// Owns figure 6: Parley beside Waline on the same 1,000-comment thread, first-page reads and posts.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PATHS } from '../../server/paths';
import { countComments, findFirstPageRoutes, SORTS, type Sort } from '../lib/first-page';
import { json, request, waitUntilIdle } from '../lib/http';
import { runLoad, type LoadResult } from '../lib/load';
import type { BenchOptions } from '../lib/options';
import { startParleyProcess, type ParleyProcess } from '../lib/parley-process';
import { makeScratchDir, removeScratchDir, stopProcess, track } from '../lib/processes';
import { postStream } from '../lib/post-stream';
import { note } from '../lib/progress';
import { seedParley } from '../lib/seed-parley';
import { kb, ms, num } from '../lib/stats';
import { bodyOf, planThread, planVotes, randomGenerator, type PlannedComment } from '../lib/thread-plan';
import { row, type Row } from '../table';

const PART = '7 peer (Waline)';
const TARGET_READ_RATIO = 50;
const TARGET_POST_RATIO = 10;
const INSTALL_TIMEOUT_MS = 20 * 60_000;
const PAGE_PATH = '/p';
/** Waline's count answer, its cheapest, takes tens of milliseconds even when idle. */
const WALINE_IDLE_MS = 250;
const WALINE_SORT: Record<Sort, string> = { oldest: 'insertedAt_asc', newest: 'insertedAt_desc', top: 'like_desc' };

function lastLines(file: string, count = 3): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-count).join(' / ').slice(0, 300);
  } catch {
    return '';
  }
}

function runLogged(command: string, args: string[], cwd: string, logFile: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const log = fs.openSync(logFile, 'a');
    const child = track(spawn(command, args, { cwd, stdio: ['ignore', log, log] }));
    const timer = setTimeout(() => {
      void stopProcess(child, 2_000);
      reject(new Error(`${command} ${args.join(' ')} took longer than ${timeoutMs / 60_000} minutes`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fs.closeSync(log);
      resolve(code ?? 1);
    });
  });
}

/** Installs Waline into its own scratch folder once; later runs reuse it. Returns a reason when it cannot. */
async function ensureInstalled(dir: string): Promise<string | null> {
  const isUsable = async () =>
    fs.existsSync(path.join(dir, 'node_modules', '@waline', 'vercel', 'vanilla.js')) &&
    (await runLogged(process.execPath, ['-e', "require('sqlite3')"], dir, path.join(dir, 'check.log'), 60_000)) === 0;
  if (await isUsable()) return null;
  fs.mkdirSync(dir, { recursive: true });
  const logFile = path.join(dir, 'install.log');
  note(`  installing Waline into ${dir} (once; a few minutes)`);
  if (
    !fs.existsSync(path.join(dir, 'package.json')) &&
    (await runLogged('npm', ['init', '-y'], dir, logFile, 120_000)) !== 0
  ) {
    return `npm init failed: ${lastLines(logFile)}`;
  }
  if ((await runLogged('npm', ['install', '@waline/vercel'], dir, logFile, INSTALL_TIMEOUT_MS)) !== 0) {
    return `npm install @waline/vercel failed: ${lastLines(logFile)}`;
  }
  if (!(await isUsable()))
    return `installed, but its sqlite3 driver does not load: ${lastLines(path.join(dir, 'check.log'))}`;
  return null;
}

function localSqlTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Waline's own tables, filled the way its API would: ids in order, pid the parent, rid the root. */
function seedWaline(file: string, plan: readonly PlannedComment[], votes: readonly number[]): number[] {
  const schema = fs.readFileSync(path.join(PATHS.root, 'bench', 'peer', 'waline-schema.sql'), 'utf8');
  const likes = new Map<number, number>();
  for (const index of votes) likes.set(index, (likes.get(index) ?? 0) + 1);
  const db = new Database(file);
  try {
    db.exec(schema);
    const insert = db.prepare(
      `INSERT INTO wl_Comment (id, comment, insertedAt, ip, link, mail, nick, rid, pid, status, "like", ua, url, createdAt, updatedAt)
       VALUES (@id, @comment, @at, '127.0.0.1', '', @mail, @nick, @rid, @pid, 'approved', @like, 'parley-bench', @url, @at, @at)`,
    );
    const rootOf: number[] = [];
    db.transaction(() => {
      for (const c of plan) {
        const id = c.index + 1;
        const pid = c.parentIndex === null ? null : c.parentIndex + 1;
        rootOf[c.index] = c.parentIndex === null ? id : rootOf[c.parentIndex];
        insert.run({
          id,
          comment: c.bodySource,
          at: localSqlTime(c.createdAtMs),
          mail: c.authorEmail ?? `${c.index}@example.com`,
          nick: c.authorName,
          rid: pid === null ? null : rootOf[c.index],
          pid,
          like: likes.get(c.index) ?? 0,
          url: PAGE_PATH,
        });
      }
    })();
    return rootOf;
  } finally {
    db.close();
  }
}

function startOauthStub(): Promise<http.Server> {
  // Waline fetches its OAuth service list on every request and fails the request when it cannot.
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"services":[]}');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForWaline(countUrl: string, child: { exitCode: number | null }, logFile: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Waline exited: ${lastLines(logFile)}`);
    try {
      const answer = await request(countUrl, { timeoutMs: 5_000 });
      if (answer.status === 200 && json(answer)?.errno === 0) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Waline did not answer within 90 s: ${lastLines(logFile)}`);
}

async function walineCount(countUrl: string): Promise<number> {
  const data = json(await request(countUrl))?.data;
  return Array.isArray(data) ? Number(data[0]) : Number(data);
}

function brief(result: LoadResult, unit: string): string {
  const failed = result.failedCount + result.errors;
  return `${num(result.okPerSecond, result.okPerSecond < 10 ? 1 : 0)} ${unit}/s (p50 ${ms(result.p50Ms)}, p99 ${ms(result.p99Ms)}${failed > 0 ? `, ${num(failed)} failed` : ''})`;
}

/** Top-level comments and replies in a Waline page answer. */
function walineShape(body: unknown): { topLevel: number; all: number } {
  const list = (body as { data?: { data?: { children?: unknown[] }[] } })?.data?.data ?? [];
  return { topLevel: list.length, all: list.reduce((sum, c) => sum + 1 + (c.children?.length ?? 0), 0) };
}

function ratioRow(
  measurement: string,
  parley: LoadResult | null,
  peer: LoadResult,
  unit: string,
  target: number,
  missing?: string,
): Row {
  if (!parley) return row(PART, measurement, `Parley ${missing ?? 'n/a'} · Waline ${brief(peer, unit)}`);
  if (peer.okCount === 0) {
    return row(
      PART,
      measurement,
      `Parley ${brief(parley, unit)} · Waline finished nothing in ${peer.durationS} s: no ratio (try --duration=10)`,
    );
  }
  const ratio = parley.okPerSecond / peer.okPerSecond;
  return row(
    PART,
    measurement,
    `Parley ${brief(parley, unit)} · Waline ${brief(peer, unit)} · ${Number.isFinite(ratio) ? `${num(ratio, 1)}×` : '–'}`,
    `≥ ${target}×`,
    ratio >= target,
  );
}

export async function measureWaline(options: BenchOptions): Promise<Row[]> {
  const installDir = options.peerDir ?? path.join(os.tmpdir(), 'parley-bench-waline');
  const reason = await ensureInstalled(installDir).catch((err: unknown) =>
    err instanceof Error ? err.message : String(err),
  );
  if (reason) return [row(PART, 'Waline', `n/a: ${reason}`)];

  const scratch = makeScratchDir();
  let stub: http.Server | null = null;
  let waline: ReturnType<typeof spawn> | null = null;
  let parley: ParleyProcess | null = null;
  try {
    const spec = { comments: options.peerComments, topLevel: options.peerTopLevel };
    const plan = planThread(spec);
    const votes = planVotes(plan, 100);
    const rootOf = seedWaline(path.join(scratch, 'waline.sqlite'), plan, votes);
    const [parleyThread] = await seedParley(path.join(scratch, 'parley.db'), [{ pageId: 'peer', ...spec, votes: 100 }]);

    stub = await startOauthStub();
    const port = await freePort();
    const walineUrl = `http://127.0.0.1:${port}`;
    const logFile = path.join(scratch, 'waline.log');
    const log = fs.openSync(logFile, 'a');
    waline = track(
      spawn(process.execPath, [path.join(PATHS.root, 'bench', 'peer', 'waline-start.cjs')], {
        cwd: installDir,
        // Its own process group: stopping it must also stop the worker it forks.
        detached: true,
        stdio: ['ignore', log, log],
        env: {
          ...process.env,
          NODE_ENV: 'production',
          SQLITE_PATH: scratch,
          SQLITE_DB: 'waline',
          JWT_TOKEN: randomBytes(16).toString('hex'),
          PORT: String(port),
          OAUTH_URL: `http://127.0.0.1:${(stub.address() as AddressInfo).port}/`,
          IPQPS: '-3600',
          AKISMET_KEY: 'false',
        },
      }),
      { isGroup: true },
    );
    fs.closeSync(log);
    const countUrl = `${walineUrl}/api/comment?type=count&url=${encodeURIComponent(PAGE_PATH)}`;
    note('  starting Waline');
    await waitForWaline(countUrl, waline, logFile);
    parley = await startParleyProcess(path.join(scratch, 'parley.db'), {
      logLevel: options.logLevel,
      profileDir: options.profileDir,
    });

    const connections = 10;
    // Waline's slowest page takes seconds: shorter runs would end before it answers at all.
    const durationS = Math.max(options.durationS, 5);
    const rows: Row[] = [];
    const routes = await findFirstPageRoutes(parley.url, parleyThread.threadId);
    for (const sort of SORTS) {
      const walinePath = `/api/comment?path=${encodeURIComponent(PAGE_PATH)}&page=1&pageSize=20&sortBy=${WALINE_SORT[sort]}`;
      const check = await request(`${walineUrl}${walinePath}`, { timeoutMs: 60_000 });
      if (check.status !== 200 || json(check)?.errno !== 0)
        throw new Error(
          `Waline's first page answered HTTP ${check.status}: ${check.body.toString('utf8').slice(0, 200)}`,
        );
      const peerShape = walineShape(json(check));
      const peerWhat = `Waline ${peerShape.topLevel}+${peerShape.all - peerShape.topLevel}, ${kb(check.body.length)}`;
      note(`  first page, ${sort}: Waline (${peerWhat})`);
      const peer = await runLoad({ url: `${walineUrl}${walinePath}`, connections, durationS, okStatus: 200 });
      await waitUntilIdle(countUrl, 120_000, WALINE_IDLE_MS);
      const route = routes[sort];
      let mine: LoadResult | null = null;
      let mineWhat = '';
      if (!('missing' in route)) {
        const sample = await request(`${parley.url}${route.path}`, { timeoutMs: 60_000 });
        const shape = countComments(json(sample));
        mineWhat = `Parley ${shape.topLevel}+${shape.all - shape.topLevel}${route.isWholeThread ? ' (whole thread)' : ''}, ${kb(sample.body.length)}`;
        note(`  first page, ${sort}: Parley (${mineWhat})`);
        mine = await runLoad({ url: `${parley.url}${route.path}`, connections, durationS, okStatus: 200 });
        await waitUntilIdle(`${parley.url}/healthz`);
      }
      const label = `first page · ${sort} · ${connections} conn, ${num(plan.length)}-comment thread (${[mineWhat, peerWhat].filter(Boolean).join('; ')})`;
      rows.push(ratioRow(label, mine, peer, 'req', TARGET_READ_RATIO, 'missing' in route ? route.missing : undefined));
    }

    // Posts: unique bodies (Waline refuses duplicates), a fifth top-level, the rest replies.
    const random = randomGenerator(9);
    let n = 0;
    const countBefore = await walineCount(countUrl);
    note('  posts: Waline');
    const peerPosts = await runLoad({
      url: `${walineUrl}/api/comment`,
      connections,
      durationS,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      nextRequest: () => {
        n++;
        const parentIndex = random() < 0.2 ? null : Math.floor(random() * plan.length);
        const payload = {
          comment: `${bodyOf(random, 280)} (${n})`,
          url: PAGE_PATH,
          nick: `Poster ${n}`,
          mail: `poster${n}@example.com`,
          link: '',
          ua: 'parley-bench',
          pid: parentIndex === null ? null : parentIndex + 1,
          rid: parentIndex === null ? null : rootOf[parentIndex],
        };
        return { body: JSON.stringify(payload) };
      },
    });
    await waitUntilIdle(countUrl, 120_000, WALINE_IDLE_MS);
    // Waline answers refusals with HTTP 200 too: count the rows that were really added.
    const inserted = (await walineCount(countUrl)) - countBefore;
    peerPosts.okCount = inserted;
    peerPosts.okPerSecond = inserted / peerPosts.durationS;
    note('  posts: Parley');
    const myPosts = await runLoad({
      url: `${parley.url}/api/threads/${parleyThread.threadId}/comments`,
      connections,
      durationS,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      nextRequest: postStream(parleyThread.commentIds, 10),
      okStatus: 201,
    });
    rows.push(ratioRow(`posts · ${connections} conn, unique bodies`, myPosts, peerPosts, 'posts', TARGET_POST_RATIO));
    return rows;
  } finally {
    await parley?.stop();
    if (waline) await stopProcess(waline, 5_000);
    stub?.close();
    removeScratchDir(scratch);
  }
}
