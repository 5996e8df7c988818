// Owns all SQL for server-wide settings (PostgreSQL engine of SettingsStore).
import type { SettingsStore } from '../../policy/settings-store';
import { one, type Queryable } from './sql';

export function createPostgresSettingsStore(db: Queryable): SettingsStore {
  const get = async (key: string): Promise<string | null> =>
    (await one<{ value: string }>(db, 'SELECT value FROM settings WHERE key = $1', [key]))?.value ?? null;
  return {
    get,
    async put(key, value) {
      await db.query(
        'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        [key, value],
      );
    },
    async getOrCreate(key, generate) {
      const existing = await get(key);
      if (existing !== null) return existing;
      // Two first uses at once: the second insert waits for the first to commit, then does
      // nothing, and both read the one value kept.
      await db.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
        key,
        generate(),
      ]);
      return (await get(key))!;
    },
  };
}
