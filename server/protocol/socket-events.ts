// Owns the socket.io event maps shared by the server and the widget.
import type { Ack, OpenThreadRequest, PostCommentRequest, PublicComment, ThreadView } from './dto';

/** Events a client asks for; each answers through its acknowledgement. */
export interface ClientToServerEvents {
  'thread:join': (request: OpenThreadRequest, ack: (result: Ack<ThreadView>) => void) => void;
  'comment:post': (request: PostCommentRequest, ack: (result: Ack<PublicComment>) => void) => void;
}

/** Events the server pushes to every socket in a thread's room. */
export interface ServerToClientEvents {
  'comment:created': (comment: PublicComment) => void;
}

/** What the widget sends on the handshake (`auth`). */
export interface HandshakeAuth {
  /** Anonymous guest identity kept in the host page's storage. */
  token?: string;
}

export const THREAD_ROOM_PREFIX = 'thread:';
