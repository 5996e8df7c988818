// Owns the widget's connection to the server: the socket.io protocol (Engine.IO 4 / Socket.IO 5)
// over one WebSocket, with acknowledgements, heartbeats and reconnection with back-off and jitter.
// The full socket.io client would be most of the widget's weight; the widget needs this much of it.

// Listeners and acknowledgements are typed at the edges by the event maps; inside, any payload goes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Listener = (...args: any[]) => void;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AckCallback = (err: Error | null, result?: any) => void;
// Interfaces of named events (no index signature), as in server/protocol/socket-events.ts.
type EventMap = object;

/** What a request sends, and what arrives in its acknowledgement. */
type PayloadOf<F> = F extends (payload: infer P, ...rest: never[]) => unknown ? P : never;
type AckOf<F> = F extends (payload: never, ack: (result: infer R) => void) => unknown ? R : never;

interface ConnectionEvents {
  connect: () => void;
  disconnect: (reason: string) => void;
  connect_error: (err: Error & { data?: unknown }) => void;
}

export interface LiteSocketOptions {
  auth: Record<string, unknown>;
  /** socket.io's mount path on the server. */
  path?: string;
}

/** `Listen` types what the server pushes; `Ask` types the requests and their acknowledgements. */
export interface LiteSocket<Listen extends EventMap, Ask extends EventMap> {
  readonly connected: boolean;
  /** False once the server refused the handshake: retrying would be refused again. */
  readonly active: boolean;
  on<E extends keyof (Listen & ConnectionEvents)>(event: E, listener: (Listen & ConnectionEvents)[E]): void;
  timeout(ms: number): {
    emit<E extends keyof Ask & string>(
      event: E,
      payload: PayloadOf<Ask[E]>,
      ack: (err: Error | null, result: AckOf<Ask[E]>) => void,
    ): void;
  };
  connect(): void;
  disconnect(): void;
}

const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 10_000;

export function openSocket<Listen extends EventMap, Ask extends EventMap>(
  origin: string,
  options: LiteSocketOptions,
): LiteSocket<Listen, Ask> {
  const url = `${origin.replace(/^http/, 'ws')}${options.path ?? '/socket.io/'}?EIO=4&transport=websocket`;
  const listeners = new Map<string, Listener[]>();
  const acks = new Map<number, { done: AckCallback; timer: ReturnType<typeof setTimeout> }>();
  let ws: WebSocket | null = null;
  let nextAckId = 0;
  let isConnected = false;
  let isActive = true;
  let isWanted = true;
  let attempts = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let heartbeatTimer: ReturnType<typeof setTimeout> | undefined;
  let heartbeatMs = 45_000;

  const fire = (event: string, ...args: unknown[]) => {
    for (const listener of listeners.get(event) ?? []) listener(...args);
  };

  function failAcks(): void {
    for (const [id, { done, timer }] of acks) {
      clearTimeout(timer);
      acks.delete(id);
      done(new Error('disconnected'));
    }
  }

  /** The server pings every pingInterval; silence past interval + timeout means the link is dead. */
  function expectHeartbeat(): void {
    clearTimeout(heartbeatTimer);
    heartbeatTimer = setTimeout(() => ws?.close(), heartbeatMs);
  }

  function scheduleRetry(): void {
    if (!isWanted || !isActive) return;
    // Back-off with jitter, so readers of a restarted server do not all return at once.
    const base = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** attempts++);
    retryTimer = setTimeout(open, base * (0.5 + Math.random()));
  }

  function lost(reason: string): void {
    clearTimeout(heartbeatTimer);
    const wasConnected = isConnected;
    isConnected = false;
    ws = null;
    failAcks();
    if (wasConnected) fire('disconnect', reason);
    else if (isWanted && isActive) fire('connect_error', new Error(reason));
    scheduleRetry();
  }

  function onPacket(data: string): void {
    const engineType = data[0];
    if (engineType === '0') {
      const handshake = JSON.parse(data.slice(1)) as { pingInterval: number; pingTimeout: number };
      heartbeatMs = handshake.pingInterval + handshake.pingTimeout;
      expectHeartbeat();
      ws?.send(`40${JSON.stringify(options.auth)}`);
      return;
    }
    if (engineType === '2') {
      expectHeartbeat();
      ws?.send('3');
      return;
    }
    if (engineType === '1') {
      ws?.close();
      return;
    }
    if (engineType !== '4') return;
    const type = data[1];
    // Socket.IO packets for the main namespace: CONNECT, DISCONNECT, EVENT, ACK, CONNECT_ERROR.
    if (type === '0') {
      isConnected = true;
      attempts = 0;
      fire('connect');
    } else if (type === '1') {
      isWanted = false;
      ws?.close();
      lost('io server disconnect');
    } else if (type === '2' || type === '3') {
      const start = 2;
      let end = start;
      while (end < data.length && data[end] >= '0' && data[end] <= '9') end++;
      const id = end > start ? Number(data.slice(start, end)) : null;
      const args = JSON.parse(data.slice(end)) as unknown[];
      if (type === '2' && args[0] === 'batch' && Array.isArray(args[1])) {
        // Several pushed events in one message (a busy thread): each goes out as itself.
        for (const entry of args[1] as unknown[]) if (Array.isArray(entry)) fire(String(entry[0]), entry[1]);
      } else if (type === '2') {
        fire(String(args[0]), ...args.slice(1));
      } else if (id !== null) {
        const pending = acks.get(id);
        if (pending) {
          clearTimeout(pending.timer);
          acks.delete(id);
          pending.done(null, args[0]);
        }
      }
    } else if (type === '4') {
      // The server's middleware refused the handshake.
      const refusal = JSON.parse(data.slice(2)) as { message: string; data?: unknown };
      isActive = false;
      ws?.close();
      fire('connect_error', Object.assign(new Error(refusal.message), { data: refusal.data }));
    }
  }

  function open(): void {
    if (!isWanted || ws !== null) return;
    const socket = new WebSocket(url);
    ws = socket;
    socket.onmessage = (event) => {
      if (typeof event.data === 'string') onPacket(event.data);
    };
    socket.onclose = () => {
      if (ws === socket) lost('transport close');
    };
  }

  open();

  return {
    get connected() {
      return isConnected;
    },
    get active() {
      return isActive;
    },
    on(event, listener) {
      const name = String(event);
      listeners.set(name, [...(listeners.get(name) ?? []), listener as Listener]);
    },
    timeout(ms) {
      return {
        emit(event, payload, ack) {
          const done = ack as AckCallback;
          if (!isConnected || ws === null) {
            done(new Error('not connected'));
            return;
          }
          const id = nextAckId++;
          acks.set(id, { done, timer: setTimeout(() => acks.delete(id) && done(new Error('timed out')), ms) });
          ws.send(`42${id}${JSON.stringify([event, payload])}`);
        },
      };
    },
    connect() {
      isWanted = true;
      isActive = true;
      clearTimeout(retryTimer);
      open();
    },
    disconnect() {
      isWanted = false;
      clearTimeout(retryTimer);
      const socket = ws;
      if (socket && isConnected) socket.send('41');
      ws = null;
      clearTimeout(heartbeatTimer);
      const wasConnected = isConnected;
      isConnected = false;
      failAcks();
      socket?.close();
      if (wasConnected) fire('disconnect', 'io client disconnect');
    },
  };
}
