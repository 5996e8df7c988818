// Owns all SQL for bans (PostgreSQL engine of BanStore).
import type { Ban, BanStore } from '../../bans/ban';
import { one, only, type Queryable } from './sql';

interface BanRow {
  id: number;
  kind: Ban['kind'];
  value: string;
  reason: string | null;
  created_by: number | null;
  created_by_name: string | null;
  created_at: number;
  expires_at: number | null;
  lifted_at: number | null;
}

function toBan(row: BanRow): Ban {
  return {
    id: row.id,
    kind: row.kind,
    value: row.value,
    reason: row.reason,
    createdBy: row.created_by,
    createdByName: row.created_by_name,
    createdAtMs: row.created_at,
    expiresAtMs: row.expires_at,
    liftedAtMs: row.lifted_at,
  };
}

const SELECT = `SELECT b.id, b.kind, b.value, b.reason, b.created_by, m.display_name AS created_by_name, b.created_at,
  b.expires_at, b.lifted_at FROM bans b LEFT JOIN moderators m ON m.id = b.created_by`;
/** $1 is now, in milliseconds. */
const ACTIVE = `b.lifted_at IS NULL AND (b.expires_at IS NULL OR b.expires_at > $1)`;

export function createPostgresBanStore(db: Queryable): BanStore {
  const byId = async (id: number): Promise<Ban | null> => {
    const row = await one<BanRow>(db, `${SELECT} WHERE b.id = $1`, [id]);
    return row ? toBan(row) : null;
  };
  return {
    async addBan(ban) {
      const value = ban.kind === 'email' ? ban.value.toLowerCase() : ban.value;
      const { id } = await only<{ id: number }>(
        db,
        `INSERT INTO bans (kind, value, reason, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id`,
        [ban.kind, value, ban.reason, ban.createdBy, ban.createdAtMs, ban.expiresAtMs],
      );
      return (await byId(id))!;
    },
    async findActiveBan({ authorKey, email, ipHash }, nowMs) {
      const row = await one<BanRow>(
        db,
        `${SELECT} WHERE ${ACTIVE} AND ((b.kind = 'identity' AND b.value = $2) OR (b.kind = 'email' AND b.value = lower($3))
           OR (b.kind = 'ip' AND b.value = $4)) LIMIT 1`,
        [nowMs, authorKey, email, ipHash],
      );
      return row ? toBan(row) : null;
    },
    async listActiveBans(nowMs) {
      const { rows } = await db.query<BanRow>(`${SELECT} WHERE ${ACTIVE} ORDER BY b.id DESC`, [nowMs]);
      return rows.map(toBan);
    },
    findBanById: byId,
    async liftBan(id, nowMs) {
      await db.query('UPDATE bans SET lifted_at = $1 WHERE id = $2 AND lifted_at IS NULL', [nowMs, id]);
      return byId(id);
    },
  };
}
