// The storage contract on the PostgreSQL engine, a fresh migrated database per test.
import { readMigrations } from '../../server/db/migrations';
import { migratePostgres } from '../../server/db/postgres/migrate';
import { openPool } from '../../server/db/postgres/pool';
import { createPostgresStorage } from '../../server/db/postgres/postgres-storage';
import { PATHS } from '../../server/paths';
import { createTestDatabase } from '../helpers/postgres';
import { storageContract } from './storage-contract';

storageContract('PostgreSQL', async () => {
  const database = await createTestDatabase();
  const pool = await openPool(database.url);
  await migratePostgres(pool, readMigrations(PATHS.postgresMigrations));
  const storage = createPostgresStorage(pool);
  return {
    storage,
    async dispose() {
      await storage.close();
      await database.drop();
    },
  };
});
