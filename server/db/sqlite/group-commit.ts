// Owns the one way writes reach SQLite: queued, committed in groups, waiting for the write lock without blocking the event loop.
import type { Statement } from 'better-sqlite3';
import { AppError } from '../../errors';
import type { Db } from './connection';

interface Queued {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  queuedAtMs: number;
}

/** Writes one group may hold; a longer queue is committed in several groups in turn. */
const MAX_GROUP = 256;
/** Waits between attempts at the write lock: doubling from the first to the last. */
const FIRST_RETRY_MS = 2;
const LAST_RETRY_MS = 100;

export interface GroupCommitOptions {
  /** How long a write may wait for the write lock before it is refused with SERVICE_UNAVAILABLE. */
  timeoutMs: number;
  /** Milliseconds on a monotonic scale; only for deadlines. */
  now?: () => number;
  /**
   * Told when a group's transaction stayed open across a turn of the event loop: one of its
   * writes waited on something other than the database (see `run`).
   */
  onYield?: () => void;
}

/** Something that runs a write: queued into a group (GroupCommit), or at once inside a transaction already open. */
export interface Writer {
  run<T>(work: () => T | Promise<T>): Promise<T>;
}

/** Runs writes at once: for the stores handed to a unit of work, whose transaction is already open. */
export const DIRECT_WRITER: Writer = {
  run<T>(work: () => T | Promise<T>): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (err) {
      return Promise.reject(err);
    }
  },
};

/** SQLite's "another connection holds the lock": worth waiting for, unlike a full disk. */
function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Every write of the SQLite engine comes through here, so that none of them waits for the
 * lock on the event loop. A write is a synchronous function of statements; it runs inside an
 * immediate transaction, and inside its own savepoint when it shares the transaction.
 *
 * Writes queued in one turn of the event loop run in one transaction: a commit writes every
 * page it touched, and on a busy thread concurrent votes and posts touch the same pages. One
 * that fails is undone alone and rejects alone; the rest commit together. Nothing resolves
 * before its commit, so an acknowledged write is as durable as with a transaction of its own.
 *
 * When another connection holds the write lock (another process, the checkpointer), the
 * attempt fails after the connection's short busy timeout and the queue tries again later,
 * backing off, while the event loop serves reads. A write still waiting after `timeoutMs`
 * is refused with SERVICE_UNAVAILABLE and leaves nothing behind.
 */
export class GroupCommit implements Writer {
  private queue: Queued[] = [];
  /** A group is being run: its writes may await, and no other group starts meanwhile. */
  private isRunning = false;
  private readonly onYield: () => void;
  /** The flush to come: at the end of this turn of the event loop, or after a wait for the lock. */
  private next: { immediate: ReturnType<typeof setImmediate> } | { timeout: ReturnType<typeof setTimeout> } | null =
    null;
  private retryMs = 0;
  private lastBusy: unknown = null;
  private drained: Array<() => void> = [];
  private pauses = 0;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly begin: Statement;
  private readonly commitTx: Statement;
  private readonly rollback: Statement;
  private readonly savepoint: Statement;
  private readonly release: Statement;
  private readonly rollbackTo: Statement;

  constructor(
    private readonly db: Db,
    options: GroupCommitOptions,
  ) {
    this.timeoutMs = options.timeoutMs;
    this.now = options.now ?? (() => performance.now());
    this.onYield = options.onYield ?? (() => undefined);
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commitTx = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.savepoint = db.prepare('SAVEPOINT parley_write');
    this.release = db.prepare('RELEASE parley_write');
    this.rollbackTo = db.prepare('ROLLBACK TO parley_write');
  }

  /**
   * Runs `work` inside a write transaction soon; resolves with its result once committed.
   * `work` may be asynchronous, but it must await nothing but the database: the statements of
   * the stores it was given, which resolve at once. A group then runs from its BEGIN to its
   * COMMIT within one turn of the event loop, and no other code sees the transaction open.
   */
  run<T>(work: () => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject, queuedAtMs: this.now() });
      // While waiting for the lock, the retry already scheduled takes new writes along.
      this.flushSoon();
    });
  }

  /**
   * Starts no transaction until the returned function is called: another connection of this
   * process (the checkpointer) needs the write lock for a moment, and would rarely find it
   * free between this queue's commits. Writes queue meanwhile; their deadlines keep running.
   */
  pause(): () => void {
    this.pauses += 1;
    let isResumed = false;
    return () => {
      if (isResumed) return;
      isResumed = true;
      this.pauses -= 1;
      if (this.pauses === 0 && this.queue.length > 0) this.flushSoon();
    };
  }

  /** Resolves once nothing is queued: every write committed, failed or refused at its deadline. */
  drain(): Promise<void> {
    if (this.queue.length === 0 && !this.isRunning) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  /** Commits what is queued now if the lock is free; otherwise leaves it to the scheduled retry. */
  flush(): void {
    if (this.next !== null) {
      if ('immediate' in this.next) clearImmediate(this.next.immediate);
      else clearTimeout(this.next.timeout);
      this.next = null;
    }
    if (this.isRunning) return;
    void this.process();
  }

  private async process(): Promise<void> {
    this.isRunning = true;
    try {
      while (this.queue.length > 0 && this.pauses === 0) {
        this.refuseExpired();
        if (this.queue.length === 0) break;
        try {
          this.begin.run();
        } catch (err) {
          if (isBusy(err)) {
            this.lastBusy = err;
            this.retryLater();
            return;
          }
          // Not a lock (a read-only or broken file): this group fails, the next may not.
          for (const { reject } of this.queue.splice(0, MAX_GROUP)) reject(err);
          continue;
        }
        this.retryMs = 0;
        await this.commit(this.queue.splice(0, MAX_GROUP));
      }
    } finally {
      this.isRunning = false;
    }
    if (this.queue.length === 0) for (const resolve of this.drained.splice(0)) resolve();
  }

  private retryLater(): void {
    this.retryMs = Math.min(LAST_RETRY_MS, Math.max(FIRST_RETRY_MS, this.retryMs * 2));
    // The oldest write is first in the queue: its deadline comes first.
    const untilDeadlineMs = this.queue[0].queuedAtMs + this.timeoutMs - this.now();
    this.next = { timeout: setTimeout(() => this.flush(), Math.max(0, Math.min(this.retryMs, untilDeadlineMs))) };
  }

  private flushSoon(): void {
    if (this.next === null) this.next = { immediate: setImmediate(() => this.flush()) };
  }

  private refuseExpired(): void {
    const now = this.now();
    while (this.queue.length > 0 && now - this.queue[0].queuedAtMs >= this.timeoutMs) {
      const { reject, queuedAtMs } = this.queue.shift()!;
      reject(
        new AppError('SERVICE_UNAVAILABLE', {
          publicMessage: 'Comments cannot be saved right now. Please try again in a moment.',
          details: { retryAfterSeconds: Math.max(1, Math.ceil(this.timeoutMs / 1000)), reason: 'database-locked' },
          cause: Object.assign(new Error(`The database stayed locked for ${Math.round(now - queuedAtMs)} ms`), {
            cause: this.lastBusy,
          }),
        }),
      );
    }
  }

  /** Runs a group inside the transaction just begun, and commits it. */
  private async commit(group: Queued[]): Promise<void> {
    // A group that outlives this turn of the event loop kept its transaction open while other
    // code ran: one of its writes awaited something besides its stores.
    let hasYielded = false;
    const sentinel = setImmediate(() => (hasYielded = true));
    const settle = await this.runGroup(group);
    clearImmediate(sentinel);
    if (hasYielded) this.onYield();
    settle();
  }

  /** Runs the group's writes and ends its transaction; returns how to tell each caller its outcome. */
  private async runGroup(group: Queued[]): Promise<() => void> {
    const outcomes: Array<{ isOk: boolean; value: unknown }> = [];
    const rejectAll = (err: unknown) => () => group.forEach(({ reject }) => reject(err));
    if (group.length === 1) {
      // Alone in its transaction: no savepoint needed, a failure undoes the whole of it.
      try {
        outcomes.push({ isOk: true, value: await group[0].work() });
      } catch (err) {
        this.rollbackIfOpen();
        return rejectAll(err);
      }
    } else {
      for (const { work } of group) {
        this.savepoint.run();
        try {
          const value = await work();
          this.release.run();
          outcomes.push({ isOk: true, value });
        } catch (err) {
          if (!this.db.inTransaction) {
            // SQLite gave up the whole transaction (a full disk, an I/O error): nothing of the group was kept.
            return rejectAll(err);
          }
          this.rollbackTo.run();
          this.release.run();
          outcomes.push({ isOk: false, value: err });
        }
      }
    }
    try {
      this.commitTx.run();
    } catch (err) {
      this.rollbackIfOpen();
      return rejectAll(err);
    }
    return () =>
      group.forEach(({ resolve, reject }, i) =>
        outcomes[i].isOk ? resolve(outcomes[i].value) : reject(outcomes[i].value),
      );
  }

  private rollbackIfOpen(): void {
    if (this.db.inTransaction) this.rollback.run();
  }
}
