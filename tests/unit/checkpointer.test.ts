import fs from 'node:fs';
import { startCheckpointer, type Checkpointer } from '../../server/db/sqlite/checkpointer';
import { GroupCommit } from '../../server/db/sqlite/group-commit';
import { createLogger } from '../../server/log/logger';
import { useTempDatabase } from '../helpers/temp-db';

const getDb = useTempDatabase('checkpoint');
let checkpointer: Checkpointer | null = null;
afterEach(async () => {
  await checkpointer?.stop();
  checkpointer = null;
});

const MB = 1024 * 1024;

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A database set up as the server has it: writes through the one write path, SQLite's own wait kept short. */
function prepare(walLimitBytes: number) {
  const db = getDb();
  const walFile = `${db.name}-wal`;
  db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
  db.pragma('busy_timeout = 10');
  const writes = new GroupCommit(db, { timeoutMs: 5_000 });
  checkpointer = startCheckpointer(db, createLogger('silent'), {
    intervalMs: 50,
    walLimitBytes,
    pauseWrites: () => writes.pause(),
  });
  const insert = db.prepare('INSERT INTO notes (text) VALUES (?)');
  return {
    writes,
    walBytes: () => (fs.existsSync(walFile) ? fs.statSync(walFile).size : 0),
    /** About 64 KB of log. */
    writeSome: () => {
      for (let i = 0; i < 16; i++) insert.run(`${i} ${'x'.repeat(4000)}`);
    },
    rows: () => (db.prepare('SELECT COUNT(*) AS n FROM notes').get() as { n: number }).n,
  };
}

test('under a steady stream of writes the write-ahead log file stays near its limit', async () => {
  const { writes, walBytes, writeSome, rows } = prepare(1 * MB);
  // A steady stream, a few megabytes of log a second: a passive checkpoint alone never
  // reaches the end of such a log, so SQLite never starts it over.
  let written = 0;
  let largest = 0;
  const deadline = performance.now() + 30_000;
  while (written < 24 * MB && performance.now() < deadline) {
    await writes.run(writeSome);
    written += 16 * 4000;
    largest = Math.max(largest, walBytes());
    await new Promise((resolve) => setTimeout(resolve, 16));
  }
  expect(written).toBeGreaterThanOrEqual(24 * MB);
  // The limit, plus what arrives between two checks and while one checkpoint runs.
  expect(largest).toBeLessThan(10 * MB);
  expect(rows()).toBe(written / 4000);
}, 60_000);

test('after a burst of writes the write-ahead log file is cut down while the server runs', async () => {
  const { writes, walBytes, writeSome, rows } = prepare(64 * MB);
  await Promise.all(Array.from({ length: 128 }, () => writes.run(writeSome)));
  expect(walBytes()).toBeGreaterThan(4 * MB);
  // Below its limit, but all of it copied into the database: nothing is gained by keeping it.
  await waitFor(() => walBytes() === 0, 'the log to be cut down');
  expect(rows()).toBe(128 * 16);
});
