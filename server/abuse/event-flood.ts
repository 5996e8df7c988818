// Owns the allowance of events one live connection may send: a burst, then a steady rate. Time is passed in.

export interface EventAllowance {
  /** Events a connection may send at once. */
  burst: number;
  /** Events a second after the burst, refilled evenly. */
  perSecond: number;
}

/** A token bucket for one connection; a connection over it is flooding. */
export class EventFlood {
  private tokens: number;
  private refilledAtMs: number;

  constructor(
    private readonly allowance: EventAllowance,
    nowMs: number,
  ) {
    this.tokens = allowance.burst;
    this.refilledAtMs = nowMs;
  }

  /** Spends one event sent at `nowMs`; false when the connection has gone over its allowance. */
  spend(nowMs: number): boolean {
    const { burst, perSecond } = this.allowance;
    const elapsedMs = Math.max(0, nowMs - this.refilledAtMs);
    this.tokens = Math.min(burst, this.tokens + (elapsedMs / 1000) * perSecond);
    // A clock that steps back gives nothing now, and nothing twice later.
    this.refilledAtMs = Math.max(this.refilledAtMs, nowMs);
    this.tokens -= 1;
    return this.tokens >= 0;
  }
}
