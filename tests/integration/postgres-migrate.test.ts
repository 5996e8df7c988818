// PostgreSQL schema migrations: applied once each even when several nodes start together; a clear stop on a bad URL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readMigrations, SchemaTooNewError } from '../../server/db/migrations';
import { migratePostgres, schemaVersionOf } from '../../server/db/postgres/migrate';
import { DatabaseUnreachableError, openPool, type PgPool } from '../../server/db/postgres/pool';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';

let database: TestDatabase;
let dir: string;
const pools: PgPool[] = [];

beforeEach(async () => {
  database = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-pg-migrations-'));
});

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.end()));
  await database.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function pool(): Promise<PgPool> {
  const p = await openPool(database.url, { max: 3 });
  pools.push(p);
  return p;
}

function writeMigration(name: string, sql: string): void {
  fs.writeFileSync(path.join(dir, name), sql);
}

describe('PostgreSQL migrations', () => {
  it('three nodes starting at once apply each migration exactly once', async () => {
    writeMigration('0001_first.sql', 'CREATE TABLE applied (n INTEGER NOT NULL); INSERT INTO applied VALUES (1);');
    // A pause inside the migration holds the first node there while the others arrive.
    writeMigration('0002_second.sql', 'SELECT pg_sleep(0.3); INSERT INTO applied VALUES (2);');
    const migrations = readMigrations(dir);
    const nodes = await Promise.all([pool(), pool(), pool()]);
    const results = await Promise.all(nodes.map((p) => migratePostgres(p, migrations)));

    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, 2]);
    const { rows } = await nodes[0].query('SELECT n FROM applied ORDER BY n');
    expect(rows).toEqual([{ n: 1 }, { n: 2 }]);
    expect(await schemaVersionOf(nodes[0])).toBe(2);
  });

  it('a failing migration leaves nothing of itself behind and names itself', async () => {
    writeMigration('0001_first.sql', 'CREATE TABLE kept (n INTEGER);');
    writeMigration('0002_broken.sql', 'CREATE TABLE half (n INTEGER); SELECT no_such_function();');
    const p = await pool();
    await expect(migratePostgres(p, readMigrations(dir))).rejects.toThrow(/migration 2 \(broken\) failed/);
    const { rows } = await p.query(`SELECT to_regclass('half') AS half, to_regclass('kept') AS kept`);
    expect(rows[0]).toEqual({ half: null, kept: 'kept' });
    expect(await schemaVersionOf(p)).toBe(1);
  });

  it('refuses a database whose schema is newer than the code', async () => {
    writeMigration('0001_first.sql', 'SELECT 1;');
    writeMigration('0002_second.sql', 'SELECT 2;');
    const p = await pool();
    await migratePostgres(p, readMigrations(dir));
    fs.rmSync(path.join(dir, '0002_second.sql'));
    await expect(migratePostgres(p, readMigrations(dir))).rejects.toBeInstanceOf(SchemaTooNewError);
  });
});

describe('connecting to PostgreSQL', () => {
  it('a port nobody listens on stops with a message naming the address, without the password', async () => {
    const err = await openPool('postgres://parley:secret@127.0.0.1:1/parley', { connectTimeoutMs: 2000 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DatabaseUnreachableError);
    expect((err as Error).message).toMatch(
      /Nothing accepts connections at postgres:\/\/parley:\*\*\*@127\.0\.0\.1:1\/parley/,
    );
    expect((err as Error).message).not.toContain('secret');
  });

  it('a database that does not exist is named as such', async () => {
    const url = new URL(database.url);
    url.pathname = '/parley_no_such_database';
    const err = await openPool(url.toString()).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/does not exist/);
  });

  it('a value that is not a URL says what one looks like', async () => {
    await expect(openPool('localhost:5432')).rejects.toThrow(/postgres:\/\/user:password@host:5432\/database/);
  });
});
