// Owns the moderators' live channel: the /admin namespace, authenticated by the session cookie.
import type { Server } from 'socket.io';
import type { AccountService } from '../accounts/account-service';
import type { Comment } from '../comments/comment';
import type { Storage } from '../db/storage';
import type { DomainEvents } from '../domain-events';
import { describeError, type Logger } from '../log/logger';
import { toModComments, toModThread, toPublicAuditEntry } from '../moderation/mod-comment';
import { isThreadClosed } from '../policy/moderation-rules';
import type { ModerationSettingsSource } from '../policy/settings-service';
import type { Clock } from '../clock';
import type { RequestIdentity } from '../identity/request-identity';

export interface AdminRealtimeDeps {
  accounts: AccountService;
  storage: Storage;
  events: DomainEvents;
  settings: ModerationSettingsSource;
  clock: Clock;
  logger: Logger;
  identity: RequestIdentity;
}

/** How often open moderator sockets are checked against their sessions (expiry, logout, password change). */
const SESSION_CHECK_MS = 30_000;

/** Counts are recomputed at most this often while changes stream in. */
const COUNTS_EVERY_MS = 200;

export function attachAdminNamespace(io: Server, { accounts, storage, events, settings, clock, logger, identity }: AdminRealtimeDeps) {
  const admin = io.of('/admin');

  /** Drops sockets whose session ended; a socket must never outlive the right to see what it streams. */
  async function dropEndedSessions(onlyTokenHash?: string): Promise<void> {
    for (const socket of admin.sockets.values()) {
      const token = socket.data.sessionToken as string | undefined;
      if (onlyTokenHash !== undefined && socket.data.sessionTokenHash !== onlyTokenHash) continue;
      if (onlyTokenHash !== undefined || !(await accounts.authenticate(token))) socket.disconnect(true);
    }
  }
  const sessionCheck = setInterval(() => {
    dropEndedSessions().catch((err) => logger.error('session check failed', describeError(err)));
  }, SESSION_CHECK_MS);
  sessionCheck.unref();

  admin.use((socket, next) => {
    const refuse = () => next(Object.assign(new Error('Please log in.'), { data: { code: 'UNAUTHENTICATED', message: 'Please log in.' } }));
    // A page on another site could open this socket with our cookie attached: only our own origin may.
    if (!identity.isOwnOrigin(socket.request)) return refuse();
    identity.moderatorOf(socket.request).then(
      (auth) => {
        if (!auth) return refuse();
        socket.data.sessionToken = identity.sessionTokenOf(socket.request);
        socket.data.sessionTokenHash = auth.session.tokenHash;
        next();
      },
      () => refuse(),
    );
  });

  admin.on('connection', (socket) => {
    storage.moderation.countQueues().then(
      (counts) => socket.emit('queue:counts', counts),
      (err) => logger.error('queue counts failed', describeError(err)),
    );
  });

  let countsTimer: NodeJS.Timeout | null = null;
  function scheduleCounts(): void {
    if (countsTimer !== null || admin.sockets.size === 0) return;
    countsTimer = setTimeout(() => {
      countsTimer = null;
      storage.moderation.countQueues().then(
        (counts) => admin.emit('queue:counts', counts),
        (err) => logger.error('queue counts failed', describeError(err)),
      );
    }, COUNTS_EVERY_MS);
  }

  function pushComment(comment: Comment): void {
    scheduleCounts();
    if (admin.sockets.size === 0) return;
    settings
      .current()
      .then((current) => {
        const nowMs = clock.now();
        return toModComments(storage, [comment], (thread) => isThreadClosed(thread, current, nowMs));
      })
      .then(
      ([view]) => admin.emit('comment:changed', view),
      (err) => logger.error('moderator update failed', describeError(err)),
    );
  }

  const unsubscribers = [
    events.on('session:ended', ({ tokenHash }) => {
      void dropEndedSessions(tokenHash);
    }),
    events.on('comment:created', ({ comment }) => pushComment(comment)),
    events.on('comment:updated', ({ comment }) => pushComment(comment)),
    events.on('audit:added', ({ entry }) => admin.emit('audit:added', toPublicAuditEntry(entry))),
    events.on('thread:updated', ({ thread, isClosed }) =>
      admin.emit('thread:changed', toModThread(thread, isClosed)),
    ),
  ];

  return {
    stop(): void {
      clearInterval(sessionCheck);
      for (const unsubscribe of unsubscribers) unsubscribe();
      if (countsTimer !== null) clearTimeout(countsTimer);
    },
  };
}
