// Owns parsing of subscription requests and mail-link forms at the edge.
import { LIMITS } from '../protocol/limits';
import { FieldReader, keysWithout, looksLikeEmail } from '../validation/fields';
import { SUBSCRIPTION_KINDS, type SubscriptionKind } from './subscription-store';

export interface SubscribeInput {
  threadId: number;
  email: string;
  kind: SubscriptionKind;
}

/**
 * An address as stored and compared: trimmed and lower-cased. Null when it is no address to send
 * to; anything that could break out of a mail header (CR, LF, other controls) is refused here.
 */
export function normalizeEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  if (email === '' || email.length > LIMITS.maxEmailChars) return null;
  if (/[\u0000-\u001f\u007f-\u009f]/.test(email) || !looksLikeEmail(email)) return null;
  return email;
}

/** Reads `email` (required) into `r`, reporting it as invalid when it is no address to send to. */
export function readEmail(r: FieldReader, field: string): string | null {
  const raw = r.string(field);
  if (raw === undefined) return null;
  const email = normalizeEmail(raw);
  if (email === null) r.add({ field, issue: raw.trim() === '' ? 'required' : 'invalid' });
  return email;
}

export function parseSubscribe(raw: unknown, fromPath: { threadId?: number } = {}): SubscribeInput {
  const r = new FieldReader(raw, keysWithout(['threadId', 'email', 'kind'], fromPath));
  const threadId = fromPath.threadId ?? r.id('threadId');
  const email = readEmail(r, 'email');
  const kind = r.string('kind');
  if (kind !== undefined && !(SUBSCRIPTION_KINDS as readonly string[]).includes(kind))
    r.add({ field: 'kind', issue: 'invalid' });
  r.finish();
  return { threadId: threadId as number, email: email as string, kind: kind as SubscriptionKind };
}

/** What the subscriptions page's form sends: the link's token, and one subscription to end or all. */
export function parseEndForm(raw: unknown): { token: string; subscriptionId: number | null } {
  const r = new FieldReader(raw, ['token', 'subscriptionId', 'all']);
  const token = r.string('token');
  const idRaw = r.string('subscriptionId', { isOptional: true });
  const all = r.string('all', { isOptional: true });
  let subscriptionId: number | null = null;
  if (idRaw !== undefined) {
    if (!/^[1-9]\d{0,15}$/.test(idRaw)) r.add({ field: 'subscriptionId', issue: 'invalid' });
    else subscriptionId = Number(idRaw);
  } else if (all === undefined) r.add({ field: 'subscriptionId', issue: 'required' });
  r.finish();
  return { token: token as string, subscriptionId };
}

/** The token of a mail link's query. */
export function parseLinkQuery(query: Readonly<Record<string, unknown>>): { token: string } {
  const r = new FieldReader({ ...query }, ['token']);
  const token = r.string('token');
  r.finish();
  return { token: token as string };
}
