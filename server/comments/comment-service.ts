// Owns the comment use cases: open a page's thread, read it, post a comment or reply.
import type { Clock } from '../clock';
import type { Storage } from '../db/storage';
import { AppError } from '../errors';
import type { DomainEvents } from '../events';
import type { ThreadView } from '../protocol/dto';
import { renderCommentBody } from '../text/sanitize';
import type { Thread } from '../threads/thread';
import type { OpenThreadInput } from '../threads/thread-input';
import { buildThread } from './build-thread';
import type { Comment } from './comment';
import type { PostCommentInput } from './comment-input';
import { placeComment } from './comment-rules';
import { toPublicComment, toPublicThread } from './public-comment';

export interface CommentServiceDeps {
  storage: Storage;
  events: DomainEvents;
  clock: Clock;
}

/** Who is acting: a guest identified by the hash of their token, or nobody known. */
export interface Actor {
  authorKey: string | null;
}

export type CommentService = ReturnType<typeof createCommentService>;

function threadNotFound(threadId: number): AppError {
  return new AppError('THREAD_NOT_FOUND', {
    publicMessage: 'This comment thread does not exist.',
    details: { threadId },
  });
}

export function createCommentService({ storage, events, clock }: CommentServiceDeps) {
  async function viewOf(thread: Thread): Promise<ThreadView> {
    const comments = await storage.comments.listCommentsByThread(thread.id);
    return { thread: toPublicThread(thread), comments: buildThread(comments.map(toPublicComment)) };
  }

  return {
    /** A page's thread, created on first use. */
    async openThread(input: OpenThreadInput): Promise<ThreadView> {
      const thread = await storage.threads.ensureThread({ ...input, createdAtMs: clock.now() });
      return viewOf(thread);
    },

    async loadThread(threadId: number): Promise<ThreadView> {
      const thread = await storage.threads.findThreadById(threadId);
      if (!thread) throw threadNotFound(threadId);
      return viewOf(thread);
    },

    async findThreadByPage(pageId: string): Promise<ThreadView> {
      const thread = await storage.threads.findThreadByPageId(pageId);
      if (!thread) {
        throw new AppError('THREAD_NOT_FOUND', {
          publicMessage: 'No comment thread exists for this page yet.',
          details: { pageId },
        });
      }
      return viewOf(thread);
    },

    async postComment(input: PostCommentInput, actor: Actor): Promise<Comment> {
      const thread = await storage.threads.findThreadById(input.threadId);
      if (!thread) throw threadNotFound(input.threadId);
      const parent = input.parentId === null ? null : await storage.comments.findCommentById(input.parentId);
      const placement = placeComment(thread.id, input.parentId, parent);
      const bodyHtml = renderCommentBody(input.body);
      if (bodyHtml === '') {
        throw new AppError('VALIDATION_FAILED', {
          publicMessage: 'The comment has no text left once unsupported markup is removed.',
          details: { fields: [{ field: 'body', issue: 'required' }] },
        });
      }
      const { comment, threadCommentCount } = await storage.comments.insertComment({
        threadId: thread.id,
        ...placement,
        authorName: input.authorName,
        authorEmail: input.authorEmail,
        authorKey: actor.authorKey,
        bodySource: input.body,
        bodyHtml,
        createdAtMs: clock.now(),
      });
      events.emit('comment:created', { comment, thread: { ...thread, commentCount: threadCommentCount } });
      return comment;
    },
  };
}
