// Owns all SQL for bans (SQLite engine of BanStore).
import type { Db } from './connection';
import type { Writer } from './group-commit';
import type { Ban, BanStore } from '../../bans/ban';

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
const ACTIVE = `b.lifted_at IS NULL AND (b.expires_at IS NULL OR b.expires_at > @nowMs)`;

/** Every write goes through `writes`, the engine's one write path. */
export function createSqliteBanStore(db: Db, writes: Writer): BanStore {
  const insert = db.prepare(
    'INSERT INTO bans (kind, value, reason, created_by, created_at, expires_at) VALUES (@kind, @value, @reason, @createdBy, @createdAtMs, @expiresAtMs)',
  );
  const byId = db.prepare<[number], BanRow>(`${SELECT} WHERE b.id = ?`);
  const active = db.prepare<{ key: string | null; email: string | null; ip: string | null; nowMs: number }, BanRow>(
    `${SELECT} WHERE ${ACTIVE} AND ((b.kind = 'identity' AND b.value = @key) OR (b.kind = 'email' AND b.value = lower(@email))
       OR (b.kind = 'ip' AND b.value = @ip)) LIMIT 1`,
  );
  const listActive = db.prepare<{ nowMs: number }, BanRow>(`${SELECT} WHERE ${ACTIVE} ORDER BY b.id DESC`);
  const lift = db.prepare('UPDATE bans SET lifted_at = ? WHERE id = ? AND lifted_at IS NULL');

  return {
    async addBan(ban) {
      const value = ban.kind === 'email' ? ban.value.toLowerCase() : ban.value;
      return writes.run(() => toBan(byId.get(Number(insert.run({ ...ban, value }).lastInsertRowid))!));
    },
    async findActiveBan({ authorKey, email, ipHash }, nowMs) {
      const row = active.get({ key: authorKey, email, ip: ipHash, nowMs });
      return row ? toBan(row) : null;
    },
    async listActiveBans(nowMs) {
      return listActive.all({ nowMs }).map(toBan);
    },
    async findBanById(id) {
      const row = byId.get(id);
      return row ? toBan(row) : null;
    },
    async liftBan(id, nowMs) {
      return writes.run(() => {
        lift.run(nowMs, id);
        const row = byId.get(id);
        return row ? toBan(row) : null;
      });
    },
  };
}
