// Owns reading a SQLite database for a copy to another engine: its tables, their columns, and rows in key order, a batch at a time.
import fs from 'node:fs';
import Database from 'better-sqlite3';

export interface SourceTable {
  name: string;
  /** Every column, in the table's order. */
  columns: string[];
  /** The primary key's columns: rows are read in this order, so a batch continues from the last key. */
  keyColumns: string[];
}

export interface CopySource {
  /** The highest migration recorded in the file. */
  schemaVersion: number;
  /** Parley's tables (not its migration record nor SQLite's own). */
  tables: SourceTable[];
  countRows(table: SourceTable): number;
  /** Up to `limit` rows (values in `table.columns` order) whose key comes after `afterKey`. */
  readBatch(table: SourceTable, afterKey: unknown[] | null, limit: number): unknown[][];
  /** Ends the read transaction that kept every batch in one snapshot. */
  close(): void;
}

/** Why the source cannot be read, worded for an operator. */
export class CopySourceError extends Error {
  override name = 'CopySourceError';
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Opens the file read-only, in one read transaction: rows written while the copy runs are not
 * half-seen (stop the server first anyway, or they are not copied at all).
 */
export function openCopySource(file: string): CopySource {
  if (!fs.existsSync(file)) throw new CopySourceError(`There is no SQLite database at ${file}.`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
  } catch (err) {
    throw new CopySourceError(`${file} could not be opened as a SQLite database: ${(err as Error).message}`);
  }
  try {
    db.exec('BEGIN');
    const names = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[];
    if (!names.includes('schema_migrations')) {
      throw new CopySourceError(`${file} is not a Parley database (it has no schema_migrations table).`);
    }
    const schemaVersion = db.prepare('SELECT COALESCE(MAX(version), 0) FROM schema_migrations').pluck().get() as number;
    const tables = names
      .filter((name) => name !== 'schema_migrations')
      .map((name) => {
        const info = db.prepare(`PRAGMA table_info(${quote(name)})`).all() as { name: string; pk: number }[];
        const keyColumns = info
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name);
        if (keyColumns.length === 0) throw new CopySourceError(`Table ${name} of ${file} has no primary key.`);
        return { name, columns: info.map((c) => c.name), keyColumns };
      });
    const reads = new Map<string, Database.Statement>();
    const counts = new Map<string, Database.Statement>();
    return {
      schemaVersion,
      tables,
      countRows(table) {
        let statement = counts.get(table.name);
        if (statement === undefined) {
          statement = db.prepare(`SELECT COUNT(*) FROM ${quote(table.name)}`).pluck();
          counts.set(table.name, statement);
        }
        return statement.get() as number;
      },
      readBatch(table, afterKey, limit) {
        const key = `${table.name}:${afterKey === null ? 'first' : 'next'}`;
        let statement = reads.get(key);
        if (statement === undefined) {
          const keys = table.keyColumns.map(quote).join(', ');
          const after = afterKey === null ? '' : `WHERE (${keys}) > (${table.keyColumns.map(() => '?').join(', ')})`;
          statement = db
            .prepare(
              `SELECT ${table.columns.map(quote).join(', ')} FROM ${quote(table.name)} ${after} ORDER BY ${keys} LIMIT ?`,
            )
            .raw();
          reads.set(key, statement);
        }
        return statement.all(...(afterKey ?? []), limit) as unknown[][];
      },
      close() {
        if (db.inTransaction) db.exec('COMMIT');
        db.close();
      },
    };
  } catch (err) {
    db.close();
    if (err instanceof CopySourceError) throw err;
    throw new CopySourceError(`${file} could not be read as a Parley database: ${(err as Error).message}`);
  }
}
