// Owns the typed event bus: services emit what happened, transports and notifiers subscribe.
// It knows no event of its own: each folder declares the events its use cases emit, and
// server/domain-events.ts puts them together for those that hear them all.
import { EventEmitter } from 'node:events';

/** What a use case needs to announce what happened. */
export interface EventSink<M> {
  emit<E extends keyof M & string>(event: E, payload: M[E]): void;
}

/** What a subscriber needs to hear it. */
export interface EventSource<M> {
  on<E extends keyof M & string>(event: E, listener: (payload: M[E]) => void): () => void;
}

export class EventBus<M> implements EventSink<M>, EventSource<M> {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every connected subsystem subscribes once; this is not a per-request listener.
    this.emitter.setMaxListeners(50);
  }

  on<E extends keyof M & string>(event: E, listener: (payload: M[E]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  emit<E extends keyof M & string>(event: E, payload: M[E]): void {
    this.emitter.emit(event, payload);
  }

  /** Listeners of one event now: subscriptions are per subsystem, and tests hold them to that. */
  listenerCount(event: keyof M & string): number {
    return this.emitter.listenerCount(event);
  }
}
