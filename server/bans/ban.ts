// Owns bans as the domain sees them, and the storage contract for them.

export type BanKind = 'identity' | 'email' | 'ip';

export interface Ban {
  id: number;
  kind: BanKind;
  value: string;
  reason: string | null;
  createdBy: number | null;
  createdByName: string | null;
  createdAtMs: number;
  expiresAtMs: number | null;
  liftedAtMs: number | null;
}

export interface BanStore {
  addBan(ban: {
    kind: BanKind;
    value: string;
    reason: string | null;
    createdBy: number | null;
    createdAtMs: number;
    expiresAtMs: number | null;
  }): Promise<Ban>;
  /** An active ban on any of the given author facts, if there is one. */
  findActiveBan(
    author: { authorKey: string | null; email: string | null; ipHash: string | null },
    nowMs: number,
  ): Promise<Ban | null>;
  listActiveBans(nowMs: number): Promise<Ban[]>;
  findBanById(id: number): Promise<Ban | null>;
  liftBan(id: number, nowMs: number): Promise<Ban | null>;
}
