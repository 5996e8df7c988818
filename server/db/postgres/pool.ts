// Owns connecting to PostgreSQL: one pool per process, checked at start with a message that names what failed.
import pg from 'pg';

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient;

/** Why the database could not be reached, worded for an operator; never a bare stack trace. */
export class DatabaseUnreachableError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'DatabaseUnreachableError';
  }
}

/** The URL without its password, for messages and logs. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

export function isPostgresUrl(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return (protocol === 'postgres:' || protocol === 'postgresql:') && hostname !== '';
  } catch {
    return false;
  }
}

/** What a failed connection attempt means, from the driver's error code or the server's SQLSTATE. */
function explain(err: unknown, url: string): string {
  const where = redactDatabaseUrl(url);
  const code = (err as { code?: string } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  switch (code) {
    case 'ECONNREFUSED':
      return `Nothing accepts connections at ${where}: is PostgreSQL running there, on that port?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The database host in ${where} could not be resolved.`;
    case 'ETIMEDOUT':
      return `Connecting to ${where} timed out.`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${where} refused the user name or password (${message}).`;
    case '3D000':
      return `The database named in ${where} does not exist (${message}). Create it first, e.g. createdb.`;
    default:
      return `Could not connect to PostgreSQL at ${where}: ${message}`;
  }
}

/**
 * BIGINT columns (ids, times in milliseconds, counts) come back as numbers, as from SQLite: every
 * value Parley stores is far below 2^53. Per pool, so nothing else in the process is affected.
 */
const INT8_OID = 20;
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PoolOptions {
  /** Connections this process may hold. */
  max?: number;
  connectTimeoutMs?: number;
  /**
   * How long a statement waits for a row lock another transaction holds (a use case queued
   * behind others on the change counter) before it fails with 55P03; unlimited when absent.
   */
  lockTimeoutMs?: number;
  /** Told about errors of idle connections (the server restarted, the network dropped). */
  onIdleError?: (err: Error) => void;
}

/** Opens a pool and makes one round trip, so a wrong URL stops the start with a clear message. */
export async function openPool(url: string, options: PoolOptions = {}): Promise<PgPool> {
  if (!isPostgresUrl(url)) {
    throw new DatabaseUnreachableError(
      'PARLEY_DATABASE_URL is not a PostgreSQL URL; it looks like postgres://user:password@host:5432/database',
    );
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 20,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    types: TYPES,
    ...(options.lockTimeoutMs === undefined ? {} : { lock_timeout: options.lockTimeoutMs }),
  });
  // An idle connection that dies (a database restart) must not crash the process: the pool drops it.
  pool.on('error', (err) => options.onIdleError?.(err));
  // A connection held for a long time (the nodes' LISTEN link) dies the same way while checked
  // out, when the pool is not listening to it: its error is reported, and its holder reconnects.
  pool.on('connect', (client) => client.on('error', (err) => options.onIdleError?.(err)));
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUnreachableError(explain(err, url), err);
  }
  return pool;
}

/**
 * A small pool beside the use cases' one, for what must never wait on a connection a unit of
 * work holds (the nodes' LISTEN link, the vote-stuffing windows). Connections it opens lazily;
 * one the database ends, idle or held, is reported to `onError` and replaced on next use.
 */
export function createSidePool(url: string, max: number, onError: (err: Error) => void): PgPool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5_000, types: TYPES });
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}
