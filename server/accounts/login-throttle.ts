// Owns the pure rules that slow down and then lock out repeated failed logins.
import type { LoginFailures } from './account-store';

export const FREE_FAILURES = 5;
export const LOCK_AFTER_FAILURES = 10;
export const LOCK_MS = 15 * 60_000;
/** A quiet hour forgives earlier failures. */
export const FORGET_AFTER_MS = 60 * 60_000;

export type LoginGate = { isAllowed: true } | { isAllowed: false; isLocked: boolean; retryAfterMs: number };

/** Whether another attempt may be checked now, given the failures recorded for one account (by email). */
export function gateLogin(failures: LoginFailures | null, nowMs: number): LoginGate {
  if (failures === null || nowMs - failures.lastFailureAtMs > FORGET_AFTER_MS) return { isAllowed: true };
  if (failures.lockedUntilMs !== null && nowMs < failures.lockedUntilMs) {
    return { isAllowed: false, isLocked: true, retryAfterMs: failures.lockedUntilMs - nowMs };
  }
  if (failures.failures < FREE_FAILURES || failures.lockedUntilMs !== null) return { isAllowed: true };
  // Each failure past the free ones doubles the wait: 1 s, 2 s, 4 s, 8 s, 16 s.
  const waitMs = 1000 * 2 ** (failures.failures - FREE_FAILURES);
  const readyAtMs = failures.lastFailureAtMs + waitMs;
  return nowMs >= readyAtMs
    ? { isAllowed: true }
    : { isAllowed: false, isLocked: false, retryAfterMs: readyAtMs - nowMs };
}

/**
 * Decides an attempt on one account and what to record for it. An admitted attempt is counted
 * as failed before its password is checked, and only a success clears the count: attempts
 * sent together each see the ones before them, so a burst cannot all slip through one gate.
 */
export function admitLogin(
  failures: LoginFailures | null,
  nowMs: number,
): { gate: LoginGate; next: LoginFailures | null } {
  const gate = gateLogin(failures, nowMs);
  return { gate, next: gate.isAllowed ? recordFailure(failures, nowMs) : null };
}

/** The record after one more failure. */
export function recordFailure(failures: LoginFailures | null, nowMs: number): LoginFailures {
  const isStale = failures === null || nowMs - failures.lastFailureAtMs > FORGET_AFTER_MS;
  const isAfterLock = failures?.lockedUntilMs != null && nowMs >= failures.lockedUntilMs;
  const count = isStale || isAfterLock ? 1 : failures.failures + 1;
  return {
    failures: count,
    lastFailureAtMs: nowMs,
    lockedUntilMs: count >= LOCK_AFTER_FAILURES ? nowMs + LOCK_MS : null,
  };
}
