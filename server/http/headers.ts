// Owns the response headers every answer carries, whichever route sends it.
import type { WireError } from '../errors';

/** Security headers on every response (Parley's own pages add their CSP on top). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/**
 * Sent only on answers to https requests (TLS to Parley, or a trusted proxy saying so): browsers
 * then refuse plain http to this host for a year. Not includeSubDomains: Parley often lives on
 * one subdomain of a site whose other hosts it knows nothing about.
 */
export const HSTS = { name: 'Strict-Transport-Security', value: 'max-age=31536000' } as const;

/** Seconds to wait when a 429 or 503 answer does not say: long enough for a lock or a burst to pass. */
const DEFAULT_RETRY_AFTER_SECONDS = 5;

/** The Retry-After header of an error answer: for 429 and 503, what `details.retryAfterSeconds` says; otherwise none. */
export function retryAfterOf(status: number, error: WireError): string | null {
  if (status !== 429 && status !== 503) return null;
  const seconds = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return String(
    typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0
      ? Math.ceil(seconds)
      : DEFAULT_RETRY_AFTER_SECONDS,
  );
}
