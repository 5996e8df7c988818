// A fresh SQLite file per test, in a temporary folder of its own, opened with Parley's pragmas and removed afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../../server/db/sqlite/connection';

/** Registers beforeEach/afterEach for the calling file; call `db()` inside a test for that test's database. */
export function useTempDatabase(prefix: string): () => Db {
  let dir: string;
  let db: Db | undefined;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `parley-${prefix}-`));
    db = openDatabase(path.join(dir, 'test.db'));
  });
  afterEach(() => {
    db?.close();
    db = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (db === undefined) throw new Error('the test database exists only inside a test');
    return db;
  };
}
