// Owns the whole map of events, for the composition root and the transports that relay them all.
import type { AccountEvents } from './accounts/account-events';
import type { CommentEvents } from './comments/comment-events';
import { EventBus } from './events';
import type { ModerationEvents } from './moderation/moderation-events';
import type { PolicyEvents } from './policy/policy-events';
import type { ThreadEvents } from './threads/thread-events';
import type { VoteEvents } from './votes/vote-events';
import type { ReactionEvents } from './reactions/reaction-events';

export interface ServerEvents {
  /** The server is shutting down: long-lived responses should end. */
  'server:stopping': Record<string, never>;
}

export interface DomainEventMap
  extends
    CommentEvents,
    VoteEvents,
    ReactionEvents,
    ThreadEvents,
    ModerationEvents,
    PolicyEvents,
    AccountEvents,
    ServerEvents {}

export type DomainEventName = keyof DomainEventMap;

/** The one bus of a server: made by the composition root, handed to each use case as the part it emits or hears. */
export class DomainEvents extends EventBus<DomainEventMap> {}
