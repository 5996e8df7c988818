// Owns the HTTP routes that change comments: post, edit, delete, vote.
import { Router } from 'express';
import { parseEditComment } from '../../comments/comment-input';
import type { CommentService } from '../../comments/comment-service';
import { toPublicComment } from '../../comments/public-comment';
import type { VoteService } from '../../votes/vote-service';
import { FieldReader } from '../../validation/fields';
import type { Identify } from '../../identity/identify';
import { parseReport } from '../../moderation/report-input';
import type { ReportService } from '../../moderation/report-service';
import { postAnswer, voteAnswer } from '../answers';
import { requireJson } from '../errors';
import { actorOf, parseIdParam } from './params';

export interface CommentRouteDeps {
  comments: CommentService;
  votes: VoteService;
  reports: ReportService;
  identify: Identify;
}

const commentIdOf = (raw: string | string[] | undefined) => parseIdParam(raw, 'COMMENT_NOT_FOUND', 'comment');

export function commentRoutes({ comments, votes, reports, identify }: CommentRouteDeps): Router {
  const router = Router();

  router.post('/threads/:threadId/comments', requireJson, async (req, res) => {
    const threadId = parseIdParam(req.params.threadId, 'THREAD_NOT_FOUND', 'comment thread');
    res.status(201).json(await postAnswer(comments, req.body, threadId, () => actorOf(req, identify)));
  });

  router.patch('/comments/:commentId', requireJson, async (req, res) => {
    const input = parseEditComment(req.body, { commentId: commentIdOf(req.params.commentId) });
    const actor = actorOf(req, identify);
    res.json({ comment: toPublicComment(await comments.editComment(input, actor), actor.authorKey) });
  });

  router.delete('/comments/:commentId', async (req, res) => {
    const commentId = commentIdOf(req.params.commentId);
    new FieldReader({ ...req.query }, []).finish();
    const actor = actorOf(req, identify);
    res.json({ comment: toPublicComment(await comments.deleteComment(commentId, actor), actor.authorKey) });
  });

  router.post('/comments/:commentId/vote', requireJson, async (req, res) => {
    res.json(await voteAnswer(votes, req.body, commentIdOf(req.params.commentId), () => actorOf(req, identify)));
  });

  router.post('/comments/:commentId/report', requireJson, async (req, res) => {
    const input = parseReport(req.body, { commentId: commentIdOf(req.params.commentId) });
    await reports.reportComment(input, actorOf(req, identify));
    res.status(201).json({ isReported: true });
  });

  return router;
}
