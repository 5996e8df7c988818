import {
  createClientResolver,
  parseProxyTrust,
  plainAddress,
  type ClientConnection,
} from '../../server/identity/client-address';

/** A request as node hands it over: the connection's address, and whatever headers the other end wrote. */
function requestFrom(
  remoteAddress: string,
  headers: Record<string, string | string[]> = {},
  encrypted = false,
): ClientConnection {
  return { headers, socket: { remoteAddress, encrypted } };
}

describe('the client address', () => {
  it('is the connection address when no proxy is trusted, whatever X-Forwarded-For says', () => {
    const clients = createClientResolver(false);
    expect(clients.addressOf(requestFrom('203.0.113.7', { 'x-forwarded-for': '10.9.9.9' }))).toBe('203.0.113.7');
  });

  it('behind one trusted hop is the right-most X-Forwarded-For entry, not what the client wrote to its left', () => {
    const clients = createClientResolver({ hops: 1 });
    const spoofed = requestFrom('127.0.0.1', { 'x-forwarded-for': '10.0.0.1, 10.0.0.2, 203.0.113.7' });
    expect(clients.addressOf(spoofed)).toBe('203.0.113.7');
  });

  it('behind two trusted hops skips exactly one proxy entry from the right', () => {
    const clients = createClientResolver({ hops: 2 });
    const req = requestFrom('10.1.1.1', { 'x-forwarded-for': '6.6.6.6, 203.0.113.7, 198.51.100.2' });
    expect(clients.addressOf(req)).toBe('203.0.113.7');
  });

  it('behind listed proxies walks left past each listed address and stops at the first other one', () => {
    const clients = createClientResolver({ proxies: ['127.0.0.1', '10.0.0.0/8', '2001:db8::/32'] });
    const req = requestFrom('127.0.0.1', { 'x-forwarded-for': '6.6.6.6, 203.0.113.7, 2001:db8::5, 10.2.3.4' });
    expect(clients.addressOf(req)).toBe('203.0.113.7');
    // A connection from an address not on the list is the client itself: its header says nothing.
    expect(clients.addressOf(requestFrom('198.51.100.9', { 'x-forwarded-for': '6.6.6.6' }))).toBe('198.51.100.9');
  });

  it('counts an IPv4-mapped connection address as the IPv4 address it is', () => {
    const clients = createClientResolver({ proxies: ['127.0.0.1'] });
    expect(clients.addressOf(requestFrom('::ffff:127.0.0.1', { 'x-forwarded-for': '203.0.113.7' }))).toBe(
      '203.0.113.7',
    );
  });

  it('reads repeated X-Forwarded-For headers as one list and takes ports and brackets off', () => {
    const clients = createClientResolver({ hops: 1 });
    expect(clients.addressOf(requestFrom('127.0.0.1', { 'x-forwarded-for': ['6.6.6.6', '203.0.113.7:51234'] }))).toBe(
      '203.0.113.7',
    );
    expect(clients.addressOf(requestFrom('127.0.0.1', { 'x-forwarded-for': '[2001:db8::7]:443' }))).toBe('2001:db8::7');
  });

  it('stops at the last address a trusted proxy vouched for when an entry is not an address', () => {
    const clients = createClientResolver({ hops: 3 });
    expect(clients.addressOf(requestFrom('127.0.0.1', { 'x-forwarded-for': 'unknown, 203.0.113.7' }))).toBe(
      '203.0.113.7',
    );
    expect(clients.addressOf(requestFrom('127.0.0.1', { 'x-forwarded-for': 'garbage' }))).toBe('127.0.0.1');
    expect(clients.addressOf(requestFrom('127.0.0.1'))).toBe('127.0.0.1');
  });

  it('takes X-Forwarded-Proto only from a trusted proxy, and TLS to Parley itself always counts', () => {
    const behind = createClientResolver({ proxies: ['127.0.0.1'] });
    expect(behind.isHttps(requestFrom('127.0.0.1', { 'x-forwarded-proto': 'https' }))).toBe(true);
    expect(behind.isHttps(requestFrom('127.0.0.1', { 'x-forwarded-proto': 'http' }))).toBe(false);
    expect(behind.isHttps(requestFrom('203.0.113.7', { 'x-forwarded-proto': 'https' }))).toBe(false);
    expect(createClientResolver(false).isHttps(requestFrom('203.0.113.7', { 'x-forwarded-proto': 'https' }))).toBe(
      false,
    );
    expect(createClientResolver(false).isHttps(requestFrom('203.0.113.7', {}, true))).toBe(true);
  });
});

describe('PARLEY_TRUST_PROXY', () => {
  it('reads false, true as one hop, a number of hops, and a list of proxy addresses and ranges', () => {
    expect(parseProxyTrust('')).toEqual({ trust: false, problems: [] });
    expect(parseProxyTrust('false')).toEqual({ trust: false, problems: [] });
    expect(parseProxyTrust('0')).toEqual({ trust: false, problems: [] });
    expect(parseProxyTrust('true')).toEqual({ trust: { hops: 1 }, problems: [] });
    expect(parseProxyTrust('2')).toEqual({ trust: { hops: 2 }, problems: [] });
    expect(parseProxyTrust(' 10.0.0.1, 192.168.0.0/16 ,::1, fd00::/8')).toEqual({
      trust: { proxies: ['10.0.0.1', '192.168.0.0/16', '::1', 'fd00::/8'] },
      problems: [],
    });
  });

  it('names every entry that is neither an address nor a range', () => {
    const { problems } = parseProxyTrust('10.0.0.1, proxy.internal, 10.0.0.0/33, 1.2.3.4/8/1');
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/"proxy\.internal"/);
    expect(parseProxyTrust('99').problems[0]).toMatch(/at most 10 hops/);
  });
});

describe('plainAddress', () => {
  it('accepts addresses only', () => {
    expect(plainAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(plainAddress(' 192.0.2.1 ')).toBe('192.0.2.1');
    expect(plainAddress('example.com')).toBeNull();
    expect(plainAddress('')).toBeNull();
    expect(plainAddress(undefined)).toBeNull();
  });
});
