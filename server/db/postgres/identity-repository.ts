// Owns all SQL for readers' identities: when each was first seen (PostgreSQL engine of IdentityStore).
import type { IdentityStore } from '../../identity/identity-store';
import { one, type Queryable } from './sql';

export function createPostgresIdentityStore(db: Queryable): IdentityStore {
  return {
    async noteIdentity(authorKey, seenAtMs, ipHash) {
      await db.query(
        'INSERT INTO identities (author_key, first_seen_at, ip_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [authorKey, seenAtMs, ipHash],
      );
    },
    async findFirstSeen(authorKey) {
      const row = await one<{ first_seen_at: number }>(
        db,
        'SELECT first_seen_at FROM identities WHERE author_key = $1',
        [authorKey],
      );
      return row?.first_seen_at ?? null;
    },
  };
}
