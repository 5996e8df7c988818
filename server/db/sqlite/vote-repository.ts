// Owns all SQL for votes (SQLite engine of VoteStore).
import type { Statement } from 'better-sqlite3';
import type { Comment } from '../../comments/comment';
import type { VoteValue } from '../../votes/vote';
import type { VoteRules, VoteStore } from '../../votes/vote-store';
import { COMMENT_COLUMNS as COLUMNS, prepareCommentQuery, toComment } from './comment-rows';
import { createStatusWriter } from './comment-status';
import type { Db } from './connection';
import type { Writer } from './group-commit';

type SetVote = { commentId: number; voterKey: string; value: VoteValue; nowMs: number; ipHash: string | null };

/** Largest number of ids bound into one IN (...) list; SQLite allows 32,766 variables. */
const MAX_IDS_PER_QUERY = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Every write goes through `writes`, which commits those arriving together in one transaction. */
export function createSqliteVoteStore(db: Db, writes: Writer): VoteStore {
  const status = createStatusWriter(db);
  const byId = prepareCommentQuery<[number]>(db, `SELECT ${COLUMNS} FROM comments WHERE id = ?`);
  const findVote = db.prepare<[number, string], { value: number; is_flagged: number; is_withdrawn: number }>(
    'SELECT value, is_flagged, is_withdrawn FROM votes WHERE comment_id = ? AND voter_key = ?',
  );
  const upsertVote = db.prepare(
    `INSERT INTO votes (comment_id, voter_key, value, created_at, ip_hash, is_flagged) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (comment_id, voter_key) DO UPDATE SET value = excluded.value, created_at = excluded.created_at, is_withdrawn = 0`,
  );
  // The row stays: its flag must outlive a withdrawal, or withdrawing and voting again would clear it.
  const withdrawVote = db.prepare('UPDATE votes SET is_withdrawn = 1 WHERE comment_id = ? AND voter_key = ?');
  const applyTally = prepareCommentQuery<{ up: number; down: number; flagged: number; seq: number; id: number }>(
    db,
    `UPDATE comments SET upvotes = upvotes + @up, downvotes = downvotes + @down, score = score + @up - @down,
       flagged_votes = flagged_votes + @flagged, change_seq = @seq WHERE id = @id RETURNING ${COLUMNS}`,
  );
  const seeIdentity = db.prepare('INSERT INTO identities (author_key, first_seen_at, ip_hash) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const firstSeen = db.prepare<[string], { first_seen_at: number }>('SELECT first_seen_at FROM identities WHERE author_key = ?');

  /** When the voter was first seen; a voter never seen before is noted as first seen now. */
  function firstSeenOf(voterKey: string, ipHash: string | null, nowMs: number): number {
    // Runs inside the vote's transaction, so looking first and inserting second cannot race.
    const seen = firstSeen.get(voterKey);
    if (seen !== undefined) return seen.first_seen_at;
    seeIdentity.run(voterKey, nowMs, ipHash);
    return nowMs;
  }

  const voteTx = ({ commentId, voterKey, value, nowMs, ipHash }: SetVote, rules: VoteRules): { comment: Comment; isChanged: boolean } => {
    const found = byId.get(commentId);
    const current = found ? toComment(found) : null;
    rules.check(current);
    const existing = findVote.get(commentId, voterKey);
    const previous = (existing === undefined || existing.is_withdrawn === 1 ? 0 : existing.value) as VoteValue;
    if (previous === value) return { comment: current!, isChanged: false };
    // A vote keeps the trust it was given when first cast, through switches and withdrawals.
    const isFlagged = existing ? existing.is_flagged === 1 : rules.isSuspect(firstSeenOf(voterKey, ipHash, nowMs));
    if (value === 0) withdrawVote.run(commentId, voterKey);
    else upsertVote.run(commentId, voterKey, value, nowMs, ipHash, isFlagged ? 1 : 0);
    const trusted = isFlagged ? 0 : 1;
    const up = ((value === 1 ? 1 : 0) - (previous === 1 ? 1 : 0)) * trusted;
    const down = ((value === -1 ? 1 : 0) - (previous === -1 ? 1 : 0)) * trusted;
    const flagged = isFlagged ? (value !== 0 ? 1 : 0) - (previous !== 0 ? 1 : 0) : 0;
    return { comment: toComment(applyTally.get({ up, down, flagged, seq: status.nextSeq(), id: commentId })!), isChanged: true };
  };

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
    async setVote(vote, rules) {
      return writes.run(() => voteTx(vote, rules));
    },
    async findVotesByVoter(voterKey, commentIds) {
      return commentIds.length === 0 ? new Map() : votesOf(voterKey, commentIds);
    },
  };
}
