// Owns composition: config, database, migrations, services, HTTP and realtime on one server.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { createAccountService } from './accounts/account-service';
import { createMemoryVoteWindows } from './abuse/vote-windows';
import { RateLimiter } from './abuse/rate-limiter';
import { SharedRateLimiter } from './abuse/shared-rate-limiter';
import { createAkismetChecker } from './abuse/spam-check';
import { systemClock, type Clock } from './clock';
import { createCommentService } from './comments/comment-service';
import { createThreadReader } from './reading/thread-reader';
import type { Config } from './config';
import { openStorage } from './db/open-storage';
import type { Storage } from './db/storage';
import { DomainEvents } from './domain-events';
import { createHealthCheck } from './health/health-check';
import { createAccessLog } from './http/access-log';
import { buildApp } from './http/app';
import { isOriginAllowed } from './http/cors';
import { createHttpDrain } from './http/drain';
import { createPipeline } from './http/pipeline';
import { AREAS, buildRouteTable } from './http/route-table';
import { createClientResolver } from './identity/client-address';
import { createIdentify } from './identity/identify';
import { createRequestIdentity } from './identity/request-identity';
import { createLogger, type Logger } from './log/logger';
import { createAdminReader } from './moderation/admin-reader';
import { createAdminService } from './moderation/admin-service';
import { createModerationService } from './moderation/moderation-service';
import { createReportService } from './moderation/report-service';
import { createSettingsService } from './policy/settings-service';
import { attachAdminNamespace } from './realtime/admin-namespace';
import { shareDomainEvents } from './realtime/cluster-events';
import { attachRealtime, type ParleyIo } from './realtime/socket-server';
import { createThreadService } from './threads/thread-service';
import { COMMENT_VOTE_WINDOW_MS, NEW_IDENTITY_MS } from './votes/vote-rules';
import { createVoteService } from './votes/vote-service';
import { createReactionService } from './reactions/reaction-service';
import { createMailWorker, type MailWorker } from './notifications/mail-worker';
import { createSmtpTransport } from './notifications/smtp-transport';
import { createSubscriptionService } from './notifications/subscription-service';

/** How long a stopping server keeps idle connections open for requests already on their way. */
const IDLE_GRACE_MS = 250;

export interface StartOptions {
  logger?: Logger;
  clock?: Clock;
  migrationsDir?: string;
  /** scrypt cost as a power of two; tests lower it, production keeps the recommended default. */
  passwordCostLog2?: number;
}

export interface RunningParley {
  url: string;
  port: number;
  httpServer: http.Server;
  /** Stops accepting, finishes in-flight requests, closes sockets, closes the database. */
  close(): Promise<void>;
}

/** A random key made on first start and kept in the database, so it survives restarts. */
async function storedKey(storage: Storage, name: string): Promise<Buffer> {
  return Buffer.from(await storage.settings.getOrCreate(name, () => randomBytes(32).toString('base64')), 'base64');
}

export async function startParley(config: Config, options: StartOptions = {}): Promise<RunningParley> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const { storage, migrations, location, nodeLink } = await openStorage(config, {
    migrationsDir: options.migrationsDir,
    logger,
    sqlite: { writeTimeoutMs: config.writeTimeoutMs, checkpoints: { logger } },
  });
  for (const m of migrations.applied) logger.info('migration applied', { version: m.version, name: m.name });
  logger.info('database ready', {
    engine: storage.health.engine,
    database: location,
    schemaVersion: migrations.schemaVersion,
  });

  const events = new DomainEvents();
  const settings = createSettingsService(storage.settings);
  // New settings committed on any node (this one included) replace what every node keeps.
  events.on('settings:changed', ({ settings: next }) => settings.remember(next));
  // One node keeps the vote-stuffing windows in memory; nodes on PostgreSQL count in the same ones.
  const windowLengths = { newForMs: NEW_IDENTITY_MS, windowMs: COMMENT_VOTE_WINDOW_MS };
  const sharedWindows =
    nodeLink === null
      ? null
      : nodeLink.voteWindows(windowLengths, (err) =>
          logger.warn('vote window connection failed', { errorMessage: err.message }),
        );
  const deps = {
    storage,
    events,
    clock,
    rules: { editWindowMs: config.editWindowMs, maxDepth: config.maxDepth, pageSize: config.pageSize },
    cursorKey: await storedKey(storage, 'cursor-key'),
    moderationSettings: settings,
    abuse: {
      // One node keeps its buckets in memory; nodes on PostgreSQL spend from the same ones.
      limiter:
        nodeLink === null
          ? new RateLimiter(config.rateLimits, () => clock.now())
          : new SharedRateLimiter(config.rateLimits, () => clock.now(), nodeLink.limits),
      voteWindows: sharedWindows?.windows ?? createMemoryVoteWindows(windowLengths),
      minSubmitMs: config.minSubmitMs,
      spamCheck: config.akismet ? createAkismetChecker(config.akismet) : null,
    },
  };
  const identify = createIdentify(await storedKey(storage, 'address-key'));
  const clients = createClientResolver(config.trustProxy);
  const threads = createThreadService({
    storage,
    events,
    clock,
    limiter: deps.abuse.limiter,
    allowedOrigins: config.allowedOrigins,
  });
  const reader = createThreadReader(deps, threads);
  const comments = createCommentService(deps);
  const votes = createVoteService(deps);
  const reactions = createReactionService(deps);
  const reports = createReportService(deps);
  const moderation = createModerationService(deps);
  const accounts = createAccountService({
    storage,
    clock,
    events,
    limiter: deps.abuse.limiter,
    passwordCostLog2: options.passwordCostLog2,
  });
  const adminReader = createAdminReader({ storage, settings, clock, cursorKey: deps.cursorKey });
  const admin = createAdminService({ reader: adminReader, moderation, accounts });
  const mailKey = await storedKey(storage, 'mail-key');
  const subscriptions = createSubscriptionService({ storage, clock, limiter: deps.abuse.limiter, mailKey });

  const identity = createRequestIdentity({ identify, clients, accounts });
  const accessLog = createAccessLog(logger, config.isAccessLogEnabled);
  const pipeline = createPipeline({
    areas: AREAS,
    routes: buildRouteTable({
      reader,
      comments,
      votes,
      reactions,
      reports,
      subscriptions,
      events,
      health: createHealthCheck({
        storage,
        // Nodes that said they were alive lately, this one included (read once the server is up).
        countNodes: nodeLink === null ? null : () => io.of('/').adapter.serverCount(),
      }),
      admin,
      clock,
      countStreamsPerNetwork: config.connectionLimits.countStreamsPerNetwork,
    }),
    identity,
    clients,
    logger,
    accessLog,
    allowedOrigins: config.allowedOrigins,
  });
  const app = buildApp({ logger, accessLog, isDemoEnabled: config.isDemoEnabled, clients });
  const drain = createHttpDrain();
  // Every API request goes through the pipeline; express serves the rest (scripts, pages, not found).
  const httpServer = http.createServer((req, res) => {
    if (drain.admit(req, res) && !pipeline(req, res)) app(req, res);
  });
  httpServer.headersTimeout = 20_000;
  httpServer.requestTimeout = 30_000;
  const io: ParleyIo = new Server(httpServer, {
    // Comment payloads are small; a large frame is abuse, not a comment.
    maxHttpBufferSize: 64 * 1024,
    // The widget is embedded on other sites' pages: it connects from their origins.
    cors: { origin: config.allowedOrigins ?? true, credentials: false },
    serveClient: false,
    allowRequest: (req, callback) => {
      // A client refused now retries with back-off, and reaches the next server.
      if (drain.isStopping()) return callback('server is stopping', false);
      const origin = req.headers.origin;
      const isAllowed = isOriginAllowed(origin, req.headers.host, config.allowedOrigins);
      if (!isAllowed) return callback('origin not allowed', false);
      // Far past the network's cap (connections that never finish their handshake): refused outright.
      const hasRoom = readers.hasRoomFor(req);
      callback(hasRoom ? null : 'too many connections', hasRoom);
    },
  });
  // Several nodes: the adapter joins them before any namespace is made, and every domain event
  // is heard on every node, which relays it to its own sockets.
  let stopSharing = () => {};
  const nodes =
    nodeLink === null
      ? null
      : nodeLink.socketAdapter((err) => logger.warn('link between nodes failed', { errorMessage: err.message }));
  if (nodes !== null) {
    io.adapter(nodes.adapter);
    stopSharing = shareDomainEvents(io, events, logger);
  }
  /** Says goodbye to the other nodes and ends the link's connections. */
  async function leaveNodes(): Promise<void> {
    stopSharing();
    if (nodes === null) return;
    await Promise.all([io.of('/').adapter.close(), io.of('/admin').adapter.close()]);
    await nodes.close();
  }
  const readers = attachRealtime(io, {
    reader,
    comments,
    votes,
    reactions,
    reports,
    events,
    identity,
    logger,
    clock,
    socketsPerNetwork: config.connectionLimits.socketsPerNetwork,
    eventAllowance: config.socketEvents,
  });
  const moderators = attachAdminNamespace(io, { accounts, reader: adminReader, events, logger, identity });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    const onListening = () => {
      httpServer.off('error', reject);
      resolve();
    };
    if (config.host === '') httpServer.listen(config.port, onListening);
    else httpServer.listen(config.port, config.host, onListening);
  }).catch(async (err) => {
    await leaveNodes();
    await storage.close();
    await sharedWindows?.close();
    throw err;
  });

  const port = (httpServer.address() as AddressInfo).port;
  const shownHost =
    config.host === '' || config.host === '0.0.0.0' || config.host === '::'
      ? 'localhost'
      : config.host.includes(':')
        ? `[${config.host}]`
        : config.host;
  const url = `http://${shownHost}:${port}`;
  logger.info('listening', { url, port });

  // Mail queued in the outbox goes out from here; without SMTP it waits there for a server that has it.
  let mailWorker: MailWorker | null = null;
  if (config.mail.smtpUrl === null) {
    logger.warn('mail is not configured (PARLEY_SMTP_URL): subscription mail stays in the outbox unsent');
  } else {
    if (config.mail.publicUrl === null)
      logger.warn('PARLEY_PUBLIC_URL is not set: links in mail point to the address this server listens on', { url });
    const transport = createSmtpTransport(config.mail.smtpUrl);
    const worker = createMailWorker({
      storage,
      clock,
      logger,
      transport,
      mailKey,
      from: config.mail.from,
      baseUrl: () => config.mail.publicUrl ?? url,
      batchMs: config.mail.batchMs,
      retryMs: config.mail.retryMs,
      pollMs: Math.min(1000, Math.max(100, Math.floor(config.mail.batchMs / 4))),
    });
    worker.start();
    mailWorker = {
      ...worker,
      async stop() {
        await worker.stop();
        transport.close();
      },
    };
  }

  let closing: Promise<void> | null = null;
  async function close(): Promise<void> {
    closing ??= (async () => {
      drain.stop();
      // A mail being sent is recorded as sent before the database closes, so it is never sent twice.
      await mailWorker?.stop();
      readers.stop();
      moderators.stop();
      // Closing the transports (not disconnecting the sockets) tells clients the server went
      // away, so they reconnect by themselves; a server-side disconnect would stop them for good.
      // io.close() would also close the HTTP server before in-flight requests finish.
      io.engine.close();
      events.emit('server:stopping', {});
      const timer = setTimeout(() => httpServer.closeAllConnections(), config.shutdownTimeoutMs);
      // A request sent over an idle keep-alive connection just before the stop is in the
      // socket's buffer, unread: closing idle connections at once would reset it. After a
      // moment it has been read and refused, and what is still idle can be closed.
      await new Promise((resolve) => setTimeout(resolve, Math.min(IDLE_GRACE_MS, config.shutdownTimeoutMs)));
      // Stops listening and closes idle connections; the others close after their answer.
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      clearTimeout(timer);
      // The other nodes hear that this one left, and the adapter gives back its connection.
      await leaveNodes();
      // Writes still waiting for the lock are committed or refused before the database closes.
      await storage.close();
      await sharedWindows?.close();
      logger.info('stopped');
    })();
    return closing;
  }

  return { url, port, httpServer, close };
}
