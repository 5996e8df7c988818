// Owns which other sites' pages may call the reader API and open reader sockets.
import type { RequestHandler } from 'express';

/**
 * Same-origin requests (and those without an Origin, like server-to-server calls) are always
 * allowed; other origins only when listed, or when no list is configured.
 */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowed: string[] | null): boolean {
  if (origin === undefined || allowed === null) return true;
  if (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`)) return true;
  return allowed.includes(origin);
}

/** CORS for /api: reflects an allowed origin, answers preflights, refuses others' writes. */
export function readerCors(allowed: string[] | null): RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    if (!isOriginAllowed(origin, req.get('host'), allowed)) {
      res.status(403).json({ error: { code: 'FORBIDDEN', message: 'This site may not use these comments.' } });
      return;
    }
    if (origin !== undefined) {
      res.set('Access-Control-Allow-Origin', origin);
      res.vary('Origin');
    }
    if (req.method === 'OPTIONS') {
      res.set('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
      res.set('Access-Control-Allow-Headers', 'content-type, x-parley-token');
      res.set('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
