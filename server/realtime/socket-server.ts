// Owns the socket.io conversation: handshake identity, thread rooms, requests with acks, live relays.
import type http from 'node:http';
import { Server, type Socket } from 'socket.io';
import { parsePostComment } from '../comments/comment-input';
import type { CommentService } from '../comments/comment-service';
import { toPublicComment } from '../comments/public-comment';
import { AppError, toWireError } from '../errors';
import type { DomainEvents } from '../events';
import { authorKeyOf, parseGuestToken } from '../identity/guest-identity';
import { describeError, type Logger } from '../log/logger';
import type { Ack } from '../protocol/dto';
import { THREAD_ROOM_PREFIX, type ClientToServerEvents, type ServerToClientEvents } from '../protocol/socket-events';
import { parseOpenThread } from '../threads/thread-input';

interface SocketData {
  authorKey: string | null;
}

type ParleySocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type ParleyIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface RealtimeDeps {
  comments: CommentService;
  events: DomainEvents;
  logger: Logger;
}

const roomOf = (threadId: number): string => `${THREAD_ROOM_PREFIX}${threadId}`;

export function attachRealtime(httpServer: http.Server, { comments, events, logger }: RealtimeDeps) {
  const io: ParleyIo = new Server(httpServer, {
    // Comment payloads are small; a large frame is abuse, not a comment.
    maxHttpBufferSize: 64 * 1024,
    // The widget is embedded on other sites' pages; per-site origin rules come with site settings.
    cors: { origin: true, credentials: false },
    serveClient: false,
  });

  io.use((socket, next) => {
    try {
      const token = parseGuestToken((socket.handshake.auth as Record<string, unknown> | undefined)?.token);
      socket.data.authorKey = authorKeyOf(token);
      next();
    } catch (err) {
      const { error } = toWireError(err);
      next(Object.assign(new Error(error.message), { data: error }));
    }
  });

  /** Runs a request handler; answers its ack with the one result shape whatever happens. */
  function answer<T>(socket: ParleySocket, event: string, ack: unknown, work: () => Promise<T>): void {
    if (typeof ack !== 'function') {
      logger.warn('socket request without acknowledgement', { event, socketId: socket.id });
      return;
    }
    const reply = ack as (result: Ack<T>) => void;
    work().then(
      (data) => reply({ ok: true, data }),
      (err: unknown) => {
        const { error, isInternal } = toWireError(err);
        if (isInternal) logger.error('socket request failed', { event, ...describeError(err) });
        reply({ ok: false, error });
      },
    );
  }

  io.on('connection', (socket) => {
    socket.on('thread:join', (request, ack) =>
      answer(socket, 'thread:join', ack, async () => {
        const view = await comments.openThread(parseOpenThread(request));
        await socket.join(roomOf(view.thread.id));
        return view;
      }),
    );

    socket.on('comment:post', (request, ack) =>
      answer(socket, 'comment:post', ack, async () => {
        const input = parsePostComment(request);
        if (!socket.rooms.has(roomOf(input.threadId))) {
          // Joining first is what makes the poster's other tabs and readers consistent;
          // it also means the thread exists.
          throw new AppError('THREAD_NOT_FOUND', {
            publicMessage: 'Open the thread before posting to it.',
            details: { threadId: input.threadId },
          });
        }
        const comment = await comments.postComment(input, { authorKey: socket.data.authorKey });
        return toPublicComment(comment);
      }),
    );
  });

  const unsubscribe = events.on('comment:created', ({ comment }) => {
    io.to(roomOf(comment.threadId)).emit('comment:created', toPublicComment(comment));
  });

  return {
    io,
    /** Disconnects every socket and stops relaying; the HTTP server is closed by its owner. */
    async close(): Promise<void> {
      unsubscribe();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => {
        // io.close() would also close the HTTP server; the owner closes that after in-flight requests.
        io.engine.close();
        resolve();
      });
    },
  };
}
