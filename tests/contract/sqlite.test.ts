// The storage contract on the SQLite engine, a fresh file per test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readMigrations } from '../../server/db/migrations';
import { openDatabase } from '../../server/db/sqlite/connection';
import { migrate } from '../../server/db/sqlite/migrate';
import { createSqliteStorage } from '../../server/db/sqlite/sqlite-storage';
import { PATHS } from '../../server/paths';
import { storageContract } from './storage-contract';

storageContract('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-contract-'));
  const db = openDatabase(path.join(dir, 'contract.db'));
  migrate(db, readMigrations(PATHS.migrations));
  const storage = createSqliteStorage(db);
  return {
    storage,
    async dispose() {
      await storage.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
