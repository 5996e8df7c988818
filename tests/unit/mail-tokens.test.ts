import { randomBytes } from 'node:crypto';
import { AppError } from '../../server/errors';
import { readMailToken, signMailToken, type MailToken } from '../../server/notifications/mail-tokens';

const key = randomBytes(32);
const NOW = 1_800_000_000_000;
const token: MailToken = { purpose: 'confirm', email: 'a@example.com', subscriptionId: 7, expiresAtMs: NOW + 1000 };

function reasonOf(work: () => unknown): unknown {
  try {
    work();
  } catch (err) {
    return err instanceof AppError ? [err.code, (err.details as { reason: string }).reason] : err;
  }
  return 'accepted';
}

test('a signed token reads back as signed, until the moment it expires', () => {
  const raw = signMailToken(key, token);
  expect(readMailToken(key, raw, ['confirm'], NOW + 1000)).toEqual(token);
  expect(reasonOf(() => readMailToken(key, raw, ['confirm'], NOW + 1001))).toEqual(['MAIL_LINK_INVALID', 'expired']);
});

test('a token altered, signed with another key, or made for another purpose is refused', () => {
  const raw = signMailToken(key, token);
  const [, mac] = raw.split('.');
  const otherAddress = Buffer.from(JSON.stringify(['confirm', 'b@example.com', 7, NOW + 1000])).toString('base64url');
  expect(reasonOf(() => readMailToken(key, `${otherAddress}.${mac}`, ['confirm'], NOW))).toEqual([
    'MAIL_LINK_INVALID',
    'forged',
  ]);
  expect(reasonOf(() => readMailToken(randomBytes(32), raw, ['confirm'], NOW))).toEqual([
    'MAIL_LINK_INVALID',
    'forged',
  ]);
  expect(reasonOf(() => readMailToken(key, raw, ['unsubscribe'], NOW))).toEqual(['MAIL_LINK_INVALID', 'wrong-purpose']);
  for (const junk of ['', '.', 'abc', `${'a'.repeat(3000)}.b`])
    expect(reasonOf(() => readMailToken(key, junk, ['confirm'], NOW))).toEqual(['MAIL_LINK_INVALID', 'forged']);
});
