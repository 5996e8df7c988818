// Owns rate limits: token buckets per action and per key (identity or network), kept in this
// process's memory (one node) or in the database through a LimitStore (several nodes).
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
  | 'thread'
  // Subscribing an address to a thread: each may send a confirmation request.
  | 'subscribe';

export interface Allowance {
  /** Requests allowed in a burst, refilled evenly over `perMs`. */
  count: number;
  perMs: number;
}

export type RateLimits = Record<LimitedAction, { perIdentity: Allowance | null; perNetwork: Allowance | null }>;

export interface Bucket {
  tokens: number;
  updatedMs: number;
}

/** Who spends: the reader's identity and network, either unknown. */
export interface Spender {
  authorKey: string | null;
  ipHash: string | null;
}

/** What use cases spend from, wherever the buckets are kept. */
export interface Limiter {
  /**
   * Spends one request of `action` for the identity and the network; throws RATE_LIMITED,
   * saying when to retry, if either is used up (and then spends from neither).
   */
  spend(action: LimitedAction, who: Spender): Promise<void>;
}

/** One bucket a request spends from: its key and how fast it refills. */
export interface BucketCheck {
  key: string;
  allowance: Allowance;
}

/** The buckets a request of `action` spends from; none when the action is not limited for them. */
export function bucketsFor(limits: RateLimits, action: LimitedAction, who: Spender): BucketCheck[] {
  const { perIdentity, perNetwork } = limits[action];
  const checks: BucketCheck[] = [];
  if (perIdentity && who.authorKey) checks.push({ key: `${action}:id:${who.authorKey}`, allowance: perIdentity });
  if (perNetwork && who.ipHash) checks.push({ key: `${action}:net:${who.ipHash}`, allowance: perNetwork });
  return checks;
}

/** Tokens a bucket has at `nowMs`: one never seen (or forgotten) is full. */
export function tokensAt(bucket: Bucket | undefined, allowance: Allowance, nowMs: number): number {
  if (!bucket) return allowance.count;
  const elapsed = Math.max(0, nowMs - bucket.updatedMs);
  return Math.min(allowance.count, bucket.tokens + (elapsed * allowance.count) / allowance.perMs);
}

/** When a bucket left with `tokens` at `nowMs` is full again, and so no longer worth keeping. */
export function fullAtMs(tokens: number, allowance: Allowance, nowMs: number): number {
  return nowMs + Math.ceil(((allowance.count - tokens) * allowance.perMs) / allowance.count);
}

/**
 * Decides one request against its buckets as they are now: either the tokens each keeps after
 * spending one, or how long to wait when any is used up (then nothing is spent).
 */
export function decideSpend(
  checks: BucketCheck[],
  tokensNow: number[],
): { isAllowed: true; tokensAfter: number[] } | { isAllowed: false; waitMs: number; tokensAfter: number[] } {
  let waitMs = 0;
  checks.forEach(({ allowance }, i) => {
    const tokens = tokensNow[i];
    if (tokens < 1) waitMs = Math.max(waitMs, Math.ceil(((1 - tokens) * allowance.perMs) / allowance.count));
  });
  if (waitMs > 0) return { isAllowed: false, waitMs, tokensAfter: tokensNow };
  return { isAllowed: true, tokensAfter: tokensNow.map((tokens) => tokens - 1) };
}

export function rateLimited(action: LimitedAction, waitMs: number): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new AppError('RATE_LIMITED', {
    publicMessage: `You are doing that too often. Please wait ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`,
    details: { action, retryAfterSeconds },
  });
}

/** Keys tracked at most; past it, the buckets used longest ago are forgotten first. */
export const MAX_BUCKETS = 100_000;

/** The buckets in this process's memory: the limits of one node. */
export class RateLimiter implements Limiter {
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

  async spend(action: LimitedAction, who: Spender): Promise<void> {
    this.spendNow(action, who);
  }

  /** The same, at once: for callers that hold no promise (tests, the benchmark). */
  spendNow(action: LimitedAction, who: Spender): void {
    const checks = bucketsFor(this.limits, action, who);
    if (checks.length === 0) return;
    const nowMs = this.now();
    // Worked out without storing anything: a refused request must not leave buckets behind,
    // or fresh tokens from an exhausted network would fill the table.
    const decision = decideSpend(
      checks,
      checks.map(({ key, allowance }) => tokensAt(this.buckets.get(key), allowance, nowMs)),
    );
    if (!decision.isAllowed) {
      // A refusal keeps an existing bucket in use, so a client that keeps trying is the last to be forgotten.
      checks.forEach(({ key }, i) => {
        if (this.buckets.has(key)) this.store(key, decision.tokensAfter[i], nowMs);
      });
      throw rateLimited(action, decision.waitMs);
    }
    checks.forEach(({ key }, i) => this.store(key, decision.tokensAfter[i], nowMs));
  }

  /** Stores the bucket as the most recently used; past capacity the least recently used go. */
  private store(key: string, tokens: number, nowMs: number): void {
    this.buckets.delete(key);
    this.buckets.set(key, { tokens, updatedMs: nowMs });
    trimLeastRecent(this.buckets, this.maxBuckets);
  }
}
