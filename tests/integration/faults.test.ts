import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { io as ioClient, type Socket } from 'socket.io-client';
import { PATHS } from '../../server/paths';
import { makeReader } from '../helpers/api';
import { startTestServer } from '../helpers/server';
import { newGuestToken, unpackBatches, type TestSocket } from '../helpers/sockets';

const bin = path.join(PATHS.root, 'bin', 'parley.js');
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-faults-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function serve(dbPath: string, port = 0): Promise<{ child: ChildProcess; url: string; port: number }> {
  const child = spawn(process.execPath, [bin, 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      PARLEY_HOST: '127.0.0.1',
      PARLEY_DB_PATH: dbPath,
      PARLEY_LOG_LEVEL: 'info',
      PARLEY_POSTS_PER_MINUTE: '0',
      PARLEY_DEMO: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 15_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.includes('"msg":"listening"'));
      if (line) {
        clearTimeout(timer);
        const listening = JSON.parse(line).port as number;
        resolve({ child, url: `http://127.0.0.1:${listening}`, port: listening });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );
}

describe('durability', () => {
  it('every acknowledged comment survives kill -9 during a write storm, and the database stays intact (three rounds)', async () => {
    const dbPath = path.join(dir, 'storm.db');
    const acknowledged = new Set<string>();
    for (let round = 0; round < 3; round++) {
      const { child, url } = await serve(dbPath);
      const reader = makeReader(url);
      const { thread } = (await reader.call('PUT', '/api/threads', { pageId: 'storm' })).json;
      let stop = false;
      const workers = Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; !stop && i < 10_000; i++) {
          const clientId = `round${round}-w${w}-n${i}-xxxxxxxx`;
          try {
            const res = await makeReader(url).post(thread.id, { body: `storm ${clientId}`, clientId });
            if (res.status === 201) acknowledged.add(clientId);
          } catch {
            return; // the connection died with the server
          }
        }
      });
      const target = acknowledged.size + 150;
      const deadline = Date.now() + 20_000;
      while (acknowledged.size < target && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGKILL');
      stop = true;
      await Promise.all(workers);
      await exited(child);

      const db = new Database(dbPath, { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = new Set(
        (db.prepare('SELECT client_id FROM comments WHERE client_id IS NOT NULL').all() as { client_id: string }[]).map(
          (r) => r.client_id,
        ),
      );
      db.close();
      const lost = [...acknowledged].filter((id) => !stored.has(id));
      expect(lost).toEqual([]);
    }
    expect(acknowledged.size).toBeGreaterThanOrEqual(450);
  }, 120_000);

  it('an online backup taken during writes is consistent, and restoring it brings the data back', async () => {
    const dbPath = path.join(dir, 'live.db');
    const backupFile = path.join(dir, 'backups', 'copy.db');
    const { child, url } = await serve(dbPath);
    const reader = makeReader(url);
    const { thread } = (await reader.call('PUT', '/api/threads', { pageId: 'backup' })).json;
    for (let i = 0; i < 50; i++) await reader.post(thread.id, { body: `before backup ${i}` });
    let stop = false;
    const writer = (async () => {
      for (let i = 0; !stop; i++) await reader.post(thread.id, { body: `during backup ${i}` });
    })();
    const run = (args: string[], env: Record<string, string>) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const p = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env } });
        let out = '';
        p.stdout.on('data', (d) => (out += d));
        p.stderr.on('data', (d) => (out += d));
        p.on('close', (code) => resolve({ code, out }));
      });
    const backup = await run(['backup', '--to', backupFile], { PARLEY_DB_PATH: dbPath });
    stop = true;
    await writer;
    expect(backup.code).toBe(0);
    expect(backup.out).toMatch(/integrity ok/);
    child.kill('SIGTERM');
    await exited(child);

    const restoredPath = path.join(dir, 'restored', 'parley.db');
    const restore = await run(['restore', '--from', backupFile], { PARLEY_DB_PATH: restoredPath });
    expect(restore.code).toBe(0);
    const db = new Database(restoredPath, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const count = (db.prepare('SELECT COUNT(*) AS n FROM comments').get() as { n: number }).n;
    const threadCount = (db.prepare('SELECT comment_count AS n FROM threads').get() as { n: number }).n;
    db.close();
    expect(count).toBeGreaterThanOrEqual(50);
    expect(threadCount).toBe(count);
    expect((await run(['backup', '--to', backupFile], { PARLEY_DB_PATH: dbPath })).out).toMatch(/already exists/);
    expect(
      (await run(['restore', '--from', path.join(dir, 'missing.db')], { PARLEY_DB_PATH: restoredPath })).code,
    ).toBe(1);
  }, 60_000);
});

describe('a restart with readers connected', () => {
  it('every reader reconnects by itself and catches up on what it missed, once', async () => {
    const dbPath = path.join(dir, 'restart.db');
    const first = await startTestServer({ dbPath });
    const port = Number(new URL(first.url).port);
    const { thread, seq } = (await makeReader(first.url).call('PUT', '/api/threads', { pageId: 'restart' })).json;
    const readers: { socket: Socket; seen: Set<number>; lastSeq: number }[] = [];
    for (let i = 0; i < 100; i++) {
      const socket = ioClient(first.url, {
        auth: { token: newGuestToken() },
        transports: ['websocket'],
        reconnectionDelay: 100,
        reconnectionDelayMax: 1000,
        randomizationFactor: 0.5,
      });
      unpackBatches(socket as unknown as TestSocket);
      const state = { socket, seen: new Set<number>(), lastSeq: seq as number };
      socket.on('connect', () => {
        socket.emit('thread:join', { pageId: 'restart' }, () => {
          socket.emit('thread:catch-up', { threadId: thread.id, sinceSeq: state.lastSeq }, (ack: any) => {
            if (!ack.ok) return;
            for (const c of ack.data.changes) state.seen.add(c.id);
            state.lastSeq = ack.data.seq;
          });
        });
      });
      socket.on('comment:created', (c: { id: number; seq: number }) => {
        state.seen.add(c.id);
        state.lastSeq = Math.max(state.lastSeq, c.seq);
      });
      readers.push(state);
    }
    const waitFor = async (check: () => boolean, what: string) => {
      const deadline = Date.now() + 20_000;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    try {
      await waitFor(() => readers.every((r) => r.socket.connected), 'readers to connect');
      const before = (await makeReader(first.url).post(thread.id, { body: 'before restart' })).json.comment.id;
      await waitFor(() => readers.every((r) => r.seen.has(before)), 'the first comment');
      await first.close();

      const second = await startTestServer({ dbPath, port });
      try {
        const missed = (await makeReader(second.url).post(thread.id, { body: 'while they were away' })).json.comment.id;
        await waitFor(() => readers.every((r) => r.socket.connected && r.seen.has(missed)), 'every reader to catch up');
        expect(readers.every((r) => r.seen.size === 2)).toBe(true);
      } finally {
        for (const r of readers) r.socket.close();
        await second.close();
      }
    } finally {
      for (const r of readers) r.socket.close();
    }
  }, 60_000);
});

describe('a full disk', () => {
  /** Sets the server process's file size limit: writes past it fail as on a full disk (EFBIG, where a full disk gives ENOSPC). */
  function limitFileSize(pid: number, bytes: number | 'unlimited'): void {
    execFileSync('prlimit', ['--pid', String(pid), `--fsize=${bytes}:unlimited`]);
  }
  const size = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);

  it('turns writes into 503s that are logged, reads and health go on, and writes work again once there is room, with nothing half-written', async () => {
    const dbPath = path.join(dir, 'full.db');
    const { child, url } = await serve(dbPath);
    let log = '';
    child.stdout!.on('data', (d) => (log += d));
    try {
      const reader = makeReader(url);
      const { thread } = (await reader.call('PUT', '/api/threads', { pageId: 'full' })).json;
      for (let i = 0; i < 5; i++) expect((await reader.post(thread.id, { body: `before ${i}` })).status).toBe(201);

      limitFileSize(child.pid!, Math.max(size(dbPath), size(`${dbPath}-wal`)) + 100_000);
      let refused: { status: number; json: any } | null = null;
      for (let i = 0; i < 500 && refused === null; i++) {
        const answer = await reader.post(thread.id, { body: `${'filling the disk '.repeat(100)}${i}` });
        if (answer.status !== 201) refused = answer;
      }
      expect(refused).toEqual({
        status: 503,
        json: {
          error: {
            code: 'SERVICE_UNAVAILABLE',
            message: expect.any(String),
            details: { retryAfterSeconds: 5, reason: 'database-unavailable' },
          },
        },
      });
      expect((await reader.page(thread.id, { sort: 'oldest' })).status).toBe(200);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      // The operator sees why in the log, with SQLite's own words.
      expect(log).toMatch(
        /"level":"error","msg":"request failed".*"errorMessage":"(disk I\/O error|database or disk is full)"/,
      );

      limitFileSize(child.pid!, 'unlimited');
      expect((await reader.post(thread.id, { body: 'after the disk' })).status).toBe(201);
    } finally {
      child.kill('SIGTERM');
      await exited(child);
    }
    const db = new Database(dbPath, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const count = (db.prepare(`SELECT COUNT(*) AS n FROM comments WHERE status = 'published'`).get() as { n: number })
      .n;
    const counted = (db.prepare('SELECT comment_count AS n FROM threads').get() as { n: number }).n;
    const bodies = (db.prepare('SELECT body_source FROM comments ORDER BY id').all() as { body_source: string }[]).map(
      (r) => r.body_source,
    );
    db.close();
    expect(counted).toBe(count);
    expect(bodies.at(-1)).toBe('after the disk');
  }, 60_000);
});
