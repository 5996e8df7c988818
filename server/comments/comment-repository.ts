// Owns all SQL for comments (SQLite engine of CommentStore).
import type { Db } from '../db/connection';
import type { CommentStore } from '../db/storage';
import type { Comment, NewComment } from './comment';

interface CommentRow {
  id: number;
  thread_id: number;
  parent_id: number | null;
  root_id: number;
  depth: number;
  author_name: string;
  author_email: string | null;
  author_key: string | null;
  body_source: string;
  body_html: string;
  status: 'published';
  created_at: number;
}

function toComment(row: CommentRow): Comment {
  return {
    id: row.id,
    threadId: row.thread_id,
    parentId: row.parent_id,
    rootId: row.root_id,
    depth: row.depth,
    authorName: row.author_name,
    authorEmail: row.author_email,
    authorKey: row.author_key,
    bodySource: row.body_source,
    bodyHtml: row.body_html,
    status: row.status,
    createdAtMs: row.created_at,
  };
}

export function createSqliteCommentStore(db: Db): CommentStore {
  const COLUMNS =
    'id, thread_id, parent_id, root_id, depth, author_name, author_email, author_key, body_source, body_html, status, created_at';
  const byId = db.prepare<[number], CommentRow>(`SELECT ${COLUMNS} FROM comments WHERE id = ?`);
  const byThread = db.prepare<[number], CommentRow>(
    `SELECT ${COLUMNS} FROM comments WHERE thread_id = ? ORDER BY created_at, id`,
  );
  const insert = db.prepare(
    `INSERT INTO comments (thread_id, parent_id, root_id, depth, author_name, author_email, author_key,
                           body_source, body_html, created_at)
     VALUES (@threadId, @parentId, COALESCE(@rootId, 0), @depth, @authorName, @authorEmail, @authorKey,
             @bodySource, @bodyHtml, @createdAtMs)`,
  );
  const setOwnRoot = db.prepare('UPDATE comments SET root_id = id WHERE id = ?');
  const countOnThread = db.prepare<[number], { comment_count: number }>(
    'UPDATE threads SET comment_count = comment_count + 1 WHERE id = ? RETURNING comment_count',
  );

  const insertTx = db.transaction((comment: NewComment) => {
    const id = Number(insert.run(comment).lastInsertRowid);
    if (comment.rootId === null) setOwnRoot.run(id);
    const counted = countOnThread.get(comment.threadId) as { comment_count: number };
    return { comment: toComment(byId.get(id) as CommentRow), threadCommentCount: counted.comment_count };
  });

  return {
    async findCommentById(id) {
      const row = byId.get(id);
      return row ? toComment(row) : null;
    },
    async listCommentsByThread(threadId) {
      return byThread.all(threadId).map(toComment);
    },
    async insertComment(comment) {
      return insertTx.immediate(comment);
    },
  };
}
