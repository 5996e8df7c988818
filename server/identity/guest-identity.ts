// Owns guest identity: a random token the widget keeps, known to the server only as a hash.
import { createHash } from 'node:crypto';
import { AppError } from '../errors';
import { LIMITS } from '../protocol/limits';

/** Parses a token from a handshake or header: absent means anonymous, malformed is refused. */
export function parseGuestToken(raw: unknown): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw !== 'string' || !LIMITS.guestTokenPattern.test(raw)) {
    throw new AppError('VALIDATION_FAILED', {
      publicMessage: 'The reader identity token is malformed.',
      details: { fields: [{ field: 'token', issue: 'invalid' }] },
    });
  }
  return raw;
}

/** What is stored: the token's hash, so a leaked database cannot be used to act as a reader. */
export function authorKeyOf(token: string | null): string | null {
  return token === null ? null : createHash('sha256').update(token).digest('hex');
}
