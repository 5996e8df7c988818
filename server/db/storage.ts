// Owns the storage contract: every method is one whole unit of work (its own transaction),
// Promise-returning so an engine with asynchronous I/O (PostgreSQL) can implement it as is.
import type { Comment, NewComment } from '../comments/comment';
import type { NewThread, Thread } from '../threads/thread';

export interface ThreadStore {
  findThreadById(id: number): Promise<Thread | null>;
  findThreadByPageId(pageId: string): Promise<Thread | null>;
  /** Returns the page's thread, creating it when it does not exist yet. */
  ensureThread(thread: NewThread): Promise<Thread>;
}

export interface CommentStore {
  findCommentById(id: number): Promise<Comment | null>;
  /** Every comment of a thread, oldest first. */
  listCommentsByThread(threadId: number): Promise<Comment[]>;
  /** Inserts the comment and counts it on its thread, atomically. */
  insertComment(comment: NewComment): Promise<{ comment: Comment; threadCommentCount: number }>;
}

export interface HealthStore {
  /** Schema version; rejects when the database does not answer. */
  schemaVersion(): Promise<number>;
}

export interface Storage {
  threads: ThreadStore;
  comments: CommentStore;
  health: HealthStore;
  close(): Promise<void>;
}
