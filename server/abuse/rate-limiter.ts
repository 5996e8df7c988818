// Owns rate limits: token buckets per action and per key (identity or network), in this process's memory.
import { AppError } from '../errors';
import { trimLeastRecent } from './least-recent';

/** One action a line, so adding one is a one-line change. */
export type LimitedAction =
  | 'post'
  | 'edit'
  | 'vote'
  | 'report'
  | 'login'
  // Rendering a draft for the form's Preview tab: a read that costs as much as a post's render.
  | 'preview'
  // Creating a page's thread (and correcting its stored address), per network.
  | 'thread';

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

/** Keys tracked at most; past it, the buckets used longest ago are forgotten first. */
export const MAX_BUCKETS = 100_000;

export class RateLimiter {
  /** Map order is the order of last use: the first entry is the least recently used. */
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number,
    private readonly maxBuckets = MAX_BUCKETS,
  ) {}

  /** Buckets held now (for tests and diagnostics). */
  get size(): number {
    return this.buckets.size;
  }

  /**
   * Spends one request of `action` for the identity and the network; throws RATE_LIMITED,
   * saying when to retry, if either is used up (and then spends from neither).
   */
  spend(action: LimitedAction, who: { authorKey: string | null; ipHash: string | null }): void {
    const { perIdentity, perNetwork } = this.limits[action];
    const checks: [string, Allowance][] = [];
    if (perIdentity && who.authorKey) checks.push([`${action}:id:${who.authorKey}`, perIdentity]);
    if (perNetwork && who.ipHash) checks.push([`${action}:net:${who.ipHash}`, perNetwork]);
    if (checks.length === 0) return;
    const nowMs = this.now();
    let waitMs = 0;
    // Worked out without storing anything: a refused request must not leave buckets behind,
    // or fresh tokens from an exhausted network would fill the table.
    const next = checks.map(([key, allowance]) => {
      const tokens = this.tokensOf(key, allowance, nowMs);
      if (tokens < 1) waitMs = Math.max(waitMs, Math.ceil(((1 - tokens) * allowance.perMs) / allowance.count));
      return { key, tokens };
    });
    if (waitMs > 0) {
      // A refusal keeps an existing bucket in use, so a client that keeps trying is the last to be forgotten.
      for (const { key, tokens } of next) if (this.buckets.has(key)) this.store(key, tokens, nowMs);
      const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
      throw new AppError('RATE_LIMITED', {
        publicMessage: `You are doing that too often. Please wait ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`,
        details: { action, retryAfterSeconds },
      });
    }
    for (const { key, tokens } of next) this.store(key, tokens - 1, nowMs);
  }

  /** Tokens the key has now: a bucket never seen (or forgotten) is full. */
  private tokensOf(key: string, allowance: Allowance, nowMs: number): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return allowance.count;
    const elapsed = Math.max(0, nowMs - bucket.updatedMs);
    return Math.min(allowance.count, bucket.tokens + (elapsed * allowance.count) / allowance.perMs);
  }

  /** Stores the bucket as the most recently used; past capacity the least recently used go. */
  private store(key: string, tokens: number, nowMs: number): void {
    this.buckets.delete(key);
    this.buckets.set(key, { tokens, updatedMs: nowMs });
    trimLeastRecent(this.buckets, this.maxBuckets);
  }
}
