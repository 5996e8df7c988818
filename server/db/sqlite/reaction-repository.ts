// Owns all SQL for reactions (SQLite engine of ReactionStore).
import type { Statement } from 'better-sqlite3';
import { REACTIONS, type Reaction } from '../../protocol/dto';
import type { ReactionStore, StoredReaction } from '../../reactions/reaction-store';
import type { Db } from './connection';
import type { Writer } from './group-commit';

/** Largest number of ids bound into one IN (...) list; SQLite allows 32,766 variables. */
const MAX_IDS_PER_QUERY = 500;

/** Every write goes through `writes`, the engine's one write path. */
export function createSqliteReactionStore(db: Db, writes: Writer): ReactionStore {
  const findReactions = db.prepare<[number, string], { reaction: Reaction; is_flagged: number; is_withdrawn: number }>(
    'SELECT reaction, is_flagged, is_withdrawn FROM reactions WHERE comment_id = ? AND reactor_key = ?',
  );
  const upsert = db.prepare(
    `INSERT INTO reactions (comment_id, reactor_key, reaction, created_at, ip_hash, is_flagged) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (comment_id, reactor_key, reaction) DO UPDATE SET created_at = excluded.created_at, is_withdrawn = 0`,
  );
  const withdraw = db.prepare(
    'UPDATE reactions SET is_withdrawn = 1 WHERE comment_id = ? AND reactor_key = ? AND reaction = ?',
  );
  // Statements with n placeholders, prepared once per n (pages have a handful of sizes).
  const byCount = new Map<number, Statement<unknown[], { comment_id: number; reaction: Reaction }>>();

  function reactionsOf(reactorKey: string, commentIds: readonly number[]): Map<number, Reaction[]> {
    const out = new Map<number, Reaction[]>();
    for (let i = 0; i < commentIds.length; i += MAX_IDS_PER_QUERY) {
      const ids = commentIds.slice(i, i + MAX_IDS_PER_QUERY);
      let stmt = byCount.get(ids.length);
      if (!stmt) {
        stmt = db.prepare<unknown[], { comment_id: number; reaction: Reaction }>(
          `SELECT comment_id, reaction FROM reactions
            WHERE comment_id IN (${ids.map(() => '?').join(',')}) AND reactor_key = ? AND is_withdrawn = 0`,
        );
        byCount.set(ids.length, stmt);
      }
      for (const r of stmt.all(...ids, reactorKey))
        out.set(r.comment_id, [...(out.get(r.comment_id) ?? []), r.reaction]);
    }
    for (const [id, kinds] of out)
      out.set(
        id,
        REACTIONS.filter((k) => kinds.includes(k)),
      );
    return out;
  }

  return {
    async findReactions(commentId, reactorKey) {
      const out = new Map<Reaction, StoredReaction>();
      for (const r of findReactions.all(commentId, reactorKey))
        out.set(r.reaction, { isOn: r.is_withdrawn === 0, isFlagged: r.is_flagged === 1 });
      return out;
    },
    async saveReaction({ commentId, reactorKey, reaction, atMs, ipHash, isFlagged }) {
      await writes.run(() => upsert.run(commentId, reactorKey, reaction, atMs, ipHash, isFlagged ? 1 : 0));
    },
    async withdrawReaction(commentId, reactorKey, reaction) {
      await writes.run(() => withdraw.run(commentId, reactorKey, reaction));
    },
    async findReactionsByReactor(reactorKey, commentIds) {
      return commentIds.length === 0 ? new Map() : reactionsOf(reactorKey, commentIds);
    },
  };
}
