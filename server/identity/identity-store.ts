// Owns the storage contract of readers' identities: when each was first seen, for rules that distrust brand-new ones.

export interface IdentityStore {
  /** Notes the identity as first seen now, from a network, unless it was seen before. */
  noteIdentity(authorKey: string, seenAtMs: number, ipHash: string | null): Promise<void>;
  /** When the identity was first seen; null when never. */
  findFirstSeen(authorKey: string): Promise<number | null>;
}
