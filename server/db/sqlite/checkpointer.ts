// Owns copying the WAL back into the database file from a worker thread, off the event loop, and keeping the WAL file small.
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../log/logger';
import type { Db } from './connection';

/** How often the worker checkpoints while the server runs. */
const CHECKPOINT_INTERVAL_MS = 1_000;
/** SQLite's own default: checkpoint when the WAL passes this many pages. */
const AUTO_CHECKPOINT_PAGES = 1_000;
/** A WAL file above this is checkpointed and truncated even while writes keep coming. */
export const WAL_LIMIT_BYTES = 16 * 1024 * 1024;
/** Once every frame is copied, a WAL file above this is truncated: after a burst it does not stay large. */
const QUIET_TRUNCATE_BYTES = 1024 * 1024;
/** How long a truncating checkpoint waits for the write lock and for readers; the server's writes wait meanwhile. */
const TRUNCATE_WAIT_MS = 50;
/** A WAL that cannot be truncated (a reader elsewhere holds it) is reported at most this often. */
const STUCK_REPORT_MS = 60_000;
/** The longest the server's writes are held for one truncation, whatever the worker does. */
const MAX_WRITE_HOLD_MS = 1_000;

// The worker's whole program. It opens its own connection to the same file (SQLite allows a
// checkpoint from any connection). Every interval it checkpoints PASSIVE: it never waits for
// the server's writers or readers and never blocks them, it copies what no reader still needs.
// Under a steady stream of writes a passive checkpoint never catches up with the end of the
// log, so SQLite never starts the log over and the file only grows. When the file passes its
// limit, or has been copied completely after a burst, the worker asks the server to hold its
// writes; once told to go, a TRUNCATE checkpoint copies the last frames, waits briefly for
// readers to leave the log, and cuts the file to nothing. Then the server's writes go on.
const WORKER_SOURCE = `
const fs = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = ' + workerData.truncateWaitMs);
const walFile = workerData.file + '-wal';
const walBytes = () => {
  try {
    return fs.statSync(walFile).size;
  } catch {
    return 0;
  }
};
const report = (fn) => {
  try {
    fn();
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
};
let timer = null;
let walBytesBefore = 0;
const next = () => {
  timer = setTimeout(tick, workerData.intervalMs);
};
function tick() {
  timer = null;
  let isAsking = false;
  report(() => {
    const [copied] = db.pragma('wal_checkpoint(PASSIVE)');
    walBytesBefore = walBytes();
    const isCopied = copied.log === copied.checkpointed;
    if (walBytesBefore > workerData.walLimitBytes || (isCopied && walBytesBefore > workerData.quietBytes)) {
      parentPort.postMessage({ wantsWriteLock: true });
      isAsking = true;
    }
  });
  if (!isAsking) next();
}
function truncate() {
  report(() => {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)');
    parentPort.postMessage({ walBytesBefore, walBytes: walBytes(), isTruncated: result.busy === 0, isOverLimit: walBytesBefore > workerData.walLimitBytes });
  });
}
next();
parentPort.on('message', (message) => {
  if (message === 'go') {
    truncate();
    next();
    return;
  }
  if (message !== 'stop') return;
  clearTimeout(timer);
  report(() => db.pragma('wal_checkpoint(PASSIVE)'));
  db.close();
  parentPort.close();
});
`;

interface WorkerReport {
  error?: string;
  wantsWriteLock?: boolean;
  walBytesBefore?: number;
  walBytes?: number;
  isTruncated?: boolean;
  isOverLimit?: boolean;
}

export interface CheckpointerOptions {
  intervalMs?: number;
  walLimitBytes?: number;
  /** Holds this connection's writes while the worker truncates: returns the function that lets them go on. */
  pauseWrites?: () => () => void;
}

export interface Checkpointer {
  /** Checkpoints once more, then ends the worker; the connection checkpoints for itself again. */
  stop(): Promise<void>;
}

export function startCheckpointer(db: Db, logger: Logger, options: CheckpointerOptions = {}): Checkpointer {
  if (db.memory) return { stop: async () => undefined };
  const walLimitBytes = options.walLimitBytes ?? WAL_LIMIT_BYTES;
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: require.resolve('better-sqlite3'),
        file: db.name,
        intervalMs: options.intervalMs ?? CHECKPOINT_INTERVAL_MS,
        walLimitBytes,
        quietBytes: Math.min(QUIET_TRUNCATE_BYTES, walLimitBytes),
        truncateWaitMs: TRUNCATE_WAIT_MS,
      },
    });
  } catch (err) {
    logger.warn('background checkpoint failed', { message: err instanceof Error ? err.message : String(err) });
    return { stop: async () => undefined };
  }
  db.pragma('wal_autocheckpoint = 0');
  const selfCheckpoint = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  };
  let stuckReportedAt = -Infinity;
  let resumeWrites: (() => void) | null = null;
  let holdTimer: ReturnType<typeof setTimeout> | undefined;
  const letWritesGo = () => {
    clearTimeout(holdTimer);
    resumeWrites?.();
    resumeWrites = null;
  };
  worker.on('message', (report: WorkerReport) => {
    if (report.wantsWriteLock) {
      // Between two turns of the event loop no write transaction of this connection is open.
      resumeWrites = options.pauseWrites?.() ?? null;
      holdTimer = setTimeout(letWritesGo, MAX_WRITE_HOLD_MS);
      worker.postMessage('go');
      return;
    }
    letWritesGo();
    if (report.error !== undefined) {
      logger.warn('background checkpoint failed', { message: report.error });
      return;
    }
    if (report.isTruncated) {
      // Routine after a quiet moment; worth a line when writes pushed the log past its limit.
      const level = report.isOverLimit ? 'info' : 'debug';
      logger[level]('write-ahead log truncated', { walBytesBefore: report.walBytesBefore, walBytes: report.walBytes });
      return;
    }
    if (report.isOverLimit && performance.now() - stuckReportedAt >= STUCK_REPORT_MS) {
      stuckReportedAt = performance.now();
      logger.warn('write-ahead log over its limit: another connection is holding it', {
        walBytes: report.walBytes,
        walLimitBytes,
      });
    }
  });
  worker.on('error', (err) => {
    letWritesGo();
    selfCheckpoint();
    logger.warn('background checkpoint failed', { message: err.message });
  });
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      letWritesGo();
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
