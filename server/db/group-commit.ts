// Owns committing writes that arrive together in one SQLite transaction (group commit).
import type { Db } from './connection';

interface Queued {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/** Writes one group may hold; a longer queue is committed in several groups in turn. */
const MAX_GROUP = 256;

/**
 * A commit writes every page the transaction touched to the WAL, and on a busy thread
 * concurrent votes and posts touch the same pages (the comment rows, the thread, the
 * indexes). Writes queued in one turn of the event loop are therefore run in one
 * transaction, each inside its own savepoint: one that fails is undone alone and rejects
 * alone, the rest commit together. Nothing resolves before its commit, so an acknowledged
 * write is as durable as with a transaction of its own.
 */
export class GroupCommit {
  private queue: Queued[] = [];
  private isScheduled = false;
  /** Runs a group's writes in one immediate transaction, keeping each one's outcome. */
  private readonly runGroup: (group: Queued[]) => Array<{ isOk: boolean; value: unknown }>;

  constructor(db: Db) {
    this.runGroup = db.transaction((group: Queued[]) =>
      group.map(({ work }) => {
        try {
          return { isOk: true, value: work() };
        } catch (err) {
          return { isOk: false, value: err };
        }
      }),
    ).immediate;
  }

  /**
   * Runs `work` (a better-sqlite3 transaction function, so that inside a group it becomes
   * a savepoint) at the end of this turn of the event loop.
   */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.isScheduled) return;
      this.isScheduled = true;
      setImmediate(() => this.flush());
    });
  }

  /** Commits everything queued now (before the connection closes). */
  flush(): void {
    this.isScheduled = false;
    while (this.queue.length > 0) this.commit(this.queue.splice(0, MAX_GROUP));
  }

  private commit(group: Queued[]): void {
    if (group.length === 1) {
      const [only] = group;
      try {
        only.resolve(only.work());
      } catch (err) {
        only.reject(err);
      }
      return;
    }
    let outcomes: Array<{ isOk: boolean; value: unknown }>;
    try {
      outcomes = this.runGroup(group);
    } catch (err) {
      // The group itself could not begin or commit (a locked or full database): nothing of it was kept.
      for (const { reject } of group) reject(err);
      return;
    }
    group.forEach(({ resolve, reject }, i) => (outcomes[i].isOk ? resolve(outcomes[i].value) : reject(outcomes[i].value)));
  }
}
