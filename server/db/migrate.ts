// Owns the schema: applies migrations/NNNN_name.sql in order, each once, each in a transaction.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './connection';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export interface MigrationResult {
  applied: Migration[];
  schemaVersion: number;
}

export class SchemaTooNewError extends Error {
  constructor(readonly databaseVersion: number, readonly codeVersion: number) {
    super(
      `The database is at schema version ${databaseVersion}, but this Parley only knows up to ${codeVersion}. ` +
        'Refusing to start: upgrade Parley, or restore a backup made for this version.',
    );
    this.name = 'SchemaTooNewError';
  }
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export function readMigrations(dir: string): Migration[] {
  const migrations = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = FILE_PATTERN.exec(file);
      if (!match) throw new Error(`Migration file name "${file}" must look like 0001_some_name.sql`);
      return { version: Number(match[1]), name: match[2], sql: fs.readFileSync(path.join(dir, file), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migrations must be numbered 1, 2, 3... without gaps; found ${m.version} at position ${i + 1}`);
  });
  return migrations;
}

function ensureLedger(db: Db): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
}

export function currentSchemaVersion(db: Db): number {
  const row = db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as { v: number };
  return row.v;
}

export function migrate(db: Db, migrations: Migration[], now: () => Date = () => new Date()): MigrationResult {
  ensureLedger(db);
  const codeVersion = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
  const databaseVersion = currentSchemaVersion(db);
  if (databaseVersion > codeVersion) throw new SchemaTooNewError(databaseVersion, codeVersion);

  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: Migration[] = [];
  for (const migration of migrations) {
    if (migration.version <= databaseVersion) continue;
    // IMMEDIATE takes the write lock up front, so two processes starting together
    // cannot both apply the same migration.
    db.transaction(() => {
      if (currentSchemaVersion(db) >= migration.version) return;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, now().toISOString());
      applied.push(migration);
    }).immediate();
  }
  return { applied, schemaVersion: currentSchemaVersion(db) };
}
