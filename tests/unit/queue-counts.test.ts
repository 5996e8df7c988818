import type { Db } from '../../server/db/sqlite/connection';
import { migrate } from '../../server/db/sqlite/migrate';
import { readMigrations } from '../../server/db/migrations';
import { createSqliteStorage } from '../../server/db/sqlite/sqlite-storage';
import { PATHS } from '../../server/paths';
import { useTempDatabase } from '../helpers/temp-db';

const database = useTempDatabase('counts');
let db: Db;

beforeEach(() => {
  db = database();
});

const STATUSES = ['published', 'pending', 'deleted', 'removed', 'spam'] as const;

function insertThread(): number {
  return Number(db.prepare(`INSERT INTO threads (page_id, created_at) VALUES ('p', 1)`).run().lastInsertRowid);
}

function insertComment(threadId: number, status: string, reportCount = 0): number {
  return Number(
    db
      .prepare(
        `INSERT INTO comments (thread_id, root_id, depth, author_name, body_source, body_html, created_at, change_seq, status, report_count)
         VALUES (?, 0, 0, 'n', 'b', '<p>b</p>', 1, 1, ?, ?)`,
      )
      .run(threadId, status, reportCount).lastInsertRowid,
  );
}

/** The queue counts worked out the slow way, from every comment. */
function countedByHand() {
  const n = (where: string) =>
    (db.prepare(`SELECT COUNT(*) AS n FROM comments WHERE ${where}`).get() as { n: number }).n;
  return {
    pending: n(`status = 'pending'`),
    reported: n(`report_count > 0 AND status IN ('published', 'pending')`),
    all: n(`status <> 'deleted'`),
    removed: n(`status = 'removed'`),
    spam: n(`status = 'spam'`),
  };
}

test('queue counts follow comments as they are added, change status and are deleted', async () => {
  migrate(db, readMigrations(PATHS.migrations));
  const storage = createSqliteStorage(db);
  const threadId = insertThread();
  const ids = STATUSES.flatMap((status, i) =>
    Array.from({ length: i + 1 }, () => insertComment(threadId, status, i % 2)),
  );
  expect(await storage.moderation.countQueues()).toEqual(countedByHand());

  // ids: 0 published; 1-2 pending; 3-5 deleted; 6-9 removed; 10-14 spam.
  const setStatus = db.prepare('UPDATE comments SET status = ? WHERE id = ?');
  setStatus.run('spam', ids[0]);
  setStatus.run('published', ids[3]);
  setStatus.run('pending', ids[1]); // the status it had: nothing moves
  setStatus.run('removed', ids[14]);
  db.prepare('DELETE FROM comments WHERE id = ?').run(ids[7]);
  expect(await storage.moderation.countQueues()).toEqual(countedByHand());
  expect(await storage.moderation.countQueues()).toMatchObject({ pending: 2, all: 12, removed: 4, spam: 5 });
});

test('a database upgraded to kept counts starts from the comments it already holds', async () => {
  const migrations = readMigrations(PATHS.migrations);
  const keptAt = migrations.findIndex((m) => m.sql.includes('CREATE TABLE comment_status_counts'));
  expect(keptAt).toBeGreaterThan(0);
  migrate(db, migrations.slice(0, keptAt));
  const threadId = insertThread();
  for (const status of ['published', 'published', 'pending', 'spam', 'deleted'])
    insertComment(threadId, status, status === 'pending' ? 2 : 0);

  migrate(db, migrations);
  const storage = createSqliteStorage(db);
  expect(await storage.moderation.countQueues()).toEqual({ pending: 1, reported: 1, all: 4, removed: 0, spam: 1 });
  insertComment(threadId, 'removed');
  expect(await storage.moderation.countQueues()).toEqual({ pending: 1, reported: 1, all: 5, removed: 1, spam: 1 });
});
