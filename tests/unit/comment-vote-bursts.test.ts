import { CommentVoteBursts } from '../../server/abuse/comment-vote-bursts';

const HOUR = 3_600_000;
const NET_A = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const NET_B = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

test('counts the earlier votes on a comment from a network, whoever cast them', () => {
  const bursts = new CommentVoteBursts(24 * HOUR);
  expect([0, 1, 2, 3].map((i) => bursts.noteVote(NET_A, 7, i * HOUR))).toEqual([0, 1, 2, 3]);
  // Another comment, another network: counted apart.
  expect(bursts.noteVote(NET_A, 8, 5 * HOUR)).toBe(0);
  expect(bursts.noteVote(NET_B, 7, 5 * HOUR)).toBe(0);
  expect(bursts.noteVote(NET_A, 7, 6 * HOUR)).toBe(4);
});

test('a new window starts a day after the first vote of the last one', () => {
  const bursts = new CommentVoteBursts(24 * HOUR);
  bursts.noteVote(NET_A, 7, 0);
  bursts.noteVote(NET_A, 7, 23 * HOUR);
  expect(bursts.noteVote(NET_A, 7, 24 * HOUR - 1)).toBe(2);
  expect(bursts.noteVote(NET_A, 7, 24 * HOUR)).toBe(0);
  expect(bursts.noteVote(NET_A, 7, 25 * HOUR)).toBe(1);
});

test('counts stop growing at seven, which is more than any rule asks', () => {
  const bursts = new CommentVoteBursts(24 * HOUR);
  for (let i = 0; i < 20; i++) bursts.noteVote(NET_A, 7, i);
  expect(bursts.noteVote(NET_A, 7, 100)).toBe(7);
});

test('past its capacity it forgets the pair used longest ago', () => {
  const bursts = new CommentVoteBursts(24 * HOUR, 2);
  bursts.noteVote(NET_A, 1, 0);
  bursts.noteVote(NET_A, 2, 0);
  bursts.noteVote(NET_A, 1, 1);
  bursts.noteVote(NET_A, 3, 2);
  expect(bursts.noteVote(NET_A, 1, 3)).toBe(2);
  expect(bursts.noteVote(NET_A, 2, 3)).toBe(0);
});
