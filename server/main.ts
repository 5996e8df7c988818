// Owns composition: config, database, migrations, services, HTTP and realtime on one server.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { createAccountService } from './accounts/account-service';
import { CommentVoteBursts } from './abuse/comment-vote-bursts';
import { NewVoterBursts } from './abuse/new-voter-bursts';
import { RateLimiter } from './abuse/rate-limiter';
import { createAkismetChecker } from './abuse/spam-check';
import { systemClock, type Clock } from './clock';
import { createCommentService } from './comments/comment-service';
import { createThreadReader } from './comments/thread-reader';
import type { Config } from './config';
import { openDatabase } from './db/connection';
import { migrate, readMigrations } from './db/migrate';
import { startCheckpointer } from './db/checkpointer';
import { createSqliteStorage } from './db/sqlite-storage';
import type { Storage } from './db/storage';
import { DomainEvents } from './events';
import { buildApp } from './http/app';
import { createHotRoutes } from './http/hot-routes';
import { isOriginAllowed } from './http/cors';
import { createIdentify } from './identity/identify';
import { createLogger, type Logger } from './log/logger';
import { createModerationService } from './moderation/moderation-service';
import { createReportService } from './moderation/report-service';
import { createSettingsService } from './moderation/settings-service';
import { PATHS } from './paths';
import { attachAdminNamespace } from './realtime/admin-namespace';
import { attachRealtime, type ParleyIo } from './realtime/socket-server';
import { createThreadService } from './threads/thread-service';
import { COMMENT_VOTE_WINDOW_MS, NEW_IDENTITY_MS } from './votes/vote-rules';
import { createVoteService } from './votes/vote-service';

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
  const db = openDatabase(config.dbPath);
  let storage: Storage;
  try {
    const { applied, schemaVersion } = migrate(db, readMigrations(options.migrationsDir ?? PATHS.migrations));
    for (const m of applied) logger.info('migration applied', { version: m.version, name: m.name });
    logger.info('database ready', { dbPath: config.dbPath, schemaVersion });
    storage = createSqliteStorage(db);
  } catch (err) {
    db.close();
    throw err;
  }

  const checkpointer = startCheckpointer(db, (message) => logger.warn('background checkpoint failed', { message }));
  const events = new DomainEvents();
  const settings = createSettingsService(storage.settings);
  const deps = {
    storage,
    events,
    clock,
    rules: { editWindowMs: config.editWindowMs, maxDepth: config.maxDepth, pageSize: config.pageSize },
    cursorKey: await storedKey(storage, 'cursor-key'),
    moderationSettings: settings,
    abuse: {
      limiter: new RateLimiter(config.rateLimits, () => clock.now()),
      newVoters: new NewVoterBursts(NEW_IDENTITY_MS),
      commentVotes: new CommentVoteBursts(COMMENT_VOTE_WINDOW_MS),
      minSubmitMs: config.minSubmitMs,
      spamCheck: config.akismet ? createAkismetChecker(config.akismet) : null,
    },
  };
  const identify = createIdentify(await storedKey(storage, 'address-key'));
  const threads = createThreadService({ storage, events, clock, limiter: deps.abuse.limiter, allowedOrigins: config.allowedOrigins });
  const reader = createThreadReader(deps, threads);
  const comments = createCommentService(deps);
  const votes = createVoteService(deps);
  const reports = createReportService(deps);
  const moderation = createModerationService(deps);
  const accounts = createAccountService({ storage, clock, events, passwordCostLog2: options.passwordCostLog2 });

  const app = buildApp({
    storage,
    events,
    clock,
    reader,
    comments,
    votes,
    reports,
    moderation,
    accounts,
    settings,
    identify,
    limiter: deps.abuse.limiter,
    logger,
    isDemoEnabled: config.isDemoEnabled,
    trustProxy: config.trustProxy,
    allowedOrigins: config.allowedOrigins,
    countStreamsPerNetwork: config.connectionLimits.countStreamsPerNetwork,
  });
  const handleHotRoute = createHotRoutes({
    reader,
    comments,
    votes,
    identify,
    logger,
    allowedOrigins: config.allowedOrigins,
    trustProxy: config.trustProxy,
  });
  const httpServer = http.createServer((req, res) => {
    if (!handleHotRoute(req, res)) app(req, res);
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
      const origin = req.headers.origin;
      const isAllowed = isOriginAllowed(origin, req.headers.host, config.allowedOrigins);
      if (!isAllowed) return callback('origin not allowed', false);
      // Far past the network's cap (connections that never finish their handshake): refused outright.
      const hasRoom = readers.hasRoomFor(req);
      callback(hasRoom ? null : 'too many connections', hasRoom);
    },
  });
  const readers = attachRealtime(io, {
    reader,
    comments,
    votes,
    reports,
    events,
    identify,
    logger,
    trustProxy: config.trustProxy,
    socketsPerNetwork: config.connectionLimits.socketsPerNetwork,
  });
  const moderators = attachAdminNamespace(io as unknown as Server, { accounts, storage, events, settings, clock, logger });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    const onListening = () => {
      httpServer.off('error', reject);
      resolve();
    };
    if (config.host === '') httpServer.listen(config.port, onListening);
    else httpServer.listen(config.port, config.host, onListening);
  }).catch(async (err) => {
    await checkpointer.stop();
    await storage.close();
    throw err;
  });

  const port = (httpServer.address() as AddressInfo).port;
  const shownHost = config.host === '' || config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${shownHost}:${port}`;
  logger.info('listening', { url, port });

  let closing: Promise<void> | null = null;
  async function close(): Promise<void> {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      readers.stop();
      moderators.stop();
      // Closing the transports (not disconnecting the sockets) tells clients the server went
      // away, so they reconnect by themselves; a server-side disconnect would stop them for good.
      // io.close() would also close the HTTP server before in-flight requests finish.
      io.engine.close();
      events.emit('server:stopping', {});
      httpServer.closeIdleConnections();
      const timer = setTimeout(() => httpServer.closeAllConnections(), config.shutdownTimeoutMs);
      await closed;
      clearTimeout(timer);
      // better-sqlite3 writes are synchronous: once no request is in flight, none is half-done.
      await checkpointer.stop();
      await storage.close();
      logger.info('stopped');
    })();
    return closing;
  }

  return { url, port, httpServer, close };
}
