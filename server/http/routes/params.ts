// Owns reading ids from the path.
import { AppError, type ErrorCode } from '../../errors';
import { echoed } from '../../validation/fields';

/** A path id; anything that is not one names nothing, so it is "not found". */
export function parseIdParam(raw: string | string[] | undefined, code: ErrorCode, what: string): number {
  const id = typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new AppError(code, {
      publicMessage: `That ${what} does not exist.`,
      details: { id: typeof raw === 'string' ? echoed(raw) : raw },
    });
  }
  return id;
}
