// Owns the mapping between comment rows (snake_case) and domain comments, for every repository reading them.
import type { Db } from './connection';
import type { Comment, CommentStatus } from '../../comments/comment';
import type { HeldReason } from '../../policy/moderation-rules';
import type { BodyFormat } from '../../text/markdown';

/**
 * A comments row as an array, in COMMENT_COLUMNS order. better-sqlite3 builds a 31-column row
 * as an array in about half the time it takes to build it as an object, and every read of
 * comments (pages, votes, posts, catch-up) goes through here.
 */
export type CommentRow = readonly [
  id: number,
  thread_id: number,
  parent_id: number | null,
  root_id: number,
  depth: number,
  author_name: string,
  author_email: string | null,
  author_key: string | null,
  body_source: string,
  body_html: string,
  status: CommentStatus,
  upvotes: number,
  downvotes: number,
  score: number,
  reply_count: number,
  reply_to_id: number | null,
  reply_to_name: string | null,
  created_at: number,
  edited_at: number | null,
  deleted_at: number | null,
  change_seq: number,
  ip_hash: string | null,
  is_pinned: number,
  report_count: number,
  held_reason: HeldReason | null,
  moderation_reason: string | null,
  moderated_by: number | null,
  moderated_at: number | null,
  flagged_votes: number,
  descendant_count: number,
  reactions_like: number,
  reactions_love: number,
  reactions_laugh: number,
  reactions_wow: number,
  reactions_sad: number,
  body_format: BodyFormat,
];

/** The columns of CommentRow, in its order. */
export const COMMENT_COLUMNS = `id, thread_id, parent_id, root_id, depth, author_name, author_email, author_key, body_source,
  body_html, status, upvotes, downvotes, score, reply_count, reply_to_id, reply_to_name, created_at, edited_at,
  deleted_at, change_seq, ip_hash, is_pinned, report_count, held_reason, moderation_reason, moderated_by, moderated_at,
  flagged_votes, descendant_count, reactions_like, reactions_love, reactions_laugh, reactions_wow, reactions_sad,
  body_format`;

/** Prepares a statement whose result columns are COMMENT_COLUMNS: its rows come as CommentRow arrays. */
export function prepareCommentQuery<P extends unknown[] | object = unknown[]>(db: Db, sql: string) {
  return db.prepare<P, CommentRow>(sql).raw(true);
}

export function toComment(row: CommentRow): Comment {
  const [
    id,
    threadId,
    parentId,
    rootId,
    depth,
    authorName,
    authorEmail,
    authorKey,
    bodySource,
    bodyHtml,
    status,
    upvotes,
    downvotes,
    score,
    replyCount,
    replyToId,
    replyToName,
    createdAtMs,
    editedAtMs,
    deletedAtMs,
    changeSeq,
    ipHash,
    isPinned,
    reportCount,
    heldReason,
    moderationReason,
    moderatedBy,
    moderatedAtMs,
    flaggedVotes,
    descendantCount,
    like,
    love,
    laugh,
    wow,
    sad,
    bodyFormat,
  ] = row;
  return {
    id,
    threadId,
    parentId,
    rootId,
    depth,
    authorName,
    authorEmail,
    authorKey,
    bodySource,
    bodyHtml,
    status,
    upvotes,
    downvotes,
    score,
    replyCount,
    replyToId,
    replyToName,
    createdAtMs,
    editedAtMs,
    deletedAtMs,
    changeSeq,
    ipHash,
    isPinned: isPinned === 1,
    reportCount,
    heldReason,
    moderationReason,
    moderatedBy,
    moderatedAtMs,
    flaggedVotes,
    descendantCount,
    reactions: { like, love, laugh, wow, sad },
    bodyFormat,
  };
}
