// Holds many live socket.io readers of one thread in a process of their own and notes when each new comment arrives.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { newClientAddress } from '../lib/addresses';
import { arrivalParser, countingParser } from '../lib/counting-parser';

interface Request {
  type: string;
  id?: number;
  count?: number;
  commentId?: number;
}

interface Arrival {
  count: number;
  firstMs: number;
  lastMs: number;
}

const url = process.env.BENCH_URL ?? '';
const pageId = process.env.BENCH_PAGE_ID ?? '';
const CONNECT_CONCURRENCY = 50;
/**
 * How readers decode what they receive (see counting-parser): `decode`, every reader in full;
 * `count`, the first reader of this process in full and the others only count new comments;
 * `ids`, every reader reads only the ids of new comments and notes when each arrived.
 */
const parserMode = process.env.BENCH_PARSER ?? 'decode';

const sockets: Socket[] = [];
let joined = 0;
/** How long each reader took from starting to connect to its join's answer, for the current `connect` request. */
let joinMs: number[] = [];
let received = 0;
const arrivals = new Map<number, Arrival>();
let elu = performance.eventLoopUtilization();

function send(message: Record<string, unknown>): void {
  process.send?.(message);
}

/** Wall-clock milliseconds at sub-millisecond precision, comparable with other processes. */
function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

function onCreated(payload: { id?: number; comment?: { id?: number } }): void {
  const nowAt = nowMs();
  const commentId = payload?.id ?? payload?.comment?.id;
  received++;
  if (typeof commentId !== 'number') return;
  let arrival = arrivals.get(commentId);
  if (!arrival) {
    arrival = { count: 0, firstMs: nowAt, lastMs: nowAt };
    arrivals.set(commentId, arrival);
  }
  arrival.count++;
  arrival.lastMs = nowAt;
  if (arrival.count === joined) send({ type: 'arrived', commentId, ...arrival });
}

function onCounted(count: number): void {
  received += count;
}

function onArrived(ids: number[]): void {
  for (const id of ids) onCreated({ id });
}

function connectOne(): Promise<void> {
  const parser =
    parserMode === 'ids' ? arrivalParser : parserMode === 'count' && sockets.length > 0 ? countingParser : undefined;
  const startedMs = performance.now();
  return new Promise((resolve, reject) => {
    const socket = io(url, {
      ...(parser ? { parser } : {}),
      transports: ['websocket'],
      auth: { token: randomBytes(32).toString('base64url') },
      // Each reader as if behind the site's reverse proxy, from an address of its own.
      extraHeaders: { 'x-forwarded-for': newClientAddress() },
      reconnection: false,
      forceNew: true,
      timeout: 30_000,
    });
    const fail = (err: Error) => {
      socket.close();
      reject(err);
    };
    socket.once('connect_error', fail);
    socket.once('connect', () => {
      socket
        .timeout(60_000)
        .emitWithAck('thread:join', { pageId })
        .then((ack: { ok?: boolean; error?: { code?: string } }) => {
          if (!ack?.ok) throw new Error(`thread:join refused: ${ack?.error?.code ?? 'no answer'}`);
          socket.on('comment:created', onCreated);
          socket.on('comments:counted', onCounted);
          socket.on('comments:arrived', onArrived);
          // A busy thread's events arrive together as one `batch` message.
          socket.on('batch', (events: Array<[string, unknown]>) => {
            for (const [event, payload] of events)
              if (event === 'comment:created') onCreated(payload as { id?: number });
          });
          sockets.push(socket);
          joined++;
          joinMs.push(performance.now() - startedMs);
          resolve();
        })
        .catch(fail);
    });
  });
}

async function connect(count: number): Promise<{ failed: number; firstError: string | null }> {
  let next = 0;
  let failed = 0;
  let firstError: string | null = null;
  const worker = async () => {
    while (next < count) {
      next++;
      try {
        await connectOne();
      } catch (err) {
        failed++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, count) }, worker));
  return { failed, firstError };
}

process.on('message', (request: Request) => {
  if (request.type === 'connect') {
    const startedMs = performance.now();
    joinMs = [];
    connect(request.count ?? 0).then(
      ({ failed, firstError }) =>
        send({
          type: 'connected',
          id: request.id,
          joined,
          failed,
          firstError,
          elapsedMs: performance.now() - startedMs,
          joinMs,
        }),
      (err: unknown) => send({ type: 'failed', id: request.id, error: String(err) }),
    );
  } else if (request.type === 'arrival') {
    const arrival = arrivals.get(request.commentId ?? -1) ?? null;
    send({ type: 'arrival', id: request.id, joined, arrival });
  } else if (request.type === 'totals') {
    // How busy this process was since the previous question: a saturated reader process delays arrivals itself.
    const nextElu = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(nextElu, elu).utilization;
    elu = nextElu;
    send({
      type: 'totals',
      id: request.id,
      joined,
      received,
      distinct: arrivals.size,
      connected: sockets.filter((s) => s.connected).length,
      busy,
    });
  } else if (request.type === 'forget') {
    arrivals.clear();
    send({ type: 'forgotten', id: request.id });
  }
});

function closeAll(): void {
  for (const socket of sockets) socket.close();
}

process.once('SIGTERM', () => {
  closeAll();
  process.exit(0);
});
process.once('disconnect', () => {
  closeAll();
  process.exit(0);
});
send({ type: 'ready' });
