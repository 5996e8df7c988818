// Owns the socket.io conversation with the server: connect, join the page's thread, catch up, post, hear changes.
import { io, type Socket } from 'socket.io-client';
import type {
  Ack,
  CommentPage,
  OpenThreadRequest,
  PostCommentRequest,
  PublicComment,
  ThreadCount,
  ThreadView,
  WireError,
} from '../server/protocol/dto';
import type { ClientToServerEvents, ServerToClientEvents } from '../server/protocol/socket-events';

type ParleySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type LiveStatus = 'connecting' | 'online' | 'offline' | 'refused';

export interface LiveHandlers {
  /** Every successful join: the first and each one after a reconnect. */
  onView(view: ThreadView): void;
  /** A new comment, an edit or a deletion: the comment as it is now, live or replayed. */
  onChange(comment: PublicComment): void;
  onCounted(count: ThreadCount): void;
  /** Closed or reopened by a moderator. */
  onClosed(isClosed: boolean): void;
  onStatus(status: LiveStatus): void;
  onJoinFailed(error: WireError | null): void;
  /** More changed while away than catch-up carries: only a reload shows everything. */
  onStale(): void;
}

export type PostOutcome =
  | { kind: 'posted'; comment: PublicComment }
  | { kind: 'refused'; error: WireError }
  | { kind: 'unreachable' };

export type PageOutcome = { kind: 'page'; page: CommentPage } | { kind: 'refused'; error: WireError } | { kind: 'unreachable' };

export type CommentDraft = Omit<PostCommentRequest, 'threadId'>;

export interface LiveThread {
  post(draft: CommentDraft): Promise<PostOutcome>;
  loadPage(cursor: string): Promise<PageOutcome>;
  close(): void;
}

const ACK_TIMEOUT_MS = 15_000;

export function connectThread(
  options: { origin: string; token: string; page: OpenThreadRequest },
  handlers: LiveHandlers,
): LiveThread {
  const socket: ParleySocket = io(options.origin, { auth: { token: options.token }, withCredentials: false });
  // Set only while this socket is in the thread's room: a request before the (re)join would be refused.
  let joinedThreadId: number | null = null;
  // The newest change this widget has applied; after a reconnect, catch-up replays everything since.
  let lastSeq: number | null = null;
  let sort: CommentPage['sort'] = 'oldest';
  let isClosed = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const seen = (seq: number | undefined) => {
    if (typeof seq === 'number' && (lastSeq === null || seq > lastSeq)) lastSeq = seq;
  };

  handlers.onStatus('connecting');

  function catchUp(threadId: number, sinceSeq: number): void {
    socket.timeout(ACK_TIMEOUT_MS).emit('thread:catch-up', { threadId, sinceSeq }, (err, result) => {
      // Without an answer the re-joined first page stands; what is missing elsewhere shows on reload.
      if (isClosed || err || !result.ok || joinedThreadId !== threadId) return;
      for (const change of result.data.changes) {
        seen(change.seq);
        handlers.onChange(change);
      }
      seen(result.data.seq);
      handlers.onCounted({ threadId, commentCount: result.data.commentCount });
      if (result.data.isComplete === false) handlers.onStale();
    });
  }

  function join(): void {
    socket.timeout(ACK_TIMEOUT_MS).emit('thread:join', options.page, (err, result) => {
      if (isClosed) return;
      if (err) {
        // No answer on a live connection: start over, which joins again on connect.
        socket.disconnect();
        socket.connect();
        return;
      }
      if (!result.ok) {
        handlers.onJoinFailed(result.error);
        return;
      }
      const view = result.data;
      const previousSeq = lastSeq;
      joinedThreadId = view.thread.id;
      sort = view.sort ?? sort;
      handlers.onView(view);
      seen(view.seq);
      // The first page alone would miss changes to comments further down: replay them.
      if (previousSeq !== null) catchUp(view.thread.id, previousSeq);
    });
  }

  socket.on('connect', () => {
    handlers.onStatus('online');
    join();
  });

  function relay(comment: PublicComment): void {
    if (comment.threadId !== joinedThreadId) return;
    seen(comment.seq);
    handlers.onChange(comment);
  }
  socket.on('comment:created', relay);
  socket.on('comment:updated', relay);

  socket.on('comment:voted', (tally) => {
    if (tally.threadId === joinedThreadId) seen(tally.seq);
  });

  socket.on('thread:counted', (count) => {
    if (count.threadId === joinedThreadId) handlers.onCounted(count);
  });

  socket.on('thread:updated', (state) => {
    if (state.threadId !== joinedThreadId) return;
    handlers.onClosed(state.isClosed);
    handlers.onCounted(state);
  });

  socket.on('disconnect', (reason) => {
    joinedThreadId = null;
    if (isClosed) return;
    handlers.onStatus('offline');
    if (reason === 'io server disconnect') {
      // The server sends this when it shuts down (a restart or deploy), and socket.io
      // then leaves reconnecting to us. Spread readers out so they do not all return at once.
      retryTimer = setTimeout(() => socket.connect(), 1_000 + Math.random() * 2_000);
    }
  });

  socket.on('connect_error', (err) => {
    if (isClosed) return;
    if (socket.active) {
      handlers.onStatus('offline');
      return;
    }
    // The handshake was refused by the server's middleware; retrying would be refused again.
    handlers.onStatus('refused');
    handlers.onJoinFailed(((err as Error & { data?: WireError }).data as WireError | undefined) ?? null);
  });

  /** Sends a request that needs the thread joined; resolves with its ack or null when unreachable. */
  function request<R>(send: (threadId: number, done: (err: Error | null, result?: R) => void) => void): Promise<R | null> {
    const threadId = joinedThreadId;
    if (threadId === null || !socket.connected) return Promise.resolve(null);
    return new Promise((resolve) => send(threadId, (err, result) => resolve(err || result === undefined ? null : result)));
  }

  return {
    async post(draft) {
      const result = await request<Ack<PublicComment>>((threadId, done) =>
        socket.timeout(ACK_TIMEOUT_MS).emit('comment:post', { ...draft, threadId }, done),
      );
      if (result === null) return { kind: 'unreachable' };
      return result.ok ? { kind: 'posted', comment: result.data } : { kind: 'refused', error: result.error };
    },
    async loadPage(cursor) {
      const result = await request<Ack<CommentPage>>((threadId, done) =>
        socket.timeout(ACK_TIMEOUT_MS).emit('thread:page', { threadId, sort, cursor }, done),
      );
      if (result === null) return { kind: 'unreachable' };
      return result.ok ? { kind: 'page', page: result.data } : { kind: 'refused', error: result.error };
    },
    close() {
      isClosed = true;
      clearTimeout(retryTimer);
      socket.disconnect();
    },
  };
}
