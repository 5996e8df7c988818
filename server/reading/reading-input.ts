// Owns parsing the reading requests at the edge: a page of a thread, catching up, more replies.
import type { CommentFilter, SortOrder } from '../protocol/dto';
import { isLongerThan } from '../text/plain-text';
import { FieldReader, keysWithout } from '../validation/fields';
import { readPaging } from '../validation/paging';

export interface PageInput {
  threadId: number;
  sort: SortOrder;
  cursor: string | null;
  limit: number | null;
  filter: CommentFilter;
}

export interface CatchUpInput {
  threadId: number;
  sinceSeq: number;
}

export function parsePageRequest(raw: unknown, fromPath: { threadId?: number } = {}): PageInput {
  const r = new FieldReader(raw, keysWithout(['threadId', 'sort', 'cursor', 'limit', 'only'], fromPath));
  const threadId = fromPath.threadId ?? r.id('threadId');
  const paging = readPaging(r);
  const cursor = r.string('cursor', { isOptional: true });
  if (cursor !== undefined && isLongerThan(cursor, 200)) r.add({ field: 'cursor', issue: 'too_long', limit: 200 });
  const only = r.string('only', { isOptional: true });
  if (only !== undefined && only !== 'feedback') r.add({ field: 'only', issue: 'invalid' });
  r.finish();
  return {
    threadId: threadId as number,
    ...paging,
    filter: only === 'feedback' ? 'feedback' : 'all',
    cursor: cursor === undefined || cursor === '' ? null : cursor,
  };
}

export function parseCatchUp(raw: unknown): CatchUpInput {
  const r = new FieldReader(raw, ['threadId', 'sinceSeq']);
  const threadId = r.id('threadId');
  const since = r.raw('sinceSeq');
  if (typeof since !== 'number' || !Number.isSafeInteger(since) || since < 0)
    r.add({ field: 'sinceSeq', issue: 'wrong_type' });
  r.finish();
  return { threadId: threadId as number, sinceSeq: since as number };
}

export interface RepliesInput {
  rootId: number;
  afterId: number | null;
  limit: number | null;
}

/** `rootId` (and `afterId`, `limit`) may come from the URL as strings of digits. */
export function parseRepliesRequest(raw: unknown): RepliesInput {
  const r = new FieldReader(raw, ['rootId', 'afterId', 'limit']);
  const digits = (field: string): unknown => {
    const value = r.raw(field);
    return typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
  };
  const read = (field: string, isOptional: boolean): number | null => {
    const value = digits(field);
    if (value === undefined || value === null) {
      if (!isOptional) r.add({ field, issue: 'required' });
      return null;
    }
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      r.add({ field, issue: 'wrong_type' });
      return null;
    }
    return value;
  };
  const rootId = read('rootId', false);
  const afterId = read('afterId', true);
  const limit = read('limit', true);
  if (limit !== null && limit > 100) r.add({ field: 'limit', issue: 'too_long', limit: 100 });
  r.finish();
  return { rootId: rootId as number, afterId, limit };
}
