// Owns assembling the SQLite engine of the storage contract over one open connection.
import fs from 'node:fs';
import { createSqliteAccountStore } from './account-repository';
import { createSqliteCommentStore } from './comment-repository';
import { createSqliteVoteStore } from './vote-repository';
import { createSqliteReactionStore } from './reaction-repository';
import { createSqliteIdentityStore } from './identity-repository';
import { createSqliteAuditStore } from './audit-repository';
import { createSqliteBanStore } from './ban-repository';
import { createSqliteModerationStores } from './moderation-repository';
import { createSqliteSettingsStore } from './settings-repository';
import { createSqliteThreadStore } from './thread-repository';
import { createSqliteSubscriptionStores } from './subscription-repository';
import type { Logger } from '../../log/logger';
import { startCheckpointer, type CheckpointerOptions } from './checkpointer';
import type { Db } from './connection';
import Database from 'better-sqlite3';
import { DIRECT_WRITER, GroupCommit, type Writer } from './group-commit';
import { currentSchemaVersion } from './migrate';
import { WRITE_METHODS, type Storage, type Stores } from '../storage';

export interface SqliteStorageOptions {
  /** How long a write waits for the write lock before it is refused (503). */
  writeTimeoutMs?: number;
  /** Checkpoint from a worker thread and keep the WAL file small (a server); without it, SQLite checkpoints on commit. */
  checkpoints?: { logger: Logger } & Omit<CheckpointerOptions, 'pauseWrites'>;
}

/** SQLite's own wait for a lock, per attempt: the event loop stands still for it, so it stays short. */
export const LOCK_ATTEMPT_MS = 10;
export const DEFAULT_WRITE_TIMEOUT_MS = 5_000;

export { WRITE_METHODS };

/** Every store's SQL prepared on one connection; their writes run through `writes`. */
function storesOn(db: Db, writes: Writer): Stores {
  return {
    threads: createSqliteThreadStore(db, writes),
    comments: createSqliteCommentStore(db, writes),
    votes: createSqliteVoteStore(db, writes),
    reactions: createSqliteReactionStore(db, writes),
    identities: createSqliteIdentityStore(db, writes),
    ...createSqliteModerationStores(db, writes),
    bans: createSqliteBanStore(db, writes),
    audit: createSqliteAuditStore(db, writes),
    accounts: createSqliteAccountStore(db, writes),
    settings: createSqliteSettingsStore(db, writes),
    ...createSqliteSubscriptionStores(db, writes),
  };
}

/** A second connection for reads outside units of work: it sees only what is committed. */
function openReader(db: Db): Db {
  if (db.memory) return db;
  const reader = new Database(db.name, { readonly: true, fileMustExist: true });
  reader.pragma(`busy_timeout = ${LOCK_ATTEMPT_MS}`);
  reader.pragma('cache_size = -16000');
  reader.pragma('mmap_size = 268435456');
  return reader;
}

/**
 * The SQLite engine. One connection writes: every write runs in the group commit's queue, in a
 * transaction, a unit of work in its own savepoint. Units await their stores, which answer at
 * once, so a group runs from BEGIN to COMMIT within one turn of the event loop; still, code of
 * other requests runs between the awaits, so reads outside units go to a second, read-only
 * connection, which never sees a transaction before it commits.
 */
export function createSqliteStorage(db: Db, options: SqliteStorageOptions = {}): Storage {
  // Every write goes through one queue that waits for the lock between attempts, off the
  // event loop; a longer wait inside SQLite would stop every request for its whole length.
  db.pragma(`busy_timeout = ${LOCK_ATTEMPT_MS}`);
  const { checkpoints } = options;
  const writes = new GroupCommit(db, {
    timeoutMs: options.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS,
    onYield: () =>
      checkpoints?.logger.error(
        'a unit of work kept its transaction open across a turn of the event loop: it awaited more than its stores',
      ),
  });
  const checkpointer = checkpoints
    ? startCheckpointer(db, checkpoints.logger, { ...checkpoints, pauseWrites: () => writes.pause() })
    : null;
  const reader = openReader(db);
  const inUnit = storesOn(db, DIRECT_WRITER);
  const forReads = reader === db ? storesOn(db, writes) : storesOn(reader, writes);
  const transaction = <T>(work: (tx: Stores) => Promise<T>): Promise<T> => writes.run(() => work(inUnit));
  // Outside a unit: reads on the reading connection, and each write a unit of its own.
  const standalone = {} as Record<keyof Stores, unknown>;
  for (const name of Object.keys(forReads) as (keyof Stores)[]) {
    const store: Record<string, unknown> = { ...(forReads[name] as object) };
    for (const method of WRITE_METHODS[name] as string[]) {
      store[method] = (...args: unknown[]) =>
        transaction((tx) =>
          (tx[name] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method](...args),
        );
    }
    standalone[name] = store;
  }
  return {
    ...(standalone as unknown as Stores),
    transaction,
    health: {
      engine: 'sqlite',
      async schemaVersion() {
        // Asked of the writing connection: the health check says whether writes can happen.
        // No unit of work changes the migrations' ledger, so no transaction is seen half-done.
        return currentSchemaVersion(db);
      },
      async walBytes() {
        if (db.memory) return 0;
        try {
          return fs.statSync(`${db.name}-wal`).size;
        } catch {
          // No log file yet (nothing written since it was last removed).
          return 0;
        }
      },
    },
    async close() {
      if (!db.open) return;
      writes.flush();
      await writes.drain();
      await checkpointer?.stop();
      if (reader !== db) reader.close();
      db.close();
    },
  };
}
