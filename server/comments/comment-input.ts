// Owns parsing of comment requests at the edge (HTTP body or socket payload).
import { LIMITS, MAX_PAGE_SIZE } from '../protocol/limits';
import { cleanPlainText, isLongerThan } from '../text/plain-text';
import { FieldReader, looksLikeEmail } from '../validation/fields';
import { SORT_ORDERS, type SortOrder, type VoteValue } from './comment';
import { VOTE_VALUES } from './comment-rules';

export interface PostCommentInput {
  threadId: number;
  parentId: number | null;
  authorName: string;
  authorEmail: string | null;
  body: string;
  clientId: string | null;
  /** Anything typed into the hidden trap field. */
  honeypot: string;
  /** Time from the form appearing to submission, when the client says. */
  elapsedMs: number | null;
}

const CLIENT_ID = /^[A-Za-z0-9_-]{16,64}$/;

export interface EditCommentInput {
  commentId: number;
  body: string;
}

export interface VoteInput {
  commentId: number;
  value: VoteValue;
}

export interface PageInput {
  threadId: number;
  sort: SortOrder;
  cursor: string | null;
  limit: number | null;
}

export interface CatchUpInput {
  threadId: number;
  sinceSeq: number;
}

function readBody(r: FieldReader): string {
  const bodyRaw = r.string('body');
  // NFC, as every text field: a letter and its accent typed apart count as the one character they show.
  const body = bodyRaw === undefined ? '' : bodyRaw.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  if (bodyRaw !== undefined) {
    if (body === '') r.add({ field: 'body', issue: 'required' });
    // Checked before any sanitizing: the sanitizer's cost grows faster than its input.
    else if (isLongerThan(body, LIMITS.maxBodyChars)) r.add({ field: 'body', issue: 'too_long', limit: LIMITS.maxBodyChars });
  }
  return body;
}

/** Keys that may come in the URL instead of the body are refused in the body then. */
function keysWithout(keys: readonly string[], fromPath: Record<string, unknown>): string[] {
  return keys.filter((k) => fromPath[k] === undefined);
}

/** Parses a post request; `threadId` may come from the URL instead of the body. */
export function parsePostComment(raw: unknown, fromPath: { threadId?: number } = {}): PostCommentInput {
  const r = new FieldReader(raw, keysWithout(['threadId', 'parentId', 'authorName', 'authorEmail', 'body', 'clientId', 'honeypot', 'elapsedMs'], fromPath));
  const threadId = fromPath.threadId ?? r.id('threadId');
  const parentId = r.id('parentId', { isOptional: true }) ?? null;

  const nameRaw = r.string('authorName');
  const authorName = nameRaw === undefined ? '' : cleanPlainText(nameRaw);
  if (nameRaw !== undefined) {
    if (authorName === '') r.add({ field: 'authorName', issue: 'required' });
    else if (isLongerThan(authorName, LIMITS.maxNameChars)) r.add({ field: 'authorName', issue: 'too_long', limit: LIMITS.maxNameChars });
  }

  const emailRaw = r.string('authorEmail', { isOptional: true });
  const email = emailRaw === undefined ? '' : emailRaw.trim();
  if (isLongerThan(email, LIMITS.maxEmailChars)) r.add({ field: 'authorEmail', issue: 'too_long', limit: LIMITS.maxEmailChars });
  else if (email !== '' && !looksLikeEmail(email)) r.add({ field: 'authorEmail', issue: 'invalid' });

  const body = readBody(r);
  const clientId = r.string('clientId', { isOptional: true }) ?? null;
  if (clientId !== null && !CLIENT_ID.test(clientId)) r.add({ field: 'clientId', issue: 'invalid' });
  const honeypot = r.string('honeypot', { isOptional: true }) ?? '';
  const elapsed = r.raw('elapsedMs');
  if (elapsed !== undefined && elapsed !== null && (typeof elapsed !== 'number' || !Number.isFinite(elapsed) || elapsed < 0)) {
    r.add({ field: 'elapsedMs', issue: 'wrong_type' });
  }
  r.finish();
  return {
    threadId: threadId as number,
    parentId,
    authorName,
    authorEmail: email === '' ? null : email,
    body,
    clientId,
    honeypot: honeypot.slice(0, 1000),
    elapsedMs: typeof elapsed === 'number' ? elapsed : null,
  };
}

export function parseEditComment(raw: unknown, fromPath: { commentId?: number } = {}): EditCommentInput {
  const r = new FieldReader(raw, keysWithout(['commentId', 'body'], fromPath));
  const commentId = fromPath.commentId ?? r.id('commentId');
  const body = readBody(r);
  r.finish();
  return { commentId: commentId as number, body };
}

export function parseCommentRef(raw: unknown): { commentId: number } {
  const r = new FieldReader(raw, ['commentId']);
  const commentId = r.id('commentId');
  r.finish();
  return { commentId: commentId as number };
}

export function parseVote(raw: unknown, fromPath: { commentId?: number } = {}): VoteInput {
  const r = new FieldReader(raw, keysWithout(['commentId', 'value'], fromPath));
  const commentId = fromPath.commentId ?? r.id('commentId');
  const choice = r.string('value');
  if (choice !== undefined && !Object.hasOwn(VOTE_VALUES, choice)) r.add({ field: 'value', issue: 'invalid' });
  r.finish();
  return { commentId: commentId as number, value: VOTE_VALUES[choice as keyof typeof VOTE_VALUES] };
}

/** Reads `sort` and `limit`, shared by opening a thread and asking for a page. */
export function readPaging(r: FieldReader): { sort: SortOrder; limit: number | null } {
  const sortRaw = r.string('sort', { isOptional: true });
  if (sortRaw !== undefined && !(SORT_ORDERS as readonly string[]).includes(sortRaw)) r.add({ field: 'sort', issue: 'invalid' });
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

export function parsePageRequest(raw: unknown, fromPath: { threadId?: number } = {}): PageInput {
  const r = new FieldReader(raw, keysWithout(['threadId', 'sort', 'cursor', 'limit'], fromPath));
  const threadId = fromPath.threadId ?? r.id('threadId');
  const paging = readPaging(r);
  const cursor = r.string('cursor', { isOptional: true });
  if (cursor !== undefined && isLongerThan(cursor, 200)) r.add({ field: 'cursor', issue: 'too_long', limit: 200 });
  r.finish();
  return { threadId: threadId as number, ...paging, cursor: cursor === undefined || cursor === '' ? null : cursor };
}

export function parseCatchUp(raw: unknown): CatchUpInput {
  const r = new FieldReader(raw, ['threadId', 'sinceSeq']);
  const threadId = r.id('threadId');
  const since = r.raw('sinceSeq');
  if (typeof since !== 'number' || !Number.isSafeInteger(since) || since < 0) r.add({ field: 'sinceSeq', issue: 'wrong_type' });
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
