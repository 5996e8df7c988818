// Owns reading `sort` and `limit`, as opening a thread and asking for a page both take them.
import { SORT_ORDERS, type SortOrder } from '../protocol/dto';
import { MAX_PAGE_SIZE } from '../protocol/limits';
import type { FieldReader } from './fields';

/** Reads `sort` and `limit`, shared by opening a thread and asking for a page. */
export function readPaging(r: FieldReader): { sort: SortOrder; limit: number | null } {
  const sortRaw = r.string('sort', { isOptional: true });
  if (sortRaw !== undefined && !(SORT_ORDERS as readonly string[]).includes(sortRaw))
    r.add({ field: 'sort', issue: 'invalid' });
  const limitRaw = r.raw('limit');
  let limit: number | null = null;
  if (limitRaw !== undefined && limitRaw !== null) {
    const n = typeof limitRaw === 'string' && /^\d{1,6}$/.test(limitRaw) ? Number(limitRaw) : limitRaw;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) r.add({ field: 'limit', issue: 'wrong_type' });
    else if (n > MAX_PAGE_SIZE) r.add({ field: 'limit', issue: 'too_long', limit: MAX_PAGE_SIZE });
    else limit = n;
  }
  return { sort: (sortRaw as SortOrder | undefined) ?? 'oldest', limit };
}
