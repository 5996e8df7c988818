// Owns every HTTP call of the dashboard: same-origin fetch, the CSRF header, and errors as codes.
import type {
  AuditEntry,
  Ban,
  OutboxMail,
  BanRequest,
  BulkResult,
  CommentAction,
  ErrorCode,
  MailPreferences,
  ModComment,
  ModerationSettings,
  Moderator,
  NetworkNeighbours,
  NewModerator,
  Paged,
  QueueCounts,
  Session,
  ThreadSummary,
  WireError,
} from './api-types';
import type { CommentFilters } from './queue-rules';

const API = '/admin/api';

/** An answer that is not a success: the server's error, or NETWORK when there was no answer. */
export class ApiError extends Error {
  readonly code: ErrorCode | 'NETWORK';
  readonly status: number;
  readonly details: unknown;

  constructor(status: number, error: Pick<WireError, 'message' | 'details'> & { code: ErrorCode | 'NETWORK' }) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.status = status;
    this.details = error.details;
  }
}

function isWireError(value: unknown): value is { error: WireError } {
  const error = (value as { error?: { code?: unknown } } | null)?.error;
  return typeof error === 'object' && error !== null && typeof error.code === 'string';
}

function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

export interface AdminApi {
  /** Set by login and session; sent on every write. */
  setCsrfToken(token: string | null): void;
  /** Called when the server no longer knows this session, so the page can ask to log in again. */
  onUnauthenticated(handler: () => void): void;

  login(email: string, password: string): Promise<Session>;
  session(): Promise<Session>;
  logout(): Promise<void>;

  counts(): Promise<QueueCounts>;
  listComments(filters: CommentFilters, cursor: string | null, limit?: number): Promise<Paged<ModComment>>;
  getComment(id: number): Promise<ModComment>;
  /** How many other readers wrote from the comment's network lately (whom a ban by network would reach). */
  networkNeighbours(commentId: number): Promise<NetworkNeighbours>;
  act(id: number, action: CommentAction, reason?: string): Promise<ModComment>;
  edit(id: number, body: string): Promise<ModComment>;
  pin(id: number, isPinned: boolean): Promise<ModComment>;
  bulk(action: CommentAction, ids: number[], reason?: string): Promise<BulkResult[]>;
  ban(request: BanRequest): Promise<{ bans: Ban[]; removedCount: number }>;
  removeAuthorComments(commentId: number, reason?: string): Promise<{ removedCount: number }>;

  listBans(): Promise<Ban[]>;
  /** The newest mail of the subscription outbox (admins only). */
  listOutbox(): Promise<OutboxMail[]>;
  liftBan(id: number): Promise<Ban>;

  listThreads(q: string): Promise<ThreadSummary[]>;
  setThreadClosed(id: number, isClosed: boolean): Promise<ThreadSummary>;

  listAudit(filters: { action: string; moderatorId: number | null }, cursor: string | null): Promise<Paged<AuditEntry>>;
  /** One log entry as it stands now (whether it can still be undone may have changed). */
  getAuditEntry(id: number): Promise<AuditEntry>;
  restoreFromAudit(id: number): Promise<AuditEntry>;

  getMailPreferences(): Promise<MailPreferences>;
  setMailPreferences(preferences: MailPreferences): Promise<MailPreferences>;

  getSettings(): Promise<ModerationSettings>;
  saveSettings(settings: ModerationSettings): Promise<ModerationSettings>;

  listModerators(): Promise<Moderator[]>;
  createModerator(moderator: NewModerator): Promise<Moderator>;
}

export function createAdminApi(): AdminApi {
  let csrfToken: string | null = null;
  let unauthenticated: () => void = () => undefined;

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (method !== 'GET') {
      headers['content-type'] = 'application/json';
      if (csrfToken !== null) headers['x-csrf-token'] = csrfToken;
    }
    let res: Response;
    try {
      res = await fetch(`${API}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        cache: 'no-store',
        // The server wants a JSON body on every write, even an empty one.
        body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
      });
    } catch (err) {
      throw new ApiError(0, { code: 'NETWORK', message: err instanceof Error ? err.message : String(err) });
    }
    if (res.status === 204) return undefined as T;
    let json: unknown;
    try {
      json = await res.json();
    } catch {
      json = null;
    }
    if (res.ok) return json as T;
    const error = isWireError(json) ? json.error : { code: 'INTERNAL' as const, message: `HTTP ${res.status}` };
    // A failed login is also a 401, but it is an answer about the password, not about the session.
    if (error.code === 'UNAUTHENTICATED') unauthenticated();
    throw new ApiError(res.status, error);
  }

  const get = <T>(path: string) => call<T>('GET', path);
  const post = <T>(path: string, body?: unknown) => call<T>('POST', path, body);

  return {
    setCsrfToken(token) {
      csrfToken = token;
    },
    onUnauthenticated(handler) {
      unauthenticated = handler;
    },

    login: (email, password) => post<Session>('/login', { email, password }),
    session: () => get<Session>('/session'),
    logout: () => post<void>('/logout'),

    counts: () => get<QueueCounts>('/queues/counts'),
    listComments: (filters, cursor, limit) =>
      get<Paged<ModComment>>(
        `/comments${query({ queue: filters.queue, threadId: filters.threadId, q: filters.text, author: filters.author, authorOf: filters.reader?.commentId, cursor, limit })}`,
      ),
    getComment: (id) => get<ModComment>(`/comments/${id}`),
    networkNeighbours: (commentId) => get<NetworkNeighbours>(`/comments/${commentId}/network`),
    act: (id, action, reason) =>
      post<ModComment>(`/comments/${id}/${action}`, reason === undefined || reason === '' ? {} : { reason }),
    edit: (id, body) => call<ModComment>('PATCH', `/comments/${id}`, { body }),
    pin: (id, isPinned) => post<ModComment>(`/comments/${id}/pin`, { isPinned }),
    bulk: async (action, ids, reason) =>
      (await post<{ results: BulkResult[] }>('/comments/bulk', reason ? { action, ids, reason } : { action, ids }))
        .results,
    ban: (request) => post<{ bans: Ban[]; removedCount: number }>('/authors/ban', request),
    removeAuthorComments: (commentId, reason) =>
      post<{ removedCount: number }>('/authors/remove-comments', reason ? { commentId, reason } : { commentId }),

    listBans: async () => (await get<{ items: Ban[] }>('/bans')).items,
    listOutbox: async () => (await get<{ items: OutboxMail[] }>('/outbox')).items,
    liftBan: (id) => post<Ban>(`/bans/${id}/lift`),

    listThreads: async (q) => (await get<{ items: ThreadSummary[] }>(`/threads${query({ q })}`)).items,
    setThreadClosed: (id, isClosed) => post<ThreadSummary>(`/threads/${id}/${isClosed ? 'close' : 'reopen'}`),

    listAudit: (filters, cursor) =>
      get<Paged<AuditEntry>>(`/audit${query({ action: filters.action, moderatorId: filters.moderatorId, cursor })}`),
    getAuditEntry: (id) => get<AuditEntry>(`/audit/${id}`),
    restoreFromAudit: (id) => post<AuditEntry>(`/audit/${id}/restore`),

    getMailPreferences: () => get<MailPreferences>('/account/mail'),
    setMailPreferences: (preferences) => call<MailPreferences>('PUT', '/account/mail', preferences),
    getSettings: () => get<ModerationSettings>('/settings'),
    saveSettings: (settings) => call<ModerationSettings>('PUT', '/settings', settings),

    listModerators: async () => (await get<{ items: Moderator[] }>('/moderators')).items,
    createModerator: (moderator) => post<Moderator>('/moderators', moderator),
  };
}
