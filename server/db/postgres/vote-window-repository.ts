// Owns the SQL of the vote-stuffing windows shared by every node (see server/abuse/vote-windows.ts).
import type { VoteWindowLengths, VoteWindows } from '../../abuse/vote-windows';
import { createSidePool } from './pool';

/** Rows past their window are swept after about this many notes (each node sweeps its share). */
const SWEEP_EVERY = 1000;
/** Counts are kept up to this, as in memory. */
const MAX_EARLIER = 7;

export interface SharedVoteWindows {
  windows: VoteWindows;
  /** Ends the windows' connections. */
  close(): Promise<void>;
}

/**
 * On a pool of its own: a vote's unit of work awaits these while it holds its locks, so they
 * must never wait for a connection that such units hold.
 */
export function createPostgresVoteWindows(
  url: string,
  { newForMs, windowMs }: VoteWindowLengths,
  onError: (err: Error) => void,
): SharedVoteWindows {
  const pool = createSidePool(url, 4, onError);
  let notesSinceSweep = 0;

  async function noted(nowMs: number): Promise<void> {
    notesSinceSweep += 1;
    if (notesSinceSweep < SWEEP_EVERY) return;
    notesSinceSweep = 0;
    await pool.query('DELETE FROM vote_window_voters WHERE first_seen_ms <= $1', [nowMs - newForMs]);
    await pool.query('DELETE FROM vote_window_comments WHERE start_ms <= $1', [nowMs - windowMs]);
  }

  const windows: VoteWindows = {
    async noteNewVoter(network, voterKey, firstSeenMs, nowMs) {
      const since = nowMs - newForMs;
      // One statement: every part sees the rows as they were before it, so the count is of
      // the voters still new before this vote, this one included if it voted before.
      const { rows } = await pool.query<{ earlier: number }>(
        `WITH gone AS (DELETE FROM vote_window_voters WHERE network = $1 AND first_seen_ms <= $4),
              noted AS (INSERT INTO vote_window_voters (network, voter_key, first_seen_ms)
                        SELECT $1, $2, $3 WHERE $3 > $4
                        ON CONFLICT (network, voter_key) DO NOTHING)
         SELECT count(*)::int AS earlier FROM vote_window_voters WHERE network = $1 AND first_seen_ms > $4`,
        [network, voterKey, firstSeenMs, since],
      );
      await noted(nowMs);
      return rows[0].earlier;
    },
    async noteFirstVote(kind, network, commentId, nowMs) {
      // A window starts with the pair's first vote; one that has run out starts again now.
      const { rows } = await pool.query<{ earlier: number }>(
        `INSERT INTO vote_window_comments AS w (kind, comment_id, network, start_ms, votes)
         VALUES ($1, $2, $3, $4, 1)
         ON CONFLICT (kind, comment_id, network) DO UPDATE SET
           start_ms = CASE WHEN $4 - w.start_ms < $5 THEN w.start_ms ELSE $4 END,
           votes = CASE WHEN $4 - w.start_ms < $5 THEN LEAST(w.votes + 1, $6 + 1) ELSE 1 END
         RETURNING votes - 1 AS earlier`,
        [kind, commentId, network, nowMs, windowMs, MAX_EARLIER],
      );
      await noted(nowMs);
      return rows[0].earlier;
    },
  };
  return { windows, close: () => pool.end() };
}
