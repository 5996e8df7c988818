import { RateLimiter, type RateLimits } from '../../server/abuse/rate-limiter';

const off = { perIdentity: null, perNetwork: null };
const limits = (vote: RateLimits['vote']): RateLimits => ({
  post: off,
  edit: off,
  vote,
  report: off,
  login: off,
  preview: off,
  thread: off,
  subscribe: off,
});
const perMinute = (count: number) => ({ count, perMs: 60_000 });

function isRefused(spend: () => void): boolean {
  try {
    spend();
    return false;
  } catch (err) {
    if ((err as { code?: string }).code !== 'RATE_LIMITED') throw err;
    return true;
  }
}

describe('RateLimiter', () => {
  it('refused requests leave no bucket behind, whatever tokens they carry', () => {
    const limiter = new RateLimiter(limits({ perIdentity: perMinute(10), perNetwork: perMinute(3) }), () => 0);
    for (let i = 0; i < 3; i++) limiter.spendNow('vote', { authorKey: `reader-${i}`, ipHash: 'net-a' });
    // Three identity buckets and the network's.
    expect(limiter.size).toBe(4);
    for (let i = 0; i < 1000; i++) {
      expect(isRefused(() => limiter.spendNow('vote', { authorKey: `fresh-${i}`, ipHash: 'net-a' }))).toBe(true);
    }
    expect(limiter.size).toBe(4);
  });

  it('an exhausted reader stays limited however many other keys fill the table', () => {
    let nowMs = 0;
    const limiter = new RateLimiter(limits({ perIdentity: perMinute(2), perNetwork: null }), () => nowMs);
    const exhausted = { authorKey: 'exhausted', ipHash: null };
    limiter.spendNow('vote', exhausted);
    limiter.spendNow('vote', exhausted);
    expect(isRefused(() => limiter.spendNow('vote', exhausted))).toBe(true);
    // More fresh identities than the table holds (100,000 keys), the exhausted reader trying again among them.
    for (let i = 0; i < 100_500; i++) {
      limiter.spendNow('vote', { authorKey: `fresh-${i}`, ipHash: null });
      if (i % 10_000 === 0) expect(isRefused(() => limiter.spendNow('vote', exhausted))).toBe(true);
      nowMs += 0.01;
    }
    expect(limiter.size).toBeLessThanOrEqual(100_000);
    expect(isRefused(() => limiter.spendNow('vote', exhausted))).toBe(true);
  });

  it('past capacity it forgets the key used longest ago, and only that one', () => {
    const limiter = new RateLimiter(limits({ perIdentity: perMinute(1), perNetwork: null }), () => 0, 3);
    for (const key of ['a', 'b', 'c']) limiter.spendNow('vote', { authorKey: key, ipHash: null });
    // "a" tries again (refused), so "b" is now the one used longest ago.
    expect(isRefused(() => limiter.spendNow('vote', { authorKey: 'a', ipHash: null }))).toBe(true);
    limiter.spendNow('vote', { authorKey: 'd', ipHash: null });
    expect(limiter.size).toBe(3);
    expect(isRefused(() => limiter.spendNow('vote', { authorKey: 'a', ipHash: null }))).toBe(true);
    expect(isRefused(() => limiter.spendNow('vote', { authorKey: 'c', ipHash: null }))).toBe(true);
    // "b" was forgotten: a forgotten bucket is a full one.
    expect(isRefused(() => limiter.spendNow('vote', { authorKey: 'b', ipHash: null }))).toBe(false);
  });

  it('spends from neither bucket when one of them refuses', () => {
    const limiter = new RateLimiter(limits({ perIdentity: perMinute(1), perNetwork: perMinute(5) }), () => 0);
    limiter.spendNow('vote', { authorKey: 'r', ipHash: 'net' });
    expect(isRefused(() => limiter.spendNow('vote', { authorKey: 'r', ipHash: 'net' }))).toBe(true);
    // The network spent one of five: four others still get through.
    for (let i = 0; i < 4; i++) limiter.spendNow('vote', { authorKey: `other-${i}`, ipHash: 'net' });
    expect(isRefused(() => limiter.spendNow('vote', { authorKey: 'last', ipHash: 'net' }))).toBe(true);
  });
});
