// Owns the socket.io adapter that joins the nodes of one site through PostgreSQL
// (LISTEN/NOTIFY, with larger messages through a table made by the PostgreSQL migrations).
import { createAdapter } from '@socket.io/postgres-adapter';
import { createSidePool } from './pool';

/** How often a node says it is alive, and how long the others wait before counting it gone. */
const HEARTBEAT_MS = 5_000;
const HEARTBEAT_TIMEOUT_MS = 12_000;
/** How long a stopping node waits for the link's connections to end. */
const CLOSE_WAIT_MS = 2_000;

export interface NodesAdapter {
  /** For `io.adapter(...)`. */
  adapter: ReturnType<typeof createAdapter>;
  /** Ends the link's connections; call after the namespaces' adapters are closed. */
  close(): Promise<void>;
}

/**
 * The adapter has a small pool of its own: its LISTEN connection is held for the life of the
 * node and taken again after the database comes back, and neither must wait on, or hold up,
 * the use cases' pool (which the node ends only when every use case has given its connection back).
 */
export function createNodesAdapter(url: string, onError: (err: Error) => void): NodesAdapter {
  // A database restart ends the held LISTEN connection too: reported, and the adapter reconnects.
  const pool = createSidePool(url, 3, onError);
  const adapter = createAdapter(pool, {
    tableName: 'socket_io_attachments',
    heartbeatInterval: HEARTBEAT_MS,
    heartbeatTimeout: HEARTBEAT_TIMEOUT_MS,
    errorHandler: onError,
  });
  return {
    adapter,
    async close() {
      // A reconnection under way when the node stops may still take a connection: do not wait for it.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        pool.end().catch(() => undefined),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, CLOSE_WAIT_MS);
          timer.unref();
        }),
      ]);
      clearTimeout(timer);
    },
  };
}
