// Owns the socket.io conversation: handshake identity and caps, thread rooms, requests with acks, live relays.
import type { IncomingMessage } from 'node:http';
import type { Server, Socket } from 'socket.io';
import { ConnectionGate } from '../abuse/connection-gate';
import { EventFlood, type EventAllowance } from '../abuse/event-flood';
import type { Clock } from '../clock';
import type { Actor } from '../identity/actor';
import { parseCatchUp, parsePageRequest, parseRepliesRequest } from '../reading/reading-input';
import { parseCommentRef, parseEditComment, parsePostComment } from '../comments/comment-input';
import { parseVote } from '../votes/vote-input';
import { voteChoiceOf } from '../votes/vote';
import type { CommentService } from '../comments/comment-service';
import type { ThreadReader } from '../reading/thread-reader';
import { toPublicComment } from '../comments/public-comment';
import { toVoteTally } from '../votes/public-vote';
import { AppError, toWireError } from '../errors';
import type { DomainEvents } from '../domain-events';
import type { RequestIdentity } from '../identity/request-identity';
import type { Comment } from '../comments/comment';
import { parseReport } from '../moderation/report-input';
import type { ReportService } from '../moderation/report-service';
import { describeError, type Logger } from '../log/logger';
import type { Ack } from '../protocol/dto';
import {
  THREAD_ROOM_PREFIX,
  type ClientToServerEvents,
  type LiveEvents,
  type ServerToClientEvents,
} from '../protocol/socket-events';
import { parseOpenThread } from '../threads/thread-input';
import type { VoteService } from '../votes/vote-service';
import { toReactionTally } from '../reactions/public-reaction';
import { parseReaction } from '../reactions/reaction-input';
import type { ReactionService } from '../reactions/reaction-service';
import { Outbox } from './outbox';
import type { ClusterEvents } from './cluster-events';

interface SocketData {
  actor: Actor;
}

type ParleySocket = Socket<ClientToServerEvents, ServerToClientEvents, ClusterEvents, SocketData>;
export type ParleyIo = Server<ClientToServerEvents, ServerToClientEvents, ClusterEvents, SocketData>;

export interface RealtimeDeps {
  reader: ThreadReader;
  comments: CommentService;
  votes: VoteService;
  reactions: ReactionService;
  reports: ReportService;
  events: DomainEvents;
  identity: RequestIdentity;
  logger: Logger;
  clock: Clock;
  /** Reader sockets one network may hold at once; null: no cap. */
  socketsPerNetwork: number | null;
  /** Events one socket may send in a burst and per second after it; over it, it is disconnected. */
  eventAllowance: EventAllowance;
}

const roomOf = (threadId: number): string => `${THREAD_ROOM_PREFIX}${threadId}`;
/** How many of an audience's sockets one turn of the event loop writes a broadcast to. */
export const SOCKETS_PER_SEND = 100;
/** Every socket of one guest identity, for what only its author may see (a comment awaiting approval). */
const authorRoomOf = (authorKey: string): string => `author:${authorKey}`;

/**
 * A connection that never joins a namespace stays until socket.io's connect timeout: the
 * transport level allows each network this many times its reader sockets, so such
 * connections are bounded too, while a widget over the cap still hears why it was refused.
 */
const TRANSPORTS_PER_SOCKET = 2;

export function attachRealtime(
  io: ParleyIo,
  {
    reader,
    comments,
    votes,
    reactions,
    reports,
    events,
    identity,
    logger,
    clock,
    socketsPerNetwork,
    eventAllowance,
  }: RealtimeDeps,
) {
  const sockets = new ConnectionGate(socketsPerNetwork);
  const transports = new ConnectionGate(socketsPerNetwork === null ? null : socketsPerNetwork * TRANSPORTS_PER_SOCKET);
  io.engine.on(
    'connection',
    (transport: { request: IncomingMessage; once(event: 'close', listener: () => void): void }) => {
      const network = identity.networkOf(transport.request);
      transports.opened(network);
      transport.once('close', () => transports.closed(network));
    },
  );

  io.use((socket, next) => {
    try {
      const auth = socket.handshake.auth as Record<string, unknown> | undefined;
      // A socket writes (posts, votes): its reader is known with their network, as an HTTP write's is.
      socket.data.actor = identity.readerOf(socket.request, auth?.token, true);
      if (!sockets.hasRoom(socket.data.actor.ipHash)) {
        // The refusal goes out first; then the transport closes, so a client that ignores it holds nothing.
        setTimeout(() => socket.conn.close(), 0);
        throw new AppError('TOO_MANY_CONNECTIONS', {
          publicMessage: 'Too many pages with comments are open from your network. Close some and reload this one.',
          details: { kind: 'socket' },
        });
      }
      if (socket.data.actor.authorKey !== null) void socket.join(authorRoomOf(socket.data.actor.authorKey));
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

  /** Requests about a thread come from sockets that joined it: one path for "it exists and you may read it". */
  function requireJoined(socket: ParleySocket, threadId: number): void {
    if (!socket.rooms.has(roomOf(threadId))) {
      throw new AppError('THREAD_NOT_FOUND', { publicMessage: 'Open the thread first.', details: { threadId } });
    }
  }

  io.on('connection', (socket) => {
    const actor: Actor = socket.data.actor;
    // Counted once connected: a handshake that never completes would never be counted off.
    sockets.opened(actor.ipHash);
    socket.once('disconnect', () => sockets.closed(actor.ipHash));
    // A widget sends a few events a minute; hundreds in seconds is a flood, and the socket goes.
    const flood = new EventFlood(eventAllowance, clock.now());
    let isFlooded = false;
    socket.use((_packet, next) => {
      // Packets already received still pass through here after the disconnect: drop them unlogged.
      if (isFlooded) return;
      if (!flood.spend(clock.now())) {
        isFlooded = true;
        logger.warn('flooding socket disconnected', { socketId: socket.id });
        socket.disconnect(true);
        return;
      }
      next();
    });

    socket.on('thread:join', (request, ack) =>
      answer(socket, 'thread:join', ack, async () => {
        const input = parseOpenThread(request);
        const thread = await reader.ensureThread(input, {
          origin: socket.handshake.headers.origin,
          network: () => actor.ipHash,
        });
        // Joined before reading: a comment posted meanwhile arrives live or is in the read, never neither.
        await socket.join(roomOf(thread.id));
        return reader.viewThread(thread, input, actor);
      }),
    );

    socket.on('thread:page', (request, ack) =>
      answer(socket, 'thread:page', ack, async () => {
        const input = parsePageRequest(request);
        requireJoined(socket, input.threadId);
        return reader.loadPage(input, actor);
      }),
    );

    socket.on('thread:replies', (request, ack) =>
      answer(socket, 'thread:replies', ack, async () => {
        const input = parseRepliesRequest(request);
        requireJoined(socket, await reader.threadOfComment(input.rootId));
        return reader.loadReplies(input, actor);
      }),
    );

    socket.on('thread:catch-up', (request, ack) =>
      answer(socket, 'thread:catch-up', ack, async () => {
        const input = parseCatchUp(request);
        requireJoined(socket, input.threadId);
        return reader.catchUp(input, actor);
      }),
    );

    socket.on('comment:context', (request, ack) =>
      answer(socket, 'comment:context', ack, async () => {
        const context = await reader.commentContext(parseCommentRef(request).commentId, actor);
        requireJoined(socket, context.root.threadId);
        return context;
      }),
    );

    socket.on('comment:post', (request, ack) =>
      answer(socket, 'comment:post', ack, async () => {
        const input = parsePostComment(request);
        requireJoined(socket, input.threadId);
        return toPublicComment(await comments.postComment(input, actor), actor.authorKey);
      }),
    );

    socket.on('comment:edit', (request, ack) =>
      answer(socket, 'comment:edit', ack, async () =>
        toPublicComment(await comments.editComment(parseEditComment(request), actor), actor.authorKey),
      ),
    );

    socket.on('comment:delete', (request, ack) =>
      answer(socket, 'comment:delete', ack, async () =>
        toPublicComment(await comments.deleteComment(parseCommentRef(request).commentId, actor), actor.authorKey),
      ),
    );

    socket.on('comment:report', (request, ack) =>
      answer(socket, 'comment:report', ack, async () => {
        await reports.reportComment(parseReport(request), actor);
        return { isReported: true as const };
      }),
    );

    socket.on('comment:vote', (request, ack) =>
      answer(socket, 'comment:vote', ack, async () => {
        const { comment, myVote } = await votes.castVote(parseVote(request), actor);
        return { ...toVoteTally(comment), myVote: voteChoiceOf(myVote) };
      }),
    );

    socket.on('comment:react', (request, ack) =>
      answer(socket, 'comment:react', ack, async () => {
        const { comment, myReactions } = await reactions.setReaction(parseReaction(request), actor);
        return { ...toReactionTally(comment), myReactions };
      }),
    );
  });

  // Broadcasts leave after the answer to the request that caused them, so a writer never
  // waits for every reader; a burst of votes or posts sends each score and count once, and
  // what one flush has for a room goes to each of its sockets as one message.
  const outbox = new Outbox((audience, events) => {
    // Only this node's sockets: every node hears every domain event (cluster-events.ts) and
    // relays it to its own readers, so a broadcast through the adapter would arrive twice.
    const emit = (to: ReturnType<ParleyIo['to']>) => {
      if (events.length === 1) (to.emit as (event: string, payload: unknown) => boolean)(events[0][0], events[0][1]);
      else to.emit('batch', events as LiveEvents);
    };
    const rooms = io.of('/').adapter.rooms;
    const members = rooms.get(audience.room);
    if (members === undefined) return [];
    if (members.size <= SOCKETS_PER_SEND) {
      return [
        () =>
          emit(
            audience.except === undefined
              ? io.local.to(audience.room)
              : io.local.to(audience.room).except(audience.except),
          ),
      ];
    }
    // A write to a socket costs 15-100 µs: a thousand readers' would hold the event loop, and
    // every request behind it, for 15-100 ms at once. The audience is taken now and sent to in
    // parts, one per turn; a socket that joins meanwhile read the thread after these events.
    const excluded = audience.except === undefined ? undefined : rooms.get(audience.except);
    const socketIds = [...members].filter((id) => excluded?.has(id) !== true);
    const sends: Array<() => void> = [];
    for (let at = 0; at < socketIds.length; at += SOCKETS_PER_SEND) {
      const part = socketIds.slice(at, at + SOCKETS_PER_SEND);
      // Every socket is in a room named by its id; one gone meanwhile is skipped.
      sends.push(() => emit(io.local.to(part)));
    }
    return sends;
  });

  /**
   * Sends a comment to its thread's readers. A pending comment goes in full only to its
   * author's sockets; everyone else learns just that it is not shown (if they ever saw it).
   */
  function relay(event: 'comment:created' | 'comment:updated', comment: Comment): void {
    const room = roomOf(comment.threadId);
    if (comment.status !== 'pending' || comment.authorKey === null) {
      outbox.push({ room }, event, toPublicComment(comment));
      return;
    }
    const authorRoom = authorRoomOf(comment.authorKey);
    // The author's sockets may be on other pages too; the widget ignores other threads' comments.
    outbox.push({ room: authorRoom }, event, toPublicComment(comment, comment.authorKey));
    // A new held comment was never shown to others; a comment held later must disappear for them.
    if (event === 'comment:updated')
      outbox.push({ room, except: authorRoom }, 'comment:updated', toPublicComment(comment));
  }

  /**
   * After a change to feedback, its thread's counts as they now are. Counted after the change
   * committed, so two changes close together both end in counts holding both; the outbox keeps
   * only the latest counts of a room waiting to be sent.
   */
  function recountFeedback(comment: Comment): void {
    if (comment.anchorQuote === null || comment.parentId !== null) return;
    reader.countFeedback(comment.threadId).then(
      (counts) =>
        outbox.push({ room: roomOf(comment.threadId) }, 'feedback:counted', counts, `feedback:${comment.threadId}`),
      (err: unknown) => logger.error('feedback recount failed', { threadId: comment.threadId, ...describeError(err) }),
    );
  }

  const unsubscribers = [
    events.on('comment:created', ({ comment }) => {
      relay('comment:created', comment);
      recountFeedback(comment);
    }),
    events.on('comment:updated', ({ comment }) => {
      relay('comment:updated', comment);
      recountFeedback(comment);
    }),
    events.on('comment:voted', ({ comment }) => {
      outbox.push({ room: roomOf(comment.threadId) }, 'comment:voted', toVoteTally(comment), `voted:${comment.id}`);
    }),
    events.on('comment:reacted', ({ comment }) => {
      outbox.push(
        { room: roomOf(comment.threadId) },
        'comment:reacted',
        toReactionTally(comment),
        `reacted:${comment.id}`,
      );
    }),
    events.on('thread:counted', ({ threadId, commentCount }) => {
      outbox.push({ room: roomOf(threadId) }, 'thread:counted', { threadId, commentCount }, `counted:${threadId}`);
    }),
    events.on('thread:updated', ({ thread, isClosed }) => {
      outbox.push({ room: roomOf(thread.id) }, 'thread:updated', {
        threadId: thread.id,
        isClosed,
        commentCount: thread.commentCount,
      });
    }),
  ];

  return {
    /** Whether a new transport connection from this request's network fits its cap (checked before the handshake). */
    hasRoomFor(req: IncomingMessage): boolean {
      return transports.hasRoom(identity.networkOf(req));
    },
    /** Stops relaying; the socket.io server itself is closed by its owner. */
    stop(): void {
      for (const unsubscribe of unsubscribers) unsubscribe();
      outbox.stop();
    },
  };
}
