// Owns all SQL for reading and writing comments as readers do (SQLite engine of CommentStore).
import { REACTIONS } from '../../protocol/dto';
import type { Db } from './connection';
import type { Writer } from './group-commit';
import type { CommentStore, TopLevelPageQuery } from '../../comments/comment-store';
import type { Comment } from '../../comments/comment';
import { COMMENT_COLUMNS as COLUMNS, prepareCommentQuery, toComment, type CommentRow } from './comment-rows';

// What a reader sees: published comments, placeholders holding shown replies, and their
// own comments waiting for approval. @viewer is '' for a reader without identity.
const SHOWN = `(status = 'published' OR reply_count > 0 OR (status = 'pending' AND author_key = @viewer))`;
type PageParams = {
  threadId: number;
  viewer: string;
  limit: number;
  createdAtMs?: number;
  id?: number;
  score?: number;
};

/** Every write goes through `writes`, which commits those arriving together in one transaction. */
export function createSqliteCommentStore(db: Db, writes: Writer): CommentStore {
  const byId = prepareCommentQuery<[number]>(db, `SELECT ${COLUMNS} FROM comments WHERE id = ?`);
  const authorNames = db.prepare<[number], { id: number; author_name: string }>(
    `SELECT MAX(id) AS id, author_name FROM comments WHERE thread_id = ? AND status = 'published' GROUP BY author_name`,
  );

  // Each page query names `parent_id IS NULL` literally so SQLite can use the partial indexes.
  const pagesOf = (top: string) => ({
    oldestFirst: prepareCommentQuery<PageParams>(db, `${top} ORDER BY created_at, id LIMIT @limit`),
    oldestAfter: prepareCommentQuery<PageParams>(
      db,
      `${top} AND (created_at, id) > (@createdAtMs, @id) ORDER BY created_at, id LIMIT @limit`,
    ),
    newestFirst: prepareCommentQuery<PageParams>(db, `${top} ORDER BY created_at DESC, id DESC LIMIT @limit`),
    newestAfter: prepareCommentQuery<PageParams>(
      db,
      `${top} AND (created_at, id) < (@createdAtMs, @id) ORDER BY created_at DESC, id DESC LIMIT @limit`,
    ),
    topFirst: prepareCommentQuery<PageParams>(db, `${top} ORDER BY score DESC, created_at DESC, id DESC LIMIT @limit`),
    topAfter: prepareCommentQuery<PageParams>(
      db,
      `${top} AND (score, created_at, id) < (@score, @createdAtMs, @id) ORDER BY score DESC, created_at DESC, id DESC LIMIT @limit`,
    ),
  });
  const top = `SELECT ${COLUMNS} FROM comments WHERE thread_id = @threadId AND parent_id IS NULL AND ${SHOWN}`;
  const everyPage = pagesOf(top);
  // Feedback names `anchor_quote IS NOT NULL` literally too: the partial index of feedback holds only those rows.
  const feedbackPage = pagesOf(`${top} AND anchor_quote IS NOT NULL`);
  const feedbackCounts = db.prepare<[number], { passageId: string | null; count: number }>(
    `SELECT anchor_passage AS passageId, COUNT(*) AS count FROM comments
     WHERE thread_id = ? AND parent_id IS NULL AND anchor_quote IS NOT NULL AND status = 'published'
     GROUP BY anchor_passage`,
  );
  const pinned = prepareCommentQuery<{ threadId: number; viewer: string }>(
    db,
    `SELECT ${COLUMNS} FROM comments WHERE thread_id = @threadId AND is_pinned = 1 AND parent_id IS NULL AND ${SHOWN}
     ORDER BY created_at, id`,
  );

  const changesSince = prepareCommentQuery<[number, number, number]>(
    db,
    `SELECT ${COLUMNS} FROM comments WHERE thread_id = ? AND change_seq > ? ORDER BY change_seq LIMIT ?`,
  );
  const latestSeq = db.prepare<[number], { seq: number | null }>(
    'SELECT MAX(change_seq) AS seq FROM comments WHERE thread_id = ?',
  );

  const insert = db.prepare(
    `INSERT INTO comments (thread_id, parent_id, root_id, depth, reply_to_id, reply_to_name, author_name, author_email,
                           author_key, body_source, body_format, body_html, created_at, change_seq, ip_hash, status,
                           held_reason, client_id, anchor_passage, anchor_quote, anchor_before, anchor_after)
     VALUES (@threadId, @parentId, COALESCE(@rootId, 0), @depth, @replyToId, @replyToName, @authorName, @authorEmail,
             @authorKey, @bodySource, @bodyFormat, @bodyHtml, @createdAtMs, @changeSeq, @ipHash, @status, @heldReason,
             @clientId, @anchorPassage, @anchorQuote, @anchorBefore, @anchorAfter)`,
  );
  const setOwnRoot = db.prepare('UPDATE comments SET root_id = id WHERE id = ?');
  // One counter row: every change gets a number above all before it, undone with its write.
  const nextSeq = db.prepare<[], { seq: number }>('UPDATE change_counter SET seq = seq + 1 WHERE id = 1 RETURNING seq');
  const updateBody = prepareCommentQuery<[string, string, string, number, number, number]>(
    db,
    `UPDATE comments SET body_source = ?, body_format = ?, body_html = ?, edited_at = ?, change_seq = ? WHERE id = ?
     RETURNING ${COLUMNS}`,
  );
  const setStatus = prepareCommentQuery<{
    id: number;
    status: string;
    heldReason: string | null;
    seq: number;
    isModeration: number;
    moderationReason: string | null;
    moderatorId: number | null;
    moderatedAt: number | null;
    deletedAt: number | null;
  }>(
    db,
    `UPDATE comments SET status = @status, held_reason = @heldReason, change_seq = @seq,
       moderation_reason = CASE WHEN @isModeration THEN @moderationReason ELSE moderation_reason END,
       moderated_by = CASE WHEN @isModeration THEN @moderatorId ELSE moderated_by END,
       moderated_at = CASE WHEN @isModeration THEN @moderatedAt ELSE moderated_at END,
       deleted_at = COALESCE(@deletedAt, deleted_at),
       body_source = CASE WHEN @deletedAt IS NOT NULL THEN '' ELSE body_source END,
       body_html = CASE WHEN @deletedAt IS NOT NULL THEN '' ELSE body_html END
     WHERE id = @id RETURNING ${COLUMNS}`,
  );
  const addReplies = prepareCommentQuery<[number, number, number]>(
    db,
    `UPDATE comments SET reply_count = reply_count + ?, change_seq = ? WHERE id = ? RETURNING ${COLUMNS}`,
  );
  const addToConversation = db.prepare('UPDATE comments SET descendant_count = descendant_count + ? WHERE id = ?');
  const dismissReports = db.prepare(
    'UPDATE reports SET dismissed_at = ? WHERE comment_id = ? AND dismissed_at IS NULL',
  );
  const clearReportCount = prepareCommentQuery<[number, number]>(
    db,
    `UPDATE comments SET report_count = 0, change_seq = ? WHERE id = ? RETURNING ${COLUMNS}`,
  );
  const addReports = prepareCommentQuery<[number, number]>(
    db,
    `UPDATE comments SET report_count = report_count + ? WHERE id = ? RETURNING ${COLUMNS}`,
  );
  const setPinned = prepareCommentQuery<[number, number, number]>(
    db,
    `UPDATE comments SET is_pinned = ?, change_seq = ? WHERE id = ? RETURNING ${COLUMNS}`,
  );
  const addTally = prepareCommentQuery<{ up: number; down: number; flagged: number; seq: number; id: number }>(
    db,
    `UPDATE comments SET upvotes = upvotes + @up, downvotes = downvotes + @down, score = score + @up - @down,
       flagged_votes = flagged_votes + @flagged, change_seq = @seq WHERE id = @id RETURNING ${COLUMNS}`,
  );
  // A column per kind: the kind picks the statement, never text put into SQL at run time.
  const addReaction = new Map(
    REACTIONS.map((reaction) => [
      reaction,
      prepareCommentQuery<{ delta: number; seq: number; id: number }>(
        db,
        `UPDATE comments SET reactions_${reaction} = reactions_${reaction} + @delta, change_seq = @seq
         WHERE id = @id RETURNING ${COLUMNS}`,
      ),
    ]),
  );
  const countByAuthorKey = db.prepare<[string], { n: number }>(
    `SELECT COUNT(*) AS n FROM comments WHERE author_key = ? AND status = 'published'`,
  );

  const pendingByAuthor = db.prepare<[string, number], { found: number }>(
    `SELECT 1 AS found FROM comments WHERE author_key = ? AND thread_id = ? AND status = 'pending' LIMIT 1`,
  );
  const findByClientId = prepareCommentQuery<[string]>(db, `SELECT ${COLUMNS} FROM comments WHERE client_id = ?`);
  // One statement per way of knowing the author, so each can use its own index.
  const recentSameBodyByKey = db.prepare<
    { threadId: number; key: string; body: string; sinceMs: number },
    { id: number }
  >(
    `SELECT id FROM comments WHERE author_key = @key AND created_at > @sinceMs AND thread_id = @threadId AND body_source = @body
     LIMIT 1`,
  );
  const recentSameBodyByIp = db.prepare<
    { threadId: number; ip: string; body: string; sinceMs: number },
    { id: number }
  >(
    `SELECT id FROM comments WHERE ip_hash = @ip AND created_at > @sinceMs AND thread_id = @threadId AND body_source = @body
       AND author_key IS NULL
     LIMIT 1`,
  );

  const row = (id: number): Comment => toComment(byId.get(id) as CommentRow);

  // A conversation's replies in order; a reply is always newer than its parent, so any
  // prefix of this order holds each reply's parent too.
  type RepliesParams = {
    rootId: number;
    viewer: string;
    limit: number;
    createdAtMs: number | null;
    id: number | null;
    untilMs: number | null;
    untilId: number | null;
  };
  const conversation = prepareCommentQuery<RepliesParams>(
    db,
    `SELECT ${COLUMNS} FROM comments
     WHERE root_id = @rootId AND parent_id IS NOT NULL AND ${SHOWN}
       AND (@createdAtMs IS NULL OR (created_at, id) > (@createdAtMs, @id))
       AND (@untilMs IS NULL OR (created_at, id) <= (@untilMs, @untilId))
     ORDER BY created_at, id LIMIT @limit`,
  );

  function repliesOf(rootIds: readonly number[], viewer: string, perRoot: number): Comment[] {
    const out: Comment[] = [];
    for (const rootId of rootIds) {
      const rows = conversation.all({
        rootId,
        viewer,
        limit: perRoot,
        createdAtMs: null,
        id: null,
        untilMs: null,
        untilId: null,
      });
      for (const r of rows) out.push(toComment(r));
    }
    return out;
  }

  function topLevelPage({ threadId, sort, after, limit, viewerKey, isFeedbackOnly }: TopLevelPageQuery): CommentRow[] {
    const page = isFeedbackOnly ? feedbackPage : everyPage;
    const base = { threadId, limit, viewer: viewerKey ?? '' };
    if (after === null) {
      if (sort === 'oldest') return page.oldestFirst.all(base);
      if (sort === 'newest') return page.newestFirst.all(base);
      return page.topFirst.all(base);
    }
    if (after.sort === 'top')
      return page.topAfter.all({ ...base, score: after.score, createdAtMs: after.createdAtMs, id: after.id });
    const key = { ...base, createdAtMs: after.createdAtMs, id: after.id };
    return after.sort === 'oldest' ? page.oldestAfter.all(key) : page.newestAfter.all(key);
  }

  return {
    async findCommentById(id) {
      const found = byId.get(id);
      return found ? toComment(found) : null;
    },
    async listAuthorNames(threadId) {
      return authorNames.all(threadId).map((r) => ({ id: r.id, authorName: r.author_name }));
    },
    async listTopLevelPage(query) {
      return topLevelPage(query).map(toComment);
    },
    async listPinned(threadId, viewerKey) {
      return pinned.all({ threadId, viewer: viewerKey ?? '' }).map(toComment);
    },
    async listRepliesOfRoots(rootIds, viewerKey, perRoot) {
      return repliesOf(rootIds, viewerKey ?? '', perRoot);
    },
    async listConversation({ rootId, after, until, limit, viewerKey }) {
      return conversation
        .all({
          rootId,
          viewer: viewerKey ?? '',
          limit,
          createdAtMs: after?.createdAtMs ?? null,
          id: after?.id ?? null,
          untilMs: until?.createdAtMs ?? null,
          untilId: until?.id ?? null,
        })
        .map(toComment);
    },
    async listChangesSince(threadId, seq, limit) {
      return changesSince.all(threadId, seq, limit).map(toComment);
    },
    async latestChangeSeq(threadId) {
      return latestSeq.get(threadId)?.seq ?? 0;
    },
    async hasPendingByAuthor(threadId, authorKey) {
      return pendingByAuthor.get(authorKey, threadId) !== undefined;
    },
    async countFeedback(threadId) {
      return feedbackCounts.all(threadId);
    },
    async findCommentByClientId(clientId) {
      const found = findByClientId.get(clientId);
      return found ? toComment(found) : null;
    },
    async findRecentSameBody({ threadId, authorKey, ipHash, bodySource, sinceMs }) {
      if (authorKey !== null)
        return recentSameBodyByKey.get({ threadId, key: authorKey, body: bodySource, sinceMs })?.id ?? null;
      if (ipHash !== null)
        return recentSameBodyByIp.get({ threadId, ip: ipHash, body: bodySource, sinceMs })?.id ?? null;
      return null;
    },
    async countPublishedByAuthorKey(authorKey) {
      return countByAuthorKey.get(authorKey)!.n;
    },
    async nextChangeSeq() {
      return writes.run(() => nextSeq.get()!.seq);
    },
    async insertComment(comment, changeSeq) {
      return writes.run(() => {
        const { anchor, ...fields } = comment;
        const id = Number(
          insert.run({
            ...fields,
            changeSeq,
            anchorPassage: anchor?.passageId ?? null,
            anchorQuote: anchor?.quote ?? null,
            anchorBefore: anchor?.before ?? null,
            anchorAfter: anchor?.after ?? null,
          }).lastInsertRowid,
        );
        if (comment.rootId === null) setOwnRoot.run(id);
        return row(id);
      });
    },
    async updateBody({ id, bodySource, bodyFormat, bodyHtml, editedAtMs, changeSeq }) {
      return writes.run(() => toComment(updateBody.get(bodySource, bodyFormat, bodyHtml, editedAtMs, changeSeq, id)!));
    },
    async updateStatus({ id, status, heldReason, changeSeq, moderation, deletedAtMs }) {
      return writes.run(() =>
        toComment(
          setStatus.get({
            id,
            status,
            heldReason,
            seq: changeSeq,
            isModeration: moderation === null ? 0 : 1,
            moderationReason: moderation?.reason ?? null,
            moderatorId: moderation?.moderatorId ?? null,
            moderatedAt: moderation?.atMs ?? null,
            deletedAt: deletedAtMs,
          })!,
        ),
      );
    },
    async addReplyCount(id, delta, changeSeq) {
      return writes.run(() => toComment(addReplies.get(delta, changeSeq, id)!));
    },
    async addToConversation(rootId, delta) {
      await writes.run(() => addToConversation.run(delta, rootId));
    },
    async clearReports(id, nowMs, changeSeq) {
      return writes.run(() => {
        dismissReports.run(nowMs, id);
        return toComment(clearReportCount.get(changeSeq, id)!);
      });
    },
    async addReportCount(id, delta) {
      return writes.run(() => toComment(addReports.get(delta, id)!));
    },
    async setPinned(id, isPinned, changeSeq) {
      return writes.run(() => toComment(setPinned.get(isPinned ? 1 : 0, changeSeq, id)!));
    },
    async addVoteTally(id, { up, down, flagged }, changeSeq) {
      return writes.run(() => toComment(addTally.get({ up, down, flagged, seq: changeSeq, id })!));
    },
    async addReactionCount(id, reaction, delta, changeSeq) {
      return writes.run(() => toComment(addReaction.get(reaction)!.get({ delta, seq: changeSeq, id })!));
    },
  };
}
