// Owns which other sites' pages may call the reader API and open reader sockets, and what a preflight is told.

/**
 * Same-origin requests (and those without an Origin, like server-to-server calls) are always
 * allowed; other origins only when listed, or when no list is configured.
 */
export function isOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[] | null,
): boolean {
  if (origin === undefined || allowed === null) return true;
  if (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`)) return true;
  return allowed.includes(origin);
}

/** What a preflight of the reader API is answered (with the allowed origin reflected): the methods and headers its endpoints take. */
export const PREFLIGHT_HEADERS: readonly string[] = [
  'Access-Control-Allow-Methods',
  'GET, POST, PUT, PATCH, DELETE',
  'Access-Control-Allow-Headers',
  'content-type, x-parley-token',
  'Access-Control-Max-Age',
  '600',
];
