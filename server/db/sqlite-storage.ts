// Owns assembling the SQLite engine of the storage contract over one open connection.
import { createSqliteCommentStore } from '../comments/comment-repository';
import { createSqliteThreadStore } from '../threads/thread-repository';
import type { Db } from './connection';
import { currentSchemaVersion } from './migrate';
import type { Storage } from './storage';

export function createSqliteStorage(db: Db): Storage {
  return {
    threads: createSqliteThreadStore(db),
    comments: createSqliteCommentStore(db),
    health: {
      async schemaVersion() {
        return currentSchemaVersion(db);
      },
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
