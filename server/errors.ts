// Owns the application error type and the closed list of public error codes.

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'INVALID_JSON'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'THREAD_NOT_FOUND'
  | 'PARENT_NOT_FOUND'
  | 'PARENT_IN_OTHER_THREAD'
  | 'COMMENT_NOT_FOUND'
  | 'COMMENT_DELETED'
  | 'IDENTITY_REQUIRED'
  | 'NOT_COMMENT_AUTHOR'
  | 'EDIT_WINDOW_CLOSED'
  | 'SELF_VOTE'
  | 'SELF_REACTION'
  | 'REACTIONS_OFF'
  | 'INVALID_CURSOR'
  | 'THREAD_CLOSED'
  | 'AUTHOR_BANNED'
  | 'BANNED_WORD'
  | 'TOO_MANY_LINKS'
  | 'ALREADY_REPORTED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'CSRF_FAILED'
  | 'LOGIN_FAILED'
  | 'LOGIN_THROTTLED'
  | 'LOGIN_LOCKED'
  | 'ALREADY_IN_STATE'
  | 'CANNOT_BAN_MODERATOR'
  | 'BAN_NOT_FOUND'
  | 'AUDIT_ENTRY_NOT_FOUND'
  | 'NOT_RESTORABLE'
  | 'MODERATOR_EXISTS'
  | 'RATE_LIMITED'
  | 'TOO_MANY_CONNECTIONS'
  | 'DUPLICATE_COMMENT'
  | 'MAIL_LINK_INVALID'
  | 'NOT_FOUND'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL';

/** Every code with the HTTP status it travels with; docs/api.md lists the same table. */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = Object.freeze({
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  THREAD_NOT_FOUND: 404,
  PARENT_NOT_FOUND: 404,
  PARENT_IN_OTHER_THREAD: 400,
  COMMENT_NOT_FOUND: 404,
  COMMENT_DELETED: 409,
  IDENTITY_REQUIRED: 401,
  NOT_COMMENT_AUTHOR: 403,
  EDIT_WINDOW_CLOSED: 403,
  SELF_VOTE: 403,
  SELF_REACTION: 403,
  REACTIONS_OFF: 403,
  INVALID_CURSOR: 400,
  THREAD_CLOSED: 403,
  AUTHOR_BANNED: 403,
  BANNED_WORD: 400,
  TOO_MANY_LINKS: 400,
  ALREADY_REPORTED: 409,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  LOGIN_FAILED: 401,
  LOGIN_THROTTLED: 429,
  LOGIN_LOCKED: 429,
  ALREADY_IN_STATE: 409,
  CANNOT_BAN_MODERATOR: 403,
  BAN_NOT_FOUND: 404,
  AUDIT_ENTRY_NOT_FOUND: 404,
  NOT_RESTORABLE: 409,
  MODERATOR_EXISTS: 409,
  RATE_LIMITED: 429,
  MAIL_LINK_INVALID: 400,
  TOO_MANY_CONNECTIONS: 429,
  DUPLICATE_COMMENT: 409,
  NOT_FOUND: 404,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
});

export interface AppErrorOptions {
  status?: number;
  /** Safe to show to the caller. */
  publicMessage: string;
  /** Structured, safe-to-show facts (which field, which limit). */
  details?: unknown;
  /** The private part: logged, never sent. */
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly publicMessage: string;
  readonly details: unknown;

  constructor(code: ErrorCode, options: AppErrorOptions) {
    super(options.publicMessage, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? ERROR_STATUS[code];
    this.publicMessage = options.publicMessage;
    this.details = options.details;
  }
}

export interface WireError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** SQLite failures that mean "not now" (another writer, a full disk), not "broken". */
const UNAVAILABLE_SQLITE_CODES = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CANTOPEN|PROTOCOL)/;

/**
 * PostgreSQL's SQLSTATEs for the same: the connection failed (08), the server ran out of disk,
 * memory or connections (53), it is shutting down or starting (57P01-57P03), or a unit still
 * met a deadlock or serialization failure after its retries (40001, 40P01).
 */
const UNAVAILABLE_POSTGRES_CODES = /^((08|53)[0-9A-Z]{3}|57P0[1-3]|40001|40P01)$/;

function isStorageUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (UNAVAILABLE_SQLITE_CODES.test(code) || UNAVAILABLE_POSTGRES_CODES.test(code));
}

/** Turns anything thrown into the one wire shape; unknown errors never leak their message. */
export function toWireError(err: unknown): { status: number; error: WireError; isInternal: boolean } {
  if (isStorageUnavailable(err)) {
    return {
      status: 503,
      error: {
        code: 'SERVICE_UNAVAILABLE',
        message: 'Comments cannot be saved right now. Please try again in a moment.',
        details: { retryAfterSeconds: 5, reason: 'database-unavailable' },
      },
      // Logged like an internal error: an operator needs to see a full disk or a lock.
      isInternal: true,
    };
  }
  if (err instanceof AppError) {
    const error: WireError = { code: err.code, message: err.publicMessage };
    if (err.details !== undefined) error.details = err.details;
    // A refusal of the server's own making (the database stayed locked) is logged with its cause.
    return { status: err.status, error, isInternal: err.status >= 500 };
  }
  return {
    status: 500,
    error: { code: 'INTERNAL', message: 'Something went wrong on our side. Please try again.' },
    isInternal: true,
  };
}
