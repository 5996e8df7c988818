// Owns turning a request into who is asking, for every transport: HTTP endpoints, the reader socket and the /admin socket.
import type { AuthenticatedModerator } from '../accounts/account-service';
import { ADMIN_COOKIE, isSameOrigin, readCookie } from '../accounts/session-cookie';
import type { Actor } from './actor';
import type { ClientConnection, ClientResolver } from './client-address';
import type { Identify } from './identify';

export interface RequestIdentity {
  /**
   * The acting reader: the hash of their token (a malformed token is refused with
   * VALIDATION_FAILED), and, when `withNetwork`, their network's keyed hash. Reads leave the
   * network out: limits and bans apply to writes, and hashing an address on every read costs.
   */
  readerOf(req: ClientConnection, token: unknown, withNetwork: boolean): Actor;
  /** The keyed hash of the client's network; null without an address. */
  networkOf(req: ClientConnection): string | null;
  /** Whether the request came from Parley's own origin (or names none, as a non-browser client does). */
  isOwnOrigin(req: ClientConnection): boolean;
  /** The session cookie's token, if the request carries one. */
  sessionTokenOf(req: ClientConnection): string | undefined;
  /** The moderator of the request's session cookie; null for anyone else, with no reason given. */
  moderatorOf(req: ClientConnection): Promise<AuthenticatedModerator | null>;
}

export interface RequestIdentityDeps {
  identify: Identify;
  clients: ClientResolver;
  accounts: { authenticate(token: string | undefined): Promise<AuthenticatedModerator | null> };
}

export function createRequestIdentity({ identify, clients, accounts }: RequestIdentityDeps): RequestIdentity {
  const userAgentOf = (req: ClientConnection): string | undefined => {
    const agent = req.headers['user-agent'];
    return typeof agent === 'string' ? agent : undefined;
  };
  const sessionTokenOf = (req: ClientConnection): string | undefined => readCookie(req.headers.cookie, ADMIN_COOKIE);
  return {
    readerOf: (req, token, withNetwork) =>
      identify(token, withNetwork ? clients.addressOf(req) : undefined, userAgentOf(req)),
    networkOf: (req) => identify.networkOf(clients.addressOf(req)),
    isOwnOrigin: (req) => {
      const origin = req.headers.origin;
      return isSameOrigin(
        typeof origin === 'string' ? origin : undefined,
        req.headers.host,
        clients.isHttps(req) ? 'https' : 'http',
      );
    },
    sessionTokenOf,
    moderatorOf: (req) => accounts.authenticate(sessionTokenOf(req)),
  };
}
