// Owns the identity step of an HTTP request: who is asking, in the form the route declares it needs (a reader, a network, a moderator).
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AuthenticatedModerator } from '../accounts/account-service';
import { AppError } from '../errors';
import type { Actor } from '../identity/actor';
import type { RequestIdentity } from '../identity/request-identity';
import { isJsonOrEmpty } from './request-body';
import type { Caller, IdentityKind } from './route';

/** Where HTTP clients send the reader's identity token. */
export const GUEST_TOKEN_HEADER = 'x-parley-token';
/** Where the dashboard sends its session's CSRF token with every write. */
export const CSRF_HEADER = 'x-csrf-token';

class HttpCaller implements Caller {
  private known: Actor | undefined;
  private knownNetwork: string | null | undefined;

  constructor(
    private readonly req: IncomingMessage,
    private readonly identity: RequestIdentity,
    private readonly token: unknown,
    private readonly withNetwork: boolean,
    private readonly auth: AuthenticatedModerator | null,
    readonly isHttps: boolean,
  ) {}

  get origin(): string | undefined {
    return this.req.headers.origin;
  }

  actor(): Actor {
    return (this.known ??= this.identity.readerOf(this.req, this.token, this.withNetwork));
  }

  network(): string | null {
    if (this.knownNetwork === undefined) {
      this.knownNetwork =
        this.withNetwork && this.known !== undefined ? this.known.ipHash : this.identity.networkOf(this.req);
    }
    return this.knownNetwork;
  }

  moderator(): AuthenticatedModerator {
    if (this.auth === null) throw new Error('moderator() on a route that does not identify a moderator');
    return this.auth;
  }

  sessionToken(): string {
    const token = this.identity.sessionTokenOf(this.req);
    if (this.auth === null || token === undefined)
      throw new Error('sessionToken() on a route that does not identify a moderator');
    return token;
  }
}

/**
 * A reader's (or a network's) caller, and the body without the token when it came in the body
 * (`reader-open`: the widget's first request sends it there, so that it needs no header and no
 * CORS preflight). Two different tokens, one in the header and one in the body, are refused.
 */
export function readerCaller(
  req: IncomingMessage,
  kind: Exclude<IdentityKind, 'moderator' | 'admin'>,
  body: unknown,
  identity: RequestIdentity,
  isHttps: boolean,
): { caller: Caller; body: unknown } {
  const headerToken = kind === 'network' || kind === 'none' ? undefined : req.headers[GUEST_TOKEN_HEADER];
  const withNetwork = kind === 'reader-write' || kind === 'network';
  if (
    kind !== 'reader-open' ||
    body === null ||
    typeof body !== 'object' ||
    Array.isArray(body) ||
    !('token' in body)
  ) {
    return { caller: new HttpCaller(req, identity, headerToken, withNetwork, null, isHttps), body };
  }
  const { token, ...fields } = body as Record<string, unknown>;
  if (headerToken !== undefined && headerToken !== token) {
    throw new AppError('VALIDATION_FAILED', {
      publicMessage: 'Send the reader identity token once, in the header or in the body.',
      details: { fields: [{ field: 'token', issue: 'invalid' }] },
    });
  }
  return { caller: new HttpCaller(req, identity, token, false, null, isHttps), body: fields };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * A moderator's caller: a live session, or UNAUTHENTICATED (nothing more is said). A write
 * (any method but GET and HEAD) also carries the session's CSRF token and a JSON body or
 * none, or is refused with CSRF_FAILED; the own-origin rule of the dashboard's API is the
 * area's, checked before. `admin` routes refuse other moderators with FORBIDDEN.
 */
export async function moderatorCaller(
  req: IncomingMessage,
  kind: 'moderator' | 'admin',
  identity: RequestIdentity,
  isHttps: boolean,
): Promise<Caller> {
  const auth = await identity.moderatorOf(req);
  if (auth === null) throw new AppError('UNAUTHENTICATED', { publicMessage: 'Please log in.' });
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const sent = req.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !safeEqual(sent, auth.session.csrfToken) || !isJsonOrEmpty(req.headers)) {
      throw new AppError('CSRF_FAILED', {
        publicMessage: 'This request did not come from the dashboard. Reload it and try again.',
      });
    }
  }
  if (kind === 'admin' && auth.moderator.role !== 'admin')
    throw new AppError('FORBIDDEN', { publicMessage: 'Only admins can do this.' });
  return new HttpCaller(req, identity, undefined, false, auth, isHttps);
}
