// Owns the storage contract of moderator accounts, their sessions and failed-login counts.
export type Role = 'admin' | 'moderator';

export interface Moderator {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  createdAtMs: number;
}

export interface ModeratorSession {
  tokenHash: string;
  moderatorId: number;
  csrfToken: string;
  createdAtMs: number;
  expiresAtMs: number;
}

export interface LoginFailures {
  failures: number;
  lastFailureAtMs: number;
  lockedUntilMs: number | null;
}

/** What a moderator asked to be mailed about (each off until turned on). */
export interface ModeratorMailPreferences {
  /** Each comment newly held for review. */
  onHeld: boolean;
  /** Each new report. */
  onReport: boolean;
}

export interface AccountStore {
  insertModerator(m: Omit<Moderator, 'id'>): Promise<Moderator | null>;
  findModeratorByEmail(email: string): Promise<Moderator | null>;
  findModeratorById(id: number): Promise<Moderator | null>;
  listModerators(): Promise<Moderator[]>;
  /** Changing the password also ends every session of the account. */
  setPassword(id: number, passwordHash: string, nowMs: number): Promise<void>;
  /** Null: no such account. */
  findMailPreferences(id: number): Promise<ModeratorMailPreferences | null>;
  setMailPreferences(id: number, preferences: ModeratorMailPreferences): Promise<void>;
  insertSession(session: ModeratorSession): Promise<void>;
  findSession(tokenHash: string, nowMs: number): Promise<ModeratorSession | null>;
  deleteSession(tokenHash: string): Promise<void>;
  findLoginFailures(key: string): Promise<LoginFailures | null>;
  /**
   * Reads the key's failures, asks `decide`, and saves the record it returns, in one
   * transaction: no other attempt reads the count between the read and the write.
   */
  takeLoginAttempt<T>(
    key: string,
    decide: (current: LoginFailures | null) => { result: T; next: LoginFailures | null },
  ): Promise<T>;
  clearLoginFailures(key: string): Promise<void>;
}
