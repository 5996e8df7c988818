import { DomainEvents, type DomainEventName } from '../../server/domain-events';
import { CountStreams } from '../../server/http/count-streams';
import type { Thread } from '../../server/threads/thread';

const WATCHED: DomainEventName[] = [
  'thread:counted',
  'thread:created',
  'comment:created',
  'comment:updated',
  'server:stopping',
];
const listeners = (events: DomainEvents) => WATCHED.map((e) => events.listenerCount(e));

function makeThread(overrides: Partial<Thread>): Thread {
  return {
    id: 1,
    pageId: 'p',
    url: null,
    title: null,
    commentCount: 0,
    createdAtMs: 0,
    isClosed: false,
    closedAtMs: null,
    isReopened: false,
    reopenedAtMs: null,
    isPageVerified: false,
    ...overrides,
  };
}

function sink() {
  const written: string[] = [];
  return {
    written,
    isEnded: false,
    write: (chunk: string) => void written.push(chunk),
    end() {
      this.isEnded = true;
    },
  };
}

describe('CountStreams', () => {
  it('a thousand open streams add no listeners to the domain events', () => {
    const events = new DomainEvents();
    const streams = new CountStreams(events, null);
    const withHub = listeners(events);
    const sinks = Array.from({ length: 1000 }, () => sink());
    for (const s of sinks)
      streams.open(streams.admit('net'), s, [
        { pageId: 'p', threadId: 1 },
        { pageId: 'q', threadId: null },
      ]);
    expect(listeners(events)).toEqual(withHub);
    expect(streams.size).toBe(1000);

    events.emit('thread:counted', { threadId: 1, commentCount: 5 });
    expect(sinks.every((s) => s.written.join('') === 'event: counts\ndata: {"p":5}\n\n')).toBe(true);
    // A page without a thread: its streams move onto the thread when it is created.
    events.emit('thread:created', { thread: makeThread({ id: 2, pageId: 'q' }) });
    events.emit('thread:counted', { threadId: 2, commentCount: 1 });
    expect(sinks.every((s) => s.written[1] === 'event: counts\ndata: {"q":1}\n\n')).toBe(true);
    // Other threads' changes reach nobody.
    events.emit('thread:counted', { threadId: 3, commentCount: 9 });
    expect(sinks.every((s) => s.written.length === 2)).toBe(true);
    events.emit('server:stopping', {});
    expect(sinks.every((s) => s.isEnded)).toBe(true);
    expect(streams.size).toBe(0);
  });

  it('admits a network up to its cap, and a closed stream (or a released place) frees one', () => {
    const streams = new CountStreams(new DomainEvents(), 2);
    const close = streams.open(streams.admit('net-a'), sink(), [{ pageId: 'p', threadId: 1 }]);
    const place = streams.admit('net-a');
    expect(() => streams.admit('net-a')).toThrow(expect.objectContaining({ code: 'TOO_MANY_CONNECTIONS' }));
    expect(() => streams.admit('net-b')).not.toThrow();
    streams.release(place);
    streams.admit('net-a');
    close();
    close();
    streams.admit('net-a');
    expect(() => streams.admit('net-a')).toThrow(expect.objectContaining({ code: 'TOO_MANY_CONNECTIONS' }));
  });

  it('a closed stream hears nothing more', () => {
    const events = new DomainEvents();
    const streams = new CountStreams(events, null);
    const kept = sink();
    const gone = sink();
    streams.open(streams.admit(null), kept, [{ pageId: 'p', threadId: 1 }]);
    streams.open(streams.admit(null), gone, [
      { pageId: 'p', threadId: 1 },
      { pageId: 'q', threadId: null },
    ])();
    events.emit('thread:counted', { threadId: 1, commentCount: 2 });
    events.emit('thread:created', { thread: makeThread({ id: 2, pageId: 'q' }) });
    events.emit('thread:counted', { threadId: 2, commentCount: 1 });
    expect(kept.written).toEqual(['event: counts\ndata: {"p":2}\n\n']);
    expect(gone.written).toEqual([]);
  });
});
