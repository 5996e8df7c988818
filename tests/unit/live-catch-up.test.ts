// The widget's catch-up after reconnects, driven through a stand-in for its socket: which seq it asks from.
import type { PublicComment, ThreadView } from '../../server/protocol/dto';

type Listener = (...args: any[]) => void;
type Sent = { event: string; payload: any; ack: (err: Error | null, result?: any) => void };

/** Plays the server's side of the widget's socket: the test answers each request and drops the link at will. */
class StandInSocket {
  connected = false;
  active = true;
  sent: Sent[] = [];
  private listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }
  timeout() {
    return {
      emit: (event: string, payload: unknown, ack: Sent['ack']) => void this.sent.push({ event, payload, ack }),
    };
  }
  connect(): void {}
  disconnect(): void {}

  fire(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
  up(): void {
    this.connected = true;
    this.fire('connect');
  }
  /** As the real socket does: requests still waiting fail, then the disconnect is told. */
  down(): void {
    this.connected = false;
    for (const { ack } of this.sent.splice(0)) ack(new Error('disconnected'));
    this.fire('disconnect', 'transport close');
  }
  /** The oldest unanswered request of this kind. */
  take(event: string): Sent {
    const at = this.sent.findIndex((s) => s.event === event);
    if (at < 0) throw new Error(`no ${event} was sent; sent: ${this.sent.map((s) => s.event).join(', ')}`);
    return this.sent.splice(at, 1)[0];
  }
}

let socket: StandInSocket;
jest.mock('../../client/socket-lite', () => ({ openSocket: () => socket }));
// Imported after the stand-in is in place.
import { connectThread } from '../../client/live';

const THREAD_ID = 7;

function view(seq: number): ThreadView {
  return {
    thread: { id: THREAD_ID, pageId: 'page', url: null, title: null, commentCount: 0, isClosed: false },
    seq,
    sort: 'oldest',
    comments: [],
    pinned: [],
    nextCursor: null,
    viewer: { votes: {}, ownCommentIds: [], ownSources: {} },
    settings: { editWindowMs: 900_000, maxDepth: 5, pageSize: 20 },
  } as unknown as ThreadView;
}

function comment(id: number, seq: number): PublicComment {
  return { id, threadId: THREAD_ID, parentId: null, seq } as PublicComment;
}

function open(sinceSeq: number | null) {
  socket = new StandInSocket();
  const applied: number[] = [];
  const handlers = {
    onView: () => undefined,
    onChange: (c: PublicComment) => void applied.push(c.id),
    onVoted: () => undefined,
    onCaughtUp: () => undefined,
    onCounted: () => undefined,
    onClosed: () => undefined,
    onStatus: () => undefined,
    onJoinFailed: () => undefined,
    onFeedback: () => undefined,
  };
  const live = connectThread(
    { origin: 'http://parley.test', token: 't', page: { pageId: 'page' }, sinceSeq },
    handlers,
  );
  return { live, applied };
}

/** Connects, answers the join with a view at `viewSeq`, and returns the catch-up request it sent. */
function rejoin(viewSeq: number): Sent {
  socket.up();
  socket.take('thread:join').ack(null, { ok: true, data: view(viewSeq) });
  return socket.take('thread:catch-up');
}

test('a link lost before the catch-up answer leaves the next catch-up starting where the last applied one ended', () => {
  const { live } = open(10);
  expect(rejoin(50).payload).toEqual({ threadId: THREAD_ID, sinceSeq: 10 });
  socket.down();
  // The second join's view is newer still, but changes 11 to 50 were never applied.
  expect(rejoin(60).payload).toEqual({ threadId: THREAD_ID, sinceSeq: 10 });
  live.close();
});

test('live events heard while a catch-up is on its way do not move its starting point either', () => {
  const { live, applied } = open(10);
  const first = rejoin(50);
  socket.fire('comment:created', comment(99, 55));
  socket.fire('comment:voted', { id: 98, threadId: THREAD_ID, score: 1, upvotes: 1, downvotes: 0, seq: 56 });
  expect(applied).toEqual([99]);
  socket.down();
  first.ack(new Error('disconnected'));
  expect(rejoin(60).payload).toEqual({ threadId: THREAD_ID, sinceSeq: 10 });
  live.close();
});

test('once a catch-up is applied, the next one starts after everything seen meanwhile', () => {
  const { live, applied } = open(10);
  const catchUp = rejoin(50);
  socket.fire('comment:created', comment(99, 55));
  catchUp.ack(null, {
    ok: true,
    data: {
      changes: [comment(11, 12), comment(12, 40)],
      viewer: { votes: {}, ownCommentIds: [], ownSources: {} },
      commentCount: 3,
      seq: 50,
      isComplete: true,
    },
  });
  expect(applied).toEqual([99, 11, 12]);
  socket.down();
  expect(rejoin(70).payload).toEqual({ threadId: THREAD_ID, sinceSeq: 55 });
  live.close();
});

test('a refused catch-up keeps the starting point for the next reconnect', () => {
  const { live } = open(10);
  rejoin(50).ack(null, { ok: false, error: { code: 'SERVICE_UNAVAILABLE', message: 'later' } });
  socket.down();
  expect(rejoin(60).payload).toEqual({ threadId: THREAD_ID, sinceSeq: 10 });
  live.close();
});
