// Owns reading ids and the reader's identity from the URL and headers.
import type { Request } from 'express';
import type { Actor } from '../../identity/actor';
import { AppError, type ErrorCode } from '../../errors';
import type { Identify } from '../../identity/identify';
import { echoed } from '../../validation/fields';

export const GUEST_TOKEN_HEADER = 'x-parley-token';

/** A path id; anything that is not one names nothing, so it is "not found". */
export function parseIdParam(raw: string | string[] | undefined, code: ErrorCode, what: string): number {
  const id = typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new AppError(code, { publicMessage: `That ${what} does not exist.`, details: { id: typeof raw === 'string' ? echoed(raw) : raw } });
  }
  return id;
}

export function actorOf(req: Request, identify: Identify): Actor {
  // Reads need no address (limits and bans apply to writes), and hashing it on every read costs.
  const isWrite = req.method !== 'GET' && req.method !== 'HEAD';
  return identify(req.get(GUEST_TOKEN_HEADER), isWrite ? req.ip : undefined, req.get('user-agent'));
}
