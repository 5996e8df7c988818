// Owns the HTTP routes for reading threads and posting comments.
import { Router } from 'express';
import type { CommentService } from '../../comments/comment-service';
import { parsePostComment } from '../../comments/comment-input';
import { toPublicComment } from '../../comments/public-comment';
import { AppError } from '../../errors';
import { authorKeyOf, parseGuestToken } from '../../identity/guest-identity';
import { parseOpenThread, parsePageId } from '../../threads/thread-input';
import { FieldReader } from '../../validation/fields';
import { requireJson } from '../errors';

export const GUEST_TOKEN_HEADER = 'x-parley-token';

function parseThreadIdParam(raw: string | string[]): number {
  if (typeof raw !== 'string') raw = '';
  const id = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new AppError('THREAD_NOT_FOUND', { publicMessage: 'This comment thread does not exist.', details: { threadId: raw } });
  }
  return id;
}

export function threadRoutes(comments: CommentService): Router {
  const router = Router();

  router.get('/threads', async (req, res) => {
    const r = new FieldReader({ ...req.query }, ['pageId']);
    const pageId = parsePageId(r.string('pageId'), r);
    r.finish();
    res.json(await comments.findThreadByPage(pageId as string));
  });

  router.put('/threads', requireJson, async (req, res) => {
    res.json(await comments.openThread(parseOpenThread(req.body)));
  });

  router.get('/threads/:threadId', async (req, res) => {
    res.json(await comments.loadThread(parseThreadIdParam(req.params.threadId)));
  });

  router.post('/threads/:threadId/comments', requireJson, async (req, res) => {
    const threadId = parseThreadIdParam(req.params.threadId);
    const input = parsePostComment(req.body, { threadId });
    const token = parseGuestToken(req.get(GUEST_TOKEN_HEADER));
    const comment = await comments.postComment(input, { authorKey: authorKeyOf(token) });
    res.status(201).json({ comment: toPublicComment(comment) });
  });

  return router;
}
