// Owns the moderation lists' cursors: the last shown row's key, signed, and tagged with the list it continues.
import { AppError } from '../errors';
import { openCursor, sealCursor } from '../validation/signed-cursor';

/** Where a comment list (newest first) goes on: after this comment's (createdAtMs, id). */
export interface QueuePosition {
  createdAtMs: number;
  id: number;
}

// The tags keep one list's cursor out of another, and out of readers' pages (whose first value is a sort order).
const QUEUE_TAG = 'mod-queue';
const AUDIT_TAG = 'mod-audit';

function invalidCursor(): AppError {
  return new AppError('INVALID_CURSOR', {
    publicMessage: 'This list position is not valid any more. Reload the list.',
  });
}

function open(cursor: string, tag: string, length: number, key: Buffer): number[] {
  const values = openCursor(cursor, key);
  if (values === null || values.length !== length + 1 || values[0] !== tag) throw invalidCursor();
  const numbers = values.slice(1);
  if (!numbers.every((n): n is number => typeof n === 'number' && n >= 0)) throw invalidCursor();
  return numbers;
}

export function encodeQueueCursor(position: QueuePosition, key: Buffer): string {
  return sealCursor([QUEUE_TAG, position.createdAtMs, position.id], key);
}

/** Refuses (INVALID_CURSOR) a cursor that was altered, forged, or made for another list. */
export function decodeQueueCursor(cursor: string, key: Buffer): QueuePosition {
  const [createdAtMs, id] = open(cursor, QUEUE_TAG, 2, key);
  return { createdAtMs, id };
}

/** The audit log goes on below the last shown entry's id. */
export function encodeAuditCursor(lastId: number, key: Buffer): string {
  return sealCursor([AUDIT_TAG, lastId], key);
}

export function decodeAuditCursor(cursor: string, key: Buffer): number {
  return open(cursor, AUDIT_TAG, 1, key)[0];
}
