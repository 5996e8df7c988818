// Owns how a thread's first page is read over HTTP, for every sort, and what an answer holds.
import { errorCodeOf, request } from './http';

export const SORTS = ['oldest', 'newest', 'top'] as const;
export type Sort = (typeof SORTS)[number];

/** Where the first page of a thread is read from, or why it cannot be. */
export type FirstPageRoute = { path: string; isWholeThread: boolean } | { missing: string };

/** Asks the server which way of reading a first page it supports, for each sort. */
export async function findFirstPageRoutes(baseUrl: string, threadId: number): Promise<Record<Sort, FirstPageRoute>> {
  const routes = {} as Record<Sort, FirstPageRoute>;
  const pagePath = (sort: Sort) => `/api/threads/${threadId}/comments?sort=${sort}&limit=20`;
  const probe = await request(`${baseUrl}${pagePath('oldest')}`);
  if (probe.status === 404 && errorCodeOf(probe) === 'NOT_FOUND') {
    // Until the paged endpoint exists, the whole thread stands in for "oldest first".
    for (const sort of SORTS)
      routes[sort] =
        sort === 'oldest'
          ? { path: `/api/threads/${threadId}`, isWholeThread: true }
          : { missing: 'n/a (endpoint missing)' };
    return routes;
  }
  for (const sort of SORTS) {
    const answer = sort === 'oldest' ? probe : await request(`${baseUrl}${pagePath(sort)}`);
    routes[sort] =
      answer.status === 200
        ? { path: pagePath(sort), isWholeThread: false }
        : { missing: `n/a (HTTP ${answer.status} ${errorCodeOf(answer) ?? ''})`.trim() };
  }
  return routes;
}

/** Top-level comments and replies in a page answer, whatever its exact shape. */
export function countComments(body: unknown): { topLevel: number; all: number } {
  const list: unknown[] = Array.isArray((body as { comments?: unknown })?.comments)
    ? (body as { comments: unknown[] }).comments
    : [];
  let all = 0;
  const walk = (nodes: unknown[]) => {
    for (const node of nodes) {
      all++;
      const replies = (node as { replies?: unknown }).replies;
      if (Array.isArray(replies)) walk(replies);
    }
  };
  walk(list);
  const flatReplies = (body as { replies?: unknown })?.replies;
  if (Array.isArray(flatReplies)) all += flatReplies.length;
  return { topLevel: list.length, all };
}
