// Owns counting each network's votes on each comment over a window, in this process's memory.
import { trimLeastRecent } from './least-recent';

/** Beyond this many (comment, network) pairs, those used longest ago are forgotten first. */
const MAX_PAIRS = 200_000;
/** Bits of the network's hash in a pair's key: networks sharing them on one comment would share a count. */
const NETWORK_BITS = 22;
const NETWORK_SPAN = 2 ** NETWORK_BITS;
/** Counts are kept up to this (the packed value has three bits for it). */
const MAX_COUNT = 7;

/**
 * Vote stuffing by identities old enough to pass as regulars: tokens that voted elsewhere a
 * while ago, all voting on one comment from one network. This counts, per comment and
 * network, the first votes cast in a window that starts with the pair's first vote, however
 * old the voters are, so waiting until they no longer look new does not escape it.
 *
 * Each pair is one number keyed by one number, about 55 bytes: 200,000 pairs take some 11 MB. Like the other vote-stuffing memory it lives
 * in the process: a restart forgets it, and each node of a cluster counts its own votes.
 */
export class CommentVoteBursts {
  /** Pair key → window start * 8 + votes counted in it. Map order is the order of last use. */
  private readonly pairs = new Map<number | string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly maxPairs = MAX_PAIRS,
  ) {}

  /**
   * Notes a first vote on `commentId` from `network` (a hex hash) and returns how many first
   * votes from that network on that comment came before it in the current window (at most 7).
   */
  noteVote(network: string, commentId: number, nowMs: number): number {
    const key = keyOf(network, commentId);
    const kept = this.pairs.get(key);
    this.pairs.delete(key);
    let startMs = nowMs;
    let earlier = 0;
    if (kept !== undefined) {
      const keptStartMs = Math.floor(kept / 8);
      if (nowMs - keptStartMs < this.windowMs) {
        startMs = keptStartMs;
        earlier = kept % 8;
      }
    }
    this.pairs.set(key, startMs * 8 + Math.min(MAX_COUNT, earlier + 1));
    trimLeastRecent(this.pairs, this.maxPairs);
    return earlier;
  }
}

/** One number for the pair when it fits, so no string is kept per pair. */
function keyOf(network: string, commentId: number): number | string {
  const bits = parseInt(network.slice(0, 6), 16) % NETWORK_SPAN;
  const key = commentId * NETWORK_SPAN + (Number.isNaN(bits) ? 0 : bits);
  return Number.isSafeInteger(key) ? key : `${commentId} ${network}`;
}
