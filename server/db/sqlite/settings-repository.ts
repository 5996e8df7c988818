// Owns all SQL for server-wide settings (SQLite engine of SettingsStore).
import type { Db } from './connection';
import type { Writer } from './group-commit';
import type { SettingsStore } from '../../policy/settings-store';

/** Every write goes through `writes`, the engine's one write path. */
export function createSqliteSettingsStore(db: Db, writes: Writer): SettingsStore {
  const find = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING');
  const getOrCreate = (key: string, generate: () => string): string => {
    const existing = find.get(key);
    if (existing) return existing.value;
    insert.run(key, generate());
    return (find.get(key) as { value: string }).value;
  };
  const upsert = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  return {
    async get(key) {
      return find.get(key)?.value ?? null;
    },
    async put(key, value) {
      await writes.run(() => upsert.run(key, value));
    },
    async getOrCreate(key, generate) {
      return writes.run(() => getOrCreate(key, generate));
    },
  };
}
