// Owns password hashing: scrypt at recommended cost, parameters stored with each hash, constant-time checks.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** OWASP's recommended scrypt parameters: N = 2^17, r = 8, p = 1 (128 MiB, a fraction of a second). */
export const DEFAULT_SCRYPT_COST = 17;
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, { ...options, maxmem: 256 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string, costLog2: number = DEFAULT_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, { N: 2 ** costLog2, r: 8, p: 1 });
  return ['scrypt', costLog2, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, cost, r, p, saltB64, keyB64] = stored.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64');
  const key = await derive(password, Buffer.from(saltB64, 'base64'), {
    N: 2 ** Number(cost),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of a random password: checking it costs the same as checking a real one. */
export async function makeDummyHash(costLog2: number = DEFAULT_SCRYPT_COST): Promise<string> {
  return hashPassword(randomBytes(16).toString('hex'), costLog2);
}

export const MIN_PASSWORD_CHARS = 12;
export const MAX_PASSWORD_CHARS = 256;
