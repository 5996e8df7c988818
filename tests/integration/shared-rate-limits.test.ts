// Rate limits on PostgreSQL are one allowance for a site, whichever node a request reaches.
import { SharedRateLimiter } from '../../server/abuse/shared-rate-limiter';
import type { RateLimits } from '../../server/abuse/rate-limiter';
import { AppError } from '../../server/errors';
import { readMigrations } from '../../server/db/migrations';
import { createPostgresLimitStore } from '../../server/db/postgres/limit-repository';
import { migratePostgres } from '../../server/db/postgres/migrate';
import { openPool, type PgPool } from '../../server/db/postgres/pool';
import { PATHS } from '../../server/paths';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';

jest.setTimeout(60_000);

const perMinute = (count: number) => ({ count, perMs: 60_000 });
const NO_LIMIT = { perIdentity: null, perNetwork: null };
const LIMITS: RateLimits = {
  post: { perIdentity: perMinute(3), perNetwork: perMinute(5) },
  edit: NO_LIMIT,
  vote: NO_LIMIT,
  report: NO_LIMIT,
  login: NO_LIMIT,
  preview: NO_LIMIT,
  thread: NO_LIMIT,
  subscribe: NO_LIMIT,
};

let database: TestDatabase;
const pools: PgPool[] = [];
let nowMs = 1_764_000_000_000;

beforeEach(async () => {
  database = await createTestDatabase();
  const pool = await openPool(database.url, { max: 2 });
  await migratePostgres(pool, readMigrations(PATHS.postgresMigrations));
  await pool.end();
});

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.end()));
  await database.drop();
});

/** A node: its own pool and limiter on the shared database. */
async function node(): Promise<SharedRateLimiter> {
  const pool = await openPool(database.url, { max: 4 });
  pools.push(pool);
  return new SharedRateLimiter(LIMITS, () => nowMs, createPostgresLimitStore(pool));
}

async function outcome(spend: Promise<void>): Promise<'spent' | 'refused'> {
  try {
    await spend;
    return 'spent';
  } catch (err) {
    if (err instanceof AppError && err.code === 'RATE_LIMITED') return 'refused';
    throw err;
  }
}

test('a reader gets one allowance across three nodes, not one per node', async () => {
  const nodes = [await node(), await node(), await node()];
  const reader = { authorKey: 'reader-1', ipHash: 'net-1' };
  const results = [];
  for (let i = 0; i < 6; i++) results.push(await outcome(nodes[i % 3].spend('post', reader)));
  expect(results).toEqual(['spent', 'spent', 'spent', 'refused', 'refused', 'refused']);

  // The allowance refills with time, for every node alike.
  nowMs += 20_000;
  expect(await outcome(nodes[2].spend('post', reader))).toBe('spent');
  expect(await outcome(nodes[0].spend('post', reader))).toBe('refused');
});

test('requests sent to every node at once spend exactly the allowance', async () => {
  const nodes = [await node(), await node(), await node()];
  const network = 'net-2';
  // Fresh identities from one network: the network's five are all there is.
  const results = await Promise.all(
    Array.from({ length: 15 }, (_, i) =>
      outcome(nodes[i % 3].spend('post', { authorKey: `fresh-${i}`, ipHash: network })),
    ),
  );
  expect(results.filter((r) => r === 'spent')).toHaveLength(5);
});

test('a refused request leaves no bucket behind', async () => {
  const [a] = [await node()];
  const network = { authorKey: null, ipHash: 'net-3' };
  for (let i = 0; i < 5; i++) await a.spend('post', network);
  const pool = pools[0];
  // Fresh identities on an exhausted network are refused and make no rows of their own.
  for (let i = 0; i < 20; i++)
    expect(await outcome(a.spend('post', { authorKey: `new-${i}`, ipHash: 'net-3' }))).toBe('refused');
  const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM rate_buckets');
  expect(Number(rows[0].n)).toBe(1);
});
