// Owns turning a failed API call into words a moderator can act on, by error code only.
import { ApiError } from './api';
import { messages } from './messages';

export interface FieldProblem {
  field: string;
  issue: string;
  limit?: number;
}

/** VALIDATION_FAILED carries the fields at fault; anything else carries none. */
export function fieldProblemsOf(err: unknown): FieldProblem[] {
  if (!(err instanceof ApiError) || err.code !== 'VALIDATION_FAILED') return [];
  const fields = (err.details as { fields?: unknown } | undefined)?.fields;
  if (!Array.isArray(fields)) return [];
  return fields.filter((f): f is FieldProblem => typeof f?.field === 'string' && typeof f?.issue === 'string');
}

export function retryAfterSecondsOf(err: unknown): number | null {
  const seconds =
    err instanceof ApiError
      ? (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds
      : undefined;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}

/** One readable sentence for any failure; the server's message is never shown in its place. */
export function describeError(err: unknown): string {
  if (!(err instanceof ApiError)) return messages.errors.INTERNAL;
  if (err.code === 'NETWORK') return messages.networkError;
  const seconds = retryAfterSecondsOf(err);
  if (seconds !== null) {
    if (err.code === 'LOGIN_LOCKED') return messages.login.locked(seconds);
    if (err.code === 'LOGIN_THROTTLED') return messages.login.throttled(seconds);
    if (err.code === 'RATE_LIMITED') return messages.login.rateLimited(seconds);
  }
  const problems = fieldProblemsOf(err);
  if (problems.length > 0) {
    return `${messages.errors.VALIDATION_FAILED} ${problems.map((p) => messages.fieldProblem(p.field, p.issue, p.limit)).join(' ')}`;
  }
  return messages.errors[err.code] ?? messages.errors.INTERNAL;
}
