// Owns all SQL for moderator accounts, sessions and failed logins (PostgreSQL engine of AccountStore).
import type { AccountStore, LoginFailures, Moderator } from '../../accounts/account-store';
import { one, type Queryable } from './sql';

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

interface FailuresRow {
  failures: number;
  last_failure_at: number;
  locked_until: number | null;
}

const toFailures = (row: FailuresRow): LoginFailures => ({
  failures: row.failures,
  lastFailureAtMs: row.last_failure_at,
  lockedUntilMs: row.locked_until,
});

const COLUMNS = 'id, email, display_name, role, password_hash, created_at';
const FIND_FAILURES = 'SELECT failures, last_failure_at, locked_until FROM login_failures WHERE key = $1';

export function createPostgresAccountStore(db: Queryable): AccountStore {
  const findModerator = async (where: string, value: unknown): Promise<Moderator | null> => {
    const row = await one<ModeratorRow>(db, `SELECT ${COLUMNS} FROM moderators WHERE ${where}`, [value]);
    return row ? toModerator(row) : null;
  };
  return {
    async insertModerator(m) {
      // Emails are unique whatever their case (the index is on lower(email)).
      const row = await one<ModeratorRow>(
        db,
        `INSERT INTO moderators (email, display_name, role, password_hash, created_at, password_changed_at)
         VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT ((lower(email))) DO NOTHING RETURNING ${COLUMNS}`,
        [m.email, m.displayName, m.role, m.passwordHash, m.createdAtMs],
      );
      return row ? toModerator(row) : null;
    },
    findModeratorByEmail: (email) => findModerator('lower(email) = lower($1)', email),
    findModeratorById: (id) => findModerator('id = $1', id),
    async listModerators() {
      const { rows } = await db.query<ModeratorRow>(`SELECT ${COLUMNS} FROM moderators ORDER BY id`);
      return rows.map(toModerator);
    },
    async findMailPreferences(id) {
      const row = await one<{ mail_on_held: boolean; mail_on_report: boolean }>(
        db,
        'SELECT mail_on_held, mail_on_report FROM moderators WHERE id = $1',
        [id],
      );
      return row ? { onHeld: row.mail_on_held, onReport: row.mail_on_report } : null;
    },
    async setMailPreferences(id, { onHeld, onReport }) {
      await db.query('UPDATE moderators SET mail_on_held = $1, mail_on_report = $2 WHERE id = $3', [
        onHeld,
        onReport,
        id,
      ]);
    },
    async setPassword(id, passwordHash, nowMs) {
      await db.query('UPDATE moderators SET password_hash = $1, password_changed_at = $2 WHERE id = $3', [
        passwordHash,
        nowMs,
        id,
      ]);
      await db.query('DELETE FROM moderator_sessions WHERE moderator_id = $1', [id]);
    },
    async insertSession(session) {
      // Expired sessions are swept whenever a new one starts; there are few of them.
      await db.query('DELETE FROM moderator_sessions WHERE expires_at <= $1', [session.createdAtMs]);
      await db.query(
        `INSERT INTO moderator_sessions (token_hash, moderator_id, csrf_token, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)`,
        [session.tokenHash, session.moderatorId, session.csrfToken, session.createdAtMs, session.expiresAtMs],
      );
    },
    async findSession(tokenHash, nowMs) {
      const row = await one<{
        token_hash: string;
        moderator_id: number;
        csrf_token: string;
        created_at: number;
        expires_at: number;
      }>(
        db,
        `SELECT token_hash, moderator_id, csrf_token, created_at, expires_at FROM moderator_sessions
         WHERE token_hash = $1 AND expires_at > $2`,
        [tokenHash, nowMs],
      );
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
      await db.query('DELETE FROM moderator_sessions WHERE token_hash = $1', [tokenHash]);
    },
    async findLoginFailures(key) {
      const row = await one<FailuresRow>(db, FIND_FAILURES, [key]);
      return row ? toFailures(row) : null;
    },
    async takeLoginAttempt(key, decide) {
      // The gate and the count are one write, so a burst of guesses cannot all pass one gate. A
      // key seen for the first time has no row to lock yet: a lock on the key itself, held to
      // the end of the transaction, queues the attempts instead.
      await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`login:${key}`]);
      const row = await one<FailuresRow>(db, FIND_FAILURES, [key]);
      const { result, next } = decide(row ? toFailures(row) : null);
      if (next !== null)
        await db.query(
          `INSERT INTO login_failures (key, failures, last_failure_at, locked_until) VALUES ($1, $2, $3, $4)
           ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at,
             locked_until = excluded.locked_until`,
          [key, next.failures, next.lastFailureAtMs, next.lockedUntilMs],
        );
      return result;
    },
    async clearLoginFailures(key) {
      await db.query('DELETE FROM login_failures WHERE key = $1', [key]);
    },
  };
}
