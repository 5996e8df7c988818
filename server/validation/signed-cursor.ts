// Owns sealing list positions into cursors a client cannot forge or alter: a list of values, signed with a server key.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type CursorValue = string | number;

/** Cursors longer than this are refused unread: no list's position takes so much. */
export const MAX_CURSOR_CHARS = 200;

function sign(payload: string, key: Buffer): string {
  return createHmac('sha256', key).update(payload).digest('base64url').slice(0, 22);
}

/** The values as base64url JSON, a dot, and a truncated HMAC-SHA256 of that text. */
export function sealCursor(values: readonly CursorValue[], key: Buffer): string {
  const payload = Buffer.from(JSON.stringify(values)).toString('base64url');
  return `${payload}.${sign(payload, key)}`;
}

/** The values sealed in a cursor, or null for anything altered, forged or malformed. */
export function openCursor(cursor: string, key: Buffer): CursorValue[] | null {
  if (cursor.length > MAX_CURSOR_CHARS) return null;
  const [payload, signature, extra] = cursor.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(payload, key));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(decoded) || !decoded.every((v) => typeof v === 'string' || Number.isSafeInteger(v))) return null;
  return decoded as CursorValue[];
}
