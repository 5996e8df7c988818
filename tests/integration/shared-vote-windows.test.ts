// Vote-stuffing windows on PostgreSQL count the same as one process's memory, and are one count
// for the whole site whichever node each vote reaches.
import { createMemoryVoteWindows, type VoteWindows } from '../../server/abuse/vote-windows';
import { readMigrations } from '../../server/db/migrations';
import { migratePostgres } from '../../server/db/postgres/migrate';
import { openPool } from '../../server/db/postgres/pool';
import { createPostgresVoteWindows, type SharedVoteWindows } from '../../server/db/postgres/vote-window-repository';
import { PATHS } from '../../server/paths';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';

jest.setTimeout(60_000);

const LENGTHS = { newForMs: 600_000, windowMs: 86_400_000 };
const T = 1_800_000_000_000;

let database: TestDatabase;
const opened: SharedVoteWindows[] = [];
const reported: Error[] = [];

beforeEach(async () => {
  database = await createTestDatabase();
  const pool = await openPool(database.url, { max: 1 });
  await migratePostgres(pool, readMigrations(PATHS.postgresMigrations));
  await pool.end();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((w) => w.close()));
  expect(reported.splice(0)).toEqual([]);
  await database.drop();
});

function node(): VoteWindows {
  // A pool's end() resolves before its connections have closed, so dropping the database
  // right after can end one still closing: that is reported, not a failure; anything else is.
  const shared = createPostgresVoteWindows(database.url, LENGTHS, (err) => {
    if (!/terminat/i.test(err.message)) reported.push(err);
  });
  opened.push(shared);
  return shared.windows;
}

/** A day of votes from two networks: new and aged identities, windows running out, the cap. */
async function replay(nodes: VoteWindows[]): Promise<number[]> {
  const at = (i: number) => nodes[i % nodes.length];
  const out: number[] = [];
  let i = 0;
  // Five brand-new identities from one network, one still voting after another has aged.
  for (let v = 0; v < 5; v++)
    out.push(await at(i++).noteNewVoter('net-a', `new-${v}`, T + v * 1000, T + v * 1000 + 10));
  out.push(await at(i++).noteNewVoter('net-a', 'new-0', T, T + 5000));
  out.push(await at(i++).noteNewVoter('net-a', 'late', T + 700_000, T + 700_000));
  out.push(await at(i++).noteNewVoter('net-b', 'other', T, T + 10));
  // First votes on one comment from one network: counted, capped at 7, started again after the window.
  for (let v = 0; v < 9; v++) out.push(await at(i++).noteFirstVote('vote', 'net-a', 42, T + v));
  out.push(await at(i++).noteFirstVote('reaction', 'net-a', 42, T + 20));
  out.push(await at(i++).noteFirstVote('vote', 'net-a', 43, T + 20));
  out.push(await at(i++).noteFirstVote('vote', 'net-a', 42, T + LENGTHS.windowMs + 1));
  out.push(await at(i).noteFirstVote('vote', 'net-a', 42, T + LENGTHS.windowMs + 2));
  return out;
}

test('on PostgreSQL the windows count what one process counts in memory', async () => {
  const inMemory = await replay([createMemoryVoteWindows(LENGTHS)]);
  expect(inMemory).toEqual([0, 1, 2, 3, 4, 5, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 7, 0, 0, 0, 1]);
  expect(await replay([node()])).toEqual(inMemory);
});

test('three nodes count in one window, not one window each', async () => {
  const inMemory = await replay([createMemoryVoteWindows(LENGTHS)]);
  expect(await replay([node(), node(), node()])).toEqual(inMemory);
});
