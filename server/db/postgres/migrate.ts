// Owns the PostgreSQL schema: applies migrations/postgres/NNNN_name.sql in order, each once, each in a transaction.
import { SchemaTooNewError, type Migration, type MigrationResult } from '../migrations';
import type { PgClient, PgPool } from './pool';
import type { Queryable } from './sql';

/**
 * One number every Parley node agrees on: nodes starting together queue on this advisory
 * lock, so each migration is applied by exactly one of them and the others find it done.
 */
const MIGRATION_LOCK_KEY = 7_202_612_021;

async function currentVersion(client: PgClient): Promise<number> {
  const { rows } = await client.query<{ v: string | null }>('SELECT MAX(version) AS v FROM schema_migrations');
  return rows[0].v === null ? 0 : Number(rows[0].v);
}

export async function schemaVersionOf(pool: Queryable): Promise<number> {
  const { rows } = await pool.query<{ v: string | null }>('SELECT MAX(version) AS v FROM schema_migrations');
  return rows[0].v === null ? 0 : Number(rows[0].v);
}

export async function migratePostgres(
  pool: PgPool,
  migrations: Migration[],
  now: () => Date = () => new Date(),
): Promise<MigrationResult> {
  const codeVersion = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
  const client = await pool.connect();
  const applied: Migration[] = [];
  try {
    // Another node's migrations may take longer than the pool's lock timeout, which is for
    // requests: this connection waits as long as they take, and goes back as it came.
    await client.query('SET lock_timeout = 0');
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TEXT NOT NULL
      )`);
      const databaseVersion = await currentVersion(client);
      if (databaseVersion > codeVersion) throw new SchemaTooNewError(databaseVersion, codeVersion);
      for (const migration of migrations) {
        if (migration.version <= databaseVersion) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
            migration.version,
            migration.name,
            now().toISOString(),
          ]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw Object.assign(
            new Error(
              `PostgreSQL migration ${migration.version} (${migration.name}) failed: ${(err as Error).message}`,
            ),
            { cause: err },
          );
        }
        applied.push(migration);
      }
      return { applied, schemaVersion: await currentVersion(client) };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.query('RESET lock_timeout').catch(() => undefined);
    client.release();
  }
}
