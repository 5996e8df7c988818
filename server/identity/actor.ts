// Owns who is acting in a request: a reader known by their identity token's hash and their network, or nobody known.

export interface Actor {
  authorKey: string | null;
  /** Keyed hash of the client's network address, for bans and rate limits. */
  ipHash: string | null;
  /** The address itself, held only for the request (an outside spam check needs it); never stored. */
  address?: string | null;
  userAgent?: string | null;
}
