import { trimLeastRecent } from '../../server/abuse/least-recent';

test('keeps a small map at its capacity, dropping exactly the least recently used', () => {
  const map = new Map([
    ['a', 1],
    ['b', 2],
    ['c', 3],
  ]);
  map.delete('a');
  map.set('a', 1);
  map.set('d', 4);
  trimLeastRecent(map, 3);
  expect([...map.keys()]).toEqual(['c', 'a', 'd']);
});

test('past capacity a large map drops a batch of its oldest entries, so it is not walked on every insertion', () => {
  const map = new Map<number, number>();
  for (let i = 0; i < 1601; i++) {
    map.set(i, i);
    trimLeastRecent(map, 1600);
  }
  // 1,601 entries: one over, plus a sixteenth of the capacity.
  expect(map.size).toBe(1500);
  expect(map.has(100)).toBe(false);
  expect(map.has(101)).toBe(true);
  expect(map.has(1600)).toBe(true);
});

test('used in turn at capacity, a map costs about what it does below capacity', () => {
  const map = new Map<number, number>();
  const use = (from: number, count: number) => {
    const started = process.hrtime.bigint();
    for (let i = from; i < from + count; i++) {
      const key = (i * 7919) % 150_000;
      map.delete(key);
      map.set(key, i);
      trimLeastRecent(map, 100_000);
    }
    return Number(process.hrtime.bigint() - started) / count;
  };
  use(0, 20_000);
  const belowNs = use(20_000, 60_000);
  const atNs = use(80_000, 300_000);
  expect(map.size).toBeLessThanOrEqual(100_000);
  // Taking one oldest key per insertion walked every slot freed since the last rebuild: tens of times the cost.
  expect(atNs / belowNs).toBeLessThan(5);
});
