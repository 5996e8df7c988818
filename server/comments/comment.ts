// Owns the comment record as the domain sees it (private fields included; never sent as is).
import type { HeldReason } from '../policy/moderation-rules';
import type { Reaction } from '../protocol/dto';
import type { BodyFormat } from '../text/markdown';
import type { CommentAnchor } from './comment-anchor';

/**
 * published: everyone sees it. pending: held for review, only its author and moderators see it.
 * deleted (by its author), removed (by a moderator), spam: gone, or a placeholder while replies hang under it.
 */
export type CommentStatus = 'published' | 'pending' | 'deleted' | 'removed' | 'spam';

export interface Comment {
  id: number;
  threadId: number;
  parentId: number | null;
  rootId: number;
  depth: number;
  authorName: string;
  authorEmail: string | null;
  authorKey: string | null;
  bodySource: string;
  /** How bodySource reads: 'html' for bodies written before Markdown, 'markdown' since. */
  bodyFormat: BodyFormat;
  bodyHtml: string;
  status: CommentStatus;
  upvotes: number;
  downvotes: number;
  score: number;
  /** Direct replies still shown. */
  replyCount: number;
  replyToId: number | null;
  replyToName: string | null;
  createdAtMs: number;
  editedAtMs: number | null;
  deletedAtMs: number | null;
  changeSeq: number;
  ipHash: string | null;
  isPinned: boolean;
  reportCount: number;
  heldReason: HeldReason | null;
  moderationReason: string | null;
  moderatedBy: number | null;
  moderatedAtMs: number | null;
  /** Votes held back as possible stuffing: kept, shown to moderators, not in the score. */
  flaggedVotes: number;
  /** On a top-level comment: shown replies in its whole conversation. */
  descendantCount: number;
  /** Readers' reactions of each kind that count (not withdrawn, not held back as possible stuffing). */
  reactions: Record<Reaction, number>;
  /** Feedback: the marked passage it answers (null for none), as the host page named it. */
  anchorPassage: string | null;
  /** Feedback: the quoted text ('' for a passage alone); null on every comment that is not feedback. */
  anchorQuote: string | null;
  /** Feedback: text just before and after the quote, to find it again after small edits. */
  anchorBefore: string | null;
  anchorAfter: string | null;
}

export interface NewComment {
  threadId: number;
  parentId: number | null;
  /** Root of the parent's conversation; null for a top-level comment (it becomes its own root). */
  rootId: number | null;
  depth: number;
  replyToId: number | null;
  replyToName: string | null;
  authorName: string;
  authorEmail: string | null;
  authorKey: string | null;
  bodySource: string;
  bodyFormat: BodyFormat;
  bodyHtml: string;
  createdAtMs: number;
  ipHash: string | null;
  /** 'published', or 'pending' with the reason it is held. */
  status: 'published' | 'pending' | 'spam';
  heldReason: HeldReason | null;
  clientId: string | null;
  /** What a top-level comment is feedback on; null for any other comment. */
  anchor?: CommentAnchor | null;
}

/** Where a page of top-level comments starts: the sort key of the last comment already shown. */
export type PageKey =
  | { sort: 'oldest' | 'newest'; createdAtMs: number; id: number }
  | { sort: 'top'; score: number; createdAtMs: number; id: number };
