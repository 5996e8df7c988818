// Owns the signed tokens in mail links: each names one address and one purpose, and is refused when altered or expired.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors';

/** confirm: prove the address is its owner's; manage: list and end its subscriptions; unsubscribe: end one. */
export type MailTokenPurpose = 'confirm' | 'manage' | 'unsubscribe';

export interface MailToken {
  purpose: MailTokenPurpose;
  email: string;
  /** The subscription an unsubscribe (or confirm) link is about. */
  subscriptionId: number | null;
  /** Null: the link does not expire (ending a subscription must work from any old mail). */
  expiresAtMs: number | null;
}

/** How long a confirmation link works. */
export const CONFIRM_LINK_MS = 48 * 3_600_000;

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function mac(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(`parley-mail-link\0${payload}`).digest();
}

export function signMailToken(key: Buffer, token: MailToken): string {
  const payload = b64(JSON.stringify([token.purpose, token.email, token.subscriptionId, token.expiresAtMs]));
  return `${payload}.${b64(mac(key, payload))}`;
}

const invalid = (reason: 'forged' | 'expired' | 'wrong-purpose') =>
  new AppError('MAIL_LINK_INVALID', {
    publicMessage:
      reason === 'expired'
        ? 'This link has expired. Subscribe again to get a new one.'
        : 'This link is not valid. Use the link from the most recent email.',
    details: { reason },
  });

/** The token's contents when its signature holds, it has not expired and its purpose is one of `purposes`. */
export function readMailToken(
  key: Buffer,
  raw: string,
  purposes: readonly MailTokenPurpose[],
  nowMs: number,
): MailToken {
  const dot = raw.indexOf('.');
  if (dot <= 0 || raw.length > 2000) throw invalid('forged');
  const payload = raw.slice(0, dot);
  const given = Buffer.from(raw.slice(dot + 1), 'base64url');
  const expected = mac(key, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid('forged');
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw invalid('forged');
  }
  if (!Array.isArray(fields) || fields.length !== 4) throw invalid('forged');
  const [purpose, email, subscriptionId, expiresAtMs] = fields as [
    MailTokenPurpose,
    string,
    number | null,
    number | null,
  ];
  if (!purposes.includes(purpose)) throw invalid('wrong-purpose');
  if (expiresAtMs !== null && nowMs > expiresAtMs) throw invalid('expired');
  return { purpose, email, subscriptionId, expiresAtMs };
}
