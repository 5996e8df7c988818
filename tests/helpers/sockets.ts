// Real socket.io clients for integration tests, with waits on conditions rather than sleeps.
import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../server/protocol/socket-events';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function newGuestToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Connects and resolves once the handshake is accepted (rejects with the server's refusal). */
export function connectReader(url: string, token: string | undefined = newGuestToken()): Promise<TestSocket> {
  const socket: TestSocket = io(url, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  unpackBatches(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** A busy thread's events arrive as one `batch` message: hand each to its own listeners, as the widget does. */
export function unpackBatches(socket: TestSocket): void {
  socket.on('batch', (events) => {
    for (const [event, payload] of events) {
      // A copy: a listener waiting for one event removes itself while they run.
      for (const listener of [...socket.listeners(event)]) (listener as (p: unknown) => void)(payload);
    }
  });
}

/** Sends a request and resolves with its acknowledgement. */
export function request(socket: TestSocket, event: keyof ClientToServerEvents, payload: unknown): Promise<any> {
  return (socket.timeout(5000) as any).emitWithAck(event, payload);
}

/** Resolves with the next matching event, or rejects after timeoutMs. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: TestSocket,
  event: E,
  matches: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler as never);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!matches(payload)) return;
      clearTimeout(timer);
      socket.off(event, handler as never);
      resolve(payload);
    };
    socket.on(event, handler as never);
  });
}
