import type { Db } from '../../server/db/sqlite/connection';
import { migrate } from '../../server/db/sqlite/migrate';
import { readMigrations } from '../../server/db/migrations';
import { PATHS } from '../../server/paths';
import { COMMENT_COLUMNS, prepareCommentQuery, toComment } from '../../server/db/sqlite/comment-rows';
import { createSqliteStorage } from '../../server/db/sqlite/sqlite-storage';
import { useTempDatabase } from '../helpers/temp-db';

const database = useTempDatabase('rows');
let db: Db;

beforeEach(() => {
  db = database();
});

/** The column a Comment field comes from: authorName → author_name, createdAtMs → created_at. */
const columnOf = (field: string): string =>
  field.replace(/AtMs$/, 'At').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function insertThread(): number {
  return Number(
    db
      .prepare(`INSERT INTO threads (page_id, url, title, created_at) VALUES ('p', 'https://news.example/p', 't', 1)`)
      .run().lastInsertRowid,
  );
}

test('a comment read as an array row has every column in its own field', () => {
  migrate(db, readMigrations(PATHS.migrations));
  const threadId = insertThread();
  // Every column gets a value no other column has, so a shifted column cannot go unnoticed;
  // the ids it names (moderator, replied-to comment) need not exist for that.
  db.pragma('foreign_keys = OFF');
  db.prepare(
    `INSERT INTO comments (id, thread_id, parent_id, root_id, depth, author_name, author_email, author_key, body_source,
       body_html, status, upvotes, downvotes, score, reply_count, reply_to_id, reply_to_name, created_at, edited_at,
       deleted_at, change_seq, ip_hash, is_pinned, report_count, held_reason, moderation_reason, moderated_by, moderated_at,
       flagged_votes, descendant_count, reactions_like, reactions_love, reactions_laugh, reactions_wow, reactions_sad,
       body_format)
     VALUES (7, ?, NULL, 7, 2, 'Ada', 'ada@mail.example', 'key-a', 'source', '<p>html</p>', 'pending', 11, 12, 13, 14, 15,
       'Bea', 1016, 1017, 1018, 19, 'ip-x', 1, 21, 'links', 'reason', 23, 1024, 25, 26, 27, 28, 29,
       30, 31, 'markdown')`,
  ).run(threadId);
  const objectRow = db.prepare(`SELECT ${COMMENT_COLUMNS} FROM comments WHERE id = 7`).get() as Record<string, unknown>;
  const comment = toComment(
    prepareCommentQuery<[number]>(db, `SELECT ${COMMENT_COLUMNS} FROM comments WHERE id = ?`).get(7)!,
  );

  // The reaction counts are one field, a column per kind: reactions.like ← reactions_like.
  const { reactions, ...flat } = comment;
  const fields: [string, unknown][] = [
    ...Object.entries(flat),
    ...Object.entries(reactions).map(([kind, count]): [string, unknown] => [`reactions_${kind}`, count]),
  ];
  expect(fields).toHaveLength(Object.keys(objectRow).length);
  for (const [field, value] of fields) {
    const column = columnOf(field);
    expect([field, column in objectRow]).toEqual([field, true]);
    expect([field, value]).toEqual([field, column === 'is_pinned' ? objectRow[column] === 1 : objectRow[column]]);
  }
});

test('after the upgrade that adds the change counter, new changes number above every earlier one', async () => {
  const migrations = readMigrations(PATHS.migrations);
  const counterAt = migrations.findIndex((m) => m.sql.includes('CREATE TABLE change_counter'));
  expect(counterAt).toBeGreaterThan(0);
  migrate(db, migrations.slice(0, counterAt));
  const threadId = insertThread();
  const insert = db.prepare(
    `INSERT INTO comments (thread_id, root_id, depth, author_name, body_source, body_html, created_at, change_seq, status)
     VALUES (?, 0, 0, 'n', 'b', '<p>b</p>', ?, ?, 'published')`,
  );
  for (const seq of [3, 41, 17]) insert.run(threadId, seq, seq);

  migrate(db, migrations);
  const storage = createSqliteStorage(db);
  expect(await storage.comments.nextChangeSeq()).toBe(42);
  expect(await storage.comments.nextChangeSeq()).toBe(43);
  await storage.close();
});

test('after the upgrade that adds body formats, earlier comments read as HTML and keep their bodies', async () => {
  const migrations = readMigrations(PATHS.migrations);
  const formatAt = migrations.findIndex((m) => m.sql.includes('ADD COLUMN body_format'));
  expect(formatAt).toBeGreaterThan(0);
  migrate(db, migrations.slice(0, formatAt));
  const threadId = insertThread();
  db.prepare(
    `INSERT INTO comments (id, thread_id, root_id, depth, author_name, body_source, body_html, created_at, change_seq, status)
     VALUES (5, ?, 5, 0, 'n', '<b>old</b>', '<p><strong>old</strong></p>', 1, 1, 'published')`,
  ).run(threadId);

  migrate(db, migrations);
  const storage = createSqliteStorage(db);
  expect(await storage.comments.findCommentById(5)).toMatchObject({
    bodySource: '<b>old</b>',
    bodyFormat: 'html',
    bodyHtml: '<p><strong>old</strong></p>',
  });
  expect(() => db.prepare(`UPDATE comments SET body_format = 'rtf' WHERE id = 5`).run()).toThrow(/CHECK/);
  await storage.close();
});
