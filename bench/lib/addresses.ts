// Owns the client addresses simulated readers appear to come from, as a reverse proxy reports them.

/** RFC 2544 sets 198.18.0.0/15 aside for benchmarks: 131,072 addresses, handed out in turn. */
const FIRST_ADDRESS = (198 << 24) | (18 << 16);
const ADDRESS_COUNT = 1 << 17;
// Each process starts somewhere else, so processes rarely hand out the same address.
let next = Math.floor(Math.random() * ADDRESS_COUNT);

export function newClientAddress(): string {
  const n = (FIRST_ADDRESS + (next++ % ADDRESS_COUNT)) >>> 0;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** Headers that make one request look like it came from a reader of its own through the proxy. */
export function readerHeaders(token: string): Record<string, string> {
  return { 'x-parley-token': token, 'x-forwarded-for': newClientAddress() };
}
