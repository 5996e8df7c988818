// Owns reader identities for the load: a fresh random token per simulated reader, as the widget makes them.
import { randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: 43 characters. */
export function newGuestToken(): string {
  return randomBytes(32).toString('base64url');
}
