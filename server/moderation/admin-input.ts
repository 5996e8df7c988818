// Owns parsing of moderators' requests at the edge.
import type { Role } from '../accounts/account-store';
import { MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS } from '../accounts/passwords';
import { AppError } from '../errors';
import { LIMITS } from '../protocol/limits';
import { cleanPlainText, isLongerThan } from '../text/plain-text';
import { FieldReader, looksLikeEmail } from '../validation/fields';
import type { CommentAction } from './moderation-service';
import { MAX_CURSOR_CHARS } from '../validation/signed-cursor';
import { QUEUE_NAMES, type QueueName } from './moderation-store';

export const MAX_BULK_IDS = 200;
const ACTIONS: readonly CommentAction[] = ['approve', 'remove', 'spam', 'restore', 'dismiss-reports'];

function readReason(r: FieldReader): string | null {
  const raw = r.string('reason', { isOptional: true });
  const reason = raw === undefined ? '' : cleanPlainText(raw);
  if (isLongerThan(reason, LIMITS.maxModerationReasonChars))
    r.add({ field: 'reason', issue: 'too_long', limit: LIMITS.maxModerationReasonChars });
  return reason === '' ? null : reason;
}

function readLimit(r: FieldReader, max: number, fallback: number): number {
  const raw = r.raw('limit');
  if (raw === undefined) return fallback;
  const n = typeof raw === 'string' && /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= max)) {
    r.add({ field: 'limit', issue: 'invalid' });
    return fallback;
  }
  return n;
}

/** A request for a page of comments; the cursor is opened by the reading service, which holds the key. */
export interface CommentListInput {
  queue: QueueName;
  threadId: number | null;
  /** Text the body contains. */
  text: string;
  /** Text the author's name or email contains. */
  author: string;
  /** Only comments by the author of this comment. */
  authorOf: number | null;
  cursor: string | null;
  limit: number;
}

function readCursor(r: FieldReader): string | null {
  const cursor = r.string('cursor', { isOptional: true }) ?? '';
  if (isLongerThan(cursor, MAX_CURSOR_CHARS)) r.add({ field: 'cursor', issue: 'too_long', limit: MAX_CURSOR_CHARS });
  return cursor === '' ? null : cursor;
}

function readOptionalId(r: FieldReader, field: string): number | null {
  const raw = r.string(field, { isOptional: true });
  if (raw === undefined || raw === '') return null;
  if (!/^\d{1,15}$/.test(raw)) {
    r.add({ field, issue: 'invalid' });
    return null;
  }
  return Number(raw);
}

export function parseQueueQuery(query: Record<string, unknown>): CommentListInput {
  const r = new FieldReader(query, ['queue', 'threadId', 'q', 'author', 'authorOf', 'cursor', 'limit']);
  const queue = r.string('queue', { isOptional: true }) ?? 'all';
  if (!(QUEUE_NAMES as readonly string[]).includes(queue)) r.add({ field: 'queue', issue: 'invalid' });
  const threadId = readOptionalId(r, 'threadId');
  const text = (r.string('q', { isOptional: true }) ?? '').trim();
  const author = (r.string('author', { isOptional: true }) ?? '').trim();
  if (isLongerThan(text, 200)) r.add({ field: 'q', issue: 'too_long', limit: 200 });
  if (isLongerThan(author, 200)) r.add({ field: 'author', issue: 'too_long', limit: 200 });
  const authorOf = readOptionalId(r, 'authorOf');
  const cursor = readCursor(r);
  const limit = readLimit(r, 100, 30);
  r.finish();
  return { queue: queue as QueueName, threadId, text, author, authorOf, cursor, limit };
}

/** The Threads search: part of a page id or title. */
export function parseThreadSearch(query: Record<string, unknown>): { q: string } {
  const r = new FieldReader(query, ['q']);
  const q = (r.string('q', { isOptional: true }) ?? '').trim().slice(0, 200);
  r.finish();
  return { q };
}

export function parseReasonBody(raw: unknown): { reason: string | null } {
  const r = new FieldReader(raw ?? {}, ['reason']);
  const reason = readReason(r);
  r.finish();
  return { reason };
}

/** Both choices required, so a client that knows one of them cannot reset the other. */
export function parseMailPreferences(raw: unknown): { onHeld: boolean; onReport: boolean } {
  const r = new FieldReader(raw, ['onHeld', 'onReport']);
  const read = (field: 'onHeld' | 'onReport') => {
    const value = r.raw(field);
    if (typeof value === 'boolean') return value;
    r.add({ field, issue: value === undefined || value === null ? 'required' : 'wrong_type' });
    return false;
  };
  const preferences = { onHeld: read('onHeld'), onReport: read('onReport') };
  r.finish();
  return preferences;
}

export function parseEmptyBody(raw: unknown): void {
  new FieldReader(raw ?? {}, []).finish();
}

export function parseBulk(raw: unknown): { action: CommentAction; ids: number[]; reason: string | null } {
  const r = new FieldReader(raw, ['action', 'ids', 'reason']);
  const action = r.string('action');
  if (action !== undefined && !(ACTIONS as readonly string[]).includes(action))
    r.add({ field: 'action', issue: 'invalid' });
  const ids = r.raw('ids');
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => !Number.isSafeInteger(id) || (id as number) < 1))
    r.add({ field: 'ids', issue: 'invalid' });
  else if (ids.length > MAX_BULK_IDS) r.add({ field: 'ids', issue: 'too_long', limit: MAX_BULK_IDS });
  const reason = readReason(r);
  r.finish();
  return { action: action as CommentAction, ids: [...new Set(ids as number[])], reason };
}

export function parsePin(raw: unknown): { isPinned: boolean } {
  const r = new FieldReader(raw, ['isPinned']);
  const value = r.raw('isPinned');
  if (typeof value !== 'boolean') r.add({ field: 'isPinned', issue: 'wrong_type' });
  r.finish();
  return { isPinned: value as boolean };
}

export function parseBan(raw: unknown) {
  const r = new FieldReader(raw, ['commentId', 'by', 'days', 'reason', 'removeComments']);
  const commentId = r.id('commentId');
  const by = r.raw('by');
  const kinds = ['identity', 'email', 'ip'];
  if (!Array.isArray(by) || by.length === 0 || by.some((k) => !kinds.includes(k as string)))
    r.add({ field: 'by', issue: 'invalid' });
  const days = r.raw('days');
  if (days !== null && (typeof days !== 'number' || !Number.isSafeInteger(days) || days < 1 || days > 36500))
    r.add({ field: 'days', issue: 'invalid' });
  const removeComments = r.raw('removeComments') ?? false;
  if (typeof removeComments !== 'boolean') r.add({ field: 'removeComments', issue: 'wrong_type' });
  const reason = readReason(r);
  r.finish();
  return {
    commentId: commentId as number,
    by: [...new Set(by as ('identity' | 'email' | 'ip')[])],
    days: days as number | null,
    reason,
    isRemovingComments: removeComments as boolean,
  };
}

export function parseCommentIdBody(raw: unknown): { commentId: number; reason: string | null } {
  const r = new FieldReader(raw, ['commentId', 'reason']);
  const commentId = r.id('commentId');
  const reason = readReason(r);
  r.finish();
  return { commentId: commentId as number, reason };
}

export interface AuditListInput {
  action: string | null;
  moderatorId: number | null;
  cursor: string | null;
  limit: number;
}

export function parseAuditQuery(query: Record<string, unknown>): AuditListInput {
  const r = new FieldReader(query, ['action', 'moderatorId', 'cursor', 'limit']);
  const action = r.string('action', { isOptional: true }) ?? '';
  if (isLongerThan(action, 50)) r.add({ field: 'action', issue: 'too_long', limit: 50 });
  const moderatorId = readOptionalId(r, 'moderatorId');
  const cursor = readCursor(r);
  const limit = readLimit(r, 100, 50);
  r.finish();
  return { action: action === '' ? null : action, moderatorId, cursor, limit };
}

export function parseLogin(raw: unknown): { email: string; password: string } {
  const r = new FieldReader(raw, ['email', 'password']);
  const email = (r.string('email') ?? '').trim();
  const password = r.string('password') ?? '';
  if (isLongerThan(email, LIMITS.maxEmailChars) || isLongerThan(password, MAX_PASSWORD_CHARS)) {
    throw new AppError('LOGIN_FAILED', { publicMessage: 'That email and password do not match an account.' });
  }
  r.finish();
  return { email, password };
}

/** Shared by the dashboard and the command line. */
export function parseNewModerator(raw: unknown): { email: string; displayName: string; role: Role; password: string } {
  const r = new FieldReader(raw, ['email', 'displayName', 'role', 'password']);
  const email = (r.string('email') ?? '').trim();
  if (email !== '' && (isLongerThan(email, LIMITS.maxEmailChars) || !looksLikeEmail(email)))
    r.add({ field: 'email', issue: 'invalid' });
  const nameRaw = r.string('displayName');
  const displayName = nameRaw === undefined ? '' : cleanPlainText(nameRaw);
  if (nameRaw !== undefined && displayName === '') r.add({ field: 'displayName', issue: 'required' });
  if (isLongerThan(displayName, LIMITS.maxNameChars))
    r.add({ field: 'displayName', issue: 'too_long', limit: LIMITS.maxNameChars });
  const role = r.string('role');
  if (role !== undefined && role !== 'admin' && role !== 'moderator') r.add({ field: 'role', issue: 'invalid' });
  const password = r.string('password') ?? '';
  if ([...password].length < MIN_PASSWORD_CHARS) r.add({ field: 'password', issue: 'invalid' });
  if (isLongerThan(password, MAX_PASSWORD_CHARS))
    r.add({ field: 'password', issue: 'too_long', limit: MAX_PASSWORD_CHARS });
  r.finish();
  return { email, displayName, role: role as Role, password };
}
