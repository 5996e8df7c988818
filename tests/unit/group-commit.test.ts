import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../../server/db/sqlite/connection';
import { AppError } from '../../server/errors';
import { GroupCommit } from '../../server/db/sqlite/group-commit';

let dir: string;
let db: Db;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-group-'));
  db = openDatabase(path.join(dir, 'test.db'));
  // As the server sets it: SQLite itself waits only this long per attempt.
  db.pragma('busy_timeout = 10');
  db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)');
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const texts = () => (db.prepare('SELECT text FROM notes ORDER BY id').all() as { text: string }[]).map((r) => r.text);

test('writes queued in the same turn all commit, in order, and each resolves with its own result', async () => {
  const group = new GroupCommit(db, { timeoutMs: 5_000 });
  const insert = db.transaction((text: string) =>
    Number(db.prepare('INSERT INTO notes (text) VALUES (?)').run(text).lastInsertRowid),
  );
  const results = await Promise.all(['a', 'b', 'c'].map((t) => group.run(() => insert.immediate(t))));
  expect(results).toEqual([1, 2, 3]);
  expect(texts()).toEqual(['a', 'b', 'c']);
});

test('a write that fails in a group is undone alone and rejects alone; the others are kept', async () => {
  const group = new GroupCommit(db, { timeoutMs: 5_000 });
  const insertTwo = db.transaction((first: string, second: string) => {
    db.prepare('INSERT INTO notes (text) VALUES (?)').run(first);
    db.prepare('INSERT INTO notes (text) VALUES (?)').run(second);
  });
  const outcomes = await Promise.allSettled([
    group.run(() => insertTwo.immediate('a', 'b')),
    // Its first row would be new, its second is a duplicate: neither may stay.
    group.run(() => insertTwo.immediate('c', 'a')),
    group.run(() => insertTwo.immediate('d', 'e')),
  ]);
  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect((outcomes[1] as PromiseRejectedResult).reason.code).toBe('SQLITE_CONSTRAINT_UNIQUE');
  expect(texts()).toEqual(['a', 'b', 'd', 'e']);
});

test('nothing resolves before its group is committed: another connection sees the row by then', async () => {
  const group = new GroupCommit(db, { timeoutMs: 5_000 });
  const other = openDatabase(path.join(dir, 'test.db'));
  try {
    const insert = db.transaction((text: string) => db.prepare('INSERT INTO notes (text) VALUES (?)').run(text));
    const seenByOther = await Promise.all(
      ['x', 'y'].map((t) =>
        group
          .run(() => insert.immediate(t))
          .then(() => (other.prepare('SELECT COUNT(*) AS n FROM notes WHERE text = ?').get(t) as { n: number }).n),
      ),
    );
    expect(seenByOther).toEqual([1, 1]);
  } finally {
    other.close();
  }
});

test('flush and drain commit what is queued, before the connection closes', async () => {
  const group = new GroupCommit(db, { timeoutMs: 5_000 });
  const insert = db.transaction((text: string) => db.prepare('INSERT INTO notes (text) VALUES (?)').run(text));
  void group.run(() => insert.immediate('late'));
  group.flush();
  await group.drain();
  expect(db.inTransaction).toBe(false);
  expect(texts()).toEqual(['late']);
});

test('a write may await its statements; one that awaits anything else is reported, and still kept', async () => {
  const yields: number[] = [];
  const group = new GroupCommit(db, { timeoutMs: 5_000, onYield: () => yields.push(1) });
  const insert = db.prepare('INSERT INTO notes (text) VALUES (?)');
  await group.run(async () => {
    await Promise.resolve(insert.run('awaited a statement'));
    return insert.run('and another');
  });
  expect(yields).toEqual([]);
  await group.run(async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return insert.run('after a timer');
  });
  expect(yields).toEqual([1]);
  expect(texts()).toEqual(['awaited a statement', 'and another', 'after a timer']);
});

describe('while another connection holds the write lock', () => {
  let other: Db;
  beforeEach(() => {
    other = openDatabase(path.join(dir, 'test.db'));
    other.exec('BEGIN IMMEDIATE');
  });
  afterEach(() => {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
  });

  /** The longest the event loop stood still while `until` was pending, sampled every few milliseconds. */
  async function longestStall(until: Promise<unknown>): Promise<number> {
    let isDone = false;
    void until.finally(() => (isDone = true)).catch(() => undefined);
    let longest = 0;
    let last = performance.now();
    while (!isDone) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }
    return longest;
  }

  test('a write waits without stalling the event loop, and commits once the lock is released', async () => {
    const group = new GroupCommit(db, { timeoutMs: 10_000 });
    const insert = db.prepare('INSERT INTO notes (text) VALUES (?)');
    const written = Promise.all(['a', 'b'].map((t) => group.run(() => insert.run(t))));
    const release = new Promise((resolve) => setTimeout(resolve, 300)).then(() => other.exec('COMMIT'));
    const stall = await longestStall(Promise.all([written, release]));
    await written;
    expect(texts()).toEqual(['a', 'b']);
    // One attempt stands still for SQLite's 10 ms busy timeout; the old path stood still for all 300.
    expect(stall).toBeLessThan(150);
  });

  test('a write still waiting at the deadline is refused with SERVICE_UNAVAILABLE and leaves nothing behind; later writes go through', async () => {
    const group = new GroupCommit(db, { timeoutMs: 200 });
    const insert = db.prepare('INSERT INTO notes (text) VALUES (?)');
    const started = performance.now();
    const refused = group.run(() => insert.run('late')).catch((err: unknown) => err);
    const stall = await longestStall(refused);
    const err = (await refused) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('SERVICE_UNAVAILABLE');
    expect(err.status).toBe(503);
    expect(err.details).toMatchObject({ retryAfterSeconds: expect.any(Number) });
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
    expect(stall).toBeLessThan(150);
    other.exec('COMMIT');
    await group.run(() => insert.run('in time'));
    expect(texts()).toEqual(['in time']);
  });

  test('drain waits for writes queued behind the lock', async () => {
    const group = new GroupCommit(db, { timeoutMs: 10_000 });
    const insert = db.prepare('INSERT INTO notes (text) VALUES (?)');
    void group.run(() => insert.run('queued'));
    group.flush();
    setTimeout(() => other.exec('COMMIT'), 100);
    await group.drain();
    expect(texts()).toEqual(['queued']);
  });
});
