import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../server/db/sqlite/connection';
import { migrate } from '../../server/db/sqlite/migrate';
import { readMigrations, SchemaTooNewError } from '../../server/db/migrations';
import { createSqliteStorage } from '../../server/db/sqlite/sqlite-storage';
import { createHealthCheck } from '../../server/health/health-check';
import { createAccessLog } from '../../server/http/access-log';
import { createPipeline } from '../../server/http/pipeline';
import { AREAS } from '../../server/http/route-table';
import { healthRoutes } from '../../server/http/routes/health';
import { createClientResolver } from '../../server/identity/client-address';
import { createIdentify } from '../../server/identity/identify';
import { createRequestIdentity } from '../../server/identity/request-identity';
import { createLogger } from '../../server/log/logger';
import { PATHS } from '../../server/paths';
import { openThread, postComment, startTestServer } from '../helpers/server';

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-life-'));
  tempDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the database across restarts', () => {
  it('a restart keeps every comment and applies each migration once', async () => {
    const dbPath = path.join(tempDir(), 'restart.db');
    const first = await startTestServer({ dbPath });
    const { thread } = await openThread(first.url, 'restart-page');
    const top = await postComment(first.url, thread.id, { authorName: 'Before', body: 'restart me' });
    await postComment(first.url, thread.id, { authorName: 'Reply', body: 'me too', parentId: top.json.comment.id });
    await first.close();

    const second = await startTestServer({ dbPath });
    try {
      const view = await fetch(`${second.url}/api/threads/${thread.id}`).then((r) => r.json());
      expect(view.thread.commentCount).toBe(2);
      expect(view.comments[0].authorName).toBe('Before');
      expect(view.comments[0].replies[0].authorName).toBe('Reply');
    } finally {
      await second.close();
    }

    const db = new Database(dbPath, { readonly: true });
    const ledger = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
    db.close();
    expect(ledger).toEqual(readMigrations(PATHS.migrations).map((m) => ({ version: m.version })));
  });

  it('migrating twice applies nothing the second time', () => {
    const db = openDatabase(path.join(tempDir(), 'm.db'));
    const migrations = readMigrations(PATHS.migrations);
    expect(migrate(db, migrations).applied).toHaveLength(migrations.length);
    expect(migrate(db, migrations).applied).toHaveLength(0);
    db.close();
  });

  it('a failing migration leaves no trace and is not recorded', () => {
    const dir = tempDir();
    const migrationsDir = path.join(dir, 'migrations');
    fs.mkdirSync(migrationsDir);
    fs.writeFileSync(path.join(migrationsDir, '0001_ok.sql'), 'CREATE TABLE a (x INTEGER);');
    fs.writeFileSync(path.join(migrationsDir, '0002_broken.sql'), 'CREATE TABLE b (x INTEGER); THIS IS NOT SQL;');
    const db = openDatabase(path.join(dir, 'f.db'));
    expect(() => migrate(db, readMigrations(migrationsDir))).toThrow();
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    expect(tables).toEqual([{ name: 'a' }, { name: 'schema_migrations' }]);
    expect(db.prepare('SELECT version FROM schema_migrations').all()).toEqual([{ version: 1 }]);
    db.close();
  });

  it('refuses to start on a database newer than the code', async () => {
    const dbPath = path.join(tempDir(), 'new.db');
    const db = openDatabase(dbPath);
    migrate(db, readMigrations(PATHS.migrations));
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from_the_future', 'x')").run();
    db.close();
    await expect(startTestServer({ dbPath })).rejects.toBeInstanceOf(SchemaTooNewError);
  });

  it('uses WAL journaling', () => {
    const db = openDatabase(path.join(tempDir(), 'wal.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });
});

describe('GET /healthz', () => {
  it('answers 200 with the engine and the schema version while the database answers', async () => {
    const server = await startTestServer();
    try {
      const res = await fetch(`${server.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        status: 'ok',
        engine: 'sqlite',
        schemaVersion: readMigrations(PATHS.migrations).length,
        walBytes: expect.any(Number),
        nodes: 1,
      });
    } finally {
      await server.close();
    }
  });

  it('reports the size of the write-ahead log file, which an operator watches', async () => {
    const server = await startTestServer();
    try {
      const { thread } = await openThread(server.url, 'wal-size');
      await postComment(server.url, thread.id, { authorName: 'Ada', body: 'Something to log.' });
      const { walBytes } = await (await fetch(`${server.url}/healthz`)).json();
      expect(walBytes).toBeGreaterThan(0);
      expect(walBytes).toBe(fs.statSync(`${server.dbPath}-wal`).size);
    } finally {
      await server.close();
    }
  });

  it('answers 503 when the database does not answer', async () => {
    const db = openDatabase(path.join(tempDir(), 'h.db'));
    migrate(db, readMigrations(PATHS.migrations));
    const storage = createSqliteStorage(db);
    const clients = createClientResolver(false);
    const logger = createLogger('silent');
    const pipeline = createPipeline({
      areas: AREAS,
      routes: healthRoutes({ health: createHealthCheck({ storage, countNodes: null }) }),
      identity: createRequestIdentity({
        identify: createIdentify(Buffer.alloc(32)),
        clients,
        accounts: { authenticate: async () => null },
      }),
      clients,
      logger,
      accessLog: createAccessLog(logger),
      allowedOrigins: null,
    });
    const httpServer = http.createServer((req, res) => void pipeline(req, res)).listen(0, '127.0.0.1');
    await new Promise((resolve) => httpServer.once('listening', resolve));
    try {
      db.close();
      const res = await fetch(`http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/healthz`);
      expect(res.status).toBe(503);
      expect((await res.json()).error.code).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await new Promise((resolve) => httpServer.close(resolve));
    }
  });
});

describe('the parley command', () => {
  const bin = path.join(PATHS.root, 'bin', 'parley.js');

  function run(
    args: string[],
    env: NodeJS.ProcessEnv = {},
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('prints help and exits 0', async () => {
    const res = await run(['--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Usage: parley <command>/);
    expect(res.stdout).toMatch(/PARLEY_DB_PATH/);
  });

  it.each([[['frobnicate']], [['serve', '--nope']], [['migrate', 'extra']], [[]]])(
    'refuses %j with a clear error and a non-zero exit',
    async (args) => {
      const res = await run(args);
      expect(res.code).toBe(2);
      expect(res.stdout + res.stderr).toMatch(/parley|Usage/);
    },
  );

  it('refuses bad configuration before starting', async () => {
    const res = await run(['serve'], { PORT: 'eighty' });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/PORT must be a whole number/);
  });

  it('migrate creates the database file and reports the schema version', async () => {
    const dbPath = path.join(tempDir(), 'nested', 'cli.db');
    const res = await run(['migrate'], { PARLEY_DB_PATH: dbPath });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/schema version \d+/);
    expect(fs.existsSync(dbPath)).toBe(true);
  });

  /** Starts `parley serve` and resolves once it logs that it listens. */
  async function serve(env: NodeJS.ProcessEnv) {
    const child = spawn(process.execPath, [bin, 'serve'], {
      env: { ...process.env, PORT: '0', PARLEY_HOST: '127.0.0.1', ...env },
    });
    const output = { stdout: '' };
    child.stdout.on('data', (d) => (output.stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const deadline = Date.now() + 15_000;
    let port: number | undefined;
    while (port === undefined) {
      if (Date.now() > deadline) throw new Error(`server did not start:\n${output.stdout}`);
      const line = output.stdout.split('\n').find((l) => l.includes('"msg":"listening"'));
      if (line) port = JSON.parse(line).port;
      else await new Promise((resolve) => child.stdout.once('data', resolve));
    }
    return { child, output, exited, port };
  }

  const jsonLines = (stdout: string) =>
    stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));

  it('serve with the demo off says what it serves, names no demo, and writes no access lines unless asked', async () => {
    const { child, output, exited, port } = await serve({
      PARLEY_DB_PATH: path.join(tempDir(), 'quiet.db'),
      PARLEY_LOG_LEVEL: 'info',
      PARLEY_DEMO: 'false',
      PARLEY_ACCESS_LOG: '',
    });
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    const told = output.stdout
      .split('\n')
      .filter((l) => !l.startsWith('{'))
      .join('\n');
    expect(told).toContain(`${base}/api`);
    expect(told).toContain(`${base}/admin`);
    expect(told).toContain(`<script src="${base}/widget.js" async></script>`);
    expect(told).not.toMatch(/demo article/);
    expect(told).toMatch(/PARLEY_DEMO=false/);
    const lines = jsonLines(output.stdout);
    expect(lines.some((l) => l.msg === 'listening')).toBe(true);
    expect(lines.filter((l) => l.msg === 'request')).toEqual([]);
  });

  it('serve logs JSON lines, and on SIGTERM finishes, closes the database and exits 0', async () => {
    const dbPath = path.join(tempDir(), 'serve.db');
    const { child, output, exited, port } = await serve({
      PARLEY_DB_PATH: dbPath,
      PARLEY_LOG_LEVEL: 'info',
      PARLEY_ACCESS_LOG: 'true',
    });
    const { thread } = await openThread(`http://127.0.0.1:${port}`, 'cli-page');
    await postComment(`http://127.0.0.1:${port}`, thread.id, { authorName: 'Cli', body: 'kept' });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    expect(output.stdout).toContain(`open http://127.0.0.1:${port}/ for the demo article`);
    const logLines = jsonLines(output.stdout);
    expect(
      logLines.some(
        (l) => l.msg === 'request' && l.method === 'POST' && l.status === 201 && typeof l.durationMs === 'number',
      ),
    ).toBe(true);
    expect(logLines.at(-1).msg).toBe('stopped');

    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare('SELECT author_name FROM comments').all()).toEqual([{ author_name: 'Cli' }]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
