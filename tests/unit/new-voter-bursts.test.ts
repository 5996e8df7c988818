import { NewVoterBursts } from '../../server/abuse/new-voter-bursts';

const MINUTE = 60_000;

test('counts the new identities that voted from a network before, each once', () => {
  const bursts = new NewVoterBursts(10 * MINUTE);
  expect(bursts.noteVote('net-a', 'v1', 0, 1_000)).toBe(0);
  expect(bursts.noteVote('net-a', 'v2', 0, 2_000)).toBe(1);
  // The same identity voting again (on another comment) is still one identity.
  expect(bursts.noteVote('net-a', 'v2', 0, 3_000)).toBe(2);
  expect(bursts.noteVote('net-a', 'v3', 0, 4_000)).toBe(2);
});

test('networks are counted apart', () => {
  const bursts = new NewVoterBursts(10 * MINUTE);
  bursts.noteVote('net-a', 'v1', 0, 1_000);
  bursts.noteVote('net-a', 'v2', 0, 1_000);
  expect(bursts.noteVote('net-b', 'v3', 0, 1_000)).toBe(0);
});

test('an identity stops counting once it is no longer new, and an old identity is not noted', () => {
  const bursts = new NewVoterBursts(10 * MINUTE);
  bursts.noteVote('net-a', 'early', 0, 1_000);
  bursts.noteVote('net-a', 'later', 5 * MINUTE, 5 * MINUTE);
  // At 10:30 "early" (first seen at 0) is no longer new; "later" still is.
  expect(bursts.noteVote('net-a', 'old-hand', -60 * MINUTE, 10 * MINUTE + 30_000)).toBe(1);
  expect(bursts.noteVote('net-a', 'newcomer', 10 * MINUTE + 30_000, 10 * MINUTE + 30_000)).toBe(1);
  expect(bursts.noteVote('net-a', 'another', 16 * MINUTE, 16 * MINUTE)).toBe(1);
});

test('past its capacity it forgets the network it saw longest ago', () => {
  const bursts = new NewVoterBursts(10 * MINUTE, 2);
  bursts.noteVote('net-a', 'v1', 0, 1_000);
  bursts.noteVote('net-b', 'v2', 0, 1_000);
  bursts.noteVote('net-a', 'v3', 0, 1_000);
  // net-b was used longest ago: a third network pushes it out, and net-a stays.
  bursts.noteVote('net-c', 'v4', 0, 1_000);
  expect(bursts.noteVote('net-a', 'v5', 0, 1_000)).toBe(2);
  expect(bursts.noteVote('net-b', 'v6', 0, 1_000)).toBe(0);
});

test('at capacity, a vote from yet another network costs about what one below capacity does', () => {
  // An IPv6 /48 holds 65,536 networks: an attacker can vote from as many as the table holds.
  const capacity = 100_000;
  const bursts = new NewVoterBursts(10 * MINUTE, capacity);
  const timeVotes = (from: number, count: number) => {
    const started = process.hrtime.bigint();
    for (let i = from; i < from + count; i++) bursts.noteVote(`net-${i}`, `v${i}`, i, i);
    return Number(process.hrtime.bigint() - started) / count;
  };
  timeVotes(0, 10_000);
  const belowNs = timeVotes(10_000, capacity - 10_000);
  const atNs = timeVotes(capacity, 2 * capacity);
  // Taking one oldest network at a time walked the slots freed since the table was last
  // rebuilt: some 20 times the cost. Compared on the same machine at the same moment.
  expect(atNs / belowNs).toBeLessThan(5);
});
