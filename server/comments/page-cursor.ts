// Owns page cursors: the last shown sort key, signed so a client cannot forge or alter one.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors';
import type { PageKey } from './comment';

function sign(payload: string, key: Buffer): string {
  return createHmac('sha256', key).update(payload).digest('base64url').slice(0, 22);
}

function invalidCursor(): AppError {
  return new AppError('INVALID_CURSOR', {
    publicMessage: 'This list position is not valid any more. Reload the comments.',
  });
}

export function encodeCursor(page: PageKey, key: Buffer): string {
  const values = page.sort === 'top' ? [page.score, page.createdAtMs, page.id] : [page.createdAtMs, page.id];
  const payload = Buffer.from(JSON.stringify([page.sort, ...values])).toString('base64url');
  return `${payload}.${sign(payload, key)}`;
}

/** Decodes a cursor made for `sort`; anything altered, forged or made for another sort is refused. */
export function decodeCursor(cursor: string, sort: PageKey['sort'], key: Buffer): PageKey {
  const [payload, signature, extra] = cursor.split('.');
  if (!payload || !signature || extra !== undefined) throw invalidCursor();
  const expected = Buffer.from(sign(payload, key));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidCursor();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(decoded) || decoded[0] !== sort || !decoded.slice(1).every((n) => Number.isSafeInteger(n))) {
    throw invalidCursor();
  }
  if (sort === 'top' && decoded.length === 4) return { sort, score: decoded[1], createdAtMs: decoded[2], id: decoded[3] };
  if (sort !== 'top' && decoded.length === 3) return { sort, createdAtMs: decoded[1], id: decoded[2] };
  throw invalidCursor();
}

export function pageKeyOf(sort: PageKey['sort'], comment: { score: number; createdAtMs: number; id: number }): PageKey {
  return sort === 'top'
    ? { sort, score: comment.score, createdAtMs: comment.createdAtMs, id: comment.id }
    : { sort, createdAtMs: comment.createdAtMs, id: comment.id };
}
