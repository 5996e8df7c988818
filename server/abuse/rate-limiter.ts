// Owns rate limits: token buckets per action and per key (identity or network), in this process's memory.
import { AppError } from '../errors';

export type LimitedAction = 'post' | 'edit' | 'vote' | 'report' | 'login';

export interface Allowance {
  /** Requests allowed in a burst, refilled evenly over `perMs`. */
  count: number;
  perMs: number;
}

export type RateLimits = Record<LimitedAction, { perIdentity: Allowance | null; perNetwork: Allowance | null }>;

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/** Beyond this many tracked keys, full buckets (which carry no state worth keeping) are dropped. */
const MAX_BUCKETS = 100_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number,
  ) {}

  /**
   * Spends one request of `action` for the identity and the network; throws RATE_LIMITED,
   * saying when to retry, if either is used up (and then spends from neither).
   */
  spend(action: LimitedAction, who: { authorKey: string | null; ipHash: string | null }): void {
    const { perIdentity, perNetwork } = this.limits[action];
    const checks: [string, Allowance][] = [];
    if (perIdentity && who.authorKey) checks.push([`${action}:id:${who.authorKey}`, perIdentity]);
    if (perNetwork && who.ipHash) checks.push([`${action}:net:${who.ipHash}`, perNetwork]);
    const nowMs = this.now();
    let waitMs = 0;
    const buckets = checks.map(([key, allowance]) => {
      const bucket = this.refill(key, allowance, nowMs);
      if (bucket.tokens < 1) waitMs = Math.max(waitMs, Math.ceil(((1 - bucket.tokens) * allowance.perMs) / allowance.count));
      return bucket;
    });
    if (waitMs > 0) {
      const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
      throw new AppError('RATE_LIMITED', {
        publicMessage: `You are doing that too often. Please wait ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`,
        details: { action, retryAfterSeconds },
      });
    }
    for (const bucket of buckets) bucket.tokens -= 1;
  }

  private refill(key: string, allowance: Allowance, nowMs: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= MAX_BUCKETS) this.sweep(nowMs);
      bucket = { tokens: allowance.count, updatedMs: nowMs };
      this.buckets.set(key, bucket);
      return bucket;
    }
    const elapsed = Math.max(0, nowMs - bucket.updatedMs);
    bucket.tokens = Math.min(allowance.count, bucket.tokens + (elapsed * allowance.count) / allowance.perMs);
    bucket.updatedMs = nowMs;
    return bucket;
  }

  private sweep(nowMs: number): void {
    for (const [key, bucket] of this.buckets) {
      // An hour idle refills any allowance configured here.
      if (nowMs - bucket.updatedMs > 3_600_000) this.buckets.delete(key);
    }
    if (this.buckets.size >= MAX_BUCKETS) this.buckets.clear();
  }
}
