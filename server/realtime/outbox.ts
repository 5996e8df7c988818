// Owns batching of live broadcasts: sent after the answer to the request that caused them,
// with repeated updates of the same thing folded into one, several events to the same
// readers in one message, flushes paced while writes pour in, and a large audience's
// delivery spread over several turns of the event loop.

/**
 * The shortest time between two flushes. A quiet thread's broadcast leaves on the next turn
 * of the event loop; while writes keep coming, what they cause waits at most this long and
 * leaves together. Below a frame at 60 Hz, so a reader cannot tell.
 */
export const DEFAULT_FLUSH_INTERVAL_MS = 15;
/** The longest wait between flushes, reached while a flood keeps every flush full. */
export const MAX_FLUSH_INTERVAL_MS = 60;
/** A flush carrying at least this many events means writes are pouring in. */
const BUSY_FLUSH_EVENTS = 4;

/** The sockets a broadcast goes to: a room, optionally less the sockets of another room. */
export interface Audience {
  room: string;
  except?: string;
}

/** One event as the protocol names it, with its payload. */
export type LiveEvent = readonly [event: string, payload: unknown];

/** Sends a flush's message to some of an audience's sockets. */
export type Send = () => void;

/**
 * Prepares what one flush has for one audience, in the order it was queued: one event as
 * itself, several as one message (a write to every socket is what a broadcast costs).
 * Returns the sends that deliver it, each to a part of the audience: the outbox runs one per
 * turn of the event loop, so requests are answered between them.
 */
export type DeliverBatch = (audience: Audience, events: LiveEvent[]) => readonly Send[];

interface Queued {
  audience: Audience;
  event: LiveEvent;
}

export class Outbox {
  private queue = new Map<string, Queued>();
  private next = 0;
  private isScheduled = false;
  private isStopped = false;
  private lastFlushMs = -Infinity;
  private timer: NodeJS.Timeout | null = null;
  private intervalMs: number;
  /** The sends of the delivery under way, and how many of them went out. */
  private sends: Send[] = [];
  private sent = 0;

  constructor(
    private readonly deliver: DeliverBatch,
    private readonly minIntervalMs = DEFAULT_FLUSH_INTERVAL_MS,
    private readonly now: () => number = () => performance.now(),
    private readonly maxIntervalMs = Math.max(minIntervalMs, MAX_FLUSH_INTERVAL_MS),
  ) {
    this.intervalMs = minIntervalMs;
  }

  /**
   * Queues a broadcast. Under `key`, a later broadcast replaces an earlier one still
   * queued, keeping its place (a score or a count: only the newest value matters).
   */
  push(audience: Audience, event: string, payload: unknown, key?: string): void {
    if (this.isStopped) return;
    this.queue.set(key ?? `#${this.next++}`, { audience, event: [event, payload] });
    this.schedule();
  }

  flush(): void {
    this.isScheduled = false;
    this.timer = null;
    if (this.isStopped || this.isDelivering()) return;
    this.lastFlushMs = this.now();
    const batch = this.queue;
    this.queue = new Map();
    // Each flush writes to every reader's connection once, whatever it carries: while a flood
    // keeps flushes full, they are spaced further apart (up to MAX_FLUSH_INTERVAL_MS); the
    // first quiet flush brings the spacing back down.
    this.intervalMs =
      batch.size >= BUSY_FLUSH_EVENTS ? Math.min(this.intervalMs * 2, this.maxIntervalMs) : this.minIntervalMs;
    const byAudience = new Map<string, { audience: Audience; events: LiveEvent[] }>();
    for (const { audience, event } of batch.values()) {
      const id = `${audience.room}\n${audience.except ?? ''}`;
      const group = byAudience.get(id);
      if (group) group.events.push(event);
      else byAudience.set(id, { audience, events: [event] });
    }
    const sends: Send[] = [];
    for (const { audience, events } of byAudience.values()) sends.push(...this.deliver(audience, events));
    this.sends = sends;
    this.sent = 0;
    this.sendNext();
  }

  stop(): void {
    this.isStopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.queue.clear();
    this.sends = [];
  }

  private isDelivering(): boolean {
    return this.sent < this.sends.length;
  }

  /**
   * Runs the delivery's next send, and leaves the one after it for the next turn of the event
   * loop. A flush's sends all go out before the next flush starts: each socket gets the
   * messages in the order their events happened.
   */
  private sendNext(): void {
    if (this.isStopped) return;
    if (this.isDelivering()) this.sends[this.sent++]();
    if (this.isDelivering()) {
      setImmediate(() => this.sendNext());
      return;
    }
    this.sends = [];
    this.sent = 0;
    if (this.queue.size > 0) this.schedule();
  }

  private schedule(): void {
    // While a delivery is under way, its last send schedules what was queued meanwhile.
    if (this.isScheduled || this.isDelivering()) return;
    this.isScheduled = true;
    const wait = this.lastFlushMs + this.intervalMs - this.now();
    if (wait <= 0) setImmediate(() => this.flush());
    else this.timer = setTimeout(() => this.flush(), Math.ceil(wait));
  }
}
