// Owns the open live count streams of listing pages: who watches which page, and one set of listeners for them all.
import { ConnectionGate } from '../abuse/connection-gate';
import { AppError } from '../errors';
import type { DomainEvents } from '../domain-events';

/** Where a stream's events go: the response, written as server-sent events. */
export interface StreamSink {
  write(chunk: string): void;
  end(): void;
}

interface Stream {
  sink: StreamSink;
  network: string | null;
  /** Pages whose thread is not known yet, waiting for it to be created. */
  waitingPageIds: string[];
  /** Pages the request named by another spelling than the stored page id (see normalizePageId): the names its answers use. */
  spellings: Map<string, string[]> | null;
  threadIds: number[];
}

/** Comments for a page arrive on its thread; a page without one yet waits for it. */
export interface WatchedPage {
  pageId: string;
  threadId: number | null;
  /** The spellings the request asked for this page by, when not just `pageId`. */
  asked?: string[];
}

const KEEP_ALIVE_MS = 25_000;

export const countsEvent = (counts: Record<string, number>): string =>
  `event: counts\ndata: ${JSON.stringify(counts)}\n\n`;

/**
 * Every stream used to add two listeners of its own and look a comment's thread up in the
 * database for every new comment on any thread: a thousand streams slowed every post. Here one
 * listener per event serves them all: a count change goes to the streams watching its thread,
 * and a page's new thread (`thread:created`) moves its waiting streams onto it.
 */
export class CountStreams {
  private readonly byThread = new Map<number, Set<Stream>>();
  /** pageId → streams waiting for the page's thread. */
  private readonly waiting = new Map<string, Set<Stream>>();
  /** pageId of each watched thread. */
  private readonly pageOfThread = new Map<number, string>();
  private readonly streams = new Set<Stream>();
  private readonly gate: ConnectionGate;
  private keepAlive: ReturnType<typeof setInterval> | null = null;

  constructor(events: DomainEvents, streamsPerNetwork: number | null) {
    this.gate = new ConnectionGate(streamsPerNetwork);
    events.on('thread:counted', ({ threadId, commentCount }) => {
      const watching = this.byThread.get(threadId);
      if (watching === undefined) return;
      const pageId = this.pageOfThread.get(threadId) as string;
      const message = countsEvent({ [pageId]: commentCount });
      for (const stream of watching) {
        const asked = stream.spellings?.get(pageId);
        stream.sink.write(
          asked === undefined ? message : countsEvent(Object.fromEntries(asked.map((name) => [name, commentCount]))),
        );
      }
    });
    events.on('thread:created', ({ thread }) => {
      const waiting = this.waiting.get(thread.pageId);
      if (waiting === undefined) return;
      this.waiting.delete(thread.pageId);
      for (const stream of waiting) {
        stream.waitingPageIds = stream.waitingPageIds.filter((id) => id !== thread.pageId);
        this.watchThread(stream, thread.id, thread.pageId);
      }
    });
    // Open streams would otherwise hold the server open.
    events.on('server:stopping', () => {
      for (const stream of [...this.streams]) {
        stream.sink.end();
        this.close(stream);
      }
    });
  }

  /**
   * Takes a place for a stream from `network`, or throws TOO_MANY_CONNECTIONS when the network
   * holds its cap of them. Call before any await, so concurrent requests cannot all pass; then
   * `open` the stream with it, or give it back with `release`.
   */
  admit(network: string | null): { network: string | null } {
    if (!this.gate.hasRoom(network)) {
      throw new AppError('TOO_MANY_CONNECTIONS', {
        publicMessage: 'Too many live comment counts are open from your network. Close some pages and try again.',
        details: { kind: 'count-stream' },
      });
    }
    this.gate.opened(network);
    return { network };
  }

  release(place: { network: string | null }): void {
    this.gate.closed(place.network);
  }

  /** Starts sending a stream (admitted before) the changes of its pages' counts; returns how to close it. */
  open(place: { network: string | null }, sink: StreamSink, pages: readonly WatchedPage[]): () => void {
    const stream: Stream = { sink, network: place.network, waitingPageIds: [], threadIds: [], spellings: null };
    this.streams.add(stream);
    for (const { pageId, threadId, asked } of pages) {
      if (asked !== undefined && (asked.length !== 1 || asked[0] !== pageId))
        (stream.spellings ??= new Map()).set(pageId, asked);
      if (threadId !== null) {
        this.watchThread(stream, threadId, pageId);
        continue;
      }
      stream.waitingPageIds.push(pageId);
      let set = this.waiting.get(pageId);
      if (set === undefined) this.waiting.set(pageId, (set = new Set()));
      set.add(stream);
    }
    if (this.keepAlive === null) {
      this.keepAlive = setInterval(() => {
        for (const s of this.streams) s.sink.write(': keep-alive\n\n');
      }, KEEP_ALIVE_MS);
      // The streams' connections hold the process open; the timer alone should not.
      this.keepAlive.unref();
    }
    let isClosed = false;
    return () => {
      if (isClosed) return;
      isClosed = true;
      this.close(stream);
    };
  }

  /** Streams open now. */
  get size(): number {
    return this.streams.size;
  }

  private watchThread(stream: Stream, threadId: number, pageId: string): void {
    stream.threadIds.push(threadId);
    this.pageOfThread.set(threadId, pageId);
    let set = this.byThread.get(threadId);
    if (set === undefined) this.byThread.set(threadId, (set = new Set()));
    set.add(stream);
  }

  private close(stream: Stream): void {
    if (!this.streams.delete(stream)) return;
    this.gate.closed(stream.network);
    for (const threadId of stream.threadIds) {
      const set = this.byThread.get(threadId);
      set?.delete(stream);
      if (set?.size === 0) {
        this.byThread.delete(threadId);
        this.pageOfThread.delete(threadId);
      }
    }
    for (const pageId of stream.waitingPageIds) {
      const set = this.waiting.get(pageId);
      set?.delete(stream);
      if (set?.size === 0) this.waiting.delete(pageId);
    }
    if (this.streams.size === 0 && this.keepAlive !== null) {
      clearInterval(this.keepAlive);
      this.keepAlive = null;
    }
  }
}
