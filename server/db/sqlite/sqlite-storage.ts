// Owns assembling the SQLite engine of the storage contract over one open connection.
import fs from 'node:fs';
import { createSqliteAccountStore } from './account-repository';
import { createSqliteCommentStore } from './comment-repository';
import { createSqliteVoteStore } from './vote-repository';
import { createSqliteAuditStore } from './audit-repository';
import { createSqliteBanStore } from './ban-repository';
import { createSqliteModerationStores } from './moderation-repository';
import { createSqliteSettingsStore } from './settings-repository';
import { createSqliteThreadStore } from './thread-repository';
import type { Logger } from '../../log/logger';
import { startCheckpointer, type CheckpointerOptions } from './checkpointer';
import type { Db } from './connection';
import { GroupCommit } from './group-commit';
import { currentSchemaVersion } from './migrate';
import type { Storage } from '../storage';

export interface SqliteStorageOptions {
  /** How long a write waits for the write lock before it is refused (503). */
  writeTimeoutMs?: number;
  /** Checkpoint from a worker thread and keep the WAL file small (a server); without it, SQLite checkpoints on commit. */
  checkpoints?: { logger: Logger } & Omit<CheckpointerOptions, 'pauseWrites'>;
}

/** SQLite's own wait for a lock, per attempt: the event loop stands still for it, so it stays short. */
export const LOCK_ATTEMPT_MS = 10;
export const DEFAULT_WRITE_TIMEOUT_MS = 5_000;

export function createSqliteStorage(db: Db, options: SqliteStorageOptions = {}): Storage {
  // Every write goes through one queue that waits for the lock between attempts, off the
  // event loop; a longer wait inside SQLite would stop every request for its whole length.
  db.pragma(`busy_timeout = ${LOCK_ATTEMPT_MS}`);
  const writes = new GroupCommit(db, { timeoutMs: options.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS });
  const { checkpoints } = options;
  const checkpointer = checkpoints ? startCheckpointer(db, checkpoints.logger, { ...checkpoints, pauseWrites: () => writes.pause() }) : null;
  return {
    threads: createSqliteThreadStore(db, writes),
    comments: createSqliteCommentStore(db, writes),
    votes: createSqliteVoteStore(db, writes),
    ...createSqliteModerationStores(db, writes),
    bans: createSqliteBanStore(db, writes),
    audit: createSqliteAuditStore(db, writes),
    accounts: createSqliteAccountStore(db, writes),
    settings: createSqliteSettingsStore(db, writes),
    health: {
      async schemaVersion() {
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
      db.close();
    },
  };
}
