// Real Parley servers for tests: port 0, a fresh temporary folder each, and small HTTP helpers.
import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../server/config';
import { startParley, type RunningParley, type StartOptions } from '../../server/main';
import type { ThreadView } from '../../server/protocol/dto';
import { createTestDatabase } from './postgres';

export interface TestServer {
  url: string;
  dbPath: string;
  dir: string;
  /** The server's own HTTP server, for a test that watches which requests reach it. */
  httpServer: http.Server;
  /** Stops the server and removes its temporary folder. */
  close(): Promise<void>;
}

/**
 * Starts a server on the PostgreSQL engine: a fresh database of the test run's PostgreSQL
 * server (see postgres.ts), migrated by the server's own start, dropped when it closes.
 * `databaseUrl` in the result is that database, for a test that reads it directly.
 */
export async function startPostgresTestServer(
  overrides: Partial<Config> = {},
  options: StartOptions = {},
): Promise<TestServer & { databaseUrl: string }> {
  const database = await createTestDatabase();
  let server: TestServer;
  try {
    server = await startTestServer({ ...overrides, databaseUrl: database.url }, options);
  } catch (err) {
    await database.drop();
    throw err;
  }
  return {
    ...server,
    databaseUrl: database.url,
    async close() {
      try {
        await server.close();
      } finally {
        await database.drop();
      }
    },
  };
}

/** Starts a server on a fresh SQLite file; with `databaseUrl` among the overrides, on that PostgreSQL database instead. */
export async function startTestServer(
  overrides: Partial<Config> = {},
  options: StartOptions = {},
): Promise<TestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-test-'));
  // Tests post and vote far faster than people, all from one address: limits, connection
  // caps and the typing-speed check are off unless a test turns them on to test them.
  const relaxed = loadConfig({
    PARLEY_POSTS_PER_MINUTE: '0',
    PARLEY_EDITS_PER_MINUTE: '0',
    PARLEY_VOTES_PER_MINUTE: '0',
    PARLEY_REPORTS_PER_HOUR: '0',
    PARLEY_LOGINS_PER_MINUTE: '0',
    PARLEY_THREADS_PER_HOUR: '0',
    PARLEY_PREVIEWS_PER_MINUTE: '0',
    PARLEY_SOCKETS_PER_NETWORK: '0',
    PARLEY_COUNT_STREAMS_PER_NETWORK: '0',
    PARLEY_MIN_SUBMIT_SECONDS: '0',
  });
  const config: Config = {
    ...relaxed,
    port: 0,
    host: '127.0.0.1',
    dbPath: path.join(dir, 'parley.db'),
    logLevel: 'silent',
    isDemoEnabled: true,
    trustProxy: false,
    shutdownTimeoutMs: 2000,
    ...overrides,
  };
  let running: RunningParley;
  try {
    running = await startParley(config, options);
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const { port, close, httpServer } = running;
  // The server reports "localhost", which may resolve to ::1 while it listens on 127.0.0.1.
  const host = config.host === '' ? '127.0.0.1' : config.host;
  return {
    url: `http://${host}:${port}`,
    dbPath: config.dbPath,
    dir,
    httpServer,
    async close() {
      try {
        await close();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Opens (creating on first use) the thread of a page, as the widget's first request does. */
export async function openThread(
  url: string,
  pageId: string,
  extra: { url?: string; title?: string } = {},
): Promise<ThreadView> {
  // A string body goes as text/plain, as the widget sends it.
  const res = await fetch(`${url}/api/threads/open`, { method: 'POST', body: JSON.stringify({ pageId, ...extra }) });
  if (!res.ok) throw new Error(`POST /api/threads/open answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as ThreadView;
}

/** Posts a comment over HTTP and returns the status with the parsed body, whatever it is. */
export async function postComment(
  url: string,
  threadId: number,
  body: object,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: any }> {
  const res = await fetch(`${url}/api/threads/${threadId}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json };
}
