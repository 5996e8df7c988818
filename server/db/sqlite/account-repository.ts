// Owns all SQL for moderator accounts, sessions and failed logins (SQLite engine of AccountStore).
import type { Db } from './connection';
import type { Writer } from './group-commit';
import type { AccountStore, Moderator } from '../../accounts/account-store';

interface ModeratorRow {
  id: number;
  email: string;
  display_name: string;
  role: Moderator['role'];
  password_hash: string;
  created_at: number;
}

function toModerator(row: ModeratorRow): Moderator {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    passwordHash: row.password_hash,
    createdAtMs: row.created_at,
  };
}

const COLUMNS = 'id, email, display_name, role, password_hash, created_at';

/** Every write goes through `writes`, the engine's one write path. */
export function createSqliteAccountStore(db: Db, writes: Writer): AccountStore {
  const insert = db.prepare(
    `INSERT INTO moderators (email, display_name, role, password_hash, created_at, password_changed_at)
     VALUES (@email, @displayName, @role, @passwordHash, @createdAtMs, @createdAtMs) ON CONFLICT (email) DO NOTHING`,
  );
  const byEmail = db.prepare<[string], ModeratorRow>(`SELECT ${COLUMNS} FROM moderators WHERE email = ?`);
  const byId = db.prepare<[number], ModeratorRow>(`SELECT ${COLUMNS} FROM moderators WHERE id = ?`);
  const all = db.prepare<[], ModeratorRow>(`SELECT ${COLUMNS} FROM moderators ORDER BY id`);
  const setPassword = db.prepare('UPDATE moderators SET password_hash = ?, password_changed_at = ? WHERE id = ?');
  const findPreferences = db.prepare<[number], { mail_on_held: number; mail_on_report: number }>(
    'SELECT mail_on_held, mail_on_report FROM moderators WHERE id = ?',
  );
  const setPreferences = db.prepare('UPDATE moderators SET mail_on_held = ?, mail_on_report = ? WHERE id = ?');
  const endSessionsOf = db.prepare('DELETE FROM moderator_sessions WHERE moderator_id = ?');
  const insertSession = db.prepare(
    `INSERT INTO moderator_sessions (token_hash, moderator_id, csrf_token, created_at, expires_at)
     VALUES (@tokenHash, @moderatorId, @csrfToken, @createdAtMs, @expiresAtMs)`,
  );
  const findSession = db.prepare<
    [string, number],
    { token_hash: string; moderator_id: number; csrf_token: string; created_at: number; expires_at: number }
  >(
    'SELECT token_hash, moderator_id, csrf_token, created_at, expires_at FROM moderator_sessions WHERE token_hash = ? AND expires_at > ?',
  );
  const deleteSession = db.prepare('DELETE FROM moderator_sessions WHERE token_hash = ?');
  const deleteExpired = db.prepare('DELETE FROM moderator_sessions WHERE expires_at <= ?');
  const findFailures = db.prepare<[string], { failures: number; last_failure_at: number; locked_until: number | null }>(
    'SELECT failures, last_failure_at, locked_until FROM login_failures WHERE key = ?',
  );
  const saveFailures = db.prepare(
    `INSERT INTO login_failures (key, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at,
       locked_until = excluded.locked_until`,
  );
  const clearFailures = db.prepare('DELETE FROM login_failures WHERE key = ?');

  return {
    async insertModerator(m) {
      return writes.run(() => {
        const result = insert.run(m);
        return result.changes === 1 ? toModerator(byId.get(Number(result.lastInsertRowid))!) : null;
      });
    },
    async findModeratorByEmail(email) {
      const row = byEmail.get(email);
      return row ? toModerator(row) : null;
    },
    async findModeratorById(id) {
      const row = byId.get(id);
      return row ? toModerator(row) : null;
    },
    async listModerators() {
      return all.all().map(toModerator);
    },
    async findMailPreferences(id) {
      const row = findPreferences.get(id);
      return row ? { onHeld: row.mail_on_held === 1, onReport: row.mail_on_report === 1 } : null;
    },
    async setMailPreferences(id, { onHeld, onReport }) {
      await writes.run(() => setPreferences.run(onHeld ? 1 : 0, onReport ? 1 : 0, id));
    },
    async setPassword(id, passwordHash, nowMs) {
      await writes.run(() => {
        setPassword.run(passwordHash, nowMs, id);
        endSessionsOf.run(id);
      });
    },
    async insertSession(session) {
      await writes.run(() => {
        // Expired sessions are swept whenever a new one starts; there are few of them.
        deleteExpired.run(session.createdAtMs);
        insertSession.run(session);
      });
    },
    async findSession(tokenHash, nowMs) {
      const row = findSession.get(tokenHash, nowMs);
      return row
        ? {
            tokenHash: row.token_hash,
            moderatorId: row.moderator_id,
            csrfToken: row.csrf_token,
            createdAtMs: row.created_at,
            expiresAtMs: row.expires_at,
          }
        : null;
    },
    async deleteSession(tokenHash) {
      await writes.run(() => deleteSession.run(tokenHash));
    },
    async findLoginFailures(key) {
      const row = findFailures.get(key);
      return row
        ? { failures: row.failures, lastFailureAtMs: row.last_failure_at, lockedUntilMs: row.locked_until }
        : null;
    },
    async takeLoginAttempt(key, decide) {
      // The gate and the count are one write, so a burst of guesses cannot all pass one gate.
      return writes.run(() => {
        const row = findFailures.get(key);
        const { result, next } = decide(
          row
            ? { failures: row.failures, lastFailureAtMs: row.last_failure_at, lockedUntilMs: row.locked_until }
            : null,
        );
        if (next !== null) saveFailures.run(key, next.failures, next.lastFailureAtMs, next.lockedUntilMs);
        return result;
      });
    },
    async clearLoginFailures(key) {
      await writes.run(() => clearFailures.run(key));
    },
  };
}
