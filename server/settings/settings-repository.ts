// Owns all SQL for server-wide settings (SQLite engine of SettingsStore).
import type { Db } from '../db/connection';
import type { SettingsStore } from '../db/storage';

export function createSqliteSettingsStore(db: Db): SettingsStore {
  const find = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING');
  const getOrCreate = db.transaction((key: string, generate: () => string): string => {
    const existing = find.get(key);
    if (existing) return existing.value;
    insert.run(key, generate());
    return (find.get(key) as { value: string }).value;
  });
  const upsert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  return {
    async get(key) {
      return find.get(key)?.value ?? null;
    },
    async put(key, value) {
      upsert.run(key, value);
    },
    async getOrCreate(key, generate) {
      return getOrCreate.immediate(key, generate);
    },
  };
}
