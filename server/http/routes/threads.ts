// Owns the HTTP routes that read threads: open, look up, page, catch up.
import { Router } from 'express';
import { parseCatchUp, parseRepliesRequest } from '../../reading/reading-input';
import { readPaging } from '../../validation/paging';
import type { ThreadReader } from '../../reading/thread-reader';
import { parseOpenThread, parsePageId } from '../../threads/thread-input';
import { FieldReader } from '../../validation/fields';
import type { Identify } from '../../identity/identify';
import { openAnswer, pageAnswer } from '../answers';
import { requireJson, requireJsonOrText } from '../errors';
import { jsonBody } from '../json-body';
import { sendJson, sendPage } from '../send-page';
import { actorOf, GUEST_TOKEN_HEADER, parseIdParam } from './params';

/** JSON sent as text/plain: what a browser sends cross-origin without asking first. */
const textAsJson = jsonBody('text/plain');

const threadIdOf = (raw: string | string[] | undefined) => parseIdParam(raw, 'THREAD_NOT_FOUND', 'comment thread');

export function threadRoutes(reader: ThreadReader, identify: Identify): Router {
  const router = Router();

  router.get('/threads', async (req, res) => {
    const r = new FieldReader({ ...req.query }, ['pageId', 'sort', 'limit']);
    const pageId = parsePageId(r.string('pageId'), r);
    const { sort, limit } = readPaging(r);
    r.finish();
    sendPage(req, res, await reader.findThreadByPage(pageId as string, sort, limit, actorOf(req, identify)));
  });

  router.put('/threads', requireJson, async (req, res) => {
    const input = parseOpenThread(req.body);
    const actor = actorOf(req, identify);
    sendPage(req, res, await reader.openThread(input, actor, { origin: req.get('origin'), network: () => actor.ipHash }));
  });

  // The widget's first request, in the shape browsers send cross-origin without a preflight.
  router.post('/threads/open', textAsJson, requireJsonOrText, async (req, res) => {
    const request = { body: req.body, headerToken: req.get(GUEST_TOKEN_HEADER), userAgent: req.get('user-agent'), origin: req.get('origin'), address: () => req.ip };
    sendPage(req, res, await openAnswer(reader, identify, request));
  });

  router.get('/threads/:threadId', async (req, res) => {
    const threadId = threadIdOf(req.params.threadId);
    const r = new FieldReader({ ...req.query }, ['sort', 'limit']);
    const { sort, limit } = readPaging(r);
    r.finish();
    sendPage(req, res, await reader.loadThread(threadId, sort, limit, actorOf(req, identify)));
  });

  router.get('/threads/:threadId/comments', async (req, res) => {
    sendPage(req, res, await pageAnswer(reader, req.query, threadIdOf(req.params.threadId), () => actorOf(req, identify)));
  });

  router.get('/threads/:threadId/changes', async (req, res) => {
    const threadId = threadIdOf(req.params.threadId);
    new FieldReader({ ...req.query }, ['since']).finish();
    const raw = req.query.since;
    const sinceSeq = typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : raw;
    sendJson(req, res, await reader.catchUp(parseCatchUp({ threadId, sinceSeq }), actorOf(req, identify)));
  });

  router.get('/comments/:rootId/replies', async (req, res) => {
    const input = parseRepliesRequest({ ...req.query, rootId: req.params.rootId });
    sendJson(req, res, await reader.loadReplies(input, actorOf(req, identify)));
  });

  router.get('/comments/:commentId/context', async (req, res) => {
    const commentId = parseIdParam(req.params.commentId, 'COMMENT_NOT_FOUND', 'comment');
    sendJson(req, res, await reader.commentContext(commentId, actorOf(req, identify)));
  });

  return router;
}
