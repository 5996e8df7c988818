// Owns the reader endpoints that read threads: open a page's thread, look one up, page through it, catch up, more replies, a comment's context.
import { parseCatchUp, parsePageRequest, parseRepliesRequest } from '../../reading/reading-input';
import type { ThreadReader } from '../../reading/thread-reader';
import { parseOpenThread, parsePageId } from '../../threads/thread-input';
import { FieldReader } from '../../validation/fields';
import { readPaging } from '../../validation/paging';
import { route, type Route } from '../route';
import { parseIdParam } from './params';

const threadIdOf = (raw: string | undefined) => parseIdParam(raw, 'THREAD_NOT_FOUND', 'comment thread');

/** `sort` and `limit` from a query that may carry nothing else. */
function parseViewQuery(query: Readonly<Record<string, unknown>>) {
  const r = new FieldReader({ ...query }, ['sort', 'limit']);
  const paging = readPaging(r);
  r.finish();
  return paging;
}

export function threadRoutes({ reader }: { reader: ThreadReader }): Route[] {
  return [
    route({
      method: 'GET',
      path: '/api/threads',
      body: 'none',
      identity: 'reader',
      status: 200,
      answer: 'shared-json',
      parse: ({ query }) => {
        const r = new FieldReader({ ...query }, ['pageId', 'sort', 'limit']);
        const pageId = parsePageId(r.string('pageId'), r);
        const { sort, limit } = readPaging(r);
        r.finish();
        return { pageId: pageId as string, sort, limit };
      },
      handle: ({ pageId, sort, limit }, caller) => reader.findThreadByPage(pageId, sort, limit, caller.actor()),
    }),

    // For integrations: the reader's token in its header, the page in a JSON body.
    route({
      method: 'PUT',
      path: '/api/threads',
      body: 'json',
      identity: 'reader-write',
      status: 200,
      answer: 'shared-json',
      parse: ({ body }) => parseOpenThread(body),
      handle: (input, caller) => {
        const actor = caller.actor();
        return reader.openThread(input, actor, { origin: caller.origin, network: () => actor.ipHash });
      },
    }),

    // The widget's first request, in the shape browsers send cross-origin without a preflight.
    route({
      method: 'POST',
      path: '/api/threads/open',
      body: 'json-or-text',
      identity: 'reader-open',
      status: 200,
      answer: 'shared-json',
      parse: ({ body }) => parseOpenThread(body),
      // Opening is a read: the opener's network is hashed only when the page's thread must be
      // created (which spends from the network's allowance).
      handle: (input, caller) =>
        reader.openThread(input, caller.actor(), { origin: caller.origin, network: () => caller.network() }),
    }),

    route({
      method: 'GET',
      path: '/api/threads/:threadId',
      body: 'none',
      identity: 'reader',
      status: 200,
      answer: 'shared-json',
      parse: ({ params, query }) => ({ threadId: threadIdOf(params.threadId), ...parseViewQuery(query) }),
      handle: ({ threadId, sort, limit }, caller) => reader.loadThread(threadId, sort, limit, caller.actor()),
    }),

    // Most of all traffic: a thread's page of comments, usually the cached first one.
    route({
      method: 'GET',
      path: '/api/threads/:threadId/comments',
      body: 'none',
      identity: 'reader',
      status: 200,
      answer: 'shared-json',
      parse: ({ params, query }) => parsePageRequest({ ...query }, { threadId: threadIdOf(params.threadId) }),
      handle: (input, caller) => reader.loadPage(input, caller.actor()),
    }),

    // Published feedback per marked passage; the widget asks again after a live change it missed.
    route({
      method: 'GET',
      path: '/api/threads/:threadId/feedback',
      body: 'none',
      identity: 'reader',
      status: 200,
      answer: 'json',
      parse: ({ params, query }) => {
        new FieldReader({ ...query }, []).finish();
        return threadIdOf(params.threadId);
      },
      handle: (threadId) => reader.countFeedback(threadId),
    }),

    route({
      method: 'GET',
      path: '/api/threads/:threadId/changes',
      body: 'none',
      identity: 'reader',
      status: 200,
      answer: 'json',
      parse: ({ params, query }) => {
        const threadId = threadIdOf(params.threadId);
        new FieldReader({ ...query }, ['since']).finish();
        const raw = query.since;
        const sinceSeq = typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : raw;
        return parseCatchUp({ threadId, sinceSeq });
      },
      handle: (input, caller) => reader.catchUp(input, caller.actor()),
    }),

    route({
      method: 'GET',
      path: '/api/comments/:rootId/replies',
      body: 'none',
      identity: 'reader',
      status: 200,
      answer: 'json',
      parse: ({ params, query }) => parseRepliesRequest({ ...query, rootId: params.rootId }),
      handle: (input, caller) => reader.loadReplies(input, caller.actor()),
    }),

    route({
      method: 'GET',
      path: '/api/comments/:commentId/context',
      body: 'none',
      identity: 'reader',
      status: 200,
      answer: 'json',
      parse: ({ params }) => parseIdParam(params.commentId, 'COMMENT_NOT_FOUND', 'comment'),
      handle: (commentId, caller) => reader.commentContext(commentId, caller.actor()),
    }),
  ];
}
