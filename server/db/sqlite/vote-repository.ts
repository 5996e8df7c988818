// Owns all SQL for votes (SQLite engine of VoteStore).
import type { Statement } from 'better-sqlite3';
import type { VoteValue } from '../../votes/vote';
import type { VoteStore } from '../../votes/vote-store';
import type { Db } from './connection';
import type { Writer } from './group-commit';

/** Largest number of ids bound into one IN (...) list; SQLite allows 32,766 variables. */
const MAX_IDS_PER_QUERY = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Every write goes through `writes`, the engine's one write path. */
export function createSqliteVoteStore(db: Db, writes: Writer): VoteStore {
  const findVote = db.prepare<[number, string], { value: number; is_flagged: number; is_withdrawn: number }>(
    'SELECT value, is_flagged, is_withdrawn FROM votes WHERE comment_id = ? AND voter_key = ?',
  );
  const upsertVote = db.prepare(
    `INSERT INTO votes (comment_id, voter_key, value, created_at, ip_hash, is_flagged) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (comment_id, voter_key) DO UPDATE SET value = excluded.value, created_at = excluded.created_at, is_withdrawn = 0`,
  );
  const withdrawVote = db.prepare('UPDATE votes SET is_withdrawn = 1 WHERE comment_id = ? AND voter_key = ?');
  // Statements with n placeholders, prepared once per n (pages have a handful of sizes).
  const votesByCount = new Map<number, Statement<unknown[], { comment_id: number; value: number }>>();
  const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(',');

  function votesOf(voterKey: string, commentIds: readonly number[]): Map<number, VoteValue> {
    const out = new Map<number, VoteValue>();
    for (const ids of chunks(commentIds, MAX_IDS_PER_QUERY)) {
      let stmt = votesByCount.get(ids.length);
      if (!stmt) {
        stmt = db.prepare<unknown[], { comment_id: number; value: number }>(
          `SELECT comment_id, value FROM votes WHERE comment_id IN (${placeholders(ids.length)}) AND voter_key = ? AND is_withdrawn = 0`,
        );
        votesByCount.set(ids.length, stmt);
      }
      for (const r of stmt.all(...ids, voterKey)) out.set(r.comment_id, r.value as VoteValue);
    }
    return out;
  }

  return {
    async findVote(commentId, voterKey) {
      const found = findVote.get(commentId, voterKey);
      if (found === undefined) return null;
      return { value: (found.is_withdrawn === 1 ? 0 : found.value) as VoteValue, isFlagged: found.is_flagged === 1 };
    },
    async saveVote({ commentId, voterKey, value, atMs, ipHash, isFlagged }) {
      await writes.run(() => upsertVote.run(commentId, voterKey, value, atMs, ipHash, isFlagged ? 1 : 0));
    },
    async withdrawVote(commentId, voterKey) {
      await writes.run(() => withdrawVote.run(commentId, voterKey));
    },
    async findVotesByVoter(voterKey, commentIds) {
      return commentIds.length === 0 ? new Map() : votesOf(voterKey, commentIds);
    },
  };
}
