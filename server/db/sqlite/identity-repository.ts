// Owns all SQL for readers' identities: when each was first seen (SQLite engine of IdentityStore).
import type { IdentityStore } from '../../identity/identity-store';
import type { Db } from './connection';
import type { Writer } from './group-commit';

/** Every write goes through `writes`, the engine's one write path. */
export function createSqliteIdentityStore(db: Db, writes: Writer): IdentityStore {
  const note = db.prepare(
    'INSERT INTO identities (author_key, first_seen_at, ip_hash) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const firstSeen = db.prepare<[string], { first_seen_at: number }>(
    'SELECT first_seen_at FROM identities WHERE author_key = ?',
  );
  return {
    async noteIdentity(authorKey, seenAtMs, ipHash) {
      await writes.run(() => note.run(authorKey, seenAtMs, ipHash));
    },
    async findFirstSeen(authorKey) {
      return firstSeen.get(authorKey)?.first_seen_at ?? null;
    },
  };
}
