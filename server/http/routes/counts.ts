// Owns comment counts for listing pages: one request for many pages, and a light live stream of changes.
import { Router } from 'express';
import type { ThreadStore } from '../../threads/thread-store';
import type { DomainEvents } from '../../domain-events';
import { normalizePageId, pageIdIssue } from '../../threads/thread-input';
import type { Identify } from '../../identity/identify';
import { CountStreams, countsEvent, type WatchedPage } from '../count-streams';
import { FieldReader } from '../../validation/fields';

/** Pages one counts request may ask about. */
export const MAX_COUNT_PAGES = 100;

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

export interface CountRouteDeps {
  threads: ThreadStore;
  events: DomainEvents;
  identify: Identify;
  /** Live streams one network may hold at once; null: no cap. */
  streamsPerNetwork: number | null;
}

export function countRoutes({ threads, events, identify, streamsPerNetwork }: CountRouteDeps): Router {
  const router = Router();
  const streams = new CountStreams(events, streamsPerNetwork);

  router.get('/counts', async (req, res) => {
    const pageIds = parsePageIds({ ...req.query });
    res.set('Cache-Control', 'public, max-age=10');
    res.json({ counts: await countsOf(threads, pageIds) });
  });

  /** Server-sent events: the counts now, then each change to one of them. No socket library needed. */
  router.get('/counts/live', async (req, res) => {
    const pageIds = parsePageIds({ ...req.query });
    // Taken before anything is awaited, so a burst of requests cannot all pass the cap.
    const place = streams.admit(identify.networkOf(req.ip));
    const pages: WatchedPage[] = [];
    const initial: Record<string, number> = {};
    try {
      for (const [pageId, asked] of askedByStored(pageIds)) {
        const thread = await threads.findThreadByPageId(pageId);
        pages.push({ pageId, threadId: thread?.id ?? null, asked });
        for (const name of asked) initial[name] = thread?.commentCount ?? 0;
      }
    } catch (err) {
      streams.release(place);
      throw err;
    }
    // A client gone while the counts were read would never close its stream.
    if (req.socket.destroyed || res.destroyed) {
      streams.release(place);
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(`retry: 5000\n${countsEvent(initial)}`);
    // The stream hears changes from here on. SQLite's reads above finish within one turn of the
    // event loop, so no change falls between them and this.
    const close = streams.open(place, { write: (chunk) => res.write(chunk), end: () => res.end() }, pages);
    req.on('close', close);
  });

  return router;
}
