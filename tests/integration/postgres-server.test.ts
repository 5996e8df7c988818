// A real Parley server on PostgreSQL: the HTTP API, socket.io and the command line wired to that engine, and a clear stop when it cannot be reached.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { readMigrations } from '../../server/db/migrations';
import { PATHS } from '../../server/paths';
import { makeReader } from '../helpers/api';
import { loginAsModerator } from '../helpers/admin';
import { createTestDatabase, testServerUrl } from '../helpers/postgres';
import { openThread, startPostgresTestServer, type TestServer } from '../helpers/server';
import { connectReader, nextEvent, request, type TestSocket } from '../helpers/sockets';

const bin = path.join(PATHS.root, 'bin', 'parley.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the `parley` command with PARLEY_DATABASE_URL set, `input` on its standard input. */
function parley(args: string[], databaseUrl: string, input = ''): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, PARLEY_DATABASE_URL: databaseUrl, PARLEY_LOG_LEVEL: 'silent', PORT: '0' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** A loopback port nothing listens on: taken from the system, then let go. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('Parley on PostgreSQL', () => {
  let server: (TestServer & { databaseUrl: string }) | null = null;
  const sockets: TestSocket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await server?.close();
    server = null;
  });

  it('posts, reads, votes, catches up and moderates over HTTP and socket.io, and /healthz names the engine', async () => {
    server = await startPostgresTestServer();
    const { url } = server;

    const health = await (await fetch(`${url}/healthz`)).json();
    expect(health).toEqual({
      status: 'ok',
      engine: 'postgres',
      schemaVersion: readMigrations(PATHS.postgresMigrations).length,
      walBytes: 0,
      nodes: 1,
    });

    const alice = await connectReader(url);
    sockets.push(alice);
    const joined = await request(alice, 'thread:join', { pageId: 'pg-page', title: 'On PostgreSQL' });
    expect(joined.ok).toBe(true);
    const threadId = joined.data.thread.id as number;

    // A post over HTTP reaches the reader on socket.io.
    const bob = makeReader(url);
    const created = nextEvent(alice, 'comment:created');
    const posted = await bob.post(threadId, { authorName: 'Bob', body: 'Stored in PostgreSQL.' });
    expect(posted.status).toBe(201);
    const root = posted.json.comment;
    expect((await created).id).toBe(root.id);

    // A reply over socket.io; the parent's new reply count reaches readers as an update.
    const parentCounted = nextEvent(alice, 'comment:updated', (c) => c.id === root.id && c.replyCount === 1);
    const replied = await request(alice, 'comment:post', {
      threadId,
      parentId: root.id,
      authorName: 'Alice',
      body: 'A reply, also stored there.',
    });
    expect(replied.ok).toBe(true);
    await parentCounted;

    // Votes from two readers, one over each transport.
    const voted = nextEvent(alice, 'comment:voted', (t) => t.id === root.id && t.upvotes === 2);
    const carol = makeReader(url);
    expect((await carol.vote(root.id, 'up')).json).toMatchObject({ upvotes: 1, score: 1, myVote: 'up' });
    const dave = await connectReader(url);
    sockets.push(dave);
    await request(dave, 'thread:join', { pageId: 'pg-page' });
    expect(await request(dave, 'comment:vote', { commentId: root.id, value: 'up' })).toMatchObject({ ok: true });
    expect(await voted).toMatchObject({ upvotes: 2, downvotes: 0, score: 2 });

    const page = await bob.page(threadId, { sort: 'oldest' });
    expect(page.status).toBe(200);
    expect(page.json.comments).toHaveLength(1);
    expect(page.json.comments[0]).toMatchObject({ id: root.id, score: 2, replyCount: 1 });
    expect(page.json.comments[0].replies.map((r: { id: number }) => r.id)).toEqual([replied.data.id]);

    // The first admin, made by the command line on the same database.
    const made = await parley(
      ['admin', 'create', '--email', 'boss@example.com', '--name', 'Boss', '--role', 'admin'],
      server.databaseUrl,
      'boss password 123\n',
    );
    expect(made).toMatchObject({ code: 0, stderr: '' });
    const moderator = await loginAsModerator(url, 'boss@example.com', 'boss password 123');
    const removedSeen = nextEvent(alice, 'thread:counted', (c) => c.threadId === threadId && c.commentCount === 1);
    expect((await moderator.call('POST', `/comments/${replied.data.id}/remove`, { reason: 'test' })).status).toBe(200);
    await removedSeen;
    expect((await moderator.call('POST', `/comments/${replied.data.id}/remove`, {})).json.error.code).toBe(
      'ALREADY_IN_STATE',
    );

    // Catch-up from the seq of the first view returns every comment changed since, in change order.
    const caught = await request(alice, 'thread:catch-up', { threadId, sinceSeq: joined.data.seq });
    expect(caught.ok).toBe(true);
    expect(caught.data.commentCount).toBe(1);
    const changed = caught.data.changes as { id: number }[];
    expect(new Set(changed.map((c) => c.id))).toEqual(new Set([root.id, replied.data.id]));
    const again = await request(alice, 'thread:catch-up', { threadId, sinceSeq: caught.data.seq });
    expect(again.data.changes).toEqual([]);
  }, 60_000);

  it('while PostgreSQL refuses connections, writes answer 503 database-unavailable and /healthz 503; both come back with it', async () => {
    server = await startPostgresTestServer();
    const { url } = server;
    const { thread } = await openThread(url, 'pg-outage');
    const reader = makeReader(url);
    expect((await reader.post(thread.id, { body: 'Before the outage.' })).status).toBe(201);

    const name = new URL(server.databaseUrl).pathname.slice(1);
    const admin = new pg.Client({ connectionString: testServerUrl() });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      // Until every connection of the server's pool has ended, one could still answer.
      for (;;) {
        const { rows } = await admin.query('SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [
          name,
        ]);
        if (rows[0].n === 0) break;
      }
      const refused = await reader.post(thread.id, { body: 'During the outage.' });
      expect(refused.status).toBe(503);
      expect(refused.json.error).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        details: { reason: 'database-unavailable' },
      });
      expect((await fetch(`${url}/healthz`)).status).toBe(503);
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    expect((await reader.post(thread.id, { body: 'After the outage.' })).status).toBe(201);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  }, 60_000);

  it('a write kept waiting behind a held lock past PARLEY_WRITE_TIMEOUT_MS answers 503 database-locked while reads go on', async () => {
    server = await startPostgresTestServer({ writeTimeoutMs: 300 });
    const { url } = server;
    const { thread } = await openThread(url, 'pg-locked');
    const reader = makeReader(url);
    expect((await reader.post(thread.id, { body: 'Before the lock.' })).status).toBe(201);

    // Another session in the middle of a comment change: it holds the change counter.
    const other = new pg.Client({ connectionString: server.databaseUrl });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT seq FROM change_counter WHERE id = 1 FOR UPDATE');
      const refused = await reader.post(thread.id, { body: 'During the lock.' });
      expect(refused.status).toBe(503);
      expect(refused.json.error).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        details: { reason: 'database-locked', retryAfterSeconds: 1 },
      });
      expect((await reader.page(thread.id, { sort: 'newest' })).status).toBe(200);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
    expect((await reader.post(thread.id, { body: 'After the lock.' })).status).toBe(201);
    const page = await reader.page(thread.id, { sort: 'oldest' });
    expect(page.json.comments.map((c: { bodyHtml: string }) => c.bodyHtml)).toEqual([
      expect.stringContaining('Before the lock.'),
      expect.stringContaining('After the lock.'),
    ]);
  }, 60_000);

  it('parley migrate brings the PostgreSQL database of PARLEY_DATABASE_URL up to date, once', async () => {
    const database = await createTestDatabase();
    try {
      const versions = readMigrations(PATHS.postgresMigrations).length;
      const first = await parley(['migrate'], database.url);
      expect(first).toMatchObject({ code: 0, stderr: '' });
      expect(first.stdout).toContain(`Applied ${versions} migration(s);`);
      expect(first.stdout).toContain(`is at schema version ${versions}.`);
      expect((await parley(['migrate'], database.url)).stdout).toContain('Applied 0 migration(s);');
      const backup = await parley(['backup', '--to', '/nonexistent/backup.db'], database.url);
      expect(backup.code).toBe(2);
      expect(backup.stderr).toMatch(/pg_dump/);
    } finally {
      await database.drop();
    }
  }, 60_000);

  it('a wrong or unreachable database stops serve, migrate and admin with one line naming it, and a non-zero exit', async () => {
    const port = await closedPort();
    const unreachable = `postgres://parley:hunter2@127.0.0.1:${port}/parley`;
    const named = `postgres://parley:***@127.0.0.1:${port}/parley`;
    for (const args of [['serve'], ['migrate'], ['admin', 'list']]) {
      const run = await parley(args, unreachable);
      expect(run.code).toBe(1);
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^parley( admin)?: /);
      expect(lines[0]).toContain(`Nothing accepts connections at ${named}`);
      expect(run.stderr).not.toContain('hunter2');
    }

    const missing = new URL(testServerUrl());
    missing.pathname = '/parley_no_such_database';
    const run = await parley(['serve'], missing.toString());
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(
      /^parley: could not start: The database named in .*parley_no_such_database does not exist/,
    );

    const notPostgres = await parley(['serve'], 'mysql://db/parley');
    expect(notPostgres.code).toBe(2);
    expect(notPostgres.stderr).toContain('PARLEY_DATABASE_URL must be a PostgreSQL URL');
  }, 60_000);
});
