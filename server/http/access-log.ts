// Owns the access log: one line per answered request, whichever stack answered it; a step that configuration can turn off.
import type { Logger } from '../log/logger';

export interface AccessLog {
  /** Whether lines are written: when not, requests skip timing themselves too. */
  readonly isOn: boolean;
  /** When a request began, for `write` (0 when the log is off). */
  started(): bigint;
  /** Logs `msg: "request"` with the method, the path (without its query), the status and the time taken. */
  write(method: string | undefined, path: string, status: number, started: bigint): void;
}

/** `isEnabled` false turns the log off whatever the log level; it is off too when the level hides info lines. */
export function createAccessLog(logger: Logger, isEnabled = true): AccessLog {
  const isOn = isEnabled && logger.isEnabled('info');
  return {
    isOn,
    started: () => (isOn ? process.hrtime.bigint() : 0n),
    write(method, path, status, started) {
      if (!isOn) return;
      const durationMs = Number((process.hrtime.bigint() - started) / 1000n) / 1000;
      logger.info('request', { method, path, status, durationMs });
    },
  };
}
