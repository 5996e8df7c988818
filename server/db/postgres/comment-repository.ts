// Owns all SQL for reading and writing comments as readers do (PostgreSQL engine of CommentStore).
import type { Reaction } from '../../protocol/dto';
import type { CommentStore, TopLevelPageQuery } from '../../comments/comment-store';
import type { Comment } from '../../comments/comment';
import { COMMENT_COLUMNS as COLUMNS, toComment, type CommentRow } from './comment-rows';
import { one, only, type Queryable } from './sql';

// What a reader sees: published comments, placeholders holding shown replies, and their own
// comments waiting for approval. $2 is the viewer, '' for a reader without identity.
const SHOWN = `(status = 'published' OR reply_count > 0 OR (status = 'pending' AND author_key = $2))`;
// Each page query names `parent_id IS NULL` literally so the planner can use the partial indexes.
const TOP = `SELECT ${COLUMNS} FROM comments WHERE thread_id = $1 AND parent_id IS NULL AND ${SHOWN}`;
const pagesOf = (top: string) => ({
  oldestFirst: `${top} ORDER BY created_at, id LIMIT $3`,
  oldestAfter: `${top} AND (created_at, id) > ($4, $5) ORDER BY created_at, id LIMIT $3`,
  newestFirst: `${top} ORDER BY created_at DESC, id DESC LIMIT $3`,
  newestAfter: `${top} AND (created_at, id) < ($4, $5) ORDER BY created_at DESC, id DESC LIMIT $3`,
  topFirst: `${top} ORDER BY score DESC, created_at DESC, id DESC LIMIT $3`,
  topAfter: `${top} AND (score, created_at, id) < ($6, $4, $5) ORDER BY score DESC, created_at DESC, id DESC LIMIT $3`,
});
const EVERY_PAGE = pagesOf(TOP);
// Feedback names `anchor_quote IS NOT NULL` literally too: the partial index of feedback holds only those rows.
const FEEDBACK_PAGE = pagesOf(`${TOP} AND anchor_quote IS NOT NULL`);
const FEEDBACK_COUNTS = `SELECT anchor_passage AS "passageId", COUNT(*)::int AS count FROM comments
  WHERE thread_id = $1 AND parent_id IS NULL AND anchor_quote IS NOT NULL AND status = 'published'
  GROUP BY anchor_passage`;
const PINNED = `SELECT ${COLUMNS} FROM comments WHERE thread_id = $1 AND is_pinned AND parent_id IS NULL AND ${SHOWN}
  ORDER BY created_at, id`;
// A conversation's replies in order; a reply is always newer than its parent, so any prefix of
// this order holds each reply's parent too.
const CONVERSATION = `SELECT ${COLUMNS} FROM comments
  WHERE root_id = $1 AND parent_id IS NOT NULL AND ${SHOWN}
    AND ($4::bigint IS NULL OR (created_at, id) > ($4, $5::bigint))
    AND ($6::bigint IS NULL OR (created_at, id) <= ($6, $7::bigint))
  ORDER BY created_at, id LIMIT $3`;
// The first replies of each conversation, one indexed read per root, in the order the roots were given.
const REPLIES_OF_ROOTS = `SELECT c.* FROM unnest($1::bigint[]) WITH ORDINALITY AS r(root_id, ord)
  CROSS JOIN LATERAL (
    SELECT ${COLUMNS} FROM comments
    WHERE root_id = r.root_id AND parent_id IS NOT NULL AND ${SHOWN}
    ORDER BY created_at, id LIMIT $3
  ) c
  ORDER BY r.ord, c.created_at, c.id`;
const INSERT = `INSERT INTO comments (id, thread_id, parent_id, root_id, depth, reply_to_id, reply_to_name, author_name,
    author_email, author_key, body_source, body_html, created_at, change_seq, ip_hash, status, held_reason, client_id,
    body_format, anchor_passage, anchor_quote, anchor_before, anchor_after)
  SELECT new.id, $1, $2, COALESCE($3, new.id), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
    $19, $20, $21, $22
  FROM (SELECT nextval(pg_get_serial_sequence('comments', 'id')) AS id) AS new
  RETURNING ${COLUMNS}`;
const SET_STATUS = `UPDATE comments SET status = $2, held_reason = $3, change_seq = $4,
    moderation_reason = CASE WHEN $5 THEN $6 ELSE moderation_reason END,
    moderated_by = CASE WHEN $5 THEN $7::bigint ELSE moderated_by END,
    moderated_at = CASE WHEN $5 THEN $8::bigint ELSE moderated_at END,
    deleted_at = COALESCE($9::bigint, deleted_at),
    body_source = CASE WHEN $9::bigint IS NOT NULL THEN '' ELSE body_source END,
    body_html = CASE WHEN $9::bigint IS NOT NULL THEN '' ELSE body_html END
  WHERE id = $1 RETURNING ${COLUMNS}`;

export function createPostgresCommentStore(db: Queryable): CommentStore {
  const list = async (text: string, values: unknown[]): Promise<Comment[]> =>
    (await db.query<CommentRow>(text, values)).rows.map(toComment);
  const returning = async (text: string, values: unknown[]): Promise<Comment> =>
    toComment(await only<CommentRow>(db, text, values));

  function topLevelPage({
    threadId,
    sort,
    after,
    limit,
    viewerKey,
    isFeedbackOnly,
  }: TopLevelPageQuery): Promise<Comment[]> {
    const PAGE = isFeedbackOnly ? FEEDBACK_PAGE : EVERY_PAGE;
    const base = [threadId, viewerKey ?? '', limit];
    if (after === null) {
      if (sort === 'oldest') return list(PAGE.oldestFirst, base);
      if (sort === 'newest') return list(PAGE.newestFirst, base);
      return list(PAGE.topFirst, base);
    }
    if (after.sort === 'top') return list(PAGE.topAfter, [...base, after.createdAtMs, after.id, after.score]);
    return list(after.sort === 'oldest' ? PAGE.oldestAfter : PAGE.newestAfter, [...base, after.createdAtMs, after.id]);
  }

  return {
    async findCommentById(id) {
      const row = await one<CommentRow>(db, `SELECT ${COLUMNS} FROM comments WHERE id = $1`, [id]);
      return row ? toComment(row) : null;
    },
    async listAuthorNames(threadId) {
      const { rows } = await db.query<{ id: number; author_name: string }>(
        `SELECT MAX(id) AS id, author_name FROM comments WHERE thread_id = $1 AND status = 'published' GROUP BY author_name`,
        [threadId],
      );
      return rows.map((r) => ({ id: Number(r.id), authorName: r.author_name }));
    },
    listTopLevelPage: topLevelPage,
    async countFeedback(threadId) {
      return (await db.query<{ passageId: string | null; count: number }>(FEEDBACK_COUNTS, [threadId])).rows;
    },
    async listPinned(threadId, viewerKey) {
      return list(PINNED, [threadId, viewerKey ?? '']);
    },
    async listRepliesOfRoots(rootIds, viewerKey, perRoot) {
      if (rootIds.length === 0) return [];
      return list(REPLIES_OF_ROOTS, [rootIds, viewerKey ?? '', perRoot]);
    },
    async listConversation({ rootId, after, until, limit, viewerKey }) {
      return list(CONVERSATION, [
        rootId,
        viewerKey ?? '',
        limit,
        after?.createdAtMs ?? null,
        after?.id ?? null,
        until?.createdAtMs ?? null,
        until?.id ?? null,
      ]);
    },
    async listChangesSince(threadId, seq, limit) {
      return list(
        `SELECT ${COLUMNS} FROM comments WHERE thread_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3`,
        [threadId, seq, limit],
      );
    },
    async latestChangeSeq(threadId) {
      const row = await one<{ seq: number | null }>(
        db,
        'SELECT MAX(change_seq) AS seq FROM comments WHERE thread_id = $1',
        [threadId],
      );
      return row?.seq ?? 0;
    },
    async hasPendingByAuthor(threadId, authorKey) {
      const row = await one(
        db,
        `SELECT 1 AS found FROM comments WHERE author_key = $1 AND thread_id = $2 AND status = 'pending' LIMIT 1`,
        [authorKey, threadId],
      );
      return row !== null;
    },
    async findCommentByClientId(clientId) {
      const row = await one<CommentRow>(db, `SELECT ${COLUMNS} FROM comments WHERE client_id = $1`, [clientId]);
      return row ? toComment(row) : null;
    },
    async findRecentSameBody({ threadId, authorKey, ipHash, bodySource, sinceMs }) {
      // One statement per way of knowing the author, so each can use its own index.
      if (authorKey !== null) {
        const row = await one<{ id: number }>(
          db,
          `SELECT id FROM comments WHERE author_key = $1 AND created_at > $2 AND thread_id = $3 AND body_source = $4
           LIMIT 1`,
          [authorKey, sinceMs, threadId, bodySource],
        );
        return row?.id ?? null;
      }
      if (ipHash !== null) {
        const row = await one<{ id: number }>(
          db,
          `SELECT id FROM comments WHERE ip_hash = $1 AND created_at > $2 AND thread_id = $3 AND body_source = $4
             AND author_key IS NULL
           LIMIT 1`,
          [ipHash, sinceMs, threadId, bodySource],
        );
        return row?.id ?? null;
      }
      return null;
    },
    async countPublishedByAuthorKey(authorKey) {
      const row = await only<{ n: number }>(
        db,
        `SELECT COUNT(*) AS n FROM comments WHERE author_key = $1 AND status = 'published'`,
        [authorKey],
      );
      return row.n;
    },
    async nextChangeSeq() {
      // One counter row: every change gets a number above all before it, undone with its write.
      const row = await only<{ seq: number }>(
        db,
        'UPDATE change_counter SET seq = seq + 1 WHERE id = 1 RETURNING seq',
        [],
      );
      return row.seq;
    },
    async insertComment(c, changeSeq) {
      return returning(INSERT, [
        c.threadId,
        c.parentId,
        c.rootId,
        c.depth,
        c.replyToId,
        c.replyToName,
        c.authorName,
        c.authorEmail,
        c.authorKey,
        c.bodySource,
        c.bodyHtml,
        c.createdAtMs,
        changeSeq,
        c.ipHash,
        c.status,
        c.heldReason,
        c.clientId,
        c.bodyFormat,
        c.anchor?.passageId ?? null,
        c.anchor?.quote ?? null,
        c.anchor?.before ?? null,
        c.anchor?.after ?? null,
      ]);
    },
    async updateBody({ id, bodySource, bodyFormat, bodyHtml, editedAtMs, changeSeq }) {
      return returning(
        `UPDATE comments SET body_source = $1, body_html = $2, edited_at = $3, change_seq = $4, body_format = $6
          WHERE id = $5 RETURNING ${COLUMNS}`,
        [bodySource, bodyHtml, editedAtMs, changeSeq, id, bodyFormat],
      );
    },
    async updateStatus({ id, status, heldReason, changeSeq, moderation, deletedAtMs }) {
      return returning(SET_STATUS, [
        id,
        status,
        heldReason,
        changeSeq,
        moderation !== null,
        moderation?.reason ?? null,
        moderation?.moderatorId ?? null,
        moderation?.atMs ?? null,
        deletedAtMs,
      ]);
    },
    async addReplyCount(id, delta, changeSeq) {
      return returning(
        `UPDATE comments SET reply_count = reply_count + $1, change_seq = $2 WHERE id = $3 RETURNING ${COLUMNS}`,
        [delta, changeSeq, id],
      );
    },
    async addToConversation(rootId, delta) {
      await db.query('UPDATE comments SET descendant_count = descendant_count + $1 WHERE id = $2', [delta, rootId]);
    },
    async clearReports(id, nowMs, changeSeq) {
      await db.query('UPDATE reports SET dismissed_at = $1 WHERE comment_id = $2 AND dismissed_at IS NULL', [
        nowMs,
        id,
      ]);
      return returning(`UPDATE comments SET report_count = 0, change_seq = $1 WHERE id = $2 RETURNING ${COLUMNS}`, [
        changeSeq,
        id,
      ]);
    },
    async addReportCount(id, delta) {
      return returning(`UPDATE comments SET report_count = report_count + $1 WHERE id = $2 RETURNING ${COLUMNS}`, [
        delta,
        id,
      ]);
    },
    async setPinned(id, isPinned, changeSeq) {
      return returning(`UPDATE comments SET is_pinned = $1, change_seq = $2 WHERE id = $3 RETURNING ${COLUMNS}`, [
        isPinned,
        changeSeq,
        id,
      ]);
    },
    async addVoteTally(id, { up, down, flagged }, changeSeq) {
      return returning(
        `UPDATE comments SET upvotes = upvotes + $1, downvotes = downvotes + $2, score = score + $1 - $2,
           flagged_votes = flagged_votes + $3, change_seq = $4 WHERE id = $5 RETURNING ${COLUMNS}`,
        [up, down, flagged, changeSeq, id],
      );
    },
    async addReactionCount(id, reaction, delta, changeSeq) {
      // A column per kind: the kind picks the column from the fixed set, never text from a request.
      const column = REACTION_COLUMNS[reaction];
      return returning(
        `UPDATE comments SET ${column} = ${column} + $1, change_seq = $2 WHERE id = $3 RETURNING ${COLUMNS}`,
        [delta, changeSeq, id],
      );
    },
  };
}

const REACTION_COLUMNS: Record<Reaction, string> = {
  like: 'reactions_like',
  love: 'reactions_love',
  laugh: 'reactions_laugh',
  wow: 'reactions_wow',
  sad: 'reactions_sad',
};
