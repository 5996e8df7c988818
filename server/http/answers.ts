// Owns what the thread-page, post and vote requests answer, for the express routes and the hot routes alike.
// The input is checked before the reader is identified (`actorOf`), so a request with
// both wrong gets the same error whichever route takes it.
import type { Actor } from '../comments/comment-context';
import { parsePageRequest, parsePostComment, parseVote } from '../comments/comment-input';
import { voteChoiceOf } from '../comments/comment-rules';
import type { CommentService } from '../comments/comment-service';
import type { ThreadReader } from '../comments/thread-reader';
import { toPublicComment, toVoteTally } from '../comments/public-comment';
import type { CommentPage, PublicComment, VoteTally } from '../protocol/dto';
import type { VoteService } from '../votes/vote-service';

/** A page of top-level comments; `query` is the request's query string, parsed. */
export async function pageAnswer(reader: ThreadReader, query: Record<string, unknown>, threadId: number, actorOf: () => Actor): Promise<CommentPage> {
  const input = parsePageRequest({ ...query }, { threadId });
  return reader.loadPage(input, actorOf());
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
