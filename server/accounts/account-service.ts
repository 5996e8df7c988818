// Owns moderator accounts: creating them, passwords, logging in and out, and session lookup.
import { createHash, randomBytes } from 'node:crypto';
import type { Limiter } from '../abuse/rate-limiter';
import type { Clock } from '../clock';
import type { EventSink } from '../events';
import type { AccountEvents } from './account-events';
import { AppError } from '../errors';
import type { AccountStore, Moderator, ModeratorMailPreferences, ModeratorSession, Role } from './account-store';
import { admitLogin } from './login-throttle';
import { hashPassword, makeDummyHash, verifyPassword } from './passwords';

export const SESSION_TTL_MS = 12 * 60 * 60_000;

export interface NewModeratorInput {
  email: string;
  displayName: string;
  role: Role;
  password: string;
}

export interface AuthenticatedModerator {
  moderator: Moderator;
  session: ModeratorSession;
}

export type AccountService = ReturnType<typeof createAccountService>;

/** Where a login attempt comes from, as far as pacing it needs to know. */
export interface LoginRequester {
  /** The keyed hash of the client's network; null without an address. */
  network: string | null;
}

/** A new account as stored: its password already hashed. */
export type NewModeratorRecord = Omit<Moderator, 'id'>;

/** Stores a new account; refuses an email that already has one (MODERATOR_EXISTS). */
export async function insertNewModerator(accounts: AccountStore, record: NewModeratorRecord): Promise<Moderator> {
  const created = await accounts.insertModerator(record);
  if (created === null) {
    throw new AppError('MODERATOR_EXISTS', {
      publicMessage: 'An account with that email already exists.',
      details: { email: record.email },
    });
  }
  return created;
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export function createAccountService({
  storage,
  clock,
  events,
  limiter,
  passwordCostLog2,
}: {
  storage: { accounts: AccountStore };
  clock: Clock;
  /** Told when a session ends, so live channels opened on it close too. */
  events?: EventSink<AccountEvents>;
  /** Paces login attempts per network (`login`); without one (the command line, which never logs in) they are not paced. */
  limiter?: Limiter;
  passwordCostLog2?: number;
}) {
  const accounts = storage.accounts;
  // Checked against when the email is unknown, so both failures take the same time.
  let dummyHash: Promise<string> | null = null;

  /** Failed logins are counted per account: one network failing on one account locks only that one. */
  const failuresKeyOf = (email: string): string => `email:${email.trim().toLowerCase()}`;

  /** The account's record, its password hashed: slow, so made before any unit of work that stores it. */
  async function prepareModerator(input: NewModeratorInput): Promise<NewModeratorRecord> {
    return {
      email: input.email,
      displayName: input.displayName,
      role: input.role,
      passwordHash: await hashPassword(input.password, passwordCostLog2),
      createdAtMs: clock.now(),
    };
  }

  return {
    prepareModerator,

    async createModerator(input: NewModeratorInput): Promise<Moderator> {
      return insertNewModerator(accounts, await prepareModerator(input));
    },

    async resetPassword(email: string, password: string): Promise<Moderator> {
      const moderator = await accounts.findModeratorByEmail(email);
      if (!moderator) throw new AppError('NOT_FOUND', { publicMessage: `No account has the email ${email}.` });
      await accounts.setPassword(moderator.id, await hashPassword(password, passwordCostLog2), clock.now());
      await accounts.clearLoginFailures(failuresKeyOf(moderator.email));
      return moderator;
    },

    /** Ends a lockout (and the slowing before it) of the account with this email at once. */
    async unlock(email: string): Promise<Moderator> {
      const moderator = await accounts.findModeratorByEmail(email);
      if (!moderator) throw new AppError('NOT_FOUND', { publicMessage: `No account has the email ${email}.` });
      await accounts.clearLoginFailures(failuresKeyOf(moderator.email));
      return moderator;
    },

    /** When the account's lockout ends, or null when it is not locked. */
    async lockedUntil(email: string): Promise<number | null> {
      const failures = await accounts.findLoginFailures(failuresKeyOf(email));
      return failures?.lockedUntilMs != null && failures.lockedUntilMs > clock.now() ? failures.lockedUntilMs : null;
    },

    listModerators(): Promise<Moderator[]> {
      return accounts.listModerators();
    },

    /**
     * Checks the password (slowed and locked out after repeated failures on the account);
     * returns a new session's token. The requester's network is paced first, over every
     * account (RATE_LIMITED); an attempt refused so is not counted against the account, so
     * one network failing on one account locks only that account, and never another's.
     */
    async login(
      email: string,
      password: string,
      requester: LoginRequester,
    ): Promise<{ token: string } & AuthenticatedModerator> {
      await limiter?.spend('login', { authorKey: null, ipHash: requester.network });
      const nowMs = clock.now();
      const key = failuresKeyOf(email);
      // Counted before the password is checked: checking takes a while, and attempts sent
      // together would otherwise all pass the gate before any failure was written.
      const gate = await accounts.takeLoginAttempt(key, (current) => {
        const { gate: decided, next } = admitLogin(current, nowMs);
        return { result: decided, next };
      });
      if (!gate.isAllowed) {
        const retryAfterSeconds = Math.ceil(gate.retryAfterMs / 1000);
        throw new AppError(gate.isLocked ? 'LOGIN_LOCKED' : 'LOGIN_THROTTLED', {
          publicMessage: gate.isLocked
            ? `Too many failed logins. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`
            : `Too many failed logins. Wait ${retryAfterSeconds} seconds and try again.`,
          details: { retryAfterSeconds },
        });
      }
      const moderator = await accounts.findModeratorByEmail(email);
      dummyHash ??= makeDummyHash(passwordCostLog2);
      const isMatch = await verifyPassword(password, moderator?.passwordHash ?? (await dummyHash));
      if (!moderator || !isMatch)
        throw new AppError('LOGIN_FAILED', { publicMessage: 'That email and password do not match an account.' });
      await accounts.clearLoginFailures(key);
      const token = randomBytes(32).toString('base64url');
      const session: ModeratorSession = {
        tokenHash: hashToken(token),
        moderatorId: moderator.id,
        csrfToken: randomBytes(32).toString('base64url'),
        createdAtMs: nowMs,
        expiresAtMs: nowMs + SESSION_TTL_MS,
      };
      await accounts.insertSession(session);
      return { token, moderator, session };
    },

    /** What the moderator asked to be mailed about. */
    async mailPreferencesOf(moderatorId: number): Promise<ModeratorMailPreferences> {
      return (await accounts.findMailPreferences(moderatorId)) ?? { onHeld: false, onReport: false };
    },

    async setMailPreferences(
      moderatorId: number,
      preferences: ModeratorMailPreferences,
    ): Promise<ModeratorMailPreferences> {
      await accounts.setMailPreferences(moderatorId, preferences);
      return this.mailPreferencesOf(moderatorId);
    },

    async logout(token: string): Promise<void> {
      const tokenHash = hashToken(token);
      await accounts.deleteSession(tokenHash);
      events?.emit('session:ended', { tokenHash });
    },

    /** The moderator behind a session cookie, or null for anything else (no reason given). */
    async authenticate(token: string | undefined): Promise<AuthenticatedModerator | null> {
      if (!token || token.length > 100) return null;
      const session = await accounts.findSession(hashToken(token), clock.now());
      if (!session) return null;
      const moderator = await accounts.findModeratorById(session.moderatorId);
      return moderator ? { moderator, session } : null;
    },
  };
}
