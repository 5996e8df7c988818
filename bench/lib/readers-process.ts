// Owns groups of live readers run in child processes: connect them, ask when a comment reached all of them.
import type { ChildProcess } from 'node:child_process';
import { ask, forkChild, nextMessage, stopProcess, type ChildMessage } from './processes';

export interface Arrival {
  count: number;
  firstMs: number;
  lastMs: number;
}

interface ConnectedMessage extends ChildMessage {
  joined: number;
  failed: number;
  firstError: string | null;
  elapsedMs: number;
  joinMs: number[];
}

export interface JoinResult {
  joined: number;
  failed: number;
  firstError: string | null;
  /** From asking for the readers to the last of them joined (or failed). */
  elapsedMs: number;
  /** Each new reader's time from starting to connect to its join's answer. */
  joinMs: number[];
}

export interface ReaderPool {
  /** Readers currently joined, across every process. */
  joined(): number;
  /** Adds `count` readers, spread evenly; resolves with how many joined and the first failure. */
  add(count: number): Promise<JoinResult>;
  /** Resolves when every joined reader has the comment, with the first and last arrival; or what came in time. */
  whenAllHave(commentId: number, timeoutMs: number): Promise<CompleteArrival>;
  /** The same for many comments at once: waits, up to `timeoutMs` in all, until every reader has each of them. */
  whenAllHaveEach(commentIds: readonly number[], timeoutMs: number): Promise<Map<number, CompleteArrival>>;
  /**
   * Every `comment:created` received so far by every reader, how many different comments that
   * was, and the busiest reader process's share of time busy since the previous call.
   */
  totals(): Promise<{ received: number; distinct: number; busiest: number }>;
  stop(): Promise<void>;
}

export interface CompleteArrival extends Arrival {
  isComplete: boolean;
}

export interface ReaderPoolOptions {
  /**
   * How readers decode what they receive (bench/lib/counting-parser.ts): `decode` in full (the
   * default); `count`, all but the first of each process only count new comments; `ids`,
   * every reader reads only the ids of new comments and notes when each arrived.
   */
  parser?: 'decode' | 'count' | 'ids';
}

export async function startReaderPool(
  url: string,
  pageId: string,
  processes: number,
  options: ReaderPoolOptions = {},
): Promise<ReaderPool> {
  const children: ChildProcess[] = [];
  const joinedBy = new Map<ChildProcess, number>();
  // Arrival messages can come before anyone asks for them: keep them.
  const arrived = new Map<number, Map<ChildProcess, Arrival>>();
  try {
    for (let i = 0; i < processes; i++) {
      const child = forkChild('readers', {
        env: { BENCH_URL: url, BENCH_PAGE_ID: pageId, BENCH_PARSER: options.parser ?? 'decode' },
      });
      child.on('message', (m: ChildMessage & Arrival & { commentId: number }) => {
        if (m.type !== 'arrived') return;
        let byChild = arrived.get(m.commentId);
        if (!byChild) arrived.set(m.commentId, (byChild = new Map()));
        byChild.set(child, { count: m.count, firstMs: m.firstMs, lastMs: m.lastMs });
      });
      children.push(child);
      joinedBy.set(child, 0);
      await nextMessage(child, (m) => m.type === 'ready', 30_000, 'starting readers');
    }
  } catch (err) {
    await Promise.all(children.map((c) => stopProcess(c, 1_000)));
    throw err;
  }

  const joined = () => [...joinedBy.values()].reduce((a, b) => a + b, 0);

  /** Waits until every joined reader has the comment or the deadline passes; then what came. */
  async function collect(commentId: number, deadlineMs: number): Promise<CompleteArrival> {
    const isDone = () => {
      const byChild = arrived.get(commentId);
      return children.every((c) => (joinedBy.get(c) ?? 0) === 0 || byChild?.has(c));
    };
    while (!isDone() && Date.now() < deadlineMs) await new Promise((resolve) => setTimeout(resolve, 2));
    const parts: Arrival[] = [];
    for (const child of children) {
      const complete = arrived.get(commentId)?.get(child);
      if (complete) parts.push(complete);
      else if ((joinedBy.get(child) ?? 0) > 0) {
        const partial = await ask<ChildMessage & { arrival: Arrival | null }>(
          child,
          { type: 'arrival', commentId },
          10_000,
        );
        if (partial.arrival) parts.push(partial.arrival);
      }
    }
    const isComplete = isDone();
    arrived.delete(commentId);
    return {
      count: parts.reduce((sum, p) => sum + p.count, 0),
      firstMs: Math.min(...parts.map((p) => p.firstMs)),
      lastMs: Math.max(...parts.map((p) => p.lastMs)),
      isComplete,
    };
  }

  return {
    joined,
    async add(count) {
      const startedMs = performance.now();
      const shares = children.map(
        (_, i) => Math.floor(count / children.length) + (i < count % children.length ? 1 : 0),
      );
      const answers = await Promise.all(
        children.map((child, i) => ask<ConnectedMessage>(child, { type: 'connect', count: shares[i] }, 600_000)),
      );
      children.forEach((child, i) => joinedBy.set(child, answers[i].joined));
      return {
        joined: joined(),
        failed: answers.reduce((sum, a) => sum + a.failed, 0),
        firstError: answers.find((a) => a.firstError)?.firstError ?? null,
        elapsedMs: performance.now() - startedMs,
        joinMs: answers.flatMap((a) => a.joinMs),
      };
    },
    whenAllHave: (commentId, timeoutMs) => collect(commentId, Date.now() + timeoutMs),
    async whenAllHaveEach(commentIds, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      const results = new Map<number, CompleteArrival>();
      for (const commentId of commentIds) results.set(commentId, await collect(commentId, deadline));
      return results;
    },
    async totals() {
      const answers = await Promise.all(
        children.map((child) =>
          ask<ChildMessage & { received: number; distinct: number; busy: number }>(child, { type: 'totals' }, 30_000),
        ),
      );
      return {
        received: answers.reduce((sum, a) => sum + a.received, 0),
        distinct: Math.max(0, ...answers.map((a) => a.distinct)),
        busiest: Math.max(0, ...answers.map((a) => a.busy)),
      };
    },
    async stop() {
      await Promise.all(children.map((child) => stopProcess(child, 3_000)));
    },
  };
}
