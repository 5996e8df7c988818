// The two engines' schemas stay one: the same tables and columns, and every index SQLite has, PostgreSQL has by the same name.
import { readMigrations } from '../../server/db/migrations';
import { migratePostgres } from '../../server/db/postgres/migrate';
import { openPool } from '../../server/db/postgres/pool';
import { migrate } from '../../server/db/sqlite/migrate';
import { PATHS } from '../../server/paths';
import { createTestDatabase } from '../helpers/postgres';
import { useTempDatabase } from '../helpers/temp-db';

const sqlite = useTempDatabase('schema');

interface Schema {
  /** Each table's columns, sorted. */
  tables: Record<string, string[]>;
  indexes: Set<string>;
}

function sqliteSchema(): Schema {
  const db = sqlite();
  migrate(db, readMigrations(PATHS.migrations));
  const names = db
    .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .all()
    .map((r) => r.name);
  const tables: Record<string, string[]> = {};
  for (const name of names)
    tables[name] = (db.pragma(`table_info(${name})`) as { name: string }[]).map((c) => c.name).sort();
  const indexes = db
    .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'`)
    .all()
    .map((r) => r.name);
  return { tables, indexes: new Set(indexes) };
}

async function postgresSchema(): Promise<Schema> {
  const database = await createTestDatabase();
  const pool = await openPool(database.url, { max: 1 });
  try {
    await migratePostgres(pool, readMigrations(PATHS.postgresMigrations));
    const { rows: columns } = await pool.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const tables: Record<string, string[]> = {};
    for (const { table_name, column_name } of columns) (tables[table_name] ??= []).push(column_name);
    for (const name of Object.keys(tables)) tables[name].sort();
    const { rows: indexes } = await pool.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE schemaname = 'public'`,
    );
    return { tables, indexes: new Set(indexes.map((r) => r.indexname)) };
  } finally {
    await pool.end();
    await database.drop();
  }
}

/** Tables only PostgreSQL has: what several nodes share, which one SQLite process keeps in memory. */
const NODES_ONLY = ['rate_buckets', 'socket_io_attachments', 'vote_window_comments', 'vote_window_voters'];

test('PostgreSQL has the tables and columns of SQLite’s last migration, and each of its named indexes', async () => {
  const lite = sqliteSchema();
  const pg = await postgresSchema();
  expect(
    Object.keys(pg.tables)
      .filter((name) => NODES_ONLY.includes(name))
      .sort(),
  ).toEqual(NODES_ONLY);
  for (const name of NODES_ONLY) delete pg.tables[name];
  expect(pg.tables).toEqual(lite.tables);
  expect([...lite.indexes].filter((name) => !pg.indexes.has(name))).toEqual([]);
});
