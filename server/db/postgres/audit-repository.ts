// Owns all SQL for the audit log (PostgreSQL engine of AuditStore).
import type { AuditEntry, AuditStore } from '../../moderation/moderation-store';
import { one, only, type Queryable } from './sql';

interface AuditRow {
  id: number;
  moderator_id: number | null;
  moderator_name: string | null;
  action: string;
  target_type: AuditEntry['targetType'];
  target_id: string;
  reason: string | null;
  /** A JSON column: node-postgres parses it. */
  details: Record<string, unknown>;
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
    details: row.details,
    createdAtMs: row.created_at,
    undoneBy: row.undone_by,
  };
}

const SELECT = `SELECT a.id, a.moderator_id, m.display_name AS moderator_name, a.action, a.target_type, a.target_id,
  a.reason, a.details, a.created_at, a.undone_by FROM audit_log a LEFT JOIN moderators m ON m.id = a.moderator_id`;

export function createPostgresAuditStore(db: Queryable): AuditStore {
  const byId = async (id: number): Promise<AuditEntry | null> => {
    const row = await one<AuditRow>(db, `${SELECT} WHERE a.id = $1`, [id]);
    return row ? toEntry(row) : null;
  };
  return {
    async markUndone(entryId, undoneBy) {
      await db.query('UPDATE audit_log SET undone_by = $1 WHERE id = $2', [undoneBy, entryId]);
    },
    async addEntry(entry) {
      const { id } = await only<{ id: number }>(
        db,
        `INSERT INTO audit_log (moderator_id, action, target_type, target_id, reason, details, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          entry.moderatorId,
          entry.action,
          entry.targetType,
          entry.targetId,
          entry.reason,
          JSON.stringify(entry.details),
          entry.createdAtMs,
        ],
      );
      return (await byId(id))!;
    },
    async listEntries({ action, moderatorId, beforeId, limit }) {
      const { rows } = await db.query<AuditRow>(
        `${SELECT} WHERE ($1::text IS NULL OR a.action = $1) AND ($2::bigint IS NULL OR a.moderator_id = $2)
           AND ($3::bigint IS NULL OR a.id < $3)
         ORDER BY a.id DESC LIMIT $4`,
        [action, moderatorId, beforeId, limit],
      );
      return rows.map(toEntry);
    },
    findEntryById: byId,
  };
}
