// Owns page cursors: the last shown sort key, signed so a client cannot forge or alter one.
import { AppError } from '../errors';
import { openCursor, sealCursor } from '../validation/signed-cursor';
import type { PageKey } from './comment';

function invalidCursor(): AppError {
  return new AppError('INVALID_CURSOR', {
    publicMessage: 'This list position is not valid any more. Reload the comments.',
  });
}

export function encodeCursor(page: PageKey, key: Buffer): string {
  const values = page.sort === 'top' ? [page.score, page.createdAtMs, page.id] : [page.createdAtMs, page.id];
  return sealCursor([page.sort, ...values], key);
}

/** Decodes a cursor made for `sort`; anything altered, forged or made for another sort is refused. */
export function decodeCursor(cursor: string, sort: PageKey['sort'], key: Buffer): PageKey {
  const decoded = openCursor(cursor, key);
  if (decoded === null || decoded[0] !== sort || !decoded.slice(1).every((n) => typeof n === 'number'))
    throw invalidCursor();
  const [, a, b, c] = decoded as [string, number, number, number];
  if (sort === 'top' && decoded.length === 4) return { sort, score: a, createdAtMs: b, id: c };
  if (sort !== 'top' && decoded.length === 3) return { sort, createdAtMs: a, id: b };
  throw invalidCursor();
}

export function pageKeyOf(sort: PageKey['sort'], comment: { score: number; createdAtMs: number; id: number }): PageKey {
  return sort === 'top'
    ? { sort, score: comment.score, createdAtMs: comment.createdAtMs, id: comment.id }
    : { sort, createdAtMs: comment.createdAtMs, id: comment.id };
}
