// The rule of which comments readers see is stated twice, in TypeScript (isShownStatus) and in the SQLite engine's page queries: they must agree.
import { isShownStatus } from '../../server/comments/comment-rules';
import type { CommentStatus } from '../../server/comments/comment';
import type { Db } from '../../server/db/sqlite/connection';
import { migrate } from '../../server/db/sqlite/migrate';
import { readMigrations } from '../../server/db/migrations';
import { createSqliteStorage } from '../../server/db/sqlite/sqlite-storage';
import { PATHS } from '../../server/paths';
import { useTempDatabase } from '../helpers/temp-db';

const database = useTempDatabase('shown');
let db: Db;

beforeEach(() => {
  db = database();
  migrate(db, readMigrations(PATHS.migrations));
});

const STATUSES: CommentStatus[] = ['published', 'pending', 'deleted', 'removed', 'spam'];

describe('which comments readers are shown', () => {
  it('the page queries show exactly what isShownStatus says, and a reader their own held comment too', async () => {
    const threadId = Number(
      db.prepare(`INSERT INTO threads (page_id, created_at) VALUES ('p', 1)`).run().lastInsertRowid,
    );
    const insert = db.prepare(
      `INSERT INTO comments (thread_id, root_id, depth, author_name, author_key, body_source, body_html, created_at, change_seq, status, reply_count)
       VALUES (?, 0, 0, 'n', ?, 'b', '<p>b</p>', ?, 1, ?, ?)`,
    );
    const cases: { id: number; status: CommentStatus; replyCount: number; authorKey: string }[] = [];
    let time = 1;
    for (const status of STATUSES) {
      for (const replyCount of [0, 2]) {
        for (const authorKey of ['me', 'someone-else']) {
          const id = Number(insert.run(threadId, authorKey, time++, status, replyCount).lastInsertRowid);
          cases.push({ id, status, replyCount, authorKey });
        }
      }
    }
    db.prepare('UPDATE comments SET root_id = id').run();
    const storage = createSqliteStorage(db);
    for (const viewerKey of [null, 'me']) {
      const page = await storage.comments.listTopLevelPage({
        threadId,
        sort: 'oldest',
        after: null,
        limit: 100,
        viewerKey,
      });
      const expected = cases
        .filter((c) => isShownStatus(c.status, c.replyCount) || (c.status === 'pending' && c.authorKey === viewerKey))
        .map((c) => c.id);
      expect(page.map((c) => c.id)).toEqual(expected);
    }
  });
});
