// Owns batching of live broadcasts: sent once per turn of the event loop, after the answer
// to the request that caused them, with repeated updates of the same thing folded into one.
export class Outbox {
  private queue = new Map<string, () => void>();
  private next = 0;
  private isScheduled = false;
  private isStopped = false;

  /**
   * Queues a broadcast. Under `key`, a later broadcast replaces an earlier one still
   * queued (a score or a count: only the newest value matters); without, each is sent.
   */
  push(send: () => void, key?: string): void {
    if (this.isStopped) return;
    this.queue.set(key ?? `#${this.next++}`, send);
    if (this.isScheduled) return;
    this.isScheduled = true;
    setImmediate(() => this.flush());
  }

  flush(): void {
    this.isScheduled = false;
    const batch = this.queue;
    this.queue = new Map();
    for (const send of batch.values()) send();
  }

  stop(): void {
    this.isStopped = true;
    this.queue.clear();
  }
}
