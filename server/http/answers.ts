// Owns what the open-thread, thread-page, post and vote requests answer, for the express routes and the hot routes alike.
// The input is checked before the reader is identified (`actorOf`), so a request with
// both wrong gets the same error whichever route takes it.
import type { Actor } from '../identity/actor';
import { parsePageRequest } from '../reading/reading-input';
import { parsePostComment } from '../comments/comment-input';
import { parseVote } from '../votes/vote-input';
import { voteChoiceOf } from '../votes/vote';
import type { CommentService } from '../comments/comment-service';
import type { ThreadReader } from '../reading/thread-reader';
import { toPublicComment } from '../comments/public-comment';
import { toVoteTally } from '../votes/public-vote';
import { AppError } from '../errors';
import type { Identify } from '../identity/identify';
import type { CommentPage, PublicComment, ThreadView, VoteTally } from '../protocol/dto';
import { parseOpenThread } from '../threads/thread-input';
import type { VoteService } from '../votes/vote-service';

/** A page of top-level comments; `query` is the request's query string, parsed. */
export async function pageAnswer(reader: ThreadReader, query: Record<string, unknown>, threadId: number, actorOf: () => Actor): Promise<CommentPage> {
  const input = parsePageRequest({ ...query }, { threadId });
  return reader.loadPage(input, actorOf());
}

/**
 * The widget's first request: the page's thread (created on first use) with its first page.
 * The body may carry the guest token as `token`, so that a cross-origin embed needs no header
 * of its own and pays no CORS preflight; the header is accepted too, but not a second,
 * different token.
 */
export async function openAnswer(
  reader: ThreadReader,
  identify: Identify,
  request: { body: unknown; headerToken: unknown; userAgent: string | undefined; origin: string | undefined; address: () => string | undefined },
): Promise<ThreadView> {
  const { fields, token } = takeBodyToken(request.body, request.headerToken);
  const input = parseOpenThread(fields);
  // Opening is a read: its address is hashed only when the page's thread must be created
  // (which spends from the network's allowance), as other reads need none.
  const opener = { origin: request.origin, network: () => identify.networkOf(request.address()) };
  return reader.openThread(input, identify(token, undefined, request.userAgent), opener);
}

function takeBodyToken(body: unknown, headerToken: unknown): { fields: unknown; token: unknown } {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !('token' in body)) return { fields: body, token: headerToken };
  const { token, ...fields } = body as Record<string, unknown>;
  if (headerToken !== undefined && headerToken !== token) {
    throw new AppError('VALIDATION_FAILED', {
      publicMessage: 'Send the reader identity token once, in the header or in the body.',
      details: { fields: [{ field: 'token', issue: 'invalid' }] },
    });
  }
  return { fields, token };
}

export async function postAnswer(comments: CommentService, body: unknown, threadId: number, actorOf: () => Actor): Promise<{ comment: PublicComment }> {
  const input = parsePostComment(body, { threadId });
  const actor = actorOf();
  return { comment: toPublicComment(await comments.postComment(input, actor), actor.authorKey) };
}

export async function voteAnswer(
  votes: VoteService,
  body: unknown,
  commentId: number,
  actorOf: () => Actor,
): Promise<VoteTally & { myVote: 'up' | 'down' | 'none' }> {
  const input = parseVote(body, { commentId });
  const { comment, myVote } = await votes.castVote(input, actorOf());
  return { ...toVoteTally(comment), myVote: voteChoiceOf(myVote) };
}
