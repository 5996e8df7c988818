// Owns choosing and opening the engine the configuration names: PostgreSQL when PARLEY_DATABASE_URL is set, else the SQLite file.
import type { Config } from '../config';
import type { Logger } from '../log/logger';
import { PATHS } from '../paths';
import { readMigrations, type MigrationResult } from './migrations';
import { migratePostgres } from './postgres/migrate';
import { openPool, redactDatabaseUrl } from './postgres/pool';
import { createPostgresStorage } from './postgres/postgres-storage';
import { openDatabase } from './sqlite/connection';
import { migrate } from './sqlite/migrate';
import { createSqliteStorage, type SqliteStorageOptions } from './sqlite/sqlite-storage';
import type { Storage } from './storage';
import type { LimitStore } from '../abuse/shared-rate-limiter';
import { createPostgresLimitStore } from './postgres/limit-repository';
import { createNodesAdapter, type NodesAdapter } from './postgres/socket-adapter';
import { createPostgresVoteWindows, type SharedVoteWindows } from './postgres/vote-window-repository';
import type { VoteWindowLengths } from '../abuse/vote-windows';

/** What the nodes of one site share beyond the data: only an engine several nodes can use has it. */
export interface NodeLink {
  /** Rate limits every node spends from. */
  limits: LimitStore;
  /** The socket.io adapter that carries events between the nodes, on connections of its own. */
  socketAdapter(onError: (err: Error) => void): NodesAdapter;
  /** Vote-stuffing windows every node counts in, on connections of their own. */
  voteWindows(lengths: VoteWindowLengths, onError: (err: Error) => void): SharedVoteWindows;
}

export interface OpenedStorage {
  storage: Storage;
  /** Migrations applied while opening, and the schema version reached. */
  migrations: MigrationResult;
  /** Where the data is, for messages and logs: the SQLite file, or the URL without its password. */
  location: string;
  /** PostgreSQL: what several nodes on it share; SQLite (one process): null. */
  nodeLink: NodeLink | null;
}

export interface OpenStorageOptions {
  /** Migrations of the chosen engine from another folder (tests). */
  migrationsDir?: string;
  /** Told about connections of the pool that fail while idle (PostgreSQL). */
  logger?: Logger;
  /** SQLite only: checkpoint from a worker and log what it does (a server). */
  sqlite?: SqliteStorageOptions;
}

/**
 * Opens the configured database and brings its schema up to date. A PostgreSQL server that
 * cannot be reached rejects with a DatabaseUnreachableError whose message is one line naming
 * what failed; a schema newer than the code, with SchemaTooNewError.
 */
export async function openStorage(config: Config, options: OpenStorageOptions = {}): Promise<OpenedStorage> {
  if (config.databaseUrl !== null) {
    const pool = await openPool(config.databaseUrl, {
      lockTimeoutMs: config.writeTimeoutMs,
      onIdleError: (err) => options.logger?.warn('idle database connection failed', { errorMessage: err.message }),
    });
    try {
      const migrations = await migratePostgres(pool, readMigrations(options.migrationsDir ?? PATHS.postgresMigrations));
      return {
        storage: createPostgresStorage(pool, { lockTimeoutMs: config.writeTimeoutMs }),
        migrations,
        location: redactDatabaseUrl(config.databaseUrl),
        nodeLink: {
          limits: createPostgresLimitStore(pool),
          socketAdapter: (onError) => createNodesAdapter(config.databaseUrl as string, onError),
          voteWindows: (lengths, onError) => createPostgresVoteWindows(config.databaseUrl as string, lengths, onError),
        },
      };
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw err;
    }
  }
  const db = openDatabase(config.dbPath);
  try {
    const migrations = migrate(db, readMigrations(options.migrationsDir ?? PATHS.migrations));
    return { storage: createSqliteStorage(db, options.sqlite), migrations, location: config.dbPath, nodeLink: null };
  } catch (err) {
    db.close();
    throw err;
  }
}
