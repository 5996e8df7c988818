// Owns the socket.io event maps shared by the server and the widget.
import type {
  Ack,
  CatchUp,
  CatchUpRequest,
  CommentContext,
  CommentPage,
  CommentRef,
  EditCommentRequest,
  FeedbackCounts,
  OpenThreadRequest,
  PageRequest,
  PostCommentRequest,
  PublicComment,
  ReactionTally,
  ReactRequest,
  Reaction,
  ReportRequest,
  RepliesPage,
  RepliesRequest,
  ThreadCount,
  ThreadState,
  ThreadView,
  VoteRequest,
  VoteTally,
} from './dto';

/** Events a client asks for; each answers through its acknowledgement. */
export interface ClientToServerEvents {
  'thread:join': (request: OpenThreadRequest, ack: (result: Ack<ThreadView>) => void) => void;
  'thread:page': (request: PageRequest, ack: (result: Ack<CommentPage>) => void) => void;
  'thread:replies': (request: RepliesRequest, ack: (result: Ack<RepliesPage>) => void) => void;
  'thread:catch-up': (request: CatchUpRequest, ack: (result: Ack<CatchUp>) => void) => void;
  'comment:context': (request: CommentRef, ack: (result: Ack<CommentContext>) => void) => void;
  'comment:post': (request: PostCommentRequest, ack: (result: Ack<PublicComment>) => void) => void;
  'comment:edit': (request: EditCommentRequest, ack: (result: Ack<PublicComment>) => void) => void;
  'comment:delete': (request: CommentRef, ack: (result: Ack<PublicComment>) => void) => void;
  'comment:report': (request: ReportRequest, ack: (result: Ack<{ isReported: true }>) => void) => void;
  'comment:vote': (
    request: VoteRequest,
    ack: (result: Ack<VoteTally & { myVote: 'up' | 'down' | 'none' }>) => void,
  ) => void;
  'comment:react': (
    request: ReactRequest,
    ack: (result: Ack<ReactionTally & { myReactions: Reaction[] }>) => void,
  ) => void;
}

/** Events the server pushes to every socket in a thread's room. */
export interface ServerToClientEvents {
  'comment:created': (comment: PublicComment) => void;
  /** An edit, a deletion, or a deleted comment disappearing: the comment as it is now. */
  'comment:updated': (comment: PublicComment) => void;
  'comment:voted': (tally: VoteTally) => void;
  'comment:reacted': (tally: ReactionTally) => void;
  'thread:counted': (count: ThreadCount) => void;
  /** Published feedback of the thread after feedback appeared, changed or went. */
  'feedback:counted': (counts: FeedbackCounts) => void;
  /** Closed or reopened by a moderator. */
  'thread:updated': (state: ThreadState) => void;
  /**
   * Several of the events above at once, in the order they happened: while a thread is
   * busy the server sends what it has for a room every 15 to 60 ms as one message (or
   * when the previous one has reached every socket of a large room).
   */
  batch: (events: LiveEvents) => void;
}

/** The pushed events a `batch` may carry, each as `[name, payload]`. */
export type LiveEvents = Array<
  { [E in Exclude<keyof ServerToClientEvents, 'batch'>]: [E, Parameters<ServerToClientEvents[E]>[0]] }[Exclude<
    keyof ServerToClientEvents,
    'batch'
  >]
>;

/** What the widget sends on the handshake (`auth`). */
export interface HandshakeAuth {
  /** Anonymous guest identity kept in the host page's storage. */
  token?: string;
}

export const THREAD_ROOM_PREFIX = 'thread:';
