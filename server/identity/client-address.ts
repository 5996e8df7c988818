// Owns working out who is at the other end of a request: the client's address and whether it
// arrived over https, from the connection and, through trusted proxies only, their X-Forwarded-* headers.
// Every transport (express, the hot routes, both socket.io namespaces) asks here, so they cannot disagree.
import type { IncomingHttpHeaders } from 'node:http';
import { BlockList, isIP } from 'node:net';

/**
 * Which proxies in front of Parley are believed: none; the nearest `hops` of them, whatever
 * their addresses; or exactly those at the listed addresses and ranges (CIDR).
 */
export type ProxyTrust = false | { hops: number } | { proxies: readonly string[] };

/** What a request carries that says where it came from: node's IncomingMessage has it, and so does a socket.io handshake's request. */
export interface ClientConnection {
  headers: IncomingHttpHeaders;
  socket: { remoteAddress?: string; encrypted?: boolean } | null;
}

export interface ClientResolver {
  /** The client's address: the connection's, or the first one read from the right of X-Forwarded-For that no trusted proxy vouches past. */
  addressOf(req: ClientConnection): string | undefined;
  /** Whether the client's own connection was https: TLS to Parley itself, or a trusted proxy's X-Forwarded-Proto. */
  isHttps(req: ClientConnection): boolean;
}

/** The most hops a deployment plausibly has in front of it (CDN, load balancer, reverse proxy...). */
export const MAX_PROXY_HOPS = 10;

/**
 * An address as a proxy may write it, made plain: IPv4-mapped IPv6 as IPv4, and a port or the
 * brackets around IPv6 (`[2001:db8::1]:443`, `192.0.2.1:8080`) removed. Null when it is no address.
 */
export function plainAddress(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  let text = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) text = bracketed[1];
  else if (/^[\d.]+:\d{1,5}$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  const version = isIP(text);
  if (version === 6 && /^::ffff:/i.test(text) && isIP(text.slice(7)) === 4) return text.slice(7);
  return version === 0 ? null : text;
}

/**
 * Reads PARLEY_TRUST_PROXY: `false`, `true` (one hop, the proxy Parley's connection comes
 * from), a number of hops, or a comma-separated list of proxy addresses and CIDR ranges.
 * Returns the problems with it too, for the configuration's one list of every problem.
 */
export function parseProxyTrust(raw: string): { trust: ProxyTrust; problems: string[] } {
  const value = raw.trim().toLowerCase();
  if (['', '0', 'false', 'no', 'off'].includes(value)) return { trust: false, problems: [] };
  if (['true', 'yes', 'on'].includes(value)) return { trust: Object.freeze({ hops: 1 }), problems: [] };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > MAX_PROXY_HOPS)
      return { trust: false, problems: [`PARLEY_TRUST_PROXY must be at most ${MAX_PROXY_HOPS} hops, got ${hops}`] };
    return { trust: Object.freeze({ hops }), problems: [] };
  }
  const proxies: string[] = [];
  const problems: string[] = [];
  for (const entry of raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    if (rangeOf(entry) === null) {
      problems.push(
        `PARLEY_TRUST_PROXY must be true, false, a number of hops or proxy addresses/CIDR ranges, got "${entry}"`,
      );
    } else {
      proxies.push(entry);
    }
  }
  return { trust: problems.length > 0 ? false : Object.freeze({ proxies: Object.freeze(proxies) }), problems };
}

/** An address or CIDR range as BlockList takes it, or null when it is neither. */
function rangeOf(entry: string): { network: string; prefix: number; type: 'ipv4' | 'ipv6' } | null {
  const [address, prefixText, ...rest] = entry.split('/');
  if (rest.length > 0) return null;
  const version = isIP(address);
  if (version === 0) return null;
  const bits = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  return prefix > bits ? null : { network: address, prefix, type: version === 4 ? 'ipv4' : 'ipv6' };
}

/** The entries of X-Forwarded-For, left to right (node joins repeated headers with commas). */
function forwardedFor(headers: IncomingHttpHeaders): string[] {
  const raw = headers['x-forwarded-for'];
  if (raw === undefined) return [];
  return (Array.isArray(raw) ? raw.join(',') : raw).split(',');
}

export function createClientResolver(trust: ProxyTrust): ClientResolver {
  // Whether the address `hop` steps from Parley (0: the connection itself) is a proxy we believe.
  let isTrusted: (address: string, hop: number) => boolean;
  if (trust === false) {
    isTrusted = () => false;
  } else if ('hops' in trust) {
    const { hops } = trust;
    isTrusted = (_address, hop) => hop < hops;
  } else {
    const list = new BlockList();
    for (const entry of trust.proxies) {
      const range = rangeOf(entry);
      if (range !== null) list.addSubnet(range.network, range.prefix, range.type);
    }
    isTrusted = (address) => list.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
  }

  const peerOf = (req: ClientConnection): { raw: string | undefined; plain: string | null } => {
    const raw = req.socket?.remoteAddress;
    return { raw, plain: plainAddress(raw) };
  };

  return {
    addressOf(req) {
      if (trust === false) return req.socket?.remoteAddress;
      const peer = peerOf(req);
      if (peer.plain === null || !isTrusted(peer.plain, 0)) return peer.raw;
      // Each proxy appends the address it was connected from, so the right-hand end is what the
      // nearest proxy saw and everything to the left of the first untrusted address is the
      // client's own say. Left-most would let a client name any address it likes.
      const chain = forwardedFor(req.headers);
      let client = peer.plain;
      for (let i = chain.length - 1, hop = 1; i >= 0; i -= 1, hop += 1) {
        const entry = plainAddress(chain[i]);
        // Not an address: nothing a trusted proxy wrote. The last address a trusted proxy vouched for stands.
        if (entry === null) break;
        client = entry;
        if (!isTrusted(entry, hop)) break;
      }
      return client;
    },

    isHttps(req) {
      if (req.socket?.encrypted === true) return true;
      // The hot routes ask on every answer: without a trusted proxy there is nothing more to read.
      if (trust === false) return false;
      const peer = peerOf(req).plain;
      if (peer === null || !isTrusted(peer, 0)) return false;
      const proto = req.headers['x-forwarded-proto'];
      if (typeof proto !== 'string') return false;
      // The nearest proxy's word, at the right-hand end, as for addresses.
      return proto.split(',').pop()?.trim().toLowerCase() === 'https';
    },
  };
}
