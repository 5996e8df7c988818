// Owns opening the SQLite file with the pragmas Parley relies on.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

export function openDatabase(dbPath: string): Db {
  if (dbPath !== ':memory:') fs.mkdirSync(path.dirname(dbPath), { recursive: true });
  const db = new Database(dbPath);
  // WAL lets readers go on while one writer commits; NORMAL sync in WAL mode keeps every
  // committed transaction across a process crash (only an OS crash can lose the last ones).
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Another process (a backup, the CLI) may hold the write lock for a moment.
  db.pragma('busy_timeout = 5000');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -16000');
  // Pages read through a memory map skip a read() call each, and survive the page cache being
  // reset when another connection (the checkpointer) restarts the WAL.
  db.pragma('mmap_size = 268435456');
  return db;
}
