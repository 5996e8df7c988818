// Owns the shapes that travel on the wire: what the server sends and what clients may send.
import type { ErrorCode, WireError } from '../errors';

export type { ErrorCode, WireError };

export interface PublicThread {
  id: number;
  pageId: string;
  url: string | null;
  title: string | null;
  commentCount: number;
}

export interface PublicComment {
  id: number;
  threadId: number;
  parentId: number | null;
  depth: number;
  authorName: string;
  /** Sanitized by the server's one policy; the widget still copies it through its own allow-list. */
  bodyHtml: string;
  /** ISO-8601 UTC. */
  createdAt: string;
}

export interface CommentNode extends PublicComment {
  replies: CommentNode[];
}

export interface ThreadView {
  thread: PublicThread;
  /** Top-level comments oldest first; replies nested in conversation order. */
  comments: CommentNode[];
}

/** What a client sends to open (or create on first use) the thread of a page. */
export interface OpenThreadRequest {
  pageId: string;
  url?: string;
  title?: string;
}

/** What a client sends to post a comment or a reply. */
export interface PostCommentRequest {
  threadId: number;
  parentId?: number | null;
  authorName: string;
  authorEmail?: string | null;
  body: string;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: WireError };

export interface ErrorBody {
  error: WireError;
}
