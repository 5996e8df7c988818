// Owns assembling the PostgreSQL engine of the storage contract over one pool: units of work as transactions on one client.
import { AppError } from '../../errors';
import type { Storage, Stores } from '../storage';
import { WRITE_METHODS } from '../storage';
import { createPostgresAccountStore } from './account-repository';
import { createPostgresAuditStore } from './audit-repository';
import { createPostgresBanStore } from './ban-repository';
import { createPostgresCommentStore } from './comment-repository';
import { createPostgresIdentityStore } from './identity-repository';
import { schemaVersionOf } from './migrate';
import { createPostgresModerationStores } from './moderation-repository';
import type { PgClient, PgPool } from './pool';
import { createPostgresSettingsStore } from './settings-repository';
import type { Queryable } from './sql';
import { createPostgresThreadStore } from './thread-repository';
import { createPostgresVoteStore } from './vote-repository';
import { createPostgresReactionStore } from './reaction-repository';
import { createPostgresSubscriptionStores } from './subscription-repository';

/** Attempts of a unit that PostgreSQL aborted to break a deadlock (or a serialization failure), before giving up. */
const MAX_ATTEMPTS = 5;
/** SQLSTATEs after which running the unit again from the start is safe and may succeed. */
const RETRYABLE = new Set(['40001', '40P01']);

/**
 * The stores whose rows a unit's checks are about: comments and what hangs on them (votes,
 * reports). Inside a unit, the first use of any of them takes the change counter's row lock.
 */
const COMMENT_STORES = ['comments', 'votes', 'reports'] as const;

/** Every store's SQL, run on `db`: the pool (each statement on its own) or the client of one transaction. */
function storesOn(db: Queryable): Stores {
  return {
    threads: createPostgresThreadStore(db),
    comments: createPostgresCommentStore(db),
    votes: createPostgresVoteStore(db),
    reactions: createPostgresReactionStore(db),
    identities: createPostgresIdentityStore(db),
    ...createPostgresModerationStores(db),
    bans: createPostgresBanStore(db),
    audit: createPostgresAuditStore(db),
    accounts: createPostgresAccountStore(db),
    settings: createPostgresSettingsStore(db),
    ...createPostgresSubscriptionStores(db),
  };
}

type AnyMethod = (...args: unknown[]) => Promise<unknown>;

/** The store with every method first awaiting `before`. */
function after<S extends object>(store: S, before: () => Promise<void>): S {
  const out: Record<string, AnyMethod> = {};
  for (const [name, method] of Object.entries(store as Record<string, AnyMethod>)) {
    out[name] = async (...args) => {
      await before();
      return method(...args);
    };
  }
  return out as unknown as S;
}

/**
 * The stores of one unit of work, bound to its client. SQLite runs one unit at a time, so a
 * unit's checks (is the comment still published, has this reader voted) hold until it commits.
 * Here units run side by side; those that touch comments queue on the one row every comment
 * change locks anyway, the change counter (see migrations/postgres), from their first comment
 * read instead of from their first change: what they read after it is what the unit before
 * them committed, and no other comment unit commits until they end. Taking that row first and
 * comment rows after also keeps them from deadlocking on each other's comments.
 */
function unitStores(client: PgClient): Stores {
  const stores = storesOn(client);
  let locked: Promise<void> | null = null;
  const lockComments = () =>
    (locked ??= client.query('SELECT seq FROM change_counter WHERE id = 1 FOR UPDATE').then(() => undefined));
  const out = { ...stores } as Record<keyof Stores, object>;
  for (const name of COMMENT_STORES) out[name] = after(stores[name], lockComments);
  return out as unknown as Stores;
}

/** No connection could be had: the server is down or unreachable, or every connection stayed busy. */
function unavailable(cause: unknown): AppError {
  return new AppError('SERVICE_UNAVAILABLE', {
    publicMessage: 'Comments cannot be saved right now. Please try again in a moment.',
    details: { retryAfterSeconds: 5, reason: 'database-unavailable' },
    cause,
  });
}

/** lock_not_available: the unit waited for a lock longer than the pool's lock timeout. */
const LOCK_TIMEOUT = '55P03';

/** The unit waited longer than the write timeout behind other units: refused as SQLite refuses a write kept from its lock. */
function locked(cause: unknown, lockTimeoutMs: number | undefined): AppError {
  return new AppError('SERVICE_UNAVAILABLE', {
    publicMessage: 'Comments cannot be saved right now. Please try again in a moment.',
    details: {
      retryAfterSeconds: Math.max(1, Math.ceil((lockTimeoutMs ?? 1000) / 1000)),
      reason: 'database-locked',
    },
    cause,
  });
}

/** A client of the pool, or SERVICE_UNAVAILABLE when none can be had. */
async function connect(pool: PgPool): Promise<PgClient> {
  try {
    return await pool.connect();
  } catch (err) {
    throw unavailable(err);
  }
}

/** Runs each statement on a client of its own, as pool.query does, refusing like a unit when there is none. */
function statementsOn(pool: PgPool): Queryable {
  return {
    async query(text, values) {
      const client = await connect(pool);
      let failure: Error | undefined;
      try {
        return await client.query(text, values);
      } catch (err) {
        // Without a SQLSTATE the connection itself failed: it must not go back to the pool.
        if ((err as { code?: unknown }).code === undefined) failure = err as Error;
        throw err;
      } finally {
        client.release(failure);
      }
    },
  };
}

function isRetryable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

export interface PostgresStorageOptions {
  /** The pool's lock timeout (see openPool), to tell a refused unit when to try again. */
  lockTimeoutMs?: number;
}

/**
 * The PostgreSQL engine. Reads outside units of work go to the pool and see what is committed.
 * A unit of work takes one client, runs BEGIN, hands `work` the stores bound to that client,
 * and commits, or rolls back when `work` throws. PostgreSQL's default isolation (read
 * committed) with the lock above gives each comment unit the view a single writer would; a
 * unit aborted to break a deadlock runs again from the start, so `work` must be safe to repeat
 * (it awaits only its stores, as the contract asks).
 */
export function createPostgresStorage(pool: PgPool, options: PostgresStorageOptions = {}): Storage {
  const forReads = storesOn(statementsOn(pool));
  let isClosed = false;

  async function attempt<T>(work: (tx: Stores) => Promise<T>): Promise<T> {
    const client = await connect(pool);
    let isBroken = false;
    try {
      await client.query('BEGIN');
      try {
        const result = await work(unitStores(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {
          // A connection that cannot roll back is no use to the next unit.
          isBroken = true;
        });
        throw err;
      }
    } finally {
      client.release(isBroken);
    }
  }

  const transaction = async <T>(work: (tx: Stores) => Promise<T>): Promise<T> => {
    for (let n = 1; ; n++) {
      try {
        return await attempt(work);
      } catch (err) {
        if ((err as { code?: unknown } | null)?.code === LOCK_TIMEOUT) throw locked(err, options.lockTimeoutMs);
        if (n >= MAX_ATTEMPTS || !isRetryable(err)) throw err;
        // A short, growing, jittered pause, so the units that deadlocked do not meet again at once.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * n));
      }
    }
  };

  // Outside a unit: reads on the pool, and each write a unit of its own (some writes are several statements).
  const standalone = {} as Record<keyof Stores, unknown>;
  for (const name of Object.keys(forReads) as (keyof Stores)[]) {
    const store: Record<string, unknown> = { ...(forReads[name] as object) };
    for (const method of WRITE_METHODS[name] as string[]) {
      store[method] = (...args: unknown[]) =>
        transaction((tx) => (tx[name] as unknown as Record<string, AnyMethod>)[method](...args));
    }
    standalone[name] = store;
  }

  return {
    ...(standalone as unknown as Stores),
    transaction,
    health: {
      engine: 'postgres',
      schemaVersion: () => schemaVersionOf(statementsOn(pool)),
      // PostgreSQL's write-ahead log belongs to the server and every database on it; its
      // size is watched there (pg_stat_wal, the server's own monitoring), not through Parley.
      walBytes: async () => 0,
    },
    async close() {
      if (isClosed) return;
      isClosed = true;
      await pool.end();
    },
  };
}
