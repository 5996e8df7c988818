// Owns the reader endpoints that change comments: post, edit, delete, vote, react, report, preview.
import { parseEditComment, parsePostComment, parsePreview } from '../../comments/comment-input';
import type { CommentService } from '../../comments/comment-service';
import { toPublicComment } from '../../comments/public-comment';
import { parseReport } from '../../moderation/report-input';
import type { ReportService } from '../../moderation/report-service';
import { FieldReader } from '../../validation/fields';
import { toVoteTally } from '../../votes/public-vote';
import { voteChoiceOf } from '../../votes/vote';
import { parseVote } from '../../votes/vote-input';
import type { VoteService } from '../../votes/vote-service';
import { toReactionTally } from '../../reactions/public-reaction';
import { parseReaction } from '../../reactions/reaction-input';
import type { ReactionService } from '../../reactions/reaction-service';
import { route, type Route } from '../route';
import { parseIdParam } from './params';

export interface CommentRouteDeps {
  comments: CommentService;
  votes: VoteService;
  reactions: ReactionService;
  reports: ReportService;
}

const commentIdOf = (raw: string | undefined) => parseIdParam(raw, 'COMMENT_NOT_FOUND', 'comment');

export function commentRoutes({ comments, votes, reactions, reports }: CommentRouteDeps): Route[] {
  return [
    route({
      method: 'POST',
      path: '/api/threads/:threadId/comments',
      body: 'json',
      identity: 'reader-write',
      status: 201,
      answer: 'json',
      parse: ({ params, body }) =>
        parsePostComment(body, { threadId: parseIdParam(params.threadId, 'THREAD_NOT_FOUND', 'comment thread') }),
      handle: async (input, caller) => {
        const actor = caller.actor();
        return { comment: toPublicComment(await comments.postComment(input, actor), actor.authorKey) };
      },
    }),

    route({
      method: 'POST',
      path: '/api/preview',
      body: 'json',
      identity: 'reader-write',
      status: 200,
      answer: 'json',
      parse: ({ body }) => parsePreview(body),
      handle: async ({ body }, caller) => comments.previewBody(body, caller.actor()),
    }),

    route({
      method: 'PATCH',
      path: '/api/comments/:commentId',
      body: 'json',
      identity: 'reader-write',
      status: 200,
      answer: 'json',
      parse: ({ params, body }) => parseEditComment(body, { commentId: commentIdOf(params.commentId) }),
      handle: async (input, caller) => {
        const actor = caller.actor();
        return { comment: toPublicComment(await comments.editComment(input, actor), actor.authorKey) };
      },
    }),

    route({
      method: 'DELETE',
      path: '/api/comments/:commentId',
      body: 'none',
      identity: 'reader-write',
      status: 200,
      answer: 'json',
      parse: ({ params, query }) => {
        const commentId = commentIdOf(params.commentId);
        new FieldReader({ ...query }, []).finish();
        return commentId;
      },
      handle: async (commentId, caller) => {
        const actor = caller.actor();
        return { comment: toPublicComment(await comments.deleteComment(commentId, actor), actor.authorKey) };
      },
    }),

    route({
      method: 'POST',
      path: '/api/comments/:commentId/vote',
      body: 'json',
      identity: 'reader-write',
      status: 200,
      answer: 'json',
      parse: ({ params, body }) => parseVote(body, { commentId: commentIdOf(params.commentId) }),
      handle: async (input, caller) => {
        const { comment, myVote } = await votes.castVote(input, caller.actor());
        return { ...toVoteTally(comment), myVote: voteChoiceOf(myVote) };
      },
    }),

    route({
      method: 'POST',
      path: '/api/comments/:commentId/reactions',
      body: 'json',
      identity: 'reader-write',
      status: 200,
      answer: 'json',
      parse: ({ params, body }) => parseReaction(body, { commentId: commentIdOf(params.commentId) }),
      handle: async (input, caller) => {
        const { comment, myReactions } = await reactions.setReaction(input, caller.actor());
        return { ...toReactionTally(comment), myReactions };
      },
    }),

    route({
      method: 'POST',
      path: '/api/comments/:commentId/report',
      body: 'json',
      identity: 'reader-write',
      status: 201,
      answer: 'json',
      parse: ({ params, body }) => parseReport(body, { commentId: commentIdOf(params.commentId) }),
      handle: async (input, caller) => {
        await reports.reportComment(input, caller.actor());
        return { isReported: true as const };
      },
    }),
  ];
}
