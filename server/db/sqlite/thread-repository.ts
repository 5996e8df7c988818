// Owns all SQL for threads (SQLite engine of ThreadStore).
import type { Statement } from 'better-sqlite3';
import type { Db } from './connection';
import type { Writer } from './group-commit';
import type { ThreadStore } from '../../threads/thread-store';
import type { NewThread, PageAddress, Thread } from '../../threads/thread';
import { escapeLike } from '../escape-like';

interface ThreadRow {
  id: number;
  page_id: string;
  url: string | null;
  title: string | null;
  comment_count: number;
  created_at: number;
  is_closed: number;
  closed_at: number | null;
  reopened_at: number | null;
  is_page_verified: number;
}

function toThread(row: ThreadRow): Thread {
  return {
    id: row.id,
    pageId: row.page_id,
    url: row.url,
    title: row.title,
    commentCount: row.comment_count,
    createdAtMs: row.created_at,
    isClosed: row.is_closed === 1,
    closedAtMs: row.is_closed === 1 ? row.closed_at : null,
    isReopened: row.reopened_at !== null,
    reopenedAtMs: row.reopened_at,
    isPageVerified: row.is_page_verified === 1,
  };
}

/** Every write goes through `writes`, the engine's one write path. */
export function createSqliteThreadStore(db: Db, writes: Writer): ThreadStore {
  const COLUMNS =
    'id, page_id, url, title, comment_count, created_at, is_closed, closed_at, reopened_at, is_page_verified';
  const byId = db.prepare<[number], ThreadRow>(`SELECT ${COLUMNS} FROM threads WHERE id = ?`);
  const byPageId = db.prepare<[string], ThreadRow>(`SELECT ${COLUMNS} FROM threads WHERE page_id = ?`);
  const insert = db.prepare<{
    pageId: string;
    url: string | null;
    title: string | null;
    createdAtMs: number;
    isPageVerified: number;
  }>(
    `INSERT INTO threads (page_id, url, title, created_at, is_page_verified)
     VALUES (@pageId, @url, @title, @createdAtMs, @isPageVerified)
     ON CONFLICT (page_id) DO NOTHING`,
  );
  const setAddress = db.prepare<
    { id: number; url: string | null; title: string | null; isPageVerified: number },
    ThreadRow
  >(
    `UPDATE threads SET url = @url, title = @title, is_page_verified = @isPageVerified WHERE id = @id RETURNING ${COLUMNS}`,
  );
  const setClosed = db.prepare<{ id: number; isClosed: number; nowMs: number }, ThreadRow>(
    `UPDATE threads SET is_closed = @isClosed,
       closed_at = CASE WHEN @isClosed = 1 THEN @nowMs ELSE NULL END,
       reopened_at = CASE WHEN @isClosed = 1 THEN NULL ELSE @nowMs END
     WHERE id = @id RETURNING ${COLUMNS}`,
  );
  const search = db.prepare<{ q: string; limit: number }, ThreadRow>(
    `SELECT ${COLUMNS} FROM threads
     WHERE @q = '' OR page_id LIKE '%' || @q || '%' ESCAPE '\\' OR title LIKE '%' || @q || '%' ESCAPE '\\'
     ORDER BY id DESC LIMIT @limit`,
  );
  const addToCount = db.prepare<[number, number], { comment_count: number }>(
    'UPDATE threads SET comment_count = comment_count + ? WHERE id = ? RETURNING comment_count',
  );
  const countOf = db.prepare<[number], { comment_count: number }>('SELECT comment_count FROM threads WHERE id = ?');
  const countsByCount = new Map<number, Statement<string[], { page_id: string; comment_count: number }>>();
  const ensure = (thread: NewThread): Thread => {
    const { pageId, url, title, createdAtMs } = thread;
    insert.run({ pageId, url, title, createdAtMs, isPageVerified: thread.isPageVerified === true ? 1 : 0 });
    return toThread(byPageId.get(thread.pageId) as ThreadRow);
  };

  return {
    async findThreadById(id) {
      const row = byId.get(id);
      return row ? toThread(row) : null;
    },
    async findThreadByPageId(pageId) {
      const row = byPageId.get(pageId);
      return row ? toThread(row) : null;
    },
    async ensureThread(thread) {
      // Looked up again inside the write: another open may have created it since the caller looked.
      return writes.run(() => {
        const row = byPageId.get(thread.pageId);
        return row ? toThread(row) : ensure(thread);
      });
    },
    async setPageAddress(id: number, { url, title, isPageVerified }: PageAddress) {
      const row = await writes.run(() => setAddress.get({ id, url, title, isPageVerified: isPageVerified ? 1 : 0 }));
      return row ? toThread(row) : null;
    },
    async setThreadClosed(id, isClosed, nowMs) {
      const row = await writes.run(() => setClosed.get({ id, isClosed: isClosed ? 1 : 0, nowMs }));
      return row ? toThread(row) : null;
    },
    async addToCommentCount(id, delta) {
      return writes.run(() => (delta === 0 ? countOf.get(id)! : addToCount.get(delta, id)!).comment_count);
    },
    async countByPageIds(pageIds) {
      const out = new Map<string, number>();
      if (pageIds.length === 0) return out;
      let stmt = countsByCount.get(pageIds.length);
      if (!stmt) {
        stmt = db.prepare(
          `SELECT page_id, comment_count FROM threads WHERE page_id IN (${pageIds.map(() => '?').join(',')})`,
        );
        countsByCount.set(pageIds.length, stmt);
      }
      for (const row of stmt.all(...pageIds)) out.set(row.page_id, row.comment_count);
      return out;
    },
    async searchThreads(query, limit) {
      return search.all({ q: escapeLike(query), limit }).map(toThread);
    },
  };
}
