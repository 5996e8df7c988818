// Owns the moderators' live channel: the /admin namespace, authenticated by the session cookie, relaying what changed as the admin protocol shapes it.
import type { Namespace } from 'socket.io';
import type { AccountService } from '../accounts/account-service';
import type { Comment } from '../comments/comment';
import type { DomainEvents } from '../domain-events';
import { describeError, type Logger } from '../log/logger';
import type { AdminReader } from '../moderation/admin-reader';
import {
  ADMIN_NAMESPACE,
  type AdminClientToServerEvents,
  type AdminServerToClientEvents,
  type AdminSocketData,
} from '../protocol/admin-socket-events';
import type { RequestIdentity } from '../identity/request-identity';

export interface AdminRealtimeDeps {
  accounts: AccountService;
  /** Builds everything the channel sends: counts, comments, log entries, threads. */
  reader: Pick<AdminReader, 'countQueues' | 'commentViews' | 'auditViews' | 'threadView'>;
  events: DomainEvents;
  logger: Logger;
  identity: RequestIdentity;
}

export type AdminNamespace = Namespace<
  AdminClientToServerEvents,
  AdminServerToClientEvents,
  Record<string, never>,
  AdminSocketData
>;

/** How often open moderator sockets are checked against their sessions (expiry, logout, password change). */
const SESSION_CHECK_MS = 30_000;

/** Counts are recomputed at most this often while changes stream in. */
const COUNTS_EVERY_MS = 200;

/**
 * The server the readers' namespace lives on. socket.io types every namespace of a server
 * with the server's event maps, the readers' ones; this namespace is given its own once, here.
 */
type AnyServer = { of(name: typeof ADMIN_NAMESPACE): unknown };

export function attachAdminNamespace(io: AnyServer, { accounts, reader, events, logger, identity }: AdminRealtimeDeps) {
  const admin = io.of(ADMIN_NAMESPACE) as unknown as AdminNamespace;

  /** Drops sockets whose session ended; a socket must never outlive the right to see what it streams. */
  async function dropEndedSessions(onlyTokenHash?: string): Promise<void> {
    for (const socket of admin.sockets.values()) {
      if (onlyTokenHash !== undefined && socket.data.sessionTokenHash !== onlyTokenHash) continue;
      if (onlyTokenHash !== undefined || !(await accounts.authenticate(socket.data.sessionToken)))
        socket.disconnect(true);
    }
  }
  const sessionCheck = setInterval(() => {
    dropEndedSessions().catch((err) => logger.error('session check failed', describeError(err)));
  }, SESSION_CHECK_MS);
  sessionCheck.unref();

  admin.use((socket, next) => {
    const refuse = () =>
      next(
        Object.assign(new Error('Please log in.'), { data: { code: 'UNAUTHENTICATED', message: 'Please log in.' } }),
      );
    // A page on another site could open this socket with our cookie attached: only our own origin may.
    if (!identity.isOwnOrigin(socket.request)) return refuse();
    const token = identity.sessionTokenOf(socket.request);
    identity.moderatorOf(socket.request).then(
      (auth) => {
        if (!auth || token === undefined) return refuse();
        socket.data.sessionToken = token;
        socket.data.sessionTokenHash = auth.session.tokenHash;
        next();
      },
      () => refuse(),
    );
  });

  /** Relays what a builder makes; a failure is logged, never thrown into the event bus. */
  function relay<T>(what: string, build: () => Promise<T>, send: (value: T) => void): void {
    build().then(send, (err) => logger.error(what, describeError(err)));
  }

  admin.on('connection', (socket) => {
    relay(
      'queue counts failed',
      () => reader.countQueues(),
      (counts) => socket.emit('queue:counts', counts),
    );
  });

  let countsTimer: NodeJS.Timeout | null = null;
  function scheduleCounts(): void {
    if (countsTimer !== null || admin.sockets.size === 0) return;
    countsTimer = setTimeout(() => {
      countsTimer = null;
      relay(
        'queue counts failed',
        () => reader.countQueues(),
        (counts) => admin.local.emit('queue:counts', counts),
      );
    }, COUNTS_EVERY_MS);
  }

  function pushComment(comment: Comment): void {
    scheduleCounts();
    if (admin.sockets.size === 0) return;
    relay(
      'moderator update failed',
      () => reader.commentViews([comment]),
      ([view]) => admin.local.emit('comment:changed', view),
    );
  }

  const unsubscribers = [
    events.on('session:ended', ({ tokenHash }) => {
      void dropEndedSessions(tokenHash);
    }),
    events.on('comment:created', ({ comment }) => pushComment(comment)),
    events.on('comment:updated', ({ comment }) => pushComment(comment)),
    events.on('audit:added', ({ entry }) => {
      if (admin.sockets.size === 0) return;
      relay(
        'audit update failed',
        () => reader.auditViews([entry]),
        ([view]) => admin.local.emit('audit:added', view),
      );
    }),
    // Closed as readers find it now, by the same rule as every answer of the moderation API.
    events.on('thread:updated', ({ thread }) => {
      if (admin.sockets.size === 0) return;
      relay(
        'thread update failed',
        () => reader.threadView(thread),
        (view) => admin.local.emit('thread:changed', view),
      );
    }),
  ];

  return {
    stop(): void {
      clearInterval(sessionCheck);
      for (const unsubscribe of unsubscribers) unsubscribe();
      if (countsTimer !== null) clearTimeout(countsTimer);
    },
  };
}
