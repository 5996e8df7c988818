// Owns all SQL for reading and writing comments and votes as readers do (SQLite engine of CommentStore).
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/connection';
import type { GroupCommit } from '../db/group-commit';
import type { CommentChange, CommentStore, TopLevelPageQuery, VoteRules } from '../db/storage';
import type { Comment, NewComment, VoteValue } from './comment';
import { COMMENT_COLUMNS as COLUMNS, prepareCommentQuery, toComment, type CommentRow } from './comment-rows';
import { createStatusWriter } from './comment-status';

type SetVote = { commentId: number; voterKey: string; value: VoteValue; nowMs: number; ipHash: string | null };

// What a reader sees: published comments, placeholders holding shown replies, and their
// own comments waiting for approval. @viewer is '' for a reader without identity.
const SHOWN = `(status = 'published' OR reply_count > 0 OR (status = 'pending' AND author_key = @viewer))`;
/** Largest number of ids bound into one IN (...) list; SQLite allows 32,766 variables. */
const MAX_IDS_PER_QUERY = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type PageParams = { threadId: number; viewer: string; limit: number; createdAtMs?: number; id?: number; score?: number };

/** Every write goes through `writes`, which commits those arriving together in one transaction. */
export function createSqliteCommentStore(db: Db, writes: GroupCommit): CommentStore {
  const status = createStatusWriter(db);
  const byId = prepareCommentQuery<[number]>(db, `SELECT ${COLUMNS} FROM comments WHERE id = ?`);

  // Each page query names `parent_id IS NULL` literally so SQLite can use the partial indexes.
  const top = `SELECT ${COLUMNS} FROM comments WHERE thread_id = @threadId AND parent_id IS NULL AND ${SHOWN}`;
  const page = {
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
  };
  const pinned = prepareCommentQuery<{ threadId: number; viewer: string }>(
    db,
    `SELECT ${COLUMNS} FROM comments WHERE thread_id = @threadId AND is_pinned = 1 AND parent_id IS NULL AND ${SHOWN}
     ORDER BY created_at, id`,
  );

  const changesSince = prepareCommentQuery<[number, number, number]>(
    db,
    `SELECT ${COLUMNS} FROM comments WHERE thread_id = ? AND change_seq > ? ORDER BY change_seq LIMIT ?`,
  );
  const latestSeq = db.prepare<[number], { seq: number | null }>('SELECT MAX(change_seq) AS seq FROM comments WHERE thread_id = ?');

  const insert = db.prepare(
    `INSERT INTO comments (thread_id, parent_id, root_id, depth, reply_to_id, reply_to_name, author_name, author_email,
                           author_key, body_source, body_html, created_at, change_seq, ip_hash, status, held_reason, client_id)
     VALUES (@threadId, @parentId, COALESCE(@rootId, 0), @depth, @replyToId, @replyToName, @authorName, @authorEmail,
             @authorKey, @bodySource, @bodyHtml, @createdAtMs, @changeSeq, @ipHash, @status, @heldReason, @clientId)`,
  );
  const setOwnRoot = db.prepare('UPDATE comments SET root_id = id WHERE id = ?');
  const addToThreadCount = db.prepare<[number, number], { comment_count: number }>(
    'UPDATE threads SET comment_count = comment_count + ? WHERE id = ? RETURNING comment_count',
  );
  const updateBody = db.prepare('UPDATE comments SET body_source = ?, body_html = ?, edited_at = ?, change_seq = ? WHERE id = ?');
  const countByAuthorKey = db.prepare<[string], { n: number }>(
    `SELECT COUNT(*) AS n FROM comments WHERE author_key = ? AND status = 'published'`,
  );

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
  const pendingByAuthor = db.prepare<[string, number], { found: number }>(
    `SELECT 1 AS found FROM comments WHERE author_key = ? AND thread_id = ? AND status = 'pending' LIMIT 1`,
  );
  const findByClientId = prepareCommentQuery<[string]>(db, `SELECT ${COLUMNS} FROM comments WHERE client_id = ?`);
  // One statement per way of knowing the author, so each can use its own index.
  const recentSameBodyByKey = db.prepare<{ threadId: number; key: string; body: string; sinceMs: number }, { id: number }>(
    `SELECT id FROM comments WHERE author_key = @key AND created_at > @sinceMs AND thread_id = @threadId AND body_source = @body
     LIMIT 1`,
  );
  const recentSameBodyByIp = db.prepare<{ threadId: number; ip: string; body: string; sinceMs: number }, { id: number }>(
    `SELECT id FROM comments WHERE ip_hash = @ip AND created_at > @sinceMs AND thread_id = @threadId AND body_source = @body
       AND author_key IS NULL
     LIMIT 1`,
  );

  const row = (id: number): Comment => toComment(byId.get(id) as CommentRow);

  const insertTx = (comment: NewComment): CommentChange => {
    if (comment.authorKey !== null) seeIdentity.run(comment.authorKey, comment.createdAtMs, comment.ipHash);
    const changeSeq = status.nextSeq();
    const id = Number(insert.run({ ...comment, changeSeq }).lastInsertRowid);
    if (comment.rootId === null) setOwnRoot.run(id);
    const inserted = row(id);
    const alsoChanged: Comment[] = [];
    if (comment.status === 'published') status.propagate(inserted, false, true, changeSeq, alsoChanged);
    const counted = addToThreadCount.get(comment.status === 'published' ? 1 : 0, comment.threadId)!;
    // Propagation changes only ancestors (and this row only when it is its own root's conversation).
    return { comment: comment.parentId === null ? inserted : row(id), alsoChanged, threadCommentCount: counted.comment_count };
  };

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

  // A conversation's replies in order; a reply is always newer than its parent, so any
  // prefix of this order holds each reply's parent too.
  type RepliesParams = { rootId: number; viewer: string; limit: number; createdAtMs: number | null; id: number | null; untilMs: number | null; untilId: number | null };
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
      const rows = conversation.all({ rootId, viewer, limit: perRoot, createdAtMs: null, id: null, untilMs: null, untilId: null });
      for (const r of rows) out.push(toComment(r));
    }
    return out;
  }

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

  function topLevelPage({ threadId, sort, after, limit, viewerKey }: TopLevelPageQuery): CommentRow[] {
    const base = { threadId, limit, viewer: viewerKey ?? '' };
    if (after === null) {
      if (sort === 'oldest') return page.oldestFirst.all(base);
      if (sort === 'newest') return page.newestFirst.all(base);
      return page.topFirst.all(base);
    }
    if (after.sort === 'top') return page.topAfter.all({ ...base, score: after.score, createdAtMs: after.createdAtMs, id: after.id });
    const key = { ...base, createdAtMs: after.createdAtMs, id: after.id };
    return after.sort === 'oldest' ? page.oldestAfter.all(key) : page.newestAfter.all(key);
  }

  return {
    async findCommentById(id) {
      const found = byId.get(id);
      return found ? toComment(found) : null;
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
    async findCommentByClientId(clientId) {
      const found = findByClientId.get(clientId);
      return found ? toComment(found) : null;
    },
    async findRecentSameBody({ threadId, authorKey, ipHash, bodySource, sinceMs }) {
      if (authorKey !== null) return recentSameBodyByKey.get({ threadId, key: authorKey, body: bodySource, sinceMs })?.id ?? null;
      if (ipHash !== null) return recentSameBodyByIp.get({ threadId, ip: ipHash, body: bodySource, sinceMs })?.id ?? null;
      return null;
    },
    async countPublishedByAuthorKey(authorKey) {
      return countByAuthorKey.get(authorKey)!.n;
    },
    async insertComment(comment) {
      try {
        return await writes.run(() => insertTx(comment));
      } catch (err) {
        // Two copies of one post raced: the second finds the first one's row.
        const code = (err as { code?: string }).code;
        if (code === 'SQLITE_CONSTRAINT_UNIQUE' && comment.clientId !== null) {
          const existing = findByClientId.get(comment.clientId);
          if (existing) return { comment: toComment(existing), alsoChanged: [], threadCommentCount: -1, isDuplicate: true };
        }
        throw err;
      }
    },
    async updateCommentBody({ id, bodySource, bodyHtml, editedAtMs }) {
      return writes.run(() => {
        updateBody.run(bodySource, bodyHtml, editedAtMs, status.nextSeq(), id);
        return row(id);
      });
    },
    async markCommentDeleted({ id, deletedAtMs }) {
      return writes.run(() => status.apply({ id, status: 'deleted', nowMs: deletedAtMs, isErasingBody: true }));
    },
    async setVote(vote, rules) {
      return writes.run(() => voteTx(vote, rules));
    },
    async findVotesByVoter(voterKey, commentIds) {
      return commentIds.length === 0 ? new Map() : votesOf(voterKey, commentIds);
    },
  };
}
