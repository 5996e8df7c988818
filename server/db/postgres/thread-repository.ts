// Owns all SQL for threads (PostgreSQL engine of ThreadStore).
import type { ThreadStore } from '../../threads/thread-store';
import type { Thread } from '../../threads/thread';
import { escapeLike } from '../escape-like';
import { one, only, type Queryable } from './sql';

interface ThreadRow {
  id: number;
  page_id: string;
  url: string | null;
  title: string | null;
  comment_count: number;
  created_at: number;
  is_closed: boolean;
  closed_at: number | null;
  reopened_at: number | null;
  is_page_verified: boolean;
}

function toThread(row: ThreadRow): Thread {
  return {
    id: row.id,
    pageId: row.page_id,
    url: row.url,
    title: row.title,
    commentCount: row.comment_count,
    createdAtMs: row.created_at,
    isClosed: row.is_closed,
    closedAtMs: row.is_closed ? row.closed_at : null,
    isReopened: row.reopened_at !== null,
    reopenedAtMs: row.reopened_at,
    isPageVerified: row.is_page_verified,
  };
}

const COLUMNS =
  'id, page_id, url, title, comment_count, created_at, is_closed, closed_at, reopened_at, is_page_verified';

export function createPostgresThreadStore(db: Queryable): ThreadStore {
  const find = async (where: string, value: unknown): Promise<Thread | null> => {
    const row = await one<ThreadRow>(db, `SELECT ${COLUMNS} FROM threads WHERE ${where} = $1`, [value]);
    return row ? toThread(row) : null;
  };
  return {
    findThreadById: (id) => find('id', id),
    findThreadByPageId: (pageId) => find('page_id', pageId),
    async ensureThread({ pageId, url, title, createdAtMs, isPageVerified }) {
      const existing = await find('page_id', pageId);
      if (existing) return existing;
      // Another open of the same page may insert it meanwhile: this one then waits for it and
      // inserts nothing, and reads the row it committed.
      await db.query(
        `INSERT INTO threads (page_id, url, title, created_at, is_page_verified) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (page_id) DO NOTHING`,
        [pageId, url, title, createdAtMs, isPageVerified === true],
      );
      return (await find('page_id', pageId))!;
    },
    async setPageAddress(id, { url, title, isPageVerified }) {
      const row = await one<ThreadRow>(
        db,
        `UPDATE threads SET url = $2, title = $3, is_page_verified = $4 WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, url, title, isPageVerified],
      );
      return row ? toThread(row) : null;
    },
    async setThreadClosed(id, isClosed, nowMs) {
      const row = await one<ThreadRow>(
        db,
        `UPDATE threads SET is_closed = $2,
           closed_at = CASE WHEN $2 THEN $3::bigint ELSE NULL END,
           reopened_at = CASE WHEN $2 THEN NULL ELSE $3::bigint END
         WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, isClosed, nowMs],
      );
      return row ? toThread(row) : null;
    },
    async addToCommentCount(id, delta) {
      const row =
        delta === 0
          ? await only<{ comment_count: number }>(db, 'SELECT comment_count FROM threads WHERE id = $1', [id])
          : await only<{ comment_count: number }>(
              db,
              'UPDATE threads SET comment_count = comment_count + $2 WHERE id = $1 RETURNING comment_count',
              [id, delta],
            );
      return row.comment_count;
    },
    async countByPageIds(pageIds) {
      const out = new Map<string, number>();
      if (pageIds.length === 0) return out;
      const { rows } = await db.query<{ page_id: string; comment_count: number }>(
        'SELECT page_id, comment_count FROM threads WHERE page_id = ANY($1::text[])',
        [pageIds],
      );
      for (const row of rows) out.set(row.page_id, row.comment_count);
      return out;
    },
    async searchThreads(query, limit) {
      // ILIKE: SQLite's LIKE ignores case too.
      const { rows } = await db.query<ThreadRow>(
        `SELECT ${COLUMNS} FROM threads
         WHERE $1 = '' OR page_id ILIKE '%' || $1 || '%' OR title ILIKE '%' || $1 || '%'
         ORDER BY id DESC LIMIT $2`,
        [escapeLike(query), limit],
      );
      return rows.map(toThread);
    },
  };
}
