// Owns rate limits shared by every node of a site: the same token buckets, kept in the database,
// so a reader cannot multiply an allowance by the number of nodes behind the balancer.
import {
  bucketsFor,
  decideSpend,
  rateLimited,
  tokensAt,
  type Bucket,
  type BucketCheck,
  type LimitedAction,
  type Limiter,
  type RateLimits,
  type Spender,
} from './rate-limiter';

/** The buckets as they stand, and what to write back; null writes nothing (a refusal). */
export type BucketDecision = (current: Array<Bucket | undefined>) => Bucket[] | null;

/** Where shared buckets live. */
export interface LimitStore {
  /**
   * Reads the buckets of `checks` (locked against every other node), asks `decide`, and writes
   * what it returns, all at once. Buckets that are full again by `nowMs` may be forgotten.
   */
  updateBuckets(checks: BucketCheck[], nowMs: number, decide: BucketDecision): Promise<void>;
}

export class SharedRateLimiter implements Limiter {
  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number,
    private readonly store: LimitStore,
  ) {}

  async spend(action: LimitedAction, who: Spender): Promise<void> {
    const checks = bucketsFor(this.limits, action, who);
    if (checks.length === 0) return;
    const nowMs = this.now();
    let waitMs = 0;
    await this.store.updateBuckets(checks, nowMs, (current) => {
      const decision = decideSpend(
        checks,
        checks.map(({ allowance }, i) => tokensAt(current[i], allowance, nowMs)),
      );
      if (!decision.isAllowed) {
        waitMs = decision.waitMs;
        return null;
      }
      return decision.tokensAfter.map((tokens) => ({ tokens, updatedMs: nowMs }));
    });
    if (waitMs > 0) throw rateLimited(action, waitMs);
  }
}
