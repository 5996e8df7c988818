import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../../server/db/connection';
import { GroupCommit } from '../../server/db/group-commit';

let dir: string;
let db: Db;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-group-'));
  db = openDatabase(path.join(dir, 'test.db'));
  db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)');
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const texts = () => (db.prepare('SELECT text FROM notes ORDER BY id').all() as { text: string }[]).map((r) => r.text);

test('writes queued in the same turn all commit, in order, and each resolves with its own result', async () => {
  const group = new GroupCommit(db);
  const insert = db.transaction((text: string) => Number(db.prepare('INSERT INTO notes (text) VALUES (?)').run(text).lastInsertRowid));
  const results = await Promise.all(['a', 'b', 'c'].map((t) => group.run(() => insert.immediate(t))));
  expect(results).toEqual([1, 2, 3]);
  expect(texts()).toEqual(['a', 'b', 'c']);
});

test('a write that fails in a group is undone alone and rejects alone; the others are kept', async () => {
  const group = new GroupCommit(db);
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
  const group = new GroupCommit(db);
  const other = openDatabase(path.join(dir, 'test.db'));
  try {
    const insert = db.transaction((text: string) => db.prepare('INSERT INTO notes (text) VALUES (?)').run(text));
    const seenByOther = await Promise.all(
      ['x', 'y'].map((t) => group.run(() => insert.immediate(t)).then(() => (other.prepare('SELECT COUNT(*) AS n FROM notes WHERE text = ?').get(t) as { n: number }).n)),
    );
    expect(seenByOther).toEqual([1, 1]);
  } finally {
    other.close();
  }
});

test('flush commits what is queued at once, before the connection closes', () => {
  const group = new GroupCommit(db);
  const insert = db.transaction((text: string) => db.prepare('INSERT INTO notes (text) VALUES (?)').run(text));
  void group.run(() => insert.immediate('late'));
  group.flush();
  expect(texts()).toEqual(['late']);
});
