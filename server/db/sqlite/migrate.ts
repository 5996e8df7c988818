// Owns the SQLite schema: applies migrations/NNNN_name.sql in order, each once, each in a transaction.
import { SchemaTooNewError, type Migration, type MigrationResult } from '../migrations';
import type { Db } from './connection';

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
