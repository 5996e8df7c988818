// Owns the notion of "now", passed in so tests can pin it.
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
