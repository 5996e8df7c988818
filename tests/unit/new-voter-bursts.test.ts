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
