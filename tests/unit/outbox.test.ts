import { Outbox, type Audience, type LiveEvent } from '../../server/realtime/outbox';

describe('Outbox', () => {
  let nowMs = 0;
  const clock = () => nowMs;
  let delivered: Array<{ audience: Audience; events: LiveEvent[]; atMs: number }>;
  const deliver = (audience: Audience, events: LiveEvent[]) => delivered.push({ audience, events, atMs: nowMs });
  const room = { room: 'thread:1' };

  beforeEach(() => {
    jest.useFakeTimers();
    nowMs = 1000;
    delivered = [];
  });
  afterEach(() => jest.useRealTimers());

  test('a broadcast on a quiet thread leaves on the next turn of the event loop', () => {
    const outbox = new Outbox(deliver, 15, clock);
    outbox.push(room, 'comment:created', { id: 1 });
    expect(delivered).toEqual([]);
    jest.advanceTimersByTime(0);
    expect(delivered).toEqual([{ audience: room, events: [['comment:created', { id: 1 }]], atMs: 1000 }]);
  });

  test('events for the same readers in one flush go as one batch, in order; a later keyed update replaces the queued one in its place', () => {
    const outbox = new Outbox(deliver, 15, clock);
    outbox.push(room, 'comment:voted', { score: 1 }, 'voted:7');
    outbox.push(room, 'comment:created', { id: 8 });
    outbox.push(room, 'comment:voted', { score: 2 }, 'voted:7');
    jest.advanceTimersByTime(0);
    expect(delivered).toHaveLength(1);
    expect(delivered[0].events).toEqual([
      ['comment:voted', { score: 2 }],
      ['comment:created', { id: 8 }],
    ]);
  });

  test('different audiences get their own batches', () => {
    const outbox = new Outbox(deliver, 15, clock);
    const others = { room: 'thread:1', except: 'author:x' };
    outbox.push(room, 'thread:counted', { commentCount: 3 });
    outbox.push(others, 'comment:updated', { id: 2 });
    outbox.push({ room: 'thread:2' }, 'thread:counted', { commentCount: 9 });
    jest.advanceTimersByTime(0);
    expect(delivered.map((d) => [d.audience, d.events.length])).toEqual([
      [room, 1],
      [others, 1],
      [{ room: 'thread:2' }, 1],
    ]);
  });

  test('while writes keep coming, flushes are at least the interval apart and carry everything queued', () => {
    const outbox = new Outbox(deliver, 15, clock);
    outbox.push(room, 'a', 1);
    jest.advanceTimersByTime(0);
    nowMs += 5;
    outbox.push(room, 'b', 2);
    outbox.push(room, 'c', 3);
    jest.advanceTimersByTime(9);
    expect(delivered).toHaveLength(1);
    nowMs += 10;
    jest.advanceTimersByTime(1);
    expect(delivered.map((d) => [d.atMs, d.events.map(([name]) => name)])).toEqual([
      [1000, ['a']],
      [1015, ['b', 'c']],
    ]);
  });

  test('while flushes keep coming full, they are spaced further apart, up to the longest wait; a quiet flush brings the spacing back', () => {
    const outbox = new Outbox(deliver, 15, clock, 60);
    const burst = (n: number) => {
      for (let i = 0; i < n; i++) outbox.push(room, 'comment:created', { id: i });
    };
    const flushAfter = (ms: number) => {
      nowMs += ms;
      jest.advanceTimersByTime(ms);
    };
    burst(5);
    flushAfter(0);
    expect(delivered).toHaveLength(1);
    // Full flushes: the next may leave 30, then 60, then still 60 ms after the one before.
    for (const spacing of [30, 60, 60]) {
      burst(5);
      flushAfter(spacing - 1);
      const before = delivered.length;
      flushAfter(1);
      expect(delivered.length).toBe(before + 1);
    }
    // A flush with a single event brings the spacing back to 15 ms.
    burst(1);
    flushAfter(60);
    burst(1);
    const before = delivered.length;
    flushAfter(15);
    expect(delivered.length).toBe(before + 1);
  });

  test('nothing is sent after stop, not even what was queued', () => {
    const outbox = new Outbox(deliver, 15, clock);
    outbox.push(room, 'a', 1);
    outbox.stop();
    outbox.push(room, 'b', 2);
    jest.runAllTimers();
    expect(delivered).toEqual([]);
  });
});
