// Owns the dashboard's live channel: the /admin socket.io namespace and what it pushes.
import { io, type Socket } from 'socket.io-client';
import type { AdminServerToClientEvents, AuditEntry, ModComment, QueueCounts, ThreadSummary } from './api-types';

export type LiveState = 'connecting' | 'live' | 'offline' | 'refused';

export interface LiveHandlers {
  onCounts(counts: QueueCounts): void;
  onComment(comment: ModComment): void;
  onAudit(entry: AuditEntry): void;
  onThread(thread: ThreadSummary): void;
  onState(state: LiveState): void;
  /** Every connection after the first: whatever happened meanwhile was not heard. */
  onReconnect(): void;
}

export interface LiveConnection {
  close(): void;
}

export function connectLive(handlers: LiveHandlers): LiveConnection {
  // Same origin, so the session cookie rides on the handshake; websocket only, as no proxy sits in between.
  const socket: Socket<AdminServerToClientEvents> = io('/admin', { transports: ['websocket'] });
  let hasConnected = false;
  let isClosed = false;

  handlers.onState('connecting');

  socket.on('connect', () => {
    handlers.onState('live');
    if (hasConnected) handlers.onReconnect();
    hasConnected = true;
  });
  socket.on('disconnect', (reason) => {
    if (isClosed) return;
    handlers.onState('offline');
    // The server drops everyone when it shuts down and then leaves reconnecting to the client.
    if (reason === 'io server disconnect') setTimeout(() => !isClosed && socket.connect(), 1000 + Math.random() * 2000);
  });
  socket.on('connect_error', () => {
    if (isClosed) return;
    // A refused handshake (no live session) is not retried by socket.io; a network failure is.
    handlers.onState(socket.active ? 'offline' : 'refused');
  });

  socket.on('queue:counts', handlers.onCounts);
  socket.on('comment:changed', handlers.onComment);
  socket.on('audit:added', handlers.onAudit);
  socket.on('thread:changed', handlers.onThread);

  return {
    close() {
      isClosed = true;
      socket.disconnect();
    },
  };
}
