// Stopping the server: what is in flight is answered, what comes after is refused with 503, nothing is reset.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PATHS } from '../../server/paths';
import { makeReader } from '../helpers/api';
import { openOtherProcess } from '../helpers/lock-holder';
import { startTestServer } from '../helpers/server';
import { connectReader, request } from '../helpers/sockets';

type Outcome = { status: number; connection: string | undefined; code?: string } | { error: string };

/** One request on the agent's connection; resolves with the answer or the transport error, never rejects. */
function send(agent: http.Agent, url: URL, method: string, body?: object): Promise<Outcome> {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      url,
      {
        method,
        agent,
        headers:
          payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          let code: string | undefined;
          try {
            code = JSON.parse(text).error?.code;
          } catch {
            code = undefined;
          }
          resolve({ status: res.statusCode!, connection: res.headers.connection, code });
        });
        res.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end(payload);
  });
}

test('under a stream of keep-alive requests, stopping answers or refuses every one of them, resets none, and ends far sooner than its timeout', async () => {
  const shutdownTimeoutMs = 20_000;
  const server = await startTestServer({ shutdownTimeoutMs });
  const reader = makeReader(server.url);
  const { thread } = (await reader.call('PUT', '/api/threads', { pageId: 'stream' })).json;
  await reader.post(thread.id, { body: 'first' });

  const outcomes: Outcome[] = [];
  let answered = 0;
  // Each worker keeps one connection busy, as a proxy in front would: a page read (answered
  // outside express), a thread read (through express), a post (a write).
  const workers = Array.from({ length: 12 }, async (_, w) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let i = 0; ; i++) {
        const kind = (w + i) % 3;
        const outcome =
          kind === 0
            ? await send(agent, new URL(`/api/threads/${thread.id}/comments?sort=oldest`, server.url), 'GET')
            : kind === 1
              ? await send(agent, new URL(`/api/threads/${thread.id}`, server.url), 'GET')
              : await send(agent, new URL(`/api/threads/${thread.id}/comments`, server.url), 'POST', {
                  authorName: 'Stream',
                  body: `w${w} n${i}`,
                });
        outcomes.push(outcome);
        if ('error' in outcome) return;
        answered += 1;
        // Told that this connection is done: a client goes elsewhere.
        if (outcome.connection === 'close') return;
      }
    } finally {
      agent.destroy();
    }
  });

  const deadline = performance.now() + 20_000;
  while (answered < 300 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  const started = performance.now();
  await server.close();
  const closeMs = performance.now() - started;
  await Promise.all(workers);

  expect(outcomes.filter((o) => 'error' in o)).toEqual([]);
  for (const o of outcomes as Array<Exclude<Outcome, { error: string }>>) {
    if (o.status === 503) expect(o).toEqual({ status: 503, connection: 'close', code: 'SERVICE_UNAVAILABLE' });
    else expect([200, 201]).toContain(o.status);
  }
  expect(closeMs).toBeLessThan(shutdownTimeoutMs / 4);
}, 90_000);

test('a request already on its way over an idle keep-alive connection when the server stops is refused with 503, not reset', async () => {
  const server = await startTestServer({ shutdownTimeoutMs: 20_000 });
  const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => (received += chunk));
  const ended = new Promise<string | null>((resolve) => {
    socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    socket.on('close', () => resolve(null));
  });
  const ask = `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`;
  socket.write(ask);
  const deadline = performance.now() + 10_000;
  while (!received.includes('"status":"ok"') && performance.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 10));
  expect(received).toMatch(/^HTTP\/1\.1 200/);
  received = '';

  // Sent, but not yet read by the server, when it begins to stop: the connection looks idle.
  socket.write(ask);
  const closing = server.close();
  const error = await ended;
  await closing;
  expect(error).toBeNull();
  expect(received).toMatch(/^HTTP\/1\.1 503/);
  expect(received.toLowerCase()).toContain('connection: close');
  expect(received.toLowerCase()).toContain('retry-after: 1');
  expect(received).toContain('"code":"SERVICE_UNAVAILABLE"');
}, 60_000);

test('socket.io handshakes during a shutdown are refused, so clients reconnect to the next server', async () => {
  const server = await startTestServer({ shutdownTimeoutMs: 20_000 });
  const reader = makeReader(server.url);
  // A write waiting for the lock keeps the shutdown going while the handshake is tried.
  const other = await openOtherProcess(server.dbPath);
  try {
    const { thread } = (await reader.call('PUT', '/api/threads', { pageId: 'handshake' })).json;
    const joined = await connectReader(server.url);
    expect((await request(joined, 'thread:join', { pageId: 'handshake' })).ok).toBe(true);
    await other.exec('BEGIN IMMEDIATE');
    const post = reader.post(thread.id, { body: 'in flight' });
    // Answered after the post was sent: the server has read the post by then, and it waits for the lock.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const disconnected = new Promise<string>((resolve) => joined.once('disconnect', resolve));
    const closing = server.close();
    // Closed transport, not a server-side disconnect: the client's own reconnection takes over.
    expect(await disconnected).toBe('transport close');
    await expect(connectReader(server.url)).rejects.toThrow();
    await other.exec('COMMIT');
    expect((await post).status).toBe(201);
    await closing;
  } finally {
    await other.stop();
  }
}, 60_000);

describe('the parley command', () => {
  const bin = path.join(PATHS.root, 'bin', 'parley.js');

  it('a second SIGTERM or SIGINT during a shutdown does not cut it short: the request in flight is answered and it exits 0', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-signals-'));
    const dbPath = path.join(dir, 'parley.db');
    const child = spawn(process.execPath, [bin, 'serve'], {
      env: {
        ...process.env,
        PORT: '0',
        PARLEY_HOST: '127.0.0.1',
        PARLEY_DB_PATH: dbPath,
        PARLEY_LOG_LEVEL: 'info',
        PARLEY_POSTS_PER_MINUTE: '0',
        PARLEY_MIN_SUBMIT_SECONDS: '0',
      },
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal })),
    );
    const waitForLog = async (msg: string) => {
      const deadline = performance.now() + 15_000;
      while (!stdout.split('\n').some((l) => l.includes(`"msg":"${msg}"`))) {
        if (performance.now() > deadline) throw new Error(`no "${msg}" in:\n${stdout}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    await waitForLog('listening');
    const port = JSON.parse(stdout.split('\n').find((l) => l.includes('"msg":"listening"'))!).port as number;
    const url = `http://127.0.0.1:${port}`;
    const reader = makeReader(url);
    const { thread } = (await reader.call('PUT', '/api/threads', { pageId: 'signals' })).json;

    const other = await openOtherProcess(dbPath);
    try {
      await other.exec('BEGIN IMMEDIATE');
      const post = reader.post(thread.id, { body: 'answered before the exit' });
      // Answered after the post was sent: the server has read the post by then, and it waits for the lock.
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      child.kill('SIGTERM');
      await waitForLog('shutting down');
      // What a terminal's Ctrl-C does under npm: the signal reaches the server twice.
      child.kill('SIGINT');
      await waitForLog('already shutting down');
      await other.exec('COMMIT');
      expect((await post).status).toBe(201);
      expect(await exited).toEqual({ code: 0, signal: null });
      const logLines = stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l));
      expect(logLines.at(-1).msg).toBe('stopped');
    } finally {
      await other.stop();
      child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
