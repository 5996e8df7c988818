// Owns the socket.io conversation with the server: connect, join the page's thread, catch up, ask, hear changes.
import { openSocket, type LiteSocket } from './socket-lite';
import type {
  FeedbackCounts,
  Ack,
  CatchUp,
  CommentContext,
  CommentPage,
  OpenThreadRequest,
  PostCommentRequest,
  PublicComment,
  Reaction,
  ReactionTally,
  RepliesPage,
  ReportRequest,
  SortOrder,
  ThreadCount,
  ThreadView,
  VoteChoice,
  VoteTally,
  WireError,
} from '../server/protocol/dto';
import type { ClientToServerEvents, ServerToClientEvents } from '../server/protocol/socket-events';

type ParleySocket = LiteSocket<ServerToClientEvents, ClientToServerEvents>;

export type LiveStatus = 'connecting' | 'online' | 'offline' | 'refused';

export interface LiveHandlers {
  /** Every successful join: the first, and each one after a reconnect (`isRejoin`). */
  onView(view: ThreadView, isRejoin: boolean): void;
  /**
   * A new comment, an edit or a deletion: the comment as it is now. `isReplay` marks what
   * catch-up brings after a reconnect, which includes old comments that were only voted on.
   */
  onChange(comment: PublicComment, isReplay: boolean): void;
  onVoted(tally: VoteTally | ReactionTally): void;
  /** After a reconnect, once every missed change has gone through onChange. */
  onCaughtUp(catchUp: CatchUp): void;
  onCounted(count: ThreadCount): void;
  /** The thread's feedback counts changed. */
  onFeedback(counts: FeedbackCounts): void;
  /** Closed or reopened by a moderator. */
  onClosed(isClosed: boolean): void;
  onStatus(status: LiveStatus): void;
  onJoinFailed(error: WireError | null): void;
}

/** What every request comes back as; `unreachable` means no answer (offline or timed out). */
export type Outcome<T> = { kind: 'ok'; data: T } | { kind: 'refused'; error: WireError } | { kind: 'unreachable' };

export type CommentDraft = Omit<PostCommentRequest, 'threadId'>;
export type VoteResult = VoteTally & { myVote: VoteChoice };
export type ReactionResult = ReactionTally & { myReactions: Reaction[] };

export interface LiveThread {
  post(draft: CommentDraft): Promise<Outcome<PublicComment>>;
  edit(commentId: number, body: string): Promise<Outcome<PublicComment>>;
  remove(commentId: number): Promise<Outcome<PublicComment>>;
  vote(commentId: number, value: VoteChoice): Promise<Outcome<VoteResult>>;
  react(commentId: number, reaction: Reaction, isOn: boolean): Promise<Outcome<ReactionResult>>;
  report(request: ReportRequest): Promise<Outcome<{ isReported: true }>>;
  context(commentId: number): Promise<Outcome<CommentContext>>;
  /** More replies of one conversation, after the last one of it the widget has (in conversation order). */
  replies(rootId: number, afterId: number | null): Promise<Outcome<RepliesPage>>;
  /** A page of top-level comments; no cursor means the first page. The sort is also used for rejoins. */
  loadPage(sort: SortOrder, cursor: string | null, only?: 'feedback'): Promise<Outcome<CommentPage>>;
  close(): void;
}

const ACK_TIMEOUT_MS = 15_000;

export interface ConnectOptions {
  origin: string;
  token: string;
  page: OpenThreadRequest;
  /** The seq of a view already on screen (read over HTTP); catch-up starts there on the first join. */
  sinceSeq?: number | null;
}

export function connectThread(options: ConnectOptions, handlers: LiveHandlers): LiveThread {
  const socket: ParleySocket = openSocket<ServerToClientEvents, ClientToServerEvents>(options.origin, {
    auth: { token: options.token },
  });
  // Set only while this socket is in the thread's room: a request before the (re)join would be refused.
  let joinedThreadId: number | null = null;
  // The newest change this widget has applied; after a reconnect, catch-up replays everything since.
  let lastSeq: number | null = options.sinceSeq ?? null;
  // While a catch-up is on its way, what arrives (the join's view, live events) is newer than
  // changes still missing: it waits here and moves lastSeq only once the catch-up is applied.
  // Moved earlier, a link lost before the answer would make the next catch-up start too late,
  // and what was missed off the first page would stay missing until a reload.
  let isCatchingUp = false;
  let heldSeq: number | null = null;
  let sort: SortOrder | undefined = options.page.sort;
  let isClosed = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const seen = (seq: number | undefined) => {
    if (typeof seq !== 'number') return;
    if (isCatchingUp) heldSeq = heldSeq === null ? seq : Math.max(heldSeq, seq);
    else if (lastSeq === null || seq > lastSeq) lastSeq = seq;
  };

  handlers.onStatus('connecting');

  function catchUp(threadId: number, sinceSeq: number): void {
    socket.timeout(ACK_TIMEOUT_MS).emit('thread:catch-up', { threadId, sinceSeq }, (err, result) => {
      // Without an answer the re-joined first page stands, and lastSeq stays where it was:
      // the next reconnect asks again for everything since.
      if (isClosed || err || !result.ok || joinedThreadId !== threadId) return;
      for (const change of result.data.changes) {
        seen(change.seq);
        handlers.onChange(change, true);
      }
      seen(result.data.seq);
      // Everything up to here is applied: now the newest seq seen may count.
      isCatchingUp = false;
      seen(heldSeq ?? undefined);
      heldSeq = null;
      handlers.onCaughtUp(result.data);
    });
  }

  function join(): void {
    socket.timeout(ACK_TIMEOUT_MS).emit('thread:join', { ...options.page, sort }, (err, result) => {
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
      isCatchingUp = previousSeq !== null;
      heldSeq = null;
      handlers.onView(view, previousSeq !== null);
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
    // A reader's own held comments reach every page they have open: only this thread's belong here.
    if (comment.threadId !== joinedThreadId) return;
    seen(comment.seq);
    handlers.onChange(comment, false);
  }
  socket.on('comment:created', relay);
  socket.on('comment:updated', relay);

  // A vote and a reaction change a comment's counts alike: both go to onVoted.
  const tallied = (tally: VoteTally | ReactionTally) => {
    if (tally.threadId !== joinedThreadId) return;
    seen(tally.seq);
    handlers.onVoted(tally);
  };
  socket.on('comment:voted', tallied);
  socket.on('comment:reacted', tallied);

  socket.on('thread:counted', (count) => {
    if (count.threadId === joinedThreadId) handlers.onCounted(count);
  });

  socket.on('feedback:counted', (counts) => {
    if (counts.threadId === joinedThreadId) handlers.onFeedback(counts);
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
      // socket.io leaves reconnecting to us after a server-side disconnect. Spread readers out
      // so they do not all return at once.
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

  /** Sends a request that needs the thread joined and turns its ack into an Outcome. */
  function ask<T>(
    send: (threadId: number, done: (err: Error | null, result?: Ack<T>) => void) => void,
  ): Promise<Outcome<T>> {
    const threadId = joinedThreadId;
    if (threadId === null || !socket.connected) return Promise.resolve({ kind: 'unreachable' });
    return new Promise((resolve) =>
      send(threadId, (err, result) => {
        if (err || result === undefined) resolve({ kind: 'unreachable' });
        else resolve(result.ok ? { kind: 'ok', data: result.data } : { kind: 'refused', error: result.error });
      }),
    );
  }

  const timed = () => socket.timeout(ACK_TIMEOUT_MS);

  return {
    post: (draft) => ask((threadId, done) => timed().emit('comment:post', { ...draft, threadId }, done)),
    edit: (commentId, body) => ask((_, done) => timed().emit('comment:edit', { commentId, body }, done)),
    remove: (commentId) => ask((_, done) => timed().emit('comment:delete', { commentId }, done)),
    vote: (commentId, value) => ask((_, done) => timed().emit('comment:vote', { commentId, value }, done)),
    react: (commentId, reaction, isOn) =>
      ask((_, done) => timed().emit('comment:react', { commentId, reaction, isOn }, done)),
    report: (request) => ask((_, done) => timed().emit('comment:report', request, done)),
    context: (commentId) => ask((_, done) => timed().emit('comment:context', { commentId }, done)),
    replies: (rootId, afterId) =>
      ask((_, done) => timed().emit('thread:replies', afterId === null ? { rootId } : { rootId, afterId }, done)),
    loadPage(nextSort, cursor, only) {
      sort = nextSort;
      return ask((threadId, done) =>
        timed().emit('thread:page', { threadId, sort: nextSort, cursor: cursor ?? undefined, only }, done),
      );
    },
    close() {
      isClosed = true;
      clearTimeout(retryTimer);
      socket.disconnect();
    },
  };
}
