// Owns the set of defences against abuse that the reader-facing use cases share.
import type { Limiter } from './rate-limiter';
import type { SpamChecker } from './spam-check';
import type { VoteWindows } from './vote-windows';

export interface AbuseDefences {
  limiter: Limiter;
  /**
   * Brand-new identities voting from each network lately, and first votes (and reactions) on
   * each comment from each network, to spot vote stuffing; shared by every node of a site.
   */
  voteWindows: VoteWindows;
  minSubmitMs: number;
  spamCheck: SpamChecker | null;
}
