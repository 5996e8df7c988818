// Owns all SQL for votes (PostgreSQL engine of VoteStore).
import type { VoteValue } from '../../votes/vote';
import type { VoteStore } from '../../votes/vote-store';
import { one, type Queryable } from './sql';

export function createPostgresVoteStore(db: Queryable): VoteStore {
  return {
    async findVote(commentId, voterKey) {
      const row = await one<{ value: number; is_flagged: boolean; is_withdrawn: boolean }>(
        db,
        'SELECT value, is_flagged, is_withdrawn FROM votes WHERE comment_id = $1 AND voter_key = $2',
        [commentId, voterKey],
      );
      if (row === null) return null;
      return { value: (row.is_withdrawn ? 0 : row.value) as VoteValue, isFlagged: row.is_flagged };
    },
    async saveVote({ commentId, voterKey, value, atMs, ipHash, isFlagged }) {
      await db.query(
        `INSERT INTO votes (comment_id, voter_key, value, created_at, ip_hash, is_flagged) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (comment_id, voter_key) DO UPDATE
           SET value = excluded.value, created_at = excluded.created_at, is_withdrawn = FALSE`,
        [commentId, voterKey, value, atMs, ipHash, isFlagged],
      );
    },
    async withdrawVote(commentId, voterKey) {
      await db.query('UPDATE votes SET is_withdrawn = TRUE WHERE comment_id = $1 AND voter_key = $2', [
        commentId,
        voterKey,
      ]);
    },
    async findVotesByVoter(voterKey, commentIds) {
      const out = new Map<number, VoteValue>();
      if (commentIds.length === 0) return out;
      const { rows } = await db.query<{ comment_id: number; value: number }>(
        `SELECT comment_id, value FROM votes WHERE comment_id = ANY($1::bigint[]) AND voter_key = $2 AND NOT is_withdrawn`,
        [commentIds, voterKey],
      );
      for (const r of rows) out.set(r.comment_id, r.value as VoteValue);
      return out;
    },
  };
}
