// The SQLite engine sends each store method to the right connection by a list of the methods that write: the list must be whole.
import { WRITE_METHODS } from '../../server/db/sqlite/sqlite-storage';
import { createSqliteStorage } from '../../server/db/sqlite/sqlite-storage';
import { migrate } from '../../server/db/sqlite/migrate';
import { readMigrations } from '../../server/db/migrations';
import type { Stores } from '../../server/db/storage';
import { PATHS } from '../../server/paths';
import { useTempDatabase } from '../helpers/temp-db';

const database = useTempDatabase('write-methods');

describe('the SQLite engine’s list of write methods', () => {
  it('names exactly the store methods that write (through the engine’s one write path)', async () => {
    const db = database();
    migrate(db, readMigrations(PATHS.migrations));
    const storage = createSqliteStorage(db);
    // Inside a unit the stores are the engine's own, their methods as written.
    const stores = await storage.transaction(async (tx) => tx);
    for (const name of Object.keys(WRITE_METHODS) as (keyof Stores)[]) {
      const store = stores[name] as unknown as Record<string, (...args: unknown[]) => unknown>;
      const writing = Object.keys(store)
        .filter((method) => store[method].toString().includes('writes.run'))
        .sort();
      expect({ store: name, writes: [...(WRITE_METHODS[name] as string[])].sort() }).toEqual({
        store: name,
        writes: writing,
      });
    }
    expect(Object.keys(WRITE_METHODS).sort()).toEqual(Object.keys(stores).sort());
    await storage.close();
  });
});
