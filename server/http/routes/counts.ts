// Owns comment counts for listing pages: one request for many pages, and a light live stream of changes.
import { Router, type Response } from 'express';
import type { ThreadStore } from '../../db/storage';
import type { DomainEvents } from '../../events';
import { normalizePageId, pageIdIssue } from '../../threads/thread-input';
import { FieldReader } from '../../validation/fields';

/** Pages one counts request may ask about. */
export const MAX_COUNT_PAGES = 100;
const KEEP_ALIVE_MS = 25_000;

/**
 * The page ids asked about, each with the form threads are stored under (see normalizePageId).
 * Answers are keyed by the id as asked, so a listing page finds its own spelling in them.
 */
function parsePageIds(query: Record<string, unknown>): Map<string, string> {
  const r = new FieldReader(query, ['pageId']);
  const raw = r.raw('pageId');
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) r.add({ field: 'pageId', issue: 'required' });
  else if (list.length > MAX_COUNT_PAGES) r.add({ field: 'pageId', issue: 'too_long', limit: MAX_COUNT_PAGES });
  else if (list.some((id) => typeof id !== 'string' || pageIdIssue(normalizePageId(id)) !== null)) r.add({ field: 'pageId', issue: 'invalid' });
  r.finish();
  return new Map((list as string[]).map((id) => [id.trim(), normalizePageId(id)]));
}

async function countsOf(threads: ThreadStore, pageIds: Map<string, string>): Promise<Record<string, number>> {
  const found = await threads.countByPageIds([...new Set(pageIds.values())]);
  return Object.fromEntries([...pageIds].map(([asked, pageId]) => [asked, found.get(pageId) ?? 0]));
}

/** Each stored page id with the spellings a request asked for it by. */
function askedByStored(pageIds: Map<string, string>): Map<string, string[]> {
  const asked = new Map<string, string[]>();
  for (const [spelling, pageId] of pageIds) asked.set(pageId, [...(asked.get(pageId) ?? []), spelling]);
  return asked;
}

export function countRoutes(threads: ThreadStore, events: DomainEvents): Router {
  const router = Router();
  // Open live streams end when the server stops; they would otherwise hold it open.
  const openStreams = new Set<Response>();
  events.on('server:stopping', () => {
    for (const res of openStreams) res.end();
    openStreams.clear();
  });

  router.get('/counts', async (req, res) => {
    const pageIds = parsePageIds({ ...req.query });
    res.set('Cache-Control', 'public, max-age=10');
    res.json({ counts: await countsOf(threads, pageIds) });
  });

  /** Server-sent events: the counts now, then each change to one of them. No socket library needed. */
  router.get('/counts/live', async (req, res) => {
    const pageIds = parsePageIds({ ...req.query });
    const initial = await countsOf(threads, pageIds);
    const spellings = askedByStored(pageIds);
    const threadPages = new Map<number, string[]>();
    for (const [pageId, asked] of spellings) {
      const thread = await threads.findThreadByPageId(pageId);
      if (thread) threadPages.set(thread.id, asked);
    }
    const countsEvent = (asked: string[], count: number) =>
      `event: counts\ndata: ${JSON.stringify(Object.fromEntries(asked.map((id) => [id, count])))}\n\n`;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(`retry: 5000\nevent: counts\ndata: ${JSON.stringify(initial)}\n\n`);
    const unsubscribe = events.on('thread:counted', ({ threadId, commentCount }) => {
      const asked = threadPages.get(threadId);
      if (asked !== undefined) res.write(countsEvent(asked, commentCount));
    });
    // A page opened before its first comment learns of its thread when the thread appears.
    const unsubscribeCreated = events.on('comment:created', ({ comment, threadCommentCount }) => {
      if (threadPages.has(comment.threadId) || comment.status !== 'published') return;
      void threads.findThreadById(comment.threadId).then((thread) => {
        const asked = thread ? spellings.get(thread.pageId) : undefined;
        if (thread && asked !== undefined && !threadPages.has(thread.id)) {
          threadPages.set(thread.id, asked);
          res.write(countsEvent(asked, threadCommentCount));
        }
      });
    });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    openStreams.add(res);
    req.on('close', () => {
      openStreams.delete(res);
      clearInterval(keepAlive);
      unsubscribe();
      unsubscribeCreated();
    });
  });

  return router;
}
