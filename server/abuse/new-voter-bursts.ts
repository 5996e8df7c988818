// Owns remembering which brand-new identities voted from each network lately, in this process's memory.
import { trimLeastRecent } from './least-recent';

/** Beyond this many networks, the one seen longest ago is forgotten first. */
const MAX_NETWORKS = 100_000;

/**
 * Vote stuffing shows as many brand-new identities voting from one network. An identity is
 * new for `newForMs` after it is first seen; this remembers, per network, the new identities
 * that voted from it and when each was first seen, and forgets each once it is no longer new.
 *
 * It lives in memory, like the rate limits: a restart forgets the last few minutes of
 * voting, and each process of a multi-node deployment sees its own voters. Keeping it in
 * SQLite cost an index on votes by network, one more page written for every vote.
 */
export class NewVoterBursts {
  /** Network → (identity → when it was first seen). Map order is the order of last use. */
  private readonly networks = new Map<string, Map<string, number>>();

  constructor(
    private readonly newForMs: number,
    private readonly maxNetworks = MAX_NETWORKS,
  ) {}

  /**
   * Notes a vote from `voterKey` (first seen at `firstSeenMs`) from `network`, and returns how
   * many identities, itself included if it voted before, were new and had voted from that
   * network before this vote.
   */
  noteVote(network: string, voterKey: string, firstSeenMs: number, nowMs: number): number {
    const since = nowMs - this.newForMs;
    const voters = this.networks.get(network) ?? new Map<string, number>();
    this.networks.delete(network);
    for (const [key, seenMs] of voters) if (seenMs <= since) voters.delete(key);
    const earlier = voters.size;
    if (firstSeenMs > since) voters.set(voterKey, firstSeenMs);
    if (voters.size > 0) this.networks.set(network, voters);
    trimLeastRecent(this.networks, this.maxNetworks);
    return earlier;
  }
}
