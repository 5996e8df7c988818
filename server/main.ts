// Owns composition: config, database, migrations, services, HTTP and realtime on one server.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from './clock';
import { createCommentService } from './comments/comment-service';
import type { Config } from './config';
import { openDatabase } from './db/connection';
import { migrate, readMigrations } from './db/migrate';
import { createSqliteStorage } from './db/sqlite-storage';
import type { Storage } from './db/storage';
import { DomainEvents } from './events';
import { buildApp } from './http/app';
import { createLogger, type Logger } from './log/logger';
import { PATHS } from './paths';
import { attachRealtime } from './realtime/socket-server';

export interface StartOptions {
  logger?: Logger;
  clock?: Clock;
  migrationsDir?: string;
}

export interface RunningParley {
  url: string;
  port: number;
  httpServer: http.Server;
  /** Stops accepting, finishes in-flight requests, closes sockets, closes the database. */
  close(): Promise<void>;
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

  const events = new DomainEvents();
  const comments = createCommentService({ storage, events, clock });
  const app = buildApp({ comments, health: storage.health, logger, isDemoEnabled: config.isDemoEnabled, trustProxy: config.trustProxy });
  const httpServer = http.createServer(app);
  httpServer.headersTimeout = 20_000;
  httpServer.requestTimeout = 30_000;
  const realtime = attachRealtime(httpServer, { comments, events, logger });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    const onListening = () => {
      httpServer.off('error', reject);
      resolve();
    };
    if (config.host === '') httpServer.listen(config.port, onListening);
    else httpServer.listen(config.port, config.host, onListening);
  }).catch(async (err) => {
    await storage.close();
    throw err;
  });

  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  logger.info('listening', { url, port });

  let closing: Promise<void> | null = null;
  async function close(): Promise<void> {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await realtime.close();
      httpServer.closeIdleConnections();
      const timer = setTimeout(() => httpServer.closeAllConnections(), config.shutdownTimeoutMs);
      await closed;
      clearTimeout(timer);
      // better-sqlite3 writes are synchronous: once no request is in flight, none is half-done.
      await storage.close();
      logger.info('stopped');
    })();
    return closing;
  }

  return { url, port, httpServer, close };
}
