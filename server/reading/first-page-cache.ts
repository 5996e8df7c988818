// Owns the in-memory caches of what every reader of a thread sees alike (its first page, its whole view), dropped on any change.
import type { CommentNode } from '../protocol/dto';
import type { Comment } from '../comments/comment';

export interface CachedPage {
  /** The rows behind the page, for working out each reader's own votes and comments. */
  rows: Comment[];
  nodes: CommentNode[];
  nextCursor: string | null;
}

/** Threads kept; a busy site's hot threads fit, and the oldest entries go first. */
const MAX_THREADS = 2000;

export class FirstPageCache<T = CachedPage> {
  private readonly pages = new Map<number, Map<string, T>>();
  /** Bumped on every change, so a read that raced a write never stores what it saw. */
  private readonly generations = new Map<number, number>();

  generation(threadId: number): number {
    return this.generations.get(threadId) ?? 0;
  }

  hasThread(threadId: number): boolean {
    return this.pages.has(threadId);
  }

  get(threadId: number, key: string): T | undefined {
    return this.pages.get(threadId)?.get(key);
  }

  /** Stores the page unless the thread changed since `generation` was read. */
  set(threadId: number, key: string, page: T, generation: number): void {
    if (this.generation(threadId) !== generation) return;
    let byKey = this.pages.get(threadId);
    if (!byKey) {
      if (this.pages.size >= MAX_THREADS) this.pages.delete(this.pages.keys().next().value as number);
      byKey = new Map();
      this.pages.set(threadId, byKey);
    }
    byKey.set(key, page);
  }

  invalidate(threadId: number): void {
    this.generations.set(threadId, this.generation(threadId) + 1);
    this.pages.delete(threadId);
  }
}
