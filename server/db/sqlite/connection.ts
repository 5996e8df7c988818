// Owns opening the SQLite file with the pragmas Parley relies on.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** The largest a write-ahead log file stays once SQLite starts it over. */
const JOURNAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

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
  // When SQLite starts the log over, it cuts a larger file down to this (the checkpointer
  // truncates it on its own; this holds when the connection checkpoints for itself).
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
  return db;
}
