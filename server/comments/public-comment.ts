// Owns what of a comment or thread leaves the server for readers: every field named, nothing private.
import { REACTIONS, type PublicComment, type PublicThread, type ReactionCounts } from '../protocol/dto';
import type { Thread } from '../threads/thread';
import type { Comment } from './comment';

/** The reactions readers are shown: the kinds with a count, in the order the widget offers them. */
export function visibleReactions(comment: Comment): ReactionCounts {
  const out: ReactionCounts = {};
  for (const reaction of REACTIONS) if (comment.reactions[reaction] > 0) out[reaction] = comment.reactions[reaction];
  return out;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function publicStatus(comment: Comment): PublicComment['status'] {
  if (comment.status === 'spam') return 'removed';
  return comment.status;
}

/**
 * A comment as readers see it. Only published comments, and a pending one shown to its own
 * author (`viewerKey`), carry their author and text; the rest are bare placeholders.
 */
export function toPublicComment(comment: Comment, viewerKey: string | null = null): PublicComment {
  const isOwnPending = comment.status === 'pending' && viewerKey !== null && comment.authorKey === viewerKey;
  const isVisible = comment.status === 'published' || isOwnPending;
  return {
    id: comment.id,
    threadId: comment.threadId,
    parentId: comment.parentId,
    depth: comment.depth,
    status: publicStatus(comment),
    authorName: isVisible ? comment.authorName : '',
    bodyHtml: isVisible ? comment.bodyHtml : '',
    score: comment.score,
    upvotes: comment.upvotes,
    downvotes: comment.downvotes,
    reactions: visibleReactions(comment),
    replyCount: comment.replyCount,
    descendantCount: comment.parentId === null ? comment.descendantCount : 0,
    replyToId: comment.replyToId,
    replyToName: comment.replyToName,
    isPinned: comment.isPinned,
    createdAt: new Date(comment.createdAtMs).toISOString(),
    editedAt: isVisible ? iso(comment.editedAtMs) : null,
    seq: comment.changeSeq,
    anchor:
      comment.anchorQuote === null
        ? null
        : {
            passageId: comment.anchorPassage,
            quote: isVisible ? comment.anchorQuote : '',
            before: isVisible ? (comment.anchorBefore ?? '') : '',
            after: isVisible ? (comment.anchorAfter ?? '') : '',
          },
  };
}

export function toPublicThread(thread: Thread, isClosed: boolean): PublicThread {
  return {
    id: thread.id,
    pageId: thread.pageId,
    url: thread.url,
    title: thread.title,
    commentCount: thread.commentCount,
    isClosed,
  };
}
