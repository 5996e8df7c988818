// Owns comment counts for listing pages: one request for many pages, and a light live stream of changes.
import type { DomainEvents } from '../../domain-events';
import type { ThreadReader } from '../../reading/thread-reader';
import { normalizePageId, pageIdIssue } from '../../threads/thread-input';
import { FieldReader } from '../../validation/fields';
import { CountStreams, countsEvent, type WatchedPage } from '../count-streams';
import { route, type EventStreamAnswer, type Route } from '../route';

/** Pages one counts request may ask about. */
export const MAX_COUNT_PAGES = 100;

/**
 * The page ids asked about, each with the form threads are stored under (see normalizePageId).
 * Answers are keyed by the id as asked, so a listing page finds its own spelling in them.
 */
function parsePageIds(query: Readonly<Record<string, unknown>>): Map<string, string> {
  const r = new FieldReader({ ...query }, ['pageId']);
  const raw = r.raw('pageId');
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) r.add({ field: 'pageId', issue: 'required' });
  else if (list.length > MAX_COUNT_PAGES) r.add({ field: 'pageId', issue: 'too_long', limit: MAX_COUNT_PAGES });
  else if (list.some((id) => typeof id !== 'string' || pageIdIssue(normalizePageId(id)) !== null))
    r.add({ field: 'pageId', issue: 'invalid' });
  r.finish();
  return new Map((list as string[]).map((id) => [id.trim(), normalizePageId(id)]));
}

/** Each stored page id with the spellings a request asked for it by. */
function askedByStored(pageIds: Map<string, string>): Map<string, string[]> {
  const asked = new Map<string, string[]>();
  for (const [spelling, pageId] of pageIds) asked.set(pageId, [...(asked.get(pageId) ?? []), spelling]);
  return asked;
}

export interface CountRouteDeps {
  reader: ThreadReader;
  events: DomainEvents;
  /** Live streams one network may hold at once; null: no cap. */
  streamsPerNetwork: number | null;
}

export function countRoutes({ reader, events, streamsPerNetwork }: CountRouteDeps): Route[] {
  const streams = new CountStreams(events, streamsPerNetwork);
  return [
    route({
      method: 'GET',
      path: '/api/counts',
      body: 'none',
      identity: 'none',
      status: 200,
      answer: 'json',
      headers: { 'Cache-Control': 'public, max-age=10' },
      parse: ({ query }) => parsePageIds(query),
      handle: async (pageIds) => {
        const found = await reader.countComments([...new Set(pageIds.values())]);
        return { counts: Object.fromEntries([...pageIds].map(([asked, pageId]) => [asked, found.get(pageId) ?? 0])) };
      },
    }),

    /** Server-sent events: the counts now, then each change to one of them. No socket library needed. */
    route({
      method: 'GET',
      path: '/api/counts/live',
      body: 'none',
      identity: 'network',
      status: 200,
      answer: 'event-stream',
      parse: ({ query }) => askedByStored(parsePageIds(query)),
      handle: async (asked, caller): Promise<EventStreamAnswer> => {
        // Taken before anything is awaited, so a burst of requests cannot all pass the cap.
        const place = streams.admit(caller.network());
        const pages: WatchedPage[] = [];
        const initial: Record<string, number> = {};
        try {
          for (const { pageId, threadId, commentCount } of await reader.pageCounts([...asked.keys()])) {
            const names = asked.get(pageId) as string[];
            pages.push({ pageId, threadId, asked: names });
            for (const name of names) initial[name] = commentCount;
          }
        } catch (err) {
          streams.release(place);
          throw err;
        }
        return {
          first: `retry: 5000\n${countsEvent(initial)}`,
          // The stream hears changes from here on. SQLite's reads above finish within one turn of
          // the event loop, so no change falls between them and this.
          attach: (sink) => streams.open(place, sink, pages),
          cancel: () => streams.release(place),
        };
      },
    }),
  ];
}
