// Owns turning what a request carries (identity token, client address) into the acting reader.
import type { Actor } from '../comments/comment-context';
import { authorKeyOf, parseGuestToken } from './guest-identity';
import { hashAddress } from './ip-hash';

export type Identify = (rawToken: unknown, address: string | undefined, userAgent?: string) => Actor;

/** Refuses a malformed token (VALIDATION_FAILED); a missing one means an anonymous reader. */
export function createIdentify(addressKey: Buffer): Identify {
  return (rawToken, address, userAgent) => ({
    authorKey: authorKeyOf(parseGuestToken(rawToken)),
    ipHash: hashAddress(address, addressKey),
    address: address ?? null,
    userAgent: userAgent?.slice(0, 500) ?? null,
  });
}
