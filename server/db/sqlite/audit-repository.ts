// Owns all SQL for the audit log (SQLite engine of AuditStore).
import type { Db } from './connection';
import type { Writer } from './group-commit';
import type { AuditEntry, AuditStore } from '../../moderation/moderation-store';

interface AuditRow {
  id: number;
  moderator_id: number | null;
  moderator_name: string | null;
  action: string;
  target_type: AuditEntry['targetType'];
  target_id: string;
  reason: string | null;
  details: string;
  created_at: number;
  undone_by: number | null;
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    moderatorId: row.moderator_id,
    moderatorName: row.moderator_name,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    reason: row.reason,
    details: JSON.parse(row.details) as Record<string, unknown>,
    createdAtMs: row.created_at,
    undoneBy: row.undone_by,
  };
}

const SELECT = `SELECT a.id, a.moderator_id, m.display_name AS moderator_name, a.action, a.target_type, a.target_id,
  a.reason, a.details, a.created_at, a.undone_by FROM audit_log a LEFT JOIN moderators m ON m.id = a.moderator_id`;

/** Every write goes through `writes`, the engine's one write path. */
export function createSqliteAuditStore(db: Db, writes: Writer): AuditStore {
  const insert = db.prepare(
    `INSERT INTO audit_log (moderator_id, action, target_type, target_id, reason, details, created_at)
     VALUES (@moderatorId, @action, @targetType, @targetId, @reason, @details, @createdAtMs)`,
  );
  const byId = db.prepare<[number], AuditRow>(`${SELECT} WHERE a.id = ?`);
  const list = db.prepare<
    { action: string | null; moderatorId: number | null; beforeId: number | null; limit: number },
    AuditRow
  >(
    `${SELECT} WHERE (@action IS NULL OR a.action = @action) AND (@moderatorId IS NULL OR a.moderator_id = @moderatorId)
       AND (@beforeId IS NULL OR a.id < @beforeId)
     ORDER BY a.id DESC LIMIT @limit`,
  );
  const markUndone = db.prepare('UPDATE audit_log SET undone_by = ? WHERE id = ?');
  return {
    async markUndone(entryId, undoneBy) {
      await writes.run(() => markUndone.run(undoneBy, entryId));
    },
    async addEntry(entry) {
      return writes.run(() =>
        toEntry(byId.get(Number(insert.run({ ...entry, details: JSON.stringify(entry.details) }).lastInsertRowid))!),
      );
    },
    async listEntries(query) {
      return list.all(query).map(toEntry);
    },
    async findEntryById(id) {
      const row = byId.get(id);
      return row ? toEntry(row) : null;
    },
  };
}
