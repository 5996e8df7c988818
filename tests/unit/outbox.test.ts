import { Outbox, type Audience, type LiveEvent } from '../../server/realtime/outbox';

describe('Outbox', () => {
  let nowMs = 0;
  const clock = () => nowMs;
  let delivered: Array<{ audience: Audience; events: LiveEvent[]; atMs: number }>;
  const deliver = (audience: Audience, events: LiveEvent[]) => {
    delivered.push({ audience, events, atMs: nowMs });
    return [];
  };
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

  describe('a delivery in several sends', () => {
    /** A delivery of `parts` sends, each noting itself and advancing the clock by `costMs`. */
    const inParts =
      (log: string[], parts: number, costMs = 0) =>
      (_audience: Audience, events: LiveEvent[]) =>
        Array.from({ length: parts }, (_, i) => () => {
          log.push(`${events.map(([name]) => name).join('+')} part ${i + 1}`);
          nowMs += costMs;
        });
    /** One turn of the event loop: what is pending now runs; what it queues waits for the next turn. */
    const nextTurn = () => jest.runOnlyPendingTimers();

    test('sends one part per turn of the event loop, so work queued meanwhile (a request) runs between the parts', () => {
      const log: string[] = [];
      const outbox = new Outbox(
        (audience, events) =>
          inParts(log, 3)(audience, events).map((send) => () => {
            send();
            // Something else asks for a turn while the delivery is under way.
            setImmediate(() => log.push('request'));
          }),
        15,
        clock,
      );
      outbox.push(room, 'comment:created', { id: 1 });
      nextTurn();
      expect(log).toEqual(['comment:created part 1']);
      nextTurn();
      expect(log).toEqual(['comment:created part 1', 'request', 'comment:created part 2']);
      nextTurn();
      nextTurn();
      expect(log).toEqual([
        'comment:created part 1',
        'request',
        'comment:created part 2',
        'request',
        'comment:created part 3',
        'request',
      ]);
    });

    test('events queued while a delivery is under way leave after its last part, never between its parts', () => {
      const log: string[] = [];
      const outbox = new Outbox(inParts(log, 3), 15, clock);
      outbox.push(room, 'a', 1);
      nextTurn();
      expect(log).toEqual(['a part 1']);
      outbox.push(room, 'b', 2);
      nowMs += 100;
      jest.advanceTimersByTime(100);
      for (let i = 0; i < 5; i++) nextTurn();
      expect(log).toEqual(['a part 1', 'a part 2', 'a part 3', 'b part 1', 'b part 2', 'b part 3']);
    });

    test('the spacing counts from the start of the last flush', () => {
      const atMs: number[] = [];
      const outbox = new Outbox(
        (audience, events) => {
          atMs.push(nowMs);
          return inParts([], 2, 1)(audience, events);
        },
        15,
        clock,
      );
      outbox.push(room, 'a', 1);
      nextTurn();
      nextTurn();
      outbox.push(room, 'b', 2);
      jest.advanceTimersByTime(1015 - nowMs - 1);
      expect(atMs).toEqual([1000]);
      nowMs = 1015;
      jest.advanceTimersByTime(1);
      expect(atMs).toEqual([1000, 1015]);
    });

    test('events queued during a delivery longer than the spacing leave on the turn after its last part', async () => {
      jest.useRealTimers();
      const turn = () => new Promise((resolve) => setImmediate(resolve));
      const atMs: number[] = [];
      // Two parts of 25 ms: the delivery ends 50 ms after its flush, past the 15 ms spacing.
      const outbox = new Outbox(
        (audience, events) => {
          atMs.push(nowMs);
          return inParts([], 2, 25)(audience, events);
        },
        15,
        clock,
      );
      outbox.push(room, 'a', 1);
      await turn();
      expect(nowMs).toBe(1025);
      outbox.push(room, 'b', 2);
      await turn();
      expect(nowMs).toBe(1050);
      expect(atMs).toEqual([1000]);
      await turn();
      expect(atMs).toEqual([1000, 1050]);
      outbox.stop();
    });

    test('stop halts a delivery between its parts', () => {
      const log: string[] = [];
      const outbox = new Outbox(inParts(log, 3), 15, clock);
      outbox.push(room, 'a', 1);
      nextTurn();
      outbox.stop();
      jest.runAllTimers();
      expect(log).toEqual(['a part 1']);
    });
  });
});
