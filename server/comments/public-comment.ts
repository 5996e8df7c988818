// Owns what of a comment or thread leaves the server: every field named, nothing private.
import type { PublicComment, PublicThread } from '../protocol/dto';
import type { Thread } from '../threads/thread';
import type { Comment } from './comment';

export function toPublicComment(comment: Comment): PublicComment {
  return {
    id: comment.id,
    threadId: comment.threadId,
    parentId: comment.parentId,
    depth: comment.depth,
    authorName: comment.authorName,
    bodyHtml: comment.bodyHtml,
    createdAt: new Date(comment.createdAtMs).toISOString(),
  };
}

export function toPublicThread(thread: Thread): PublicThread {
  return {
    id: thread.id,
    pageId: thread.pageId,
    url: thread.url,
    title: thread.title,
    commentCount: thread.commentCount,
  };
}
