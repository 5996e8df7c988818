// Owns the storage contract of threads: what any engine must do for them.
import type { NewThread, PageAddress, Thread } from './thread';

export interface ThreadStore {
  findThreadById(id: number): Promise<Thread | null>;
  findThreadByPageId(pageId: string): Promise<Thread | null>;
  /** Returns the page's thread, creating it when it does not exist yet. */
  ensureThread(thread: NewThread): Promise<Thread>;
  /** Replaces the page's stored address and title. */
  setPageAddress(id: number, address: PageAddress): Promise<Thread | null>;
  setThreadClosed(id: number, isClosed: boolean, nowMs: number): Promise<Thread | null>;
  /** Adds to the thread's count of published comments; returns the new count. */
  addToCommentCount(id: number, delta: number): Promise<number>;
  /** Published-comment counts of the pages that have a thread (pages without one are absent). */
  countByPageIds(pageIds: readonly string[]): Promise<Map<string, number>>;
  /** Threads whose page id or title contains the text (all when empty), newest first. */
  searchThreads(query: string, limit: number): Promise<Thread[]>;
}
