// Owns the mapping between comment rows (snake_case) and domain comments, for every PostgreSQL repository reading them.
import type { Comment, CommentStatus } from '../../comments/comment';
import type { HeldReason } from '../../policy/moderation-rules';
import type { BodyFormat } from '../../text/markdown';

/** A comments row as node-postgres gives it (BIGINT as numbers, see pool.ts). */
export interface CommentRow {
  id: number;
  thread_id: number;
  parent_id: number | null;
  root_id: number;
  depth: number;
  author_name: string;
  author_email: string | null;
  author_key: string | null;
  body_source: string;
  body_html: string;
  status: CommentStatus;
  upvotes: number;
  downvotes: number;
  score: number;
  reply_count: number;
  reply_to_id: number | null;
  reply_to_name: string | null;
  created_at: number;
  edited_at: number | null;
  deleted_at: number | null;
  change_seq: number;
  ip_hash: string | null;
  is_pinned: boolean;
  report_count: number;
  held_reason: HeldReason | null;
  moderation_reason: string | null;
  moderated_by: number | null;
  moderated_at: number | null;
  flagged_votes: number;
  descendant_count: number;
  reactions_like: number;
  reactions_love: number;
  reactions_laugh: number;
  reactions_wow: number;
  reactions_sad: number;
  body_format: BodyFormat;
  anchor_passage: string | null;
  anchor_quote: string | null;
  anchor_before: string | null;
  anchor_after: string | null;
}

/** The columns of CommentRow. */
export const COMMENT_COLUMNS = `id, thread_id, parent_id, root_id, depth, author_name, author_email, author_key, body_source,
  body_html, status, upvotes, downvotes, score, reply_count, reply_to_id, reply_to_name, created_at, edited_at,
  deleted_at, change_seq, ip_hash, is_pinned, report_count, held_reason, moderation_reason, moderated_by, moderated_at,
  flagged_votes, descendant_count, reactions_like, reactions_love, reactions_laugh, reactions_wow, reactions_sad,
  body_format, anchor_passage, anchor_quote, anchor_before, anchor_after`;

export function toComment(row: CommentRow): Comment {
  return {
    id: row.id,
    threadId: row.thread_id,
    parentId: row.parent_id,
    rootId: row.root_id,
    depth: row.depth,
    authorName: row.author_name,
    authorEmail: row.author_email,
    authorKey: row.author_key,
    bodySource: row.body_source,
    bodyHtml: row.body_html,
    status: row.status,
    upvotes: row.upvotes,
    downvotes: row.downvotes,
    score: row.score,
    replyCount: row.reply_count,
    replyToId: row.reply_to_id,
    replyToName: row.reply_to_name,
    createdAtMs: row.created_at,
    editedAtMs: row.edited_at,
    deletedAtMs: row.deleted_at,
    changeSeq: row.change_seq,
    ipHash: row.ip_hash,
    isPinned: row.is_pinned,
    reportCount: row.report_count,
    heldReason: row.held_reason,
    moderationReason: row.moderation_reason,
    moderatedBy: row.moderated_by,
    moderatedAtMs: row.moderated_at,
    flaggedVotes: row.flagged_votes,
    descendantCount: row.descendant_count,
    reactions: {
      like: row.reactions_like,
      love: row.reactions_love,
      laugh: row.reactions_laugh,
      wow: row.reactions_wow,
      sad: row.reactions_sad,
    },
    bodyFormat: row.body_format,
    anchorPassage: row.anchor_passage,
    anchorQuote: row.anchor_quote,
    anchorBefore: row.anchor_before,
    anchorAfter: row.anchor_after,
  };
}
