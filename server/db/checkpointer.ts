// Owns copying the WAL back into the database file from a worker thread, off the event loop.
import { Worker } from 'node:worker_threads';
import type { Db } from './connection';

/** How often the worker checkpoints while the server runs. */
const CHECKPOINT_INTERVAL_MS = 1_000;
/** SQLite's own default: checkpoint when the WAL passes this many pages. */
const AUTO_CHECKPOINT_PAGES = 1_000;

// The worker's whole program. It opens its own connection to the same file (SQLite allows
// a checkpoint from any connection) and checkpoints PASSIVE: it never waits for the
// server's writers or readers and never blocks them, it copies what no reader still needs.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Checkpoints once more, then ends the worker; the connection checkpoints for itself again. */
  stop(): Promise<void>;
}

/**
 * SQLite checkpoints on the connection that commits, inside that commit: with a busy thread,
 * every thousand pages one post or vote waited for the WAL to be copied and synced. The
 * server's connection stops checkpointing and a worker does it every second instead. If the
 * worker cannot run or fails, the connection goes back to checkpointing for itself.
 */
export function startCheckpointer(db: Db, onError: (message: string) => void): Checkpointer {
  if (db.memory) return { stop: async () => undefined };
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver: require.resolve('better-sqlite3'), file: db.name, intervalMs: CHECKPOINT_INTERVAL_MS },
    });
  } catch (err) {
    onError(err instanceof Error ? err.message : String(err));
    return { stop: async () => undefined };
  }
  db.pragma('wal_autocheckpoint = 0');
  const selfCheckpoint = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  };
  worker.on('message', (message: { error?: string }) => {
    if (message.error !== undefined) onError(message.error);
  });
  worker.on('error', (err) => {
    selfCheckpoint();
    onError(err.message);
  });
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      selfCheckpoint();
      resolve();
    }),
  );
  // The worker must not keep a stopping process alive.
  worker.unref();
  return {
    async stop() {
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
