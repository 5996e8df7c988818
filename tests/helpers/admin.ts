// Moderator accounts and sessions for tests: accounts go straight into the test database.
import { createAccountService } from '../../server/accounts/account-service';
import type { Role } from '../../server/accounts/account-store';
import { systemClock } from '../../server/clock';
import { openDatabase } from '../../server/db/sqlite/connection';
import { createSqliteStorage } from '../../server/db/sqlite/sqlite-storage';

/** Cheap scrypt for tests; production always uses the recommended cost. */
export const TEST_PASSWORD_COST = 10;

export async function createModeratorAccount(
  dbPath: string,
  {
    email,
    password = 'correct horse battery staple',
    role = 'moderator',
    displayName,
  }: { email: string; password?: string; role?: Role; displayName?: string },
): Promise<{ email: string; password: string }> {
  const db = openDatabase(dbPath);
  try {
    const accounts = createAccountService({
      storage: createSqliteStorage(db),
      clock: systemClock,
      passwordCostLog2: TEST_PASSWORD_COST,
    });
    await accounts.createModerator({ email, password, role, displayName: displayName ?? email.split('@')[0] });
    return { email, password };
  } finally {
    db.close();
  }
}

export interface ModeratorSession {
  cookie: string;
  csrfToken: string;
  /** Calls the moderation API with the session cookie and CSRF token. */
  call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
}

export async function loginAsModerator(baseUrl: string, email: string, password: string): Promise<ModeratorSession> {
  const res = await fetch(`${baseUrl}/admin/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login answered ${res.status}: ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    cookie,
    csrfToken,
    async call(method, path, body) {
      const headers: Record<string, string> = { cookie, 'x-csrf-token': csrfToken };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const answer = await fetch(`${baseUrl}/admin/api${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await answer.text();
      return { status: answer.status, json: text === '' ? null : JSON.parse(text) };
    },
  };
}
