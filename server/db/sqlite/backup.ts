// Owns online backups (taken while the server writes) and restoring one in place of the database.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from './connection';

export interface BackupResult {
  bytes: number;
  schemaVersion: number;
}

function checkIntegrity(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const result = db.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`${file} failed its integrity check: ${String(result)}`);
    const row = db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as { v: number };
    return row.v;
  } finally {
    db.close();
  }
}

/**
 * Copies the live database page by page with SQLite's online backup API: writers carry
 * on meanwhile, and the copy is one consistent moment. The copy is checked before it is kept.
 */
export async function backupDatabase(dbPath: string, target: string): Promise<BackupResult> {
  if (fs.existsSync(target)) throw new Error(`${target} already exists; choose a new file name`);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const db = openDatabase(dbPath);
  const partial = `${target}.partial`;
  try {
    await db.backup(partial);
  } finally {
    db.close();
  }
  const schemaVersion = checkIntegrity(partial);
  fs.renameSync(partial, target);
  return { bytes: fs.statSync(target).size, schemaVersion };
}

/**
 * Puts a backup in place of the database. The server must be stopped: a running one
 * would keep writing to the file it has open.
 */
export function restoreDatabase(backupFile: string, dbPath: string): BackupResult {
  const schemaVersion = checkIntegrity(backupFile);
  fs.mkdirSync(path.dirname(dbPath), { recursive: true });
  const staged = `${dbPath}.restoring`;
  fs.copyFileSync(backupFile, staged);
  // A journal left by the old database would be replayed over the restored one.
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${dbPath}${suffix}`, { force: true });
  fs.renameSync(staged, dbPath);
  return { bytes: fs.statSync(dbPath).size, schemaVersion };
}
