// Owns all SQL for reactions (PostgreSQL engine of ReactionStore).
import { REACTIONS, type Reaction } from '../../protocol/dto';
import type { ReactionStore, StoredReaction } from '../../reactions/reaction-store';
import type { Queryable } from './sql';

export function createPostgresReactionStore(db: Queryable): ReactionStore {
  return {
    async findReactions(commentId, reactorKey) {
      const { rows } = await db.query<{ reaction: Reaction; is_flagged: boolean; is_withdrawn: boolean }>(
        'SELECT reaction, is_flagged, is_withdrawn FROM reactions WHERE comment_id = $1 AND reactor_key = $2',
        [commentId, reactorKey],
      );
      const out = new Map<Reaction, StoredReaction>();
      for (const r of rows) out.set(r.reaction, { isOn: !r.is_withdrawn, isFlagged: r.is_flagged });
      return out;
    },
    async saveReaction({ commentId, reactorKey, reaction, atMs, ipHash, isFlagged }) {
      await db.query(
        `INSERT INTO reactions (comment_id, reactor_key, reaction, created_at, ip_hash, is_flagged)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (comment_id, reactor_key, reaction) DO UPDATE SET created_at = excluded.created_at, is_withdrawn = FALSE`,
        [commentId, reactorKey, reaction, atMs, ipHash, isFlagged],
      );
    },
    async withdrawReaction(commentId, reactorKey, reaction) {
      await db.query(
        'UPDATE reactions SET is_withdrawn = TRUE WHERE comment_id = $1 AND reactor_key = $2 AND reaction = $3',
        [commentId, reactorKey, reaction],
      );
    },
    async findReactionsByReactor(reactorKey, commentIds) {
      const out = new Map<number, Reaction[]>();
      if (commentIds.length === 0) return out;
      const { rows } = await db.query<{ comment_id: number; reaction: Reaction }>(
        `SELECT comment_id, reaction FROM reactions
          WHERE comment_id = ANY($1::bigint[]) AND reactor_key = $2 AND NOT is_withdrawn`,
        [commentIds, reactorKey],
      );
      for (const r of rows) out.set(r.comment_id, [...(out.get(r.comment_id) ?? []), r.reaction]);
      // In the order the widget offers them.
      for (const [id, kinds] of out)
        out.set(
          id,
          REACTIONS.filter((k) => kinds.includes(k)),
        );
      return out;
    },
  };
}
