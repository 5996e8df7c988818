// Owns turning what a request carries (identity token, client address) into the acting reader.
import type { Actor } from './actor';
import { authorKeyOf, parseGuestToken } from './guest-identity';
import { hashAddress } from './ip-hash';

export type Identify = ((rawToken: unknown, address: string | undefined, userAgent?: string) => Actor) & {
  /** The keyed hash of an address's network alone, for a read that turns out to need it (null without an address). */
  networkOf(address: string | undefined): string | null;
};

/** Hashes remembered per token and per address; the oldest are forgotten first. */
const REMEMBERED = 10_000;

/** Remembers the last results of a pure function of a string, up to REMEMBERED of them. */
function remembered<T>(compute: (input: string) => T): (input: string) => T {
  const known = new Map<string, T>();
  return (input) => {
    const found = known.get(input);
    if (found !== undefined) return found;
    const value = compute(input);
    if (known.size >= REMEMBERED) known.delete(known.keys().next().value as string);
    known.set(input, value);
    return value;
  };
}

/** Refuses a malformed token (VALIDATION_FAILED); a missing one means an anonymous reader. */
export function createIdentify(addressKey: Buffer): Identify {
  // A reader writing or voting again sends the same token from the same address: each hash
  // is worked out once (creating a hash object costs more than the hashing).
  const keyOf = remembered((token) => authorKeyOf(token) as string);
  const networkHashOf = remembered((address) => hashAddress(address, addressKey) as string);
  const networkOf = (address: string | undefined): string | null =>
    address === undefined || address === '' ? null : networkHashOf(address);
  const identify = (rawToken: unknown, address: string | undefined, userAgent?: string): Actor => {
    const token = parseGuestToken(rawToken);
    return {
      authorKey: token === null ? null : keyOf(token),
      ipHash: networkOf(address),
      address: address ?? null,
      userAgent: userAgent?.slice(0, 500) ?? null,
    };
  };
  return Object.assign(identify, { networkOf });
}
