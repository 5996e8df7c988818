// Owns carrying domain events between the nodes of one site: what happens on any node is heard
// on every node's bus, so each node relays it to its own sockets and drops what it keeps of the
// thread, exactly as for what happened on itself. The socket.io adapter is the carrier (on
// PostgreSQL, LISTEN/NOTIFY); with one node the adapter is in memory and nothing is carried.
import type { DomainEventMap, DomainEventName, DomainEvents } from '../domain-events';
import type { Logger } from '../log/logger';

/** Domain events that change what readers or moderators see; `server:stopping` is each node's own. */
export const SHARED_EVENTS = [
  'comment:created',
  'comment:updated',
  'comment:voted',
  'comment:reacted',

  'thread:counted',
  'thread:created',
  'thread:updated',
  'audit:added',
  'settings:changed',
  'session:ended',
] as const satisfies readonly DomainEventName[];

type SharedEventName = (typeof SHARED_EVENTS)[number];

/** Every domain event is shared but the node's own: a new event that is not listed fails to compile. */
type Unshared = Exclude<DomainEventName, SharedEventName | 'server:stopping'>;
const EVERY_EVENT_SHARED: [Unshared] extends [never] ? true : Unshared = true;
void EVERY_EVENT_SHARED;

/** What nodes say to each other, outside any reader's socket. */
export interface ClusterEvents {
  'parley:event': (name: SharedEventName, payload: DomainEventMap[SharedEventName]) => void;
}

/** The part of a socket.io server that talks to the other nodes. */
export interface ClusterLink {
  serverSideEmit(event: 'parley:event', name: SharedEventName, payload: DomainEventMap[SharedEventName]): boolean;
  on(event: 'parley:event', listener: ClusterEvents['parley:event']): unknown;
  off(event: 'parley:event', listener: ClusterEvents['parley:event']): unknown;
}

const isShared = (name: unknown): name is SharedEventName =>
  typeof name === 'string' && (SHARED_EVENTS as readonly string[]).includes(name);

/**
 * Sends every shared event emitted on this node to the other nodes, and emits theirs on this
 * node's bus. An event that came from another node is not sent on again. Returns a stop.
 */
export function shareDomainEvents(link: ClusterLink, events: DomainEvents, logger: Logger): () => void {
  // Set while a peer's event is emitted on this bus, so the listeners below leave it alone.
  let isFromPeer = false;
  const unsubscribers = SHARED_EVENTS.map((name) =>
    events.on(name, (payload) => {
      if (isFromPeer) return;
      link.serverSideEmit('parley:event', name, payload);
    }),
  );
  const hear: ClusterEvents['parley:event'] = (name, payload) => {
    if (!isShared(name) || typeof payload !== 'object' || payload === null) {
      logger.warn('unknown event from another node dropped', { event: String(name) });
      return;
    }
    isFromPeer = true;
    try {
      (events.emit as (event: SharedEventName, payload: unknown) => void)(name, payload);
    } finally {
      isFromPeer = false;
    }
  };
  link.on('parley:event', hear);
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
    link.off('parley:event', hear);
  };
}
