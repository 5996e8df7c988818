// A reader of the HTTP API for integration tests: one identity token, JSON in and out.
import { newGuestToken } from './sockets';

export interface ApiAnswer {
  status: number;
  json: any;
}

export interface Reader {
  token: string;
  call(method: string, path: string, body?: unknown): Promise<ApiAnswer>;
  post(threadId: number, body: Record<string, unknown>): Promise<ApiAnswer>;
  vote(commentId: number, value: string): Promise<ApiAnswer>;
  edit(commentId: number, body: string): Promise<ApiAnswer>;
  remove(commentId: number): Promise<ApiAnswer>;
  page(threadId: number, query: Record<string, string | number>): Promise<ApiAnswer>;
}

export function makeReader(baseUrl: string, token: string = newGuestToken()): Reader {
  async function call(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
    const headers: Record<string, string> = { 'x-parley-token': token };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text === '' ? null : JSON.parse(text) };
  }
  return {
    token,
    call,
    post: (threadId, body) => call('POST', `/api/threads/${threadId}/comments`, { authorName: 'Reader', ...body }),
    vote: (commentId, value) => call('POST', `/api/comments/${commentId}/vote`, { value }),
    edit: (commentId, body) => call('PATCH', `/api/comments/${commentId}`, { body }),
    remove: (commentId) => call('DELETE', `/api/comments/${commentId}`),
    page: (threadId, query) =>
      call(
        'GET',
        `/api/threads/${threadId}/comments?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`,
      ),
  };
}
