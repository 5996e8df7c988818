// Owns moderator authentication over HTTP: the session cookie, the CSRF check and role checks.
import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { AccountService, AuthenticatedModerator } from '../accounts/account-service';
import { SESSION_TTL_MS } from '../accounts/account-service';
import type { Moderator } from '../accounts/account-store';
import { AppError } from '../errors';
import { ADMIN_COOKIE, isSameOrigin, readCookie } from '../accounts/session-cookie';
import { hasBody } from './json-body';

export { ADMIN_COOKIE, isSameOrigin, readCookie };

export const CSRF_HEADER = 'x-csrf-token';

export function setSessionCookie(req: Request, res: Response, token: string): void {
  res.cookie(ADMIN_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.secure,
    path: '/',
    maxAge: SESSION_TTL_MS,
  });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(ADMIN_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}

function unauthenticated(): AppError {
  return new AppError('UNAUTHENTICATED', { publicMessage: 'Please log in.' });
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Attaches the moderator to res.locals; refuses anyone else, and any write without the session's CSRF token. */
export function requireModerator(accounts: AccountService): RequestHandler {
  return async (req, res, next) => {
    const auth = await accounts.authenticate(readCookie(req.get('cookie'), ADMIN_COOKIE));
    if (!auth) return next(unauthenticated());
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const token = req.get(CSRF_HEADER) ?? '';
      // A chunked body has no Content-Length: "no length" is not "no body".
      const isJsonOrEmpty = !hasBody(req.headers) || req.is('application/json');
      if (!safeEqual(token, auth.session.csrfToken) || !isJsonOrEmpty || !isSameOrigin(req.get('origin'), req.get('host'), req.protocol)) {
        return next(new AppError('CSRF_FAILED', { publicMessage: 'This request did not come from the dashboard. Reload it and try again.' }));
      }
    }
    res.locals.auth = auth;
    next();
  };
}

export const requireAdmin: RequestHandler = (_req, res, next) => {
  if (moderatorOf(res).role !== 'admin') return next(new AppError('FORBIDDEN', { publicMessage: 'Only admins can do this.' }));
  next();
};

export function moderatorOf(res: Response): Moderator {
  return (res.locals.auth as AuthenticatedModerator).moderator;
}

export function sessionOf(res: Response): AuthenticatedModerator {
  return res.locals.auth as AuthenticatedModerator;
}
