// Owns the socket.io adapter that joins the nodes of one site through PostgreSQL
// (LISTEN/NOTIFY, with larger messages through a table made by the PostgreSQL migrations).
import { createAdapter } from '@socket.io/postgres-adapter';
import type { Pool } from 'pg';

/** How often a node says it is alive, and how long the others wait before counting it gone. */
const HEARTBEAT_MS = 5_000;
const HEARTBEAT_TIMEOUT_MS = 12_000;

export function createClusterAdapter(pool: Pool, onError: (err: Error) => void) {
  return createAdapter(pool, {
    tableName: 'socket_io_attachments',
    heartbeatInterval: HEARTBEAT_MS,
    heartbeatTimeout: HEARTBEAT_TIMEOUT_MS,
    errorHandler: onError,
  });
}
