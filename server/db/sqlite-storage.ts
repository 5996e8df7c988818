// Owns assembling the SQLite engine of the storage contract over one open connection.
import { createSqliteAccountStore } from '../accounts/account-repository';
import { createSqliteCommentStore } from '../comments/comment-repository';
import { createSqliteAuditStore } from '../moderation/audit-repository';
import { createSqliteBanStore } from '../moderation/ban-repository';
import { createSqliteModerationStores } from '../moderation/moderation-repository';
import { createSqliteSettingsStore } from '../settings/settings-repository';
import { createSqliteThreadStore } from '../threads/thread-repository';
import type { Db } from './connection';
import { currentSchemaVersion } from './migrate';
import type { Storage } from './storage';

export function createSqliteStorage(db: Db): Storage {
  return {
    threads: createSqliteThreadStore(db),
    comments: createSqliteCommentStore(db),
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
      if (db.open) db.close();
    },
  };
}
