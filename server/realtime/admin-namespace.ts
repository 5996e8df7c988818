// Owns the moderators' live channel: the /admin namespace, authenticated by the session cookie.
import type { Server } from 'socket.io';
import type { AccountService } from '../accounts/account-service';
import type { Comment } from '../comments/comment';
import type { Storage } from '../db/storage';
import type { DomainEvents } from '../events';
import { ADMIN_COOKIE, isSameOrigin, readCookie } from '../http/admin-auth';
import { describeError, type Logger } from '../log/logger';
import { toModComments, toPublicAuditEntry } from '../moderation/mod-comment';

export interface AdminRealtimeDeps {
  accounts: AccountService;
  storage: Storage;
  events: DomainEvents;
  logger: Logger;
}

/** Counts are recomputed at most this often while changes stream in. */
const COUNTS_EVERY_MS = 200;

export function attachAdminNamespace(io: Server, { accounts, storage, events, logger }: AdminRealtimeDeps) {
  const admin = io.of('/admin');

  admin.use((socket, next) => {
    const headers = socket.handshake.headers;
    const refuse = () => next(Object.assign(new Error('Please log in.'), { data: { code: 'UNAUTHENTICATED', message: 'Please log in.' } }));
    // A page on another site could open this socket with our cookie attached: only our own origin may.
    const protocol = socket.handshake.secure ? 'https' : 'http';
    if (!isSameOrigin(headers.origin, headers.host, protocol)) return refuse();
    accounts.authenticate(readCookie(headers.cookie, ADMIN_COOKIE)).then(
      (auth) => (auth ? next() : refuse()),
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
    toModComments(storage, [comment]).then(
      ([view]) => admin.emit('comment:changed', view),
      (err) => logger.error('moderator update failed', describeError(err)),
    );
  }

  const unsubscribers = [
    events.on('comment:created', ({ comment }) => pushComment(comment)),
    events.on('comment:updated', ({ comment }) => pushComment(comment)),
    events.on('audit:added', ({ entry }) => admin.emit('audit:added', toPublicAuditEntry(entry))),
    events.on('thread:updated', ({ thread, isClosed }) =>
      admin.emit('thread:changed', { id: thread.id, pageId: thread.pageId, url: thread.url, title: thread.title, isClosed, commentCount: thread.commentCount }),
    ),
  ];

  return {
    stop(): void {
      for (const unsubscribe of unsubscribers) unsubscribe();
      if (countsTimer !== null) clearTimeout(countsTimer);
    },
  };
}
