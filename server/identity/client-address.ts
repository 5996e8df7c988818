// Owns working out a reader's address from a connection, and from a trusted proxy's header.
import type { IncomingHttpHeaders } from 'node:http';

/** The proxy's word for the address (the first X-Forwarded-For entry) when Parley trusts one. */
export function clientAddress(headers: IncomingHttpHeaders, remoteAddress: string | undefined, trustProxy: boolean): string | undefined {
  const forwarded = headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string' && forwarded.trim() !== '') return forwarded.split(',')[0].trim();
  return remoteAddress;
}
