// Owns the keyed hash of a client's address: enough to ban and rate-limit, never the address itself.
import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/** IPv4 as is; IPv6 cut to its /64, since one subscriber usually holds a whole /64. */
export function networkOf(address: string): string {
  const ip = address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return 'unknown';
  const [head, tail = ''] = ip.split('::');
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = tail === '' ? [] : tail.split(':');
  const missing = 8 - headParts.length - tailParts.length;
  const full = [...headParts, ...Array(Math.max(missing, 0)).fill('0'), ...tailParts];
  return (
    full
      .slice(0, 4)
      .map((part) => (parseInt(part, 16) || 0).toString(16))
      .join(':') + '::/64'
  );
}

export function hashAddress(address: string | undefined, key: Buffer): string | null {
  if (address === undefined || address === '') return null;
  return createHmac('sha256', key).update(networkOf(address)).digest('hex').slice(0, 32);
}
