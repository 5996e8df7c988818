// Owns assembling the SQLite engine of the storage contract over one open connection.
import { createSqliteAccountStore } from '../accounts/account-repository';
import { createSqliteCommentStore } from '../comments/comment-repository';
import { createSqliteAuditStore } from '../moderation/audit-repository';
import { createSqliteBanStore } from '../moderation/ban-repository';
import { createSqliteModerationStores } from '../moderation/moderation-repository';
import { createSqliteSettingsStore } from '../settings/settings-repository';
import { createSqliteThreadStore } from '../threads/thread-repository';
import type { Db } from './connection';
import { GroupCommit } from './group-commit';
import { currentSchemaVersion } from './migrate';
import type { Storage } from './storage';

export function createSqliteStorage(db: Db): Storage {
  // Posts and votes are the writes that pour in together on a busy thread.
  const writes = new GroupCommit(db);
  return {
    threads: createSqliteThreadStore(db),
    comments: createSqliteCommentStore(db, writes),
    ...createSqliteModerationStores(db),
    bans: createSqliteBanStore(db),
    audit: createSqliteAuditStore(db),
    accounts: createSqliteAccountStore(db),
    settings: createSqliteSettingsStore(db),
    health: {
      async schemaVersion() {
        return currentSchemaVersion(db);
      },
    },
    async close() {
      if (!db.open) return;
      writes.flush();
      db.close();
    },
  };
}
