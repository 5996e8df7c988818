// Owns the typed domain-event bus: services emit, realtime and notifiers subscribe.
import { EventEmitter } from 'node:events';
import type { Comment } from './comments/comment';
import type { AuditEntry } from './moderation/moderation-store';
import type { Thread } from './threads/thread';

export interface DomainEventMap {
  'comment:created': { comment: Comment; threadCommentCount: number };
  /** Edited, deleted, moderated, or its reply count changed (hidden when its last shown reply went away). */
  'comment:updated': { comment: Comment };
  'comment:voted': { comment: Comment };
  'thread:counted': { threadId: number; commentCount: number };
  /** Closed or reopened. */
  'thread:updated': { thread: Thread; isClosed: boolean };
  /** A page was opened for the first time. */
  'thread:created': { thread: Thread };
  'audit:added': { entry: AuditEntry };
  /** A moderator logged out (or the session was otherwise ended): live channels on it must close. */
  'session:ended': { tokenHash: string };
  /** The server is shutting down: long-lived responses should end. */
  'server:stopping': Record<string, never>;
}

export type DomainEventName = keyof DomainEventMap;

export class DomainEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every connected subsystem subscribes once; this is not a per-request listener.
    this.emitter.setMaxListeners(50);
  }

  on<E extends DomainEventName>(event: E, listener: (payload: DomainEventMap[E]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  emit<E extends DomainEventName>(event: E, payload: DomainEventMap[E]): void {
    this.emitter.emit(event, payload);
  }

  /** Listeners of one event now: subscriptions are per subsystem, and tests hold them to that. */
  listenerCount(event: DomainEventName): number {
    return this.emitter.listenerCount(event);
  }
}
