// Owns the application error type and the closed list of public error codes.

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'INVALID_JSON'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'THREAD_NOT_FOUND'
  | 'PARENT_NOT_FOUND'
  | 'PARENT_IN_OTHER_THREAD'
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

/** Turns anything thrown into the one wire shape; unknown errors never leak their message. */
export function toWireError(err: unknown): { status: number; error: WireError; isInternal: boolean } {
  if (err instanceof AppError) {
    const error: WireError = { code: err.code, message: err.publicMessage };
    if (err.details !== undefined) error.details = err.details;
    return { status: err.status, error, isInternal: false };
  }
  return {
    status: 500,
    error: { code: 'INTERNAL', message: 'Something went wrong on our side. Please try again.' },
    isInternal: true,
  };
}
