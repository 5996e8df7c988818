// Owns reading the moderators' session cookie and the same-origin rule, for HTTP and the /admin socket alike.

export const ADMIN_COOKIE = 'parley_admin';

/** A cookie's value from a Cookie header; a malformed one counts as absent. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A browser request from another site carries that site's Origin; ours must match our own host. */
export function isSameOrigin(origin: string | undefined, host: string | undefined, protocol: string): boolean {
  if (origin === undefined) return true;
  return host !== undefined && origin === `${protocol}://${host}`;
}

/**
 * The Set-Cookie value of a new session: HttpOnly, SameSite=Strict, Secure over https, for the
 * whole site, expiring with the session (`Max-Age`, and `Expires` for older browsers).
 */
export function sessionCookie(
  token: string,
  { isSecure, nowMs, maxAgeMs }: { isSecure: boolean; nowMs: number; maxAgeMs: number },
): string {
  const expires = new Date(nowMs + maxAgeMs).toUTCString();
  return `${ADMIN_COOKIE}=${encodeURIComponent(token)}; Max-Age=${Math.floor(maxAgeMs / 1000)}; Path=/; Expires=${expires}; HttpOnly${isSecure ? '; Secure' : ''}; SameSite=Strict`;
}

/** The Set-Cookie value that makes a browser forget the session cookie. */
export function clearedSessionCookie({ isSecure }: { isSecure: boolean }): string {
  return `${ADMIN_COOKIE}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly${isSecure ? '; Secure' : ''}; SameSite=Strict`;
}
