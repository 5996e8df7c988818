import { RateLimiter } from '../../server/abuse/rate-limiter';
import { createAccountService } from '../../server/accounts/account-service';
import { loadConfig } from '../../server/config';
import { admitLogin, LOCK_AFTER_FAILURES } from '../../server/accounts/login-throttle';
import { migrate } from '../../server/db/sqlite/migrate';
import { readMigrations } from '../../server/db/migrations';
import { createSqliteStorage } from '../../server/db/sqlite/sqlite-storage';
import { PATHS } from '../../server/paths';
import { TEST_PASSWORD_COST } from '../helpers/admin';
import { useTempDatabase } from '../helpers/temp-db';

const database = useTempDatabase('logins');
const NOW = Date.UTC(2026, 10, 1);

describe('admitLogin', () => {
  it('counts an admitted attempt as failed before its password is checked', () => {
    expect(admitLogin(null, NOW)).toEqual({
      gate: { isAllowed: true },
      next: { failures: 1, lastFailureAtMs: NOW, lockedUntilMs: null },
    });
  });

  it('records nothing for a refused attempt', () => {
    const locked = { failures: LOCK_AFTER_FAILURES, lastFailureAtMs: NOW, lockedUntilMs: NOW + 60_000 };
    expect(admitLogin(locked, NOW + 1)).toEqual({
      gate: { isAllowed: false, isLocked: true, retryAfterMs: 59_999 },
      next: null,
    });
  });
});

describe('logging in with attempts sent together', () => {
  it('checks only the free attempts of a burst, and refuses the right password after it', async () => {
    const db = database();
    migrate(db, readMigrations(PATHS.migrations));
    const accounts = createAccountService({
      storage: createSqliteStorage(db),
      clock: { now: () => NOW },
      passwordCostLog2: TEST_PASSWORD_COST,
    });
    await accounts.createModerator({
      email: 'mod@example.com',
      displayName: 'Mod',
      role: 'moderator',
      password: 'the right password',
    });

    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        accounts.login('mod@example.com', `wrong guess ${i}`, { network: null }).then(
          () => 'LOGGED_IN',
          (err) => err.code as string,
        ),
      ),
    );
    expect(outcomes.filter((code) => code === 'LOGIN_FAILED')).toHaveLength(5);
    expect(outcomes.filter((code) => code === 'LOGIN_THROTTLED')).toHaveLength(25);
    await expect(accounts.login('mod@example.com', 'the right password', { network: null })).rejects.toMatchObject({
      code: 'LOGIN_THROTTLED',
    });
  });
});

describe('the pace of logins from one network', () => {
  it('is spent by the account service before the attempt counts against the account', async () => {
    const db = database();
    migrate(db, readMigrations(PATHS.migrations));
    const limiter = new RateLimiter(loadConfig({ PARLEY_LOGINS_PER_MINUTE: '2' }).rateLimits, () => NOW);
    const accounts = createAccountService({
      storage: createSqliteStorage(db),
      clock: { now: () => NOW },
      limiter,
      passwordCostLog2: TEST_PASSWORD_COST,
    });
    await accounts.createModerator({
      email: 'mod@example.com',
      displayName: 'Mod',
      role: 'moderator',
      password: 'the right password',
    });
    const attempt = (network: string, email = 'mod@example.com', password = 'a wrong guess') =>
      accounts.login(email, password, { network }).then(
        () => 'LOGGED_IN',
        (err) => err.code as string,
      );

    expect([await attempt('net-a'), await attempt('net-a'), await attempt('net-a')]).toEqual([
      'LOGIN_FAILED',
      'LOGIN_FAILED',
      'RATE_LIMITED',
    ]);
    // The pace is the network's over every account.
    expect(await attempt('net-a', 'someone@example.com')).toBe('RATE_LIMITED');
    // Refused attempts were not counted against the account: three of its five free failures are left.
    expect([await attempt('net-b'), await attempt('net-c'), await attempt('net-d')]).toEqual([
      'LOGIN_FAILED',
      'LOGIN_FAILED',
      'LOGIN_FAILED',
    ]);
    expect(await attempt('net-e')).toBe('LOGIN_THROTTLED');
  });

  it('lets another network in while one is paced', async () => {
    const db = database();
    migrate(db, readMigrations(PATHS.migrations));
    const limiter = new RateLimiter(loadConfig({ PARLEY_LOGINS_PER_MINUTE: '1' }).rateLimits, () => NOW);
    const accounts = createAccountService({
      storage: createSqliteStorage(db),
      clock: { now: () => NOW },
      limiter,
      passwordCostLog2: TEST_PASSWORD_COST,
    });
    await accounts.createModerator({
      email: 'mod@example.com',
      displayName: 'Mod',
      role: 'moderator',
      password: 'the right password',
    });
    await expect(accounts.login('mod@example.com', 'a wrong guess', { network: 'busy' })).rejects.toMatchObject({
      code: 'LOGIN_FAILED',
    });
    await expect(accounts.login('mod@example.com', 'the right password', { network: 'busy' })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
    await expect(accounts.login('mod@example.com', 'the right password', { network: 'quiet' })).resolves.toMatchObject({
      moderator: { email: 'mod@example.com' },
    });
  });
});
